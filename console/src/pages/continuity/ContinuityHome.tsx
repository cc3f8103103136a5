// 应急预案与演练: a unit's emergency plans and their drills (000 第三十一条), its backups and restore
// drills (000 第十四条、第十五条; 001 第九条); supervisors also see the units with no current plan, past
// their next drill date, or with no restore drill in the policy period.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { PageFrame, useUnitNames } from '../incidents/common.js';
import {
  EMERGENCY_RESULT_NAMES,
  FREQUENCY_NAMES,
  RESTORE_RESULT_NAMES,
  RESULT_COLORS,
  type DrillResult,
  type Frequency,
} from './labels.js';
import { Basis } from '../../components/Basis.js';

const usePaging = () => {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  return { page, pageSize, setPage, setPageSize };
};

const pagination = (p: ReturnType<typeof usePaging>, total: number | undefined, unit: string) => ({
  current: p.page,
  pageSize: p.pageSize,
  total: total ?? 0,
  showTotal: (t: number) => `共 ${t} ${unit}`,
  onChange: (page: number, size: number) => (p.setPage(page), p.setPageSize(size)),
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function Plans() {
  const units = useUnitNames();
  const p = usePaging();
  const list = useQuery({
    queryKey: ['emergency-plans', p.page, p.pageSize],
    queryFn: () => unwrap(api.GET('/emergency-plans', { params: { query: { page: p.page, pageSize: p.pageSize } } })),
  });
  if (list.isError) return <Alert type="error" title={messageOf(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isPending}
      dataSource={list.data?.items}
      pagination={pagination(p, list.data?.total, '份')}
      locale={{ emptyText: <Empty description="尚未登记应急预案" /> }}
      scroll={{ x: 800 }}
      columns={[
        { title: '单位', dataIndex: 'unitId', render: (id: number) => units.get(id) ?? `单位 ${id}` },
        { title: '预案', dataIndex: 'title', render: (t: string, r) => <Link to={`plans/${r?.id}`}>{t}</Link> },
        { title: '版本', dataIndex: 'version', width: 100 },
        { title: '批准日期', dataIndex: 'approvedOn', width: 120 },
        {
          title: '下次演练',
          dataIndex: 'nextDrillOn',
          width: 140,
          render: (d: string) => (d < today() ? <Tag color="red">{d} 已逾期</Tag> : d),
        },
      ]}
    />
  );
}

function EmergencyDrills() {
  const units = useUnitNames();
  const p = usePaging();
  const list = useQuery({
    queryKey: ['emergency-drills', p.page, p.pageSize],
    queryFn: () => unwrap(api.GET('/emergency-drills', { params: { query: { page: p.page, pageSize: p.pageSize } } })),
  });
  if (list.isError) return <Alert type="error" title={messageOf(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isPending}
      dataSource={list.data?.items}
      pagination={pagination(p, list.data?.total, '次')}
      locale={{ emptyText: <Empty description="尚未登记应急演练" /> }}
      scroll={{ x: 900 }}
      columns={[
        { title: '单位', dataIndex: 'unitId', render: (id: number) => units.get(id) ?? `单位 ${id}` },
        { title: '演练日期', dataIndex: 'drilledOn', width: 120 },
        { title: '演练场景', dataIndex: 'scenario' },
        {
          title: '结果',
          dataIndex: 'result',
          width: 160,
          render: (r: DrillResult) => <Tag color={RESULT_COLORS[r]}>{EMERGENCY_RESULT_NAMES[r]}</Tag>,
        },
        { title: '整改跟进', dataIndex: 'followUpOn', width: 120, render: (d: string | null) => d ?? '—' },
        {
          title: '预案',
          dataIndex: 'planId',
          width: 90,
          render: (id: number) => <Link to={`plans/${id}`}>查看</Link>,
        },
      ]}
    />
  );
}

function RestoreDrills() {
  const units = useUnitNames();
  const p = usePaging();
  const list = useQuery({
    queryKey: ['restore-drills', p.page, p.pageSize],
    queryFn: () => unwrap(api.GET('/restore-drills', { params: { query: { page: p.page, pageSize: p.pageSize } } })),
  });
  if (list.isError) return <Alert type="error" title={messageOf(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isPending}
      dataSource={list.data?.items}
      pagination={pagination(p, list.data?.total, '次')}
      locale={{ emptyText: <Empty description="尚未登记恢复演练" /> }}
      scroll={{ x: 900 }}
      columns={[
        { title: '单位', dataIndex: 'unitId', render: (id: number) => units.get(id) ?? `单位 ${id}` },
        { title: '演练日期', dataIndex: 'drilledOn', width: 120 },
        { title: '恢复内容', dataIndex: 'restored' },
        { title: '用时（分钟）', dataIndex: 'durationMinutes', width: 110 },
        {
          title: '结果',
          dataIndex: 'result',
          width: 110,
          render: (r: DrillResult) => <Tag color={RESULT_COLORS[r]}>{RESTORE_RESULT_NAMES[r]}</Tag>,
        },
        { title: '整改跟进', dataIndex: 'followUpOn', width: 120, render: (d: string | null) => d ?? '—' },
      ]}
    />
  );
}

function Backups() {
  const units = useUnitNames();
  const p = usePaging();
  const list = useQuery({
    queryKey: ['backups', p.page, p.pageSize],
    queryFn: () => unwrap(api.GET('/backups', { params: { query: { page: p.page, pageSize: p.pageSize } } })),
  });
  if (list.isError) return <Alert type="error" title={messageOf(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isPending}
      dataSource={list.data?.items}
      pagination={pagination(p, list.data?.total, '项')}
      locale={{ emptyText: <Empty description="尚未登记备份" /> }}
      scroll={{ x: 800 }}
      columns={[
        { title: '单位', dataIndex: 'unitId', render: (id: number) => units.get(id) ?? `单位 ${id}` },
        { title: '备份范围', dataIndex: 'scope' },
        { title: '频率', dataIndex: 'frequency', width: 90, render: (f: Frequency) => FREQUENCY_NAMES[f] },
        {
          title: '异地备份',
          dataIndex: 'offSiteLocation',
          render: (l: { country: string; region: string } | null) => (l ? l.region || l.country : '无'),
        },
        { title: '最近一次', dataIndex: 'lastPerformedOn', width: 120, render: (d: string | null) => d ?? '—' },
      ]}
    />
  );
}

function Gaps() {
  const planGaps = useQuery({
    queryKey: ['emergency-plans', 'gaps'],
    queryFn: () =>
      unwrap(api.GET('/emergency-plans/units-without-current-plan', { params: { query: { page: 1, pageSize: 200 } } })),
  });
  const me = useUser();
  const drillGaps = useQuery({
    queryKey: ['restore-drills', 'gaps'],
    enabled: hasRole(me, ['official', 'inspector']),
    queryFn: () =>
      unwrap(api.GET('/restore-drills/units-without-drill', { params: { query: { page: 1, pageSize: 200 } } })),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5}>
        <Basis text="没有现行应急预案或演练逾期的单位（000 第三十一条）" />
      </Typography.Title>
      {planGaps.isError && <Alert type="error" title={messageOf(planGaps.error)} />}
      <Table
        rowKey="unitId"
        size="small"
        loading={planGaps.isPending}
        dataSource={planGaps.data?.items}
        pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 个单位` }}
        locale={{ emptyText: <Empty description="辖区单位均有现行预案且按期演练" /> }}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          {
            title: '原因',
            dataIndex: 'reason',
            render: (r: string) =>
              r === 'no_plan' ? <Tag color="red">未登记应急预案</Tag> : <Tag color="orange">演练已逾期</Tag>,
          },
          { title: '预案批准日期', dataIndex: 'approvedOn', render: (d: string | null) => d ?? '—' },
          { title: '最近演练', dataIndex: 'lastDrilledOn', render: (d: string | null) => d ?? '—' },
          { title: '应演练日期', dataIndex: 'nextDrillDue', render: (d: string | null) => d ?? '—' },
        ]}
      />
      {drillGaps.data && (
        <>
          <Typography.Title level={5}>自 {drillGaps.data.period.since} 起未开展恢复演练的单位</Typography.Title>
          {drillGaps.data.period.basis && (
            <Typography.Text type="secondary">
              依据：
              <Basis text={drillGaps.data.period.basis} />
            </Typography.Text>
          )}
          <Table
            rowKey="unitId"
            size="small"
            dataSource={drillGaps.data.items}
            pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 个单位` }}
            locale={{ emptyText: <Empty description="辖区单位均已按期开展恢复演练" /> }}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '最近一次恢复演练', dataIndex: 'lastDrilledOn', render: (d: string | null) => d ?? '从未' },
            ]}
          />
        </>
      )}
    </Space>
  );
}

export default function ContinuityHome() {
  const me = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const recorder = hasRole(me, ['unit_staff', 'unit_leader']);
  const supervisor = hasRole(me, ['official', 'inspector', 'auditor']);
  const tab = params.get('tab') ?? (supervisor ? 'gaps' : 'plans');
  return (
    <PageFrame
      title="应急预案与演练"
      extra={
        recorder && (
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('plans/new')}>
              登记应急预案
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => void navigate('restore-drills/new')}>
              登记恢复演练
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => void navigate('backups/new')}>
              登记备份
            </Button>
          </Space>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          ...(supervisor ? [{ key: 'gaps', label: '需关注的单位', children: <Gaps /> }] : []),
          { key: 'plans', label: '应急预案', children: <Plans /> },
          { key: 'drills', label: '应急演练', children: <EmergencyDrills /> },
          { key: 'restore', label: '恢复演练', children: <RestoreDrills /> },
          { key: 'backups', label: '备份', children: <Backups /> },
        ]}
      />
    </PageFrame>
  );
}
