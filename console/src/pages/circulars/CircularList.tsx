// 通报与通知: the received box (every unit), the sent box (officials and leaders: issued within
// the jurisdiction) and the notices (通知, one recipient each), each a page of the API's list.
import { Button, Card, Empty, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { Due, formatInstant } from '../../components/Due.js';
import { KIND_NAMES, NOTICE_STAGE_NAMES, STAGE_NAMES, type Circular, type Notice } from './names.js';

const PAGE_SIZE = 20;
type Box = 'received' | 'sent' | 'notices';

export default function CircularList() {
  const me = useUser();
  const issuer = hasRole(me, ['official', 'commission_leader']);
  const [params, setParams] = useSearchParams();
  const box = (params.get('box') as Box | null) ?? (issuer ? 'sent' : 'received');
  const page = Number(params.get('page') ?? 1);
  const stage = params.get('stage') ?? undefined;
  const go = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) merged.delete(k);
      else merged.set(k, v);
    }
    setParams(merged);
  };
  const tabs = [
    ...(issuer ? [{ key: 'sent', label: '发文（通报）' }] : []),
    { key: 'received', label: '收文（通报）' },
    { key: 'notices', label: '通知' },
  ];
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          通报与通知
        </Typography.Title>
      }
      extra={
        hasRole(me, ['official']) && (
          <Space>
            <Link to="new">
              <Button type="primary" icon={<PlusOutlined />}>
                起草通报
              </Button>
            </Link>
            <Link to="notices/new">
              <Button icon={<PlusOutlined />}>下发通知</Button>
            </Link>
          </Space>
        )
      }
    >
      <Tabs activeKey={box} items={tabs} onChange={(key) => go({ box: key, page: undefined, stage: undefined })} />
      {box === 'notices' ? (
        <NoticeTable page={page} stage={stage} go={go} />
      ) : (
        <CircularTable box={box} page={page} stage={stage} go={go} />
      )}
    </Card>
  );
}

type Go = (next: Record<string, string | undefined>) => void;

function CircularTable({ box, page, stage, go }: { box: 'sent' | 'received'; page: number; stage?: string; go: Go }) {
  const list = useQuery({
    queryKey: ['circulars', box, page, stage],
    queryFn: () =>
      unwrap(
        api.GET('/circulars', {
          params: { query: { box, page, pageSize: PAGE_SIZE, stage: stage as Circular['stage'] | undefined } },
        }),
      ),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        aria-label="按状态筛选"
        placeholder="全部状态"
        allowClear
        style={{ width: 200 }}
        value={stage}
        onChange={(v?: string) => go({ stage: v, page: undefined })}
        options={Object.entries(STAGE_NAMES).map(([value, s]) => ({ value, label: s.label }))}
      />
      <Table<Circular>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? messageOf(list.error) : box === 'sent' ? '暂无发出的通报' : '暂无收到的通报'}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 件`,
          onChange: (p) => go({ page: String(p) }),
        }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (title: string, c) => <Link to={c.id}>{title}</Link>,
          },
          { title: '类别', dataIndex: 'kind', width: 100, render: (k: Circular['kind']) => KIND_NAMES[k] },
          { title: '文号', dataIndex: 'number', width: 170, render: (n: string | null) => n ?? '—' },
          {
            title: '状态',
            dataIndex: 'stage',
            width: 120,
            render: (s: Circular['stage']) => <Tag color={STAGE_NAMES[s].color}>{STAGE_NAMES[s].label}</Tag>,
          },
          { title: '主送', dataIndex: 'recipientText', ellipsis: true },
          {
            title: '签收期限',
            dataIndex: 'receiptDueAt',
            width: 150,
            render: (at: string | null, c) => (at ? <Due at={at} done={c.stage === 'closed'} /> : '批准后计算'),
          },
          { title: '起草时间', dataIndex: 'createdAt', width: 150, render: formatInstant },
        ]}
      />
    </Space>
  );
}

function NoticeTable({ page, stage, go }: { page: number; stage?: string; go: Go }) {
  const list = useQuery({
    queryKey: ['notices', page, stage],
    queryFn: () =>
      unwrap(
        api.GET('/notices', {
          params: { query: { page, pageSize: PAGE_SIZE, stage: stage as Notice['stage'] | undefined } },
        }),
      ),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        aria-label="按状态筛选"
        placeholder="全部状态"
        allowClear
        style={{ width: 200 }}
        value={stage}
        onChange={(v?: string) => go({ stage: v, page: undefined })}
        options={Object.entries(NOTICE_STAGE_NAMES).map(([value, s]) => ({ value, label: s.label }))}
      />
      <Table<Notice>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty description={list.isError ? messageOf(list.error) : '暂无通知'} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 件`,
          onChange: (p) => go({ page: String(p) }),
        }}
        scroll={{ x: 900 }}
        columns={[
          { title: '标题', dataIndex: 'title', render: (t: string, n) => <Link to={`notices/${n.id}`}>{t}</Link> },
          { title: '文号', dataIndex: 'number', width: 170, render: (n: string | null) => n ?? '—' },
          {
            title: '状态',
            dataIndex: 'stage',
            width: 110,
            render: (s: Notice['stage']) => (
              <Tag color={NOTICE_STAGE_NAMES[s].color}>{NOTICE_STAGE_NAMES[s].label}</Tag>
            ),
          },
          {
            title: '签收',
            dataIndex: 'result',
            width: 200,
            render: (r: Notice['result']) => (r ? `${r.receivedBy}（${formatInstant(r.receivedAt)}）` : '—'),
          },
          {
            title: '签收期限',
            dataIndex: 'dueAt',
            width: 150,
            render: (at: string | null, n) => (at ? <Due at={at} done={n.stage === 'received'} /> : '—'),
          },
          { title: '下发时间', dataIndex: 'createdAt', width: 150, render: formatInstant },
        ]}
      />
    </Space>
  );
}
