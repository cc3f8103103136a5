// 责任追究: the cases of the user's unit (the party) or of the jurisdiction (supervisors, auditors,
// leaders), filtered by stage, measure, unit, source and year, a page at a time.
import { Button, Card, Empty, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { formatInstant } from '../../components/Due.js';
import { unitLabel, useUnits } from '../circulars/units.js';
import { DECISION_NAMES, MEASURE_NAMES, SOURCE_NAMES, STAGE_NAMES, type Case } from './names.js';

const PAGE_SIZE = 20;

export default function CaseList() {
  const me = useUser();
  const supervisor = hasRole(me, ['official', 'commission_leader', 'inspector', 'auditor']);
  const [params, setParams] = useSearchParams();
  const q = {
    page: Number(params.get('page') ?? 1),
    stage: (params.get('stage') ?? undefined) as Case['stage'] | undefined,
    measure: (params.get('measure') ?? undefined) as Case['decision'] | undefined,
    unitId: params.get('unitId') ?? undefined,
    source: (params.get('source') ?? undefined) as Case['source'] | undefined,
    year: params.get('year') ? Number(params.get('year')) : undefined,
  };
  const set = (key: string, value: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const units = useUnits();
  const list = useQuery({
    queryKey: ['cases', q],
    queryFn: () =>
      unwrap(
        api.GET('/accountability-cases', {
          params: {
            query: {
              page: q.page,
              pageSize: PAGE_SIZE,
              stage: q.stage,
              measure: q.measure ?? undefined,
              unitId: q.unitId ? Number(q.unitId) : undefined,
              source: q.source,
              year: q.year,
            },
          },
        }),
      ),
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          责任追究
        </Typography.Title>
      }
      extra={
        <Space>
          {hasRole(me, ['official', 'commission_leader', 'auditor']) && (
            <Link to="summary">
              <Button icon={<BarChartOutlined />}>年度汇总</Button>
            </Link>
          )}
          {hasRole(me, ['official']) && (
            <Link to="new">
              <Button type="primary" icon={<PlusOutlined />}>
                立案
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="阶段"
          placeholder="全部阶段"
          allowClear
          style={{ width: 140 }}
          value={q.stage}
          onChange={(v?: string) => set('stage', v)}
          options={Object.entries(STAGE_NAMES).map(([value, s]) => ({ value, label: s.label }))}
        />
        <Select
          aria-label="措施"
          placeholder="全部措施"
          allowClear
          style={{ width: 180 }}
          value={q.measure}
          onChange={(v?: string) => set('measure', v)}
          options={Object.entries(DECISION_NAMES).map(([value, label]) => ({ value, label }))}
        />
        {supervisor && (
          <Select
            aria-label="单位"
            placeholder="全部单位"
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            value={q.unitId ? Number(q.unitId) : undefined}
            onChange={(v?: number) => set('unitId', v)}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: unitLabel(u, units.data ?? []) }))}
          />
        )}
        <Select
          aria-label="来源"
          placeholder="全部来源"
          allowClear
          style={{ width: 180 }}
          value={q.source}
          onChange={(v?: string) => set('source', v)}
          options={Object.entries(SOURCE_NAMES).map(([value, label]) => ({ value, label }))}
        />
        <InputNumber
          aria-label="立案年度"
          placeholder="立案年度"
          min={2000}
          max={2100}
          style={{ width: 120 }}
          value={q.year}
          onChange={(v) => set('year', v ?? undefined)}
        />
      </Space>
      <Table<Case>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty description={list.isError ? messageOf(list.error) : '暂无责任追究案件'} /> }}
        pagination={{
          current: q.page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 件`,
          onChange: (p) => set('page', p),
        }}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: '案号',
            dataIndex: 'caseNumber',
            width: 140,
            render: (n: string, c) => <Link to={String(c.id)}>{n}</Link>,
          },
          { title: '被追究单位', dataIndex: 'unitName', width: 180 },
          { title: '事由', dataIndex: 'reason', ellipsis: true },
          { title: '来源', dataIndex: 'source', width: 150, render: (s: Case['source']) => SOURCE_NAMES[s] },
          {
            title: '阶段',
            dataIndex: 'stage',
            width: 100,
            render: (s: Case['stage']) => <Tag color={STAGE_NAMES[s].color}>{STAGE_NAMES[s].label}</Tag>,
          },
          {
            title: '措施',
            key: 'measure',
            width: 170,
            render: (_, c) =>
              c.decision
                ? DECISION_NAMES[c.decision]
                : c.proposedMeasure
                  ? `拟${MEASURE_NAMES[c.proposedMeasure]}`
                  : '—',
          },
          { title: '立案时间', dataIndex: 'createdAt', width: 150, render: formatInstant },
        ]}
      />
    </Card>
  );
}
