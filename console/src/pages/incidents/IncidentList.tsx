// 安全事件 list: the user's unit's incidents, or their jurisdiction's, newest discovery first, with
// each 初报's deadline and whether it came late (迟报) or was recorded by the supervisor (漏报).
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Empty, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { Due, formatInstant } from '../../components/Due.js';
import { PageFrame, useUnitNames } from './common.js';
import { LEVEL_COLORS, STATUS_COLORS, STATUS_NAMES, type IncidentLevel, type IncidentStatus } from './labels.js';

type Incident = components['schemas']['Incident'];

const LEVELS: { value: IncidentLevel; label: string }[] = [
  { value: 'I', label: 'Ⅰ级 特别重大' },
  { value: 'II', label: 'Ⅱ级 重大' },
  { value: 'III', label: 'Ⅲ级 较大' },
  { value: 'IV', label: 'Ⅳ级 一般' },
];

export function LevelTag({ level, name }: { level: IncidentLevel; name: string }) {
  return <Tag color={LEVEL_COLORS[level]}>{name}</Tag>;
}

export default function IncidentList() {
  const me = useUser();
  const navigate = useNavigate();
  const units = useUnitNames();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [level, setLevel] = useState<IncidentLevel>();
  const [status, setStatus] = useState<IncidentStatus>();
  const [late, setLate] = useState<'true' | 'false'>();
  const list = useQuery({
    queryKey: ['incidents', page, pageSize, level, status, late],
    queryFn: () => unwrap(api.GET('/incidents', { params: { query: { page, pageSize, level, status, late } } })),
  });
  const reporter = hasRole(me, ['unit_staff', 'unit_leader']);
  return (
    <PageFrame
      title="安全事件"
      extra={
        <Space>
          <Link to="/app/alerts">预警通报</Link>
          {reporter && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('new')}>
              报告安全事件
            </Button>
          )}
          {!reporter && hasRole(me, ['official']) && (
            <Button icon={<PlusOutlined />} onClick={() => void navigate('new')}>
              登记未报告的事件（漏报）
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap>
        <Select
          aria-label="事件级别"
          placeholder="全部级别"
          allowClear
          style={{ width: 160 }}
          options={LEVELS}
          value={level}
          onChange={(v) => (setLevel(v), setPage(1))}
        />
        <Select
          aria-label="状态"
          placeholder="全部状态"
          allowClear
          style={{ width: 160 }}
          options={Object.entries(STATUS_NAMES).map(([value, label]) => ({ value, label }))}
          value={status}
          onChange={(v) => (setStatus(v as IncidentStatus | undefined), setPage(1))}
        />
        <Select
          aria-label="是否迟报"
          placeholder="迟报与按时"
          allowClear
          style={{ width: 140 }}
          options={[
            { value: 'true', label: '只看迟报' },
            { value: 'false', label: '只看按时' },
          ]}
          value={late}
          onChange={(v) => (setLate(v), setPage(1))}
        />
      </Space>
      {list.isError && <Alert type="error" title={messageOf(list.error)} />}
      <Table<Incident>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty description="暂无安全事件报告" /> }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 起`,
          onChange: (p, s) => (setPage(p), setPageSize(s)),
        }}
        columns={[
          {
            title: '事件',
            dataIndex: 'title',
            render: (title: string, i) => <Link to={i.id}>{title}</Link>,
          },
          { title: '事发单位', dataIndex: 'unitId', render: (id: number) => units.get(id) ?? `单位 ${id}` },
          {
            title: '级别',
            dataIndex: 'level',
            width: 100,
            render: (l: IncidentLevel, i) => <LevelTag level={l} name={i.levelName} />,
          },
          { title: '发现时间', dataIndex: 'discoveredAt', width: 150, render: formatInstant },
          {
            title: '初报',
            dataIndex: 'reportedAt',
            width: 210,
            render: (at: string, i) => (
              <Space size={4} wrap>
                {formatInstant(at)}
                {i.late && <Tag color="red">迟报</Tag>}
                {i.recordedBySupervisor && <Tag color="volcano">漏报</Tag>}
              </Space>
            ),
          },
          {
            title: '终报期限',
            dataIndex: 'finalDueAt',
            width: 150,
            render: (at: string | null, i) => (at ? <Due at={at} done={i.finalReportedAt !== null} /> : '—'),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 140,
            render: (s: IncidentStatus) => <Tag color={STATUS_COLORS[s]}>{STATUS_NAMES[s]}</Tag>,
          },
        ]}
      />
    </PageFrame>
  );
}
