// One plan: what it checks and how often, its Temporal schedule (paused or not, next runs) with
// pause / resume / delete, and its runs with counts per status, each linking to its run page.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { formatInstant } from '../../components/Due.js';
import {
  PLAN_STATUS_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  recurrenceText,
  runPath,
  windowText,
  type InspectionStatus,
} from './labels.js';
import type { components } from '../../api/schema.js';
import { useUnitTree } from './data.js';

type PlanDetailData = components['schemas']['InspectionPlanDetail'];

export const planKey = (id: string) => ['inspection-plans', 'one', id] as const;

export function usePlan(id: string) {
  return useQuery({
    queryKey: planKey(id),
    queryFn: () => unwrap(api.GET('/inspection-plans/{id}', { params: { path: { id } } })),
    // A run starts its units in the background: follow it (its first ten minutes) until every unit
    // has its inspection.
    refetchInterval: (q) => {
      const runs = q.state.data?.runs;
      const once = (q.state.data?.recurrence as { kind?: string } | undefined)?.kind === 'once';
      const opened = (r: NonNullable<typeof runs>[number]) =>
        Object.values(r.statusCounts).reduce((a, b) => a + b, 0) >= r.unitCount;
      return (once && !runs?.length) ||
        runs?.some(
          (r) => (r.startedCount < r.unitCount || !opened(r)) && Date.now() - Date.parse(r.createdAt) < 600_000,
        )
        ? 2000
        : false;
    },
  });
}

export function StatusCounts({ counts, total }: { counts: Record<string, number>; total?: number }) {
  const entries = (Object.keys(STATUS_LABELS) as InspectionStatus[]).filter((s) => counts[s]);
  return (
    <Space wrap size={4}>
      {total !== undefined && <Tag>共 {total} 个单位</Tag>}
      {entries.length === 0 && <Typography.Text type="secondary">尚未开始</Typography.Text>}
      {entries.map((s) => (
        <Tag key={s} color={STATUS_COLORS[s]}>
          {STATUS_LABELS[s]} {counts[s]}
        </Tag>
      ))}
    </Space>
  );
}

function TargetsText({ targets }: { targets: unknown }) {
  const tree = useUnitTree();
  const t = (targets ?? {}) as { unitIds?: number[]; subtreeOf?: number };
  const name = (id: number) => tree.data?.units.find((u) => u.id === id)?.name ?? `单位 ${id}`;
  if (t.subtreeOf) return <>{name(t.subtreeOf)}下属全部单位</>;
  const ids = t.unitIds ?? [];
  return <>{ids.slice(0, 5).map(name).join('、') + (ids.length > 5 ? ` 等 ${ids.length} 个单位` : '')}</>;
}

function ScheduleActions({ plan }: { plan: PlanDetailData }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'delete') => {
      const params = { params: { path: { id: plan.id } } };
      if (action === 'pause') return unwrap(api.POST('/inspection-plans/{id}/pause', params));
      if (action === 'resume') return unwrap(api.POST('/inspection-plans/{id}/resume', params));
      return unwrap(api.DELETE('/inspection-plans/{id}', params));
    },
    onSuccess: (updated, action) => {
      client.setQueryData(planKey(plan.id), updated);
      void client.invalidateQueries({ queryKey: ['inspection-plans'] });
      message.success(
        { pause: '计划已暂停', resume: '计划已恢复', delete: '计划已删除，已开始的检查继续进行' }[action],
      );
    },
    onError: (e) => message.error(messageOf(e)),
  });
  if (plan.status === 'deleted') return null;
  const recurring = (plan.recurrence as { kind?: string } | undefined)?.kind !== 'once';
  return (
    <Space>
      {recurring &&
        (plan.schedule?.paused || plan.status === 'paused' ? (
          <Button type="primary" loading={change.isPending} onClick={() => change.mutate('resume')}>
            恢复计划
          </Button>
        ) : (
          <Button loading={change.isPending} onClick={() => change.mutate('pause')}>
            暂停计划
          </Button>
        ))}
      {recurring && (
        <Popconfirm
          title="删除该计划的周期？已开始的检查会继续进行。"
          okText="删除"
          cancelText="取消"
          onConfirm={() => change.mutate('delete')}
        >
          <Button danger loading={change.isPending}>
            删除计划
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export default function PlanDetail() {
  const { planId = '' } = useParams();
  const me = useUser();
  const plan = usePlan(planId);
  if (plan.isPending) return <Skeleton active />;
  if (plan.isError) return <Alert type="error" title={messageOf(plan.error)} />;
  const p = plan.data;
  const recurring = (p.recurrence as { kind?: string } | undefined)?.kind !== 'once';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{p.title}</Typography.Title>
      <Card title="计划" size="small" extra={hasRole(me, ['official']) ? <ScheduleActions plan={p} /> : undefined}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="状态">
            <Tag color={p.status === 'active' ? 'blue' : 'default'}>{PLAN_STATUS_LABELS[p.status] ?? p.status}</Tag>
            {p.schedule?.paused && <Tag color="orange">周期已暂停</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="执行方式">{recurrenceText(p.recurrence)}</Descriptions.Item>
          <Descriptions.Item label="受检范围">
            <TargetsText targets={p.targets} />
          </Descriptions.Item>
          <Descriptions.Item label="自查期限">{windowText(p.selfCheckWindow)}</Descriptions.Item>
          <Descriptions.Item label="整改期限">{windowText(p.rectificationWindow)}</Descriptions.Item>
          <Descriptions.Item label="创建时间">{formatInstant(p.createdAt)}</Descriptions.Item>
          {recurring && (
            <Descriptions.Item label="下次执行">
              {p.schedule?.nextRuns.length ? p.schedule.nextRuns.map(formatInstant).join('、') : '—'}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title="历次检查" size="small">
        <Table
          rowKey="id"
          size="small"
          dataSource={p.runs}
          pagination={false}
          locale={{ emptyText: <Empty description={recurring ? '尚未到首次执行时间' : '检查正在启动'} /> }}
          columns={[
            {
              title: '启动时间',
              dataIndex: 'createdAt',
              render: (at: string, r) => <Link to={runPath(p.id, r.id)}>{formatInstant(at)}</Link>,
            },
            { title: '已启动', render: (_: unknown, r) => `${r.startedCount} / ${r.unitCount}` },
            {
              title: '各状态单位数',
              render: (_: unknown, r) => <StatusCounts counts={r.statusCounts} />,
            },
            {
              title: '',
              render: (_: unknown, r) => <Link to={runPath(p.id, r.id)}>查看进度与报告</Link>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
