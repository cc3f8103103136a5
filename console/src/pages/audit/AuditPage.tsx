// 审计日志 for auditors (000 第二十九条): the trail of their jurisdiction, newest first, filtered by
// actor, the actor's unit, action, object, outcome and date; the same filter exported as CSV; and
// the chain's verification. Reading and exporting are themselves recorded by the API.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, sessionHeaders } from '../../api/client.js';
import { messageOf, toApiError, unwrap } from '../../api/errors.js';
import type { components, operations } from '../../api/schema.js';
import { unitTree, useAllUnits } from '../../components/admin-unit-tree.js';
import { fileNameOf } from '../../components/DocumentView.js';
import { formatInstant } from '../../components/Due.js';
import ChainCheck from './ChainCheck.js';
import { ACTION_NAMES, named, OBJECT_NAMES, OUTCOME_COLORS, OUTCOME_NAMES, type Outcome } from './labels.js';

type AuditEvent = components['schemas']['AuditEvent'];
type Query = NonNullable<operations['getAudit']['parameters']['query']>;
type Filter = Omit<Query, 'page' | 'pageSize' | 'format'>;

interface FilterForm {
  actorUserId?: number;
  unitId?: number;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: Outcome;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

const suggestions = (names: Record<string, string>) =>
  Object.entries(names).map(([value, label]) => ({ value, label: `${label}（${value}）` }));
const matches = (input: string, option?: { value: string; label: string }) =>
  !!option && (option.value.includes(input.toLowerCase()) || option.label.includes(input));

function toFilter(f: FilterForm): Filter {
  const [from, to] = f.dates ?? [];
  const filter: Filter = {
    actorUserId: f.actorUserId,
    unitId: f.unitId,
    action: f.action?.trim() || undefined,
    objectType: f.objectType?.trim() || undefined,
    objectId: f.objectId?.trim() || undefined,
    outcome: f.outcome,
    from: from ? from.startOf('day').toISOString() : undefined,
    to: to ? to.endOf('day').toISOString() : undefined,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Filter;
}

/** Downloads the filtered trail as CSV with the session cookie, under the name the API gives. */
async function downloadCsv(filter: Filter): Promise<string> {
  const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])) });
  query.set('format', 'csv');
  let answer: Response;
  try {
    answer = await fetch(`/audit?${query}`, { credentials: 'same-origin', headers: sessionHeaders() });
  } catch {
    throw toApiError(undefined, undefined);
  }
  if (!answer.ok) throw toApiError(await answer.json().catch(() => undefined), answer);
  const name = fileNameOf(answer.headers.get('content-disposition'), 'audit.csv');
  const url = URL.createObjectURL(await answer.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export default function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const units = useAllUnits();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const people = useQuery({
    queryKey: ['users', 'audit-actors'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { pageSize: 200 } } })),
    staleTime: 5 * 60_000,
  });
  const events = useQuery({
    queryKey: ['audit', filter, page],
    queryFn: async () => {
      // The route also answers CSV (format=csv); asked for JSON, it answers a page.
      const answer = await unwrap(api.GET('/audit', { params: { query: { ...filter, ...page } } }));
      if (typeof answer === 'string') throw new Error('审计日志的回答格式不对，请刷新后重试。');
      return answer;
    },
    placeholderData: keepPreviousData,
  });
  const exportCsv = useMutation({
    mutationFn: () => downloadCsv(filter),
    onSuccess: (name) => {
      void message.success(`已导出 ${name}`);
      void client.invalidateQueries({ queryKey: ['audit'] });
    },
    onError: (e) => void message.error(messageOf(e)),
  });

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        审计日志
      </Typography.Title>
      <ChainCheck />
      <Card size="small" title="查询" style={{ marginBottom: 16 }}>
        <Form<FilterForm>
          form={form}
          name="audit-filter"
          layout="inline"
          style={{ rowGap: 12 }}
          onFinish={(values) => {
            setFilter(toFilter(values));
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="actorUserId" label="操作人">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              style={{ width: 200 }}
              loading={people.isPending}
              options={(people.data?.items ?? []).map((u) => ({
                value: u.id,
                label: `${u.realName}（${u.username}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="unitId" label="操作人单位">
            <TreeSelect
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandAll
              placeholder="全部"
              style={{ width: 220 }}
              treeData={unitTree(units.data ?? [])}
            />
          </Form.Item>
          <Form.Item name="action" label="操作">
            <AutoComplete
              allowClear
              placeholder="全部"
              style={{ width: 180 }}
              options={suggestions(ACTION_NAMES)}
              showSearch={{ filterOption: matches }}
            />
          </Form.Item>
          <Form.Item name="objectType" label="对象类型">
            <AutoComplete
              allowClear
              placeholder="全部"
              style={{ width: 180 }}
              options={suggestions(OBJECT_NAMES)}
              showSearch={{ filterOption: matches }}
            />
          </Form.Item>
          <Form.Item name="objectId" label="对象编号">
            <Input allowClear placeholder="全部" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="outcome" label="结果">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              style={{ width: 110 }}
              options={Object.entries(OUTCOME_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="dates" label="日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                  setPage((p) => ({ ...p, page: 1 }));
                }}
              >
                重置
              </Button>
              <Button icon={<DownloadOutlined />} loading={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
                导出 CSV
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        loading={events.isFetching}
        dataSource={events.data?.items}
        locale={{ emptyText: <Empty description="没有符合条件的审计记录" /> }}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (e) => (
            <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: '8em 1fr', rowGap: 4 }}>
              <dt>请求号</dt>
              <dd style={{ margin: 0 }}>{e.requestId ?? '无'}</dd>
              <dt>操作人角色</dt>
              <dd style={{ margin: 0 }}>{e.actorRoles ?? '无'}</dd>
              <dt>封存哈希</dt>
              <dd style={{ margin: 0, wordBreak: 'break-all' }}>{e.hash ?? '尚未封存'}</dd>
              <dt>详情</dt>
              <dd style={{ margin: 0 }}>
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  {e.detail === null || e.detail === undefined ? '无' : JSON.stringify(e.detail, null, 2)}
                </pre>
              </dd>
            </dl>
          ),
        }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: events.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 条`,
          onChange: (p, pageSize) => setPage({ page: p, pageSize }),
        }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 80 },
          { title: '时间', dataIndex: 'at', width: 150, render: (at: string) => formatInstant(at) },
          {
            title: '操作人',
            key: 'actor',
            render: (_, e) =>
              e.actorName ? (
                <span>
                  {e.actorName}
                  <Typography.Text type="secondary">（{e.actorUsername}）</Typography.Text>
                </span>
              ) : (
                <Typography.Text type="secondary">
                  {e.actorUsername ? `未知账户 ${e.actorUsername}` : '系统'}
                </Typography.Text>
              ),
          },
          {
            title: '单位',
            dataIndex: 'actorUnitId',
            render: (id: number | null) => (id === null ? '—' : (unitName.get(id) ?? `单位 ${id}`)),
          },
          { title: '操作', dataIndex: 'action', render: (a: string) => named(ACTION_NAMES, a) },
          {
            title: '对象',
            key: 'object',
            render: (_, e) => `${OBJECT_NAMES[e.objectType] ?? e.objectType}${e.objectId ? ` ${e.objectId}` : ''}`,
          },
          {
            title: '结果',
            dataIndex: 'outcome',
            width: 80,
            render: (o: string) => <Tag color={OUTCOME_COLORS[o as Outcome]}>{OUTCOME_NAMES[o as Outcome] ?? o}</Tag>,
          },
          { title: '来源 IP', dataIndex: 'sourceIp', width: 130, render: (ip: string | null) => ip ?? '—' },
        ]}
      />
    </div>
  );
}
