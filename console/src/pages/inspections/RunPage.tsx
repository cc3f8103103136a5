// One run of a plan: how many units stand at each step, every unit's status (paged, filtered by
// status), and the run report — compliance per unit and per item with the article behind each
// item, findings by severity, rectification — issued as a numbered PDF shown in the page.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { Basis } from '../../components/Basis.js';
import { DocumentView } from '../../components/DocumentView.js';
import { formatInstant } from '../../components/Due.js';
import { InspectionsList } from './InspectionsHome.js';
import { StatusCounts, usePlan } from './PlanDetail.js';
import {
  SEVERITY_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  STEP_LABELS,
  planPath,
  type InspectionStatus,
} from './labels.js';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Report({ runId }: { runId: string }) {
  const me = useUser();
  const { message } = App.useApp();
  const report = useQuery({
    queryKey: ['inspection-runs', runId, 'report'],
    queryFn: () => unwrap(api.GET('/inspection-runs/{id}/report', { params: { path: { id: runId } } })),
  });
  const issue = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/inspection-runs/{id}/report', {
          params: { path: { id: runId }, query: {}, header: { 'idempotency-key': crypto.randomUUID() } },
        }),
      ),
    onError: (e) => message.error(messageOf(e)),
  });
  if (report.isPending) return <Skeleton active />;
  if (report.isError) return <Alert type="error" title={messageOf(report.error)} />;
  const r = report.data;
  return (
    <Card
      title="检查情况报告"
      size="small"
      extra={
        hasRole(me, ['official']) && (
          <Button icon={<FilePdfOutlined />} loading={issue.isPending} onClick={() => issue.mutate()}>
            出具报告（PDF）
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Space size="large" wrap>
          <Statistic title="受检单位" value={r.unitCount} />
          <Statistic title="已自查" value={r.selfChecked} />
          <Statistic title="已复核" value={r.reviewed} />
          <Statistic title="总体符合率" value={pct(r.overallRate)} />
          <Statistic title="发现问题" value={r.findings.total} />
          <Statistic title="整改已通过" value={r.rectification.accepted} />
          <Statistic title="整改未完成" value={r.rectification.pending} />
        </Space>
        <Descriptions size="small" column={3} bordered>
          {Object.entries(r.findings.bySeverity).map(([s, n]) => (
            <Descriptions.Item key={s} label={`${SEVERITY_LABELS[s] ?? s}问题`}>
              {n}
            </Descriptions.Item>
          ))}
        </Descriptions>
        <Typography.Title level={5}>各单位符合率</Typography.Title>
        <Table
          rowKey="unitId"
          size="small"
          dataSource={r.units}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="暂无受检单位" /> }}
          columns={[
            { title: '单位', dataIndex: 'name' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: string) => (
                <Tag color={STATUS_COLORS[s as InspectionStatus]}>
                  {STATUS_LABELS[s as InspectionStatus] ?? '未启动'}
                </Tag>
              ),
            },
            { title: '符合率', dataIndex: 'rate', render: pct },
            { title: '问题数', dataIndex: 'findings' },
            {
              title: '逾期',
              render: (_: unknown, u) =>
                u.overdue ? (
                  <Tag color="red">
                    {u.overdueStep ? STEP_LABELS[u.overdueStep] : ''}逾期{u.overdueDays ? ` ${u.overdueDays} 天` : ''}
                  </Tag>
                ) : (
                  '否'
                ),
            },
          ]}
        />
        <Typography.Title level={5}>各检查项符合情况</Typography.Title>
        <Table
          rowKey="key"
          size="small"
          dataSource={r.items}
          pagination={false}
          columns={[
            { title: '检查项', dataIndex: 'text' },
            { title: '依据', dataIndex: 'article', render: (a: string) => <Basis text={a} /> },
            { title: '符合', dataIndex: 'compliant' },
            { title: '不符合', dataIndex: 'nonCompliant' },
            { title: '不适用', dataIndex: 'notApplicable' },
            { title: '符合率', dataIndex: 'rate', render: pct },
          ]}
        />
        {issue.data && (
          <Card type="inner" title={`已出具：${issue.data.number}`} size="small">
            <DocumentView id={issue.data.documentId} number={issue.data.number} />
          </Card>
        )}
      </Space>
    </Card>
  );
}

export default function RunPage() {
  const { planId = '', runId = '' } = useParams();
  const plan = usePlan(planId);
  if (plan.isPending) return <Skeleton active />;
  if (plan.isError) return <Alert type="error" title={messageOf(plan.error)} />;
  const run = plan.data.runs.find((r) => r.id === runId);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>
        <Link to={planPath(planId)}>{plan.data.title}</Link> · 检查进度
      </Typography.Title>
      {run ? (
        <Card size="small" title={`${formatInstant(run.createdAt)} 启动`}>
          <StatusCounts counts={run.statusCounts} total={run.unitCount} />
        </Card>
      ) : (
        <Alert type="warning" title="未找到该次检查。" />
      )}
      <InspectionsList runId={runId} title="各单位进度" />
      <Report runId={runId} />
    </Space>
  );
}
