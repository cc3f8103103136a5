// 公文: the official documents the user may read, newest first, filtered by kind, number or title
// and issue dates. The filters live in the address (?kind=&text=&from=&to=&page=), so the dashboard
// and other pages can link to a filtered list and the browser's back button keeps them.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { formatSize } from '../../components/DocumentView.js';
import { formatInstant } from '../../components/Due.js';
import { isKind, KIND_NAMES } from './kinds.js';

type DocumentSummary = components['schemas']['DocumentSummary'];
const PAGE_SIZE = 20;
const DAY = 'YYYY-MM-DD';

export function recipientText(doc: DocumentSummary): string {
  if (doc.recipients.length === 0) return '—';
  const names = doc.recipients.map((r) => r.name);
  return names.length > 3 ? `${names.slice(0, 3).join('、')} 等 ${names.length} 个单位` : names.join('、');
}

interface Filters {
  kind?: string;
  text?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

export default function DocumentsPage() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const text = params.get('text') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [form] = Form.useForm<Filters>();
  const [initial] = useState<Filters>(() => ({
    kind: isKind(kind) ? kind : undefined,
    text,
    dates: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null,
  }));

  const query = useQuery({
    queryKey: ['documents', { kind, text, from, to, page }],
    queryFn: () =>
      unwrap(
        api.GET('/documents', {
          params: {
            query: { kind: isKind(kind) ? kind : undefined, text, from, to, page, pageSize: PAGE_SIZE },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });

  const search = (values: Filters) => {
    const next = new URLSearchParams();
    if (values.kind) next.set('kind', values.kind);
    if (values.text?.trim()) next.set('text', values.text.trim());
    if (values.dates?.[0]) next.set('from', values.dates[0].format(DAY));
    if (values.dates?.[1]) next.set('to', values.dates[1].format(DAY));
    setParams(next);
  };
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  const columns: ColumnsType<DocumentSummary> = [
    {
      title: '文号',
      dataIndex: 'number',
      width: 180,
      render: (number: string | null, doc) => <Link to={`/app/documents/${doc.id}`}>{number ?? '（无文号）'}</Link>,
    },
    {
      title: '标题',
      dataIndex: 'title',
      width: 260,
      render: (title: string, doc) => <Link to={`/app/documents/${doc.id}`}>{title}</Link>,
    },
    { title: '类别', dataIndex: 'kindName', width: 120, render: (name: string) => <Tag>{name}</Tag> },
    {
      title: '发文单位 / 主送',
      key: 'units',
      width: 220,
      render: (_, doc) => (
        <Space orientation="vertical" size={0}>
          <span>{doc.unitName}</span>
          <Typography.Text type="secondary">主送：{recipientText(doc)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '印发时间',
      dataIndex: 'createdAt',
      width: 150,
      render: (at: string, doc) => (
        <Space orientation="vertical" size={0}>
          <span>{formatInstant(at)}</span>
          <Typography.Text type="secondary">{formatSize(doc.sizeBytes)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: 'SHA-256',
      dataIndex: 'sha256',
      width: 130,
      render: (sha: string) => (
        <Typography.Text code title={sha}>
          {sha.slice(0, 12)}…
        </Typography.Text>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        公文
      </Typography.Title>
      <Card size="small">
        <Form form={form} layout="inline" initialValues={initial} onFinish={search} aria-label="公文筛选">
          <Form.Item name="kind" label="类别">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部类别"
              style={{ width: 180 }}
              options={Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="text" label="文号或标题">
            <Input allowClear placeholder="如 金卫〔2026〕" style={{ width: 200 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="dates" label="印发日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={['起始日期', '截止日期']} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({ kind: undefined, text: undefined, dates: null });
                  setParams(new URLSearchParams());
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {query.isError && <Alert type="error" title={messageOf(query.error)} showIcon />}
      <Table<DocumentSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        scroll={{ x: 1080 }}
        locale={{ emptyText: <Empty description="没有符合条件的公文" /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: query.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 件`,
          onChange: goTo,
        }}
      />
    </Space>
  );
}
