// A bar chart from ECharts' core with only the parts the dashboard draws (bars, grid, tooltip,
// legend, canvas), so its chunk stays small. A click on a bar calls `onSelect` with the bar's index:
// the same place its number links to in the table beside it.
// The ES module build: the CommonJS one (lib/) hands Vite's build an object, not the component.
import EChartsReactCore from 'echarts-for-react/esm/core.js';
import * as echarts from 'echarts/core';
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([Bars, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: (number | null)[];
  color: string;
  stack?: string;
}

export function BarChart({
  label,
  categories,
  series,
  percent,
  onSelect,
  height = 260,
}: {
  /** What the chart shows, for screen readers (the numbers are in the table next to it). */
  label: string;
  categories: string[];
  series: Series[];
  /** Values are rates 0…1, shown as percentages. */
  percent?: boolean;
  onSelect?: (index: number) => void;
  height?: number;
}) {
  const format = (v: number) => (percent ? `${Math.round(v * 1000) / 10}%` : String(v));
  const option = {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      max: percent ? 1 : undefined,
      minInterval: percent ? undefined : 1,
      axisLabel: { formatter: format },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories,
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      stack: s.stack,
      data: s.values,
      itemStyle: { color: s.color },
      barMaxWidth: 22,
      cursor: onSelect ? 'pointer' : 'default',
    })),
  };
  return (
    <div role="img" aria-label={label} data-testid="chart">
      <EChartsReactCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height: Math.max(height, categories.length * 30 + 40) }}
        onEvents={onSelect ? { click: (e: { dataIndex: number }) => onSelect(e.dataIndex) } : undefined}
      />
    </div>
  );
}
