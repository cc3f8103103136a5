// 预警通报 list: alerts issued within the user's jurisdiction, or sent to their unit, newest first.
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Empty, Select, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { Due, formatInstant } from '../../components/Due.js';
import { PageFrame, useUnitNames } from '../incidents/common.js';
import { ALERT_STATUS_NAMES, type AlertStatus } from '../incidents/labels.js';

type IncidentAlert = components['schemas']['IncidentAlert'];

export default function AlertList() {
  const units = useUnitNames();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [status, setStatus] = useState<AlertStatus>();
  const list = useQuery({
    queryKey: ['alerts', page, pageSize, status],
    queryFn: () => unwrap(api.GET('/incident-alerts', { params: { query: { page, pageSize, status } } })),
  });
  return (
    <PageFrame title="预警通报" extra={<Link to="/app/incidents">安全事件</Link>}>
      <Space>
        <Select
          aria-label="状态"
          placeholder="全部状态"
          allowClear
          style={{ width: 160 }}
          value={status}
          options={Object.entries(ALERT_STATUS_NAMES).map(([value, label]) => ({ value, label }))}
          onChange={(v) => (setStatus(v as AlertStatus | undefined), setPage(1))}
        />
      </Space>
      {list.isError && <Alert type="error" title={messageOf(list.error)} />}
      <Table<IncidentAlert>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty description="暂无预警通报" /> }}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 份`,
          onChange: (p, s) => (setPage(p), setPageSize(s)),
        }}
        columns={[
          { title: '文号', dataIndex: 'number', width: 200, render: (n: string | null) => n ?? '编号中' },
          { title: '标题', dataIndex: 'title', render: (t: string, a) => <Link to={a.id}>{t}</Link> },
          {
            title: '发布单位',
            dataIndex: 'issuingUnitId',
            render: (id: number) => units.get(id) ?? '上级卫生健康委',
          },
          { title: '发布时间', dataIndex: 'createdAt', width: 150, render: formatInstant },
          {
            title: '回复期限',
            dataIndex: 'replyDueAt',
            width: 150,
            render: (at: string | null, a) => (at ? <Due at={at} done={a.status === 'closed'} /> : '—'),
          },
          { title: '通报单位数', dataIndex: 'recipientCount', width: 100 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (s: AlertStatus) => <Tag color={s === 'closed' ? 'green' : 'blue'}>{ALERT_STATUS_NAMES[s]}</Tag>,
          },
        ]}
      />
    </PageFrame>
  );
}
