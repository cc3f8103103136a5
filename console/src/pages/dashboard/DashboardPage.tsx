// 首页: what an official, a commission leader or an inspector watches over their jurisdiction —
// open and overdue tasks by unit, inspection compliance per unit and per checklist item, overdue
// rectifications and the latest documents. Every number links to the list it counts; every chart
// has its numbers in a table beside it (the keyboard's way in).
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ItemList, ItemRow } from '../../components/ItemList.js';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { Due, formatInstant } from '../../components/Due.js';
import { BarChart } from './BarChart.js';
import { Basis } from '../../components/Basis.js';

type Dashboard = components['schemas']['Dashboard'];
type UnitTasks = Dashboard['tasks']['units'][number];
type UnitRate = Dashboard['compliance']['units'][number];
type ItemRate = Dashboard['compliance']['items'][number];
type LateRectification = Dashboard['rectificationsOverdue'][number];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const RED = '#cf1322';
const BLUE = '#1677ff';
const GREEN = '#389e0d';

/** The inbox's list of the jurisdiction's open tasks, narrowed as given (the inbox area reads these). */
export const tasksLink = (filter: { unitId?: number; overdue?: boolean } = {}) => {
  const q = new URLSearchParams({ scope: 'jurisdiction' });
  if (filter.unitId) q.set('unitId', String(filter.unitId));
  if (filter.overdue) q.set('overdue', 'true');
  return `/app/inbox?${q}`;
};
const inspectionLink = (id: string) => `/app/inspections/records/${encodeURIComponent(id)}`;
const itemLink = (key: string) => `/app/inspections?${new URLSearchParams({ itemKey: key, answer: 'non_compliant' })}`;
const LATE_RECTIFICATIONS = '/app/inspections?status=rectifying&overdue=true';

function Figure({ title, value, to, danger }: { title: string; value: ReactNode; to: string; danger?: boolean }) {
  return (
    <Card size="small">
      <Link to={to} aria-label={`${title}：${typeof value === 'number' ? value : ''}，查看列表`}>
        <Statistic
          title={title}
          value={value as number | string}
          styles={{ content: danger ? { color: RED } : undefined }}
        />
      </Link>
    </Card>
  );
}

function TasksByUnit({ tasks }: { tasks: Dashboard['tasks'] }) {
  const navigate = useNavigate();
  if (!tasks.units.length) return <Empty description="辖区内没有待办任务" />;
  return (
    <>
      <BarChart
        label="各单位待办与逾期任务数"
        categories={tasks.units.map((u) => u.name)}
        series={[
          { name: '未逾期', values: tasks.units.map((u) => u.open - u.overdue), color: BLUE, stack: 'tasks' },
          { name: '已逾期', values: tasks.units.map((u) => u.overdue), color: RED, stack: 'tasks' },
        ]}
        onSelect={(i) => navigate(tasksLink({ unitId: tasks.units[i]!.unitId }))}
      />
      <Table<UnitTasks>
        rowKey="unitId"
        size="small"
        pagination={tasks.units.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
        dataSource={tasks.units}
        columns={[
          { title: '单位', dataIndex: 'name' },
          {
            title: '待办',
            dataIndex: 'open',
            width: 80,
            render: (n: number, u) => <Link to={tasksLink({ unitId: u.unitId })}>{n}</Link>,
          },
          {
            title: '已逾期',
            dataIndex: 'overdue',
            width: 80,
            render: (n: number, u) =>
              n ? (
                <Link to={tasksLink({ unitId: u.unitId, overdue: true })} style={{ color: RED }}>
                  {n}
                </Link>
              ) : (
                0
              ),
          },
        ]}
      />
    </>
  );
}

function ComplianceByUnit({ units }: { units: UnitRate[] }) {
  const navigate = useNavigate();
  if (!units.length) return <Empty description="辖区内尚无已作答的检查" />;
  return (
    <>
      <BarChart
        label="各单位合规率"
        percent
        categories={units.map((u) => u.name)}
        series={[{ name: '合规率', values: units.map((u) => u.rate), color: GREEN }]}
        onSelect={(i) => navigate(inspectionLink(units[i]!.inspectionId))}
      />
      <Table<UnitRate>
        rowKey="unitId"
        size="small"
        pagination={units.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
        dataSource={units}
        columns={[
          { title: '单位', dataIndex: 'name' },
          {
            title: '合规率',
            dataIndex: 'rate',
            width: 90,
            render: (rate: number | null, u) => <Link to={inspectionLink(u.inspectionId)}>{percent(rate)}</Link>,
          },
          { title: '符合', dataIndex: 'compliant', width: 60 },
          { title: '不符合', dataIndex: 'nonCompliant', width: 70 },
        ]}
      />
    </>
  );
}

function ComplianceByItem({ items }: { items: ItemRate[] }) {
  const navigate = useNavigate();
  if (!items.length) return <Empty description="辖区内尚无已作答的检查" />;
  return (
    <>
      <BarChart
        label="各检查项合规率"
        percent
        categories={items.map((i) => i.text)}
        series={[{ name: '合规率', values: items.map((i) => i.rate), color: GREEN }]}
        onSelect={(i) => navigate(itemLink(items[i]!.key))}
      />
      <Table<ItemRate>
        rowKey="key"
        size="small"
        pagination={items.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
        dataSource={items}
        columns={[
          {
            title: '检查项',
            dataIndex: 'text',
            render: (text: string, i) => (
              <Space orientation="vertical" size={0}>
                <span>{text}</span>
                <Typography.Text type="secondary">
                  依据：
                  <Basis text={i.article} />
                </Typography.Text>
              </Space>
            ),
          },
          { title: '合规率', dataIndex: 'rate', width: 80, render: (rate: number | null) => percent(rate) },
          {
            title: '不符合',
            dataIndex: 'nonCompliant',
            width: 70,
            render: (n: number, i) => (n ? <Link to={itemLink(i.key)}>{n}</Link> : 0),
          },
        ]}
      />
    </>
  );
}

function LateRectifications({ rows }: { rows: LateRectification[] }) {
  if (!rows.length) return <Empty description="没有逾期未完成的整改" />;
  return (
    <Table<LateRectification>
      rowKey="inspectionId"
      size="small"
      pagination={rows.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
      dataSource={rows}
      columns={[
        {
          title: '单位',
          dataIndex: 'name',
          render: (name: string, r) => <Link to={inspectionLink(r.inspectionId)}>{name}</Link>,
        },
        { title: '整改期限', dataIndex: 'dueAt', render: (at: string) => <Due at={at} /> },
        { title: '未销号问题', dataIndex: 'openFindings', width: 100 },
      ]}
    />
  );
}

function RecentDocuments({ docs }: { docs: Dashboard['recentDocuments'] }) {
  if (!docs.length) return <Empty description="暂无公文" />;
  return (
    <ItemList
      dataSource={docs}
      renderItem={(d) => (
        <ItemRow extra={<Typography.Text type="secondary">{formatInstant(d.createdAt)}</Typography.Text>}>
          <Space wrap>
            <Tag>{d.kindName}</Tag>
            <Link to={`/app/documents/${d.id}`}>{d.number ?? '（无文号）'}</Link>
            <span>{d.title}</span>
          </Space>
        </ItemRow>
      )}
    />
  );
}

export default function DashboardPage() {
  const query = useQuery({ queryKey: ['dashboard'], queryFn: () => unwrap(api.GET('/dashboard')) });
  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError) return <Alert type="error" title={messageOf(query.error)} showIcon />;
  const d = query.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        首页
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Figure title="辖区待办任务" value={d.tasks.open} to={tasksLink()} />
        </Col>
        <Col xs={12} lg={6}>
          <Figure
            title="已逾期任务"
            value={d.tasks.overdue}
            to={tasksLink({ overdue: true })}
            danger={d.tasks.overdue > 0}
          />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="检查合规率" value={percent(d.compliance.overallRate)} to="/app/inspections" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure
            title="整改逾期单位"
            value={d.rectificationsOverdue.length}
            to={LATE_RECTIFICATIONS}
            danger={d.rectificationsOverdue.length > 0}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="各单位待办与逾期" size="small">
            <TasksByUnit tasks={d.tasks} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="各单位检查合规率" size="small" extra="按各单位最近一次检查">
            <ComplianceByUnit units={d.compliance.units} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="各检查项合规率" size="small">
            <ComplianceByItem items={d.compliance.items} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Card title="整改逾期" size="small" extra={<Link to={LATE_RECTIFICATIONS}>全部</Link>}>
              <LateRectifications rows={d.rectificationsOverdue} />
            </Card>
            <Card title="最新公文" size="small" extra={<Link to="/app/documents">全部公文</Link>}>
              <RecentDocuments docs={d.recentDocuments} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
