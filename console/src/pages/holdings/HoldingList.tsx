// 数据资源目录: the holdings a unit manages (000 第十四条, 第三十条), per unit for supervisors,
// filtered by kind and status. A unit's own staff and leaders register new ones.
import { useState } from 'react';
import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { formatInstant } from '../../components/Due.js';
import { useUnits } from '../handovers/queries.js';
import {
  HOLDING_STATUS_LABELS,
  KIND_LABELS,
  kindOptions,
  levelLabel,
  type Holding,
  type HoldingKind,
  type HoldingStatus,
} from './holding-labels.js';
import { Basis } from '../../components/Basis.js';

export default function HoldingList() {
  const me = useUser();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ? Number(params.get('unitId')) : undefined;
  const kind = (params.get('kind') as HoldingKind | null) ?? undefined;
  const status = (params.get('status') as HoldingStatus | null) ?? 'active';
  const page = Number(params.get('page') ?? 1);
  const [pageSize, setPageSize] = useState(20);
  const units = useUnits();
  const names = new Map(units.data?.items.map((u) => [u.id, u.name]));
  const list = useQuery({
    queryKey: ['data-holdings', 'list', unitId, kind, status, page, pageSize],
    queryFn: () => unwrap(api.GET('/data-holdings', { params: { query: { unitId, kind, status, page, pageSize } } })),
  });
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  const keeper = hasRole(me, ['unit_staff', 'unit_leader']);
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          数据资源目录
        </Typography.Title>
      }
      extra={
        keeper && (
          <Link to="new">
            <Button type="primary">登记数据资源</Button>
          </Link>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        <Basis
          text={
            '各单位登记所管理的数据集、信息系统、备份、存储介质、文档资料和账号密钥（000 第十四条；' +
            '存储介质登记编号见第三十条，信息系统登记等级保护级别与备案编号见第二十七条）。移交时移交清单按此预先填写。'
          }
        />
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {(units.data?.items.length ?? 0) > 1 && (
          <>
            <label htmlFor="holding-unit">单位</label>
            <Select
              id="holding-unit"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="辖区内全部单位"
              style={{ width: 260 }}
              value={unitId}
              onChange={(v: number | undefined) => set({ unitId: v ? String(v) : undefined })}
              options={units.data?.items.map((u) => ({ value: u.id, label: u.name }))}
            />
          </>
        )}
        <label htmlFor="holding-kind">类别</label>
        <Select
          id="holding-kind"
          allowClear
          placeholder="全部类别"
          style={{ width: 140 }}
          value={kind}
          onChange={(v: string | undefined) => set({ kind: v })}
          options={kindOptions}
        />
        <label htmlFor="holding-status">状态</label>
        <Select
          id="holding-status"
          style={{ width: 120 }}
          value={status}
          onChange={(v: string) => set({ status: v === 'active' ? undefined : v })}
          options={Object.entries(HOLDING_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <Table<Holding>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items}
        scroll={{ x: 1250 }}
        locale={{ emptyText: <Empty description={list.isError ? messageOf(list.error) : '没有登记的数据资源'} /> }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 项`,
          onChange: (p, size) => {
            setPageSize(size);
            const next = new URLSearchParams(params);
            if (p > 1) next.set('page', String(p));
            else next.delete('page');
            setParams(next);
          },
        }}
        columns={[
          {
            title: '名称与说明',
            dataIndex: 'description',
            width: 220,
            render: (d: string, h) => <Link to={String(h.id)}>{d}</Link>,
          },
          { title: '类别', dataIndex: 'kind', width: 100, render: (k: HoldingKind) => KIND_LABELS[k] },
          {
            title: '单位',
            dataIndex: 'unitId',
            width: 170,
            render: (u: number) => names.get(u) ?? (u === me.unitId ? me.unitName : `单位 ${u}`),
          },
          { title: '记录数', dataIndex: 'recordCount', width: 100, render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '数据量', dataIndex: 'volume', width: 90 },
          { title: '存储位置', width: 180, render: (_, h) => h.storageLocation.region },
          { title: '加密方式', dataIndex: 'encryption', width: 140 },
          {
            title: '编号 / 等保',
            width: 150,
            render: (_, h) => h.serialNumber ?? (h.protectionLevel ? `等保${levelLabel(h.protectionLevel)}` : '—'),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: HoldingStatus) => (
              <Tag color={s === 'active' ? 'green' : 'default'}>{HOLDING_STATUS_LABELS[s]}</Tag>
            ),
          },
          { title: '更新时间', dataIndex: 'updatedAt', width: 150, render: formatInstant },
        ]}
      />
    </Card>
  );
}
