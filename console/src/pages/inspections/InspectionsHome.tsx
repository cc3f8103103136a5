// 监督检查 home: the plans of the jurisdiction (officials, inspectors, auditors) and the inspections
// the user may see (a unit its own, a supervisor their jurisdiction's), both paged by the API.
import { useState } from 'react';
import { Alert, Button, Card, Empty, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { formatInstant } from '../../components/Due.js';
import {
  PLAN_STATUS_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  STEP_LABELS,
  inspectionPath,
  planPath,
  recurrenceText,
  type InspectionStatus,
} from './labels.js';

function PlansList() {
  const me = useUser();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const plans = useQuery({
    queryKey: ['inspection-plans', page],
    queryFn: () => unwrap(api.GET('/inspection-plans', { params: { query: page } })),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {hasRole(me, ['official']) && (
        <Link to="/app/inspections/plans/new">
          <Button type="primary" icon={<PlusOutlined />}>
            发起检查计划
          </Button>
        </Link>
      )}
      {plans.isError && <Alert type="error" title={messageOf(plans.error)} />}
      <Table
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data?.items}
        locale={{ emptyText: <Empty description="暂无检查计划" /> }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: plans.data?.total,
          showTotal: (t) => `共 ${t} 个计划`,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: '计划', dataIndex: 'title', render: (t: string, p) => <Link to={planPath(p.id)}>{t}</Link> },
          { title: '周期', dataIndex: 'recurrence', render: (r: unknown) => recurrenceText(r) },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'active' ? 'blue' : 'default'}>{PLAN_STATUS_LABELS[s] ?? s}</Tag>,
          },
          { title: '创建时间', dataIndex: 'createdAt', render: (at: string) => formatInstant(at) },
        ]}
      />
    </Space>
  );
}

export function InspectionsList({ runId, title }: { runId?: string; title?: string }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [status, setStatus] = useState<InspectionStatus | undefined>();
  const list = useQuery({
    queryKey: ['inspections', 'list', runId, status, page],
    queryFn: () =>
      unwrap(api.GET('/inspections', { params: { query: { ...page, ...(runId ? { runId } : {}), status } } })),
  });
  return (
    <Card title={title} size="small">
      <Space style={{ marginBottom: 12 }}>
        <label htmlFor="inspection-status-filter">状态</label>
        <Select
          id="inspection-status-filter"
          allowClear
          placeholder="全部"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      {list.isError && <Alert type="error" title={messageOf(list.error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty description="暂无检查记录" /> }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total,
          showTotal: (t) => `共 ${t} 个单位`,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          {
            title: '受检单位',
            dataIndex: 'unitName',
            render: (name: string, i) => <Link to={inspectionPath(i.id)}>{name}</Link>,
          },
          ...(runId ? [] : [{ title: '检查计划', dataIndex: 'planTitle' }]),
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: InspectionStatus) => <Tag color={STATUS_COLORS[s]}>{STATUS_LABELS[s]}</Tag>,
          },
          {
            title: '逾期',
            render: (_: unknown, i) =>
              i.overdue ? (
                <Tag color="red">
                  {i.overdueStep ? STEP_LABELS[i.overdueStep] : ''}逾期{i.overdueDays ? ` ${i.overdueDays} 天` : ''}
                  {i.overdueResolvedAt ? '（已办结）' : ''}
                </Tag>
              ) : (
                <Typography.Text type="secondary">否</Typography.Text>
              ),
          },
          {
            title: '整改期限',
            dataIndex: 'rectificationDueAt',
            render: (at: string | null) => (at ? formatInstant(at) : '—'),
          },
        ]}
      />
    </Card>
  );
}

export default function InspectionsHome() {
  const me = useUser();
  const supervisor = hasRole(me, ['official', 'inspector', 'auditor', 'admin']);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3}>监督检查</Typography.Title>
      <Typography.Paragraph type="secondary">
        依据《河南省全民健康信息管理实施细则》第三十三条、第三十五条开展监督检查：单位自查、检查复核、限期整改、整改核验、销号。
      </Typography.Paragraph>
      {supervisor ? (
        <Tabs
          items={[
            { key: 'plans', label: '检查计划', children: <PlansList /> },
            { key: 'records', label: '受检单位', children: <InspectionsList /> },
          ]}
        />
      ) : (
        <InspectionsList title="本单位的检查" />
      )}
    </Space>
  );
}
