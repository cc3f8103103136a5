// 移交 list: every handover the user may see, newest first, filtered by status and unit.
import { useState } from 'react';
import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { Due, formatInstant } from '../../components/Due.js';
import { hasRole, useUser } from '../../auth/session.js';
import { REASON_LABELS, STATUS_COLORS, STATUS_LABELS, STEP_LABELS, type HandoverStatus } from './labels.js';
import { hasEnded, useUnits } from './queries.js';

const PAGE_SIZE = 20;

export default function HandoverList() {
  const me = useUser();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as HandoverStatus | null) ?? undefined;
  const unitId = params.get('unitId') ? Number(params.get('unitId')) : undefined;
  const page = Number(params.get('page') ?? 1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const units = useUnits();
  const list = useQuery({
    queryKey: ['handovers', 'list', status, unitId, page, pageSize],
    queryFn: () => unwrap(api.GET('/handovers', { params: { query: { status, unitId, page, pageSize } } })),
  });
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    setParams(next);
  };
  const canStart = hasRole(me, ['official', 'unit_leader']);
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          移交
        </Typography.Title>
      }
      extra={
        canStart && (
          <Link to="new">
            <Button type="primary">发起移交</Button>
          </Link>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="status-filter">状态</label>
        <Select
          id="status-filter"
          allowClear
          placeholder="全部状态"
          style={{ width: 160 }}
          value={status}
          onChange={(v: string | undefined) => set({ status: v, page: undefined })}
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        {(units.data?.items.length ?? 0) > 1 && (
          <>
            <label htmlFor="unit-filter">单位</label>
            <Select
              id="unit-filter"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部单位（移交方或接收方）"
              style={{ width: 280 }}
              value={unitId}
              onChange={(v: number | undefined) => set({ unitId: v ? String(v) : undefined, page: undefined })}
              options={units.data?.items.map((u) => ({ value: u.id, label: u.name }))}
            />
          </>
        )}
      </Space>
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: <Empty description={list.isError ? messageOf(list.error) : '没有符合条件的移交'} />,
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 项`,
          onChange: (p, size) => {
            setPageSize(size);
            set({ page: p > 1 ? String(p) : undefined });
          },
        }}
        columns={[
          {
            title: '移交单位',
            dataIndex: 'handingUnitName',
            render: (name: string, h) => <Link to={h.id}>{name}</Link>,
          },
          { title: '接收单位', dataIndex: 'receivingUnitName' },
          { title: '原因', dataIndex: 'reason', render: (r: keyof typeof REASON_LABELS) => REASON_LABELS[r] },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: HandoverStatus, h) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLORS[s]}>{STATUS_LABELS[s]}</Tag>
                {s !== 'archived' && s !== 'cancelled' && (
                  <Typography.Text type="secondary">{STEP_LABELS[h.currentStep] ?? h.currentStep}</Typography.Text>
                )}
                {h.round > 1 && <Typography.Text type="secondary">第 {h.round} 轮</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '期限',
            dataIndex: 'dueAt',
            render: (at: string, h) => <Due at={at} done={hasEnded(h)} />,
          },
          { title: '发起时间', dataIndex: 'createdAt', render: formatInstant },
        ]}
      />
    </Card>
  );
}
