// One alert: the numbered PDF every recipient reads, the measures, and the receipt table (who signed,
// who replied, who is overdue or was reminded). The issuing jurisdiction can remind the unanswered;
// a recipient unit signs and replies here from its own tasks.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { Due, formatInstant } from '../../components/Due.js';
import { PageFrame, useUnitNames } from '../incidents/common.js';
import { TaskCard, useProcessTasks } from '../incidents/IncidentTasks.js';
import { ALERT_STATUS_NAMES, RECIPIENT_STATE_NAMES, REPLY_NAMES, type RecipientState } from '../incidents/labels.js';
import { Basis } from '../../components/Basis.js';

type Recipient = components['schemas']['IncidentAlertRecipient'];

export default function AlertDetail() {
  const { id = '' } = useParams();
  const me = useUser();
  const units = useUnitNames();
  const client = useQueryClient();
  const [remindError, setRemindError] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: ['alerts', id],
    queryFn: () => unwrap(api.GET('/incident-alerts/{id}', { params: { path: { id } } })),
    // Numbering and distribution run in the background: look again until the alert is open.
    refetchInterval: (q) => (q.state.data && ['issuing', 'distributing'].includes(q.state.data.status) ? 2000 : false),
  });
  const tasks = useProcessTasks(id);
  const remind = useMutation({
    mutationFn: () => unwrap(api.POST('/incident-alerts/{id}/remind', { params: { path: { id } } })),
    onSuccess: async (r) => {
      setRemindError(null);
      void message.success(`已提醒 ${r.reminded} 个单位`);
      await client.invalidateQueries({ queryKey: ['alerts'] });
    },
    onError: (e) => setRemindError(messageOf(e)),
  });
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <Alert type="error" title={messageOf(detail.error)} />;
  const a = detail.data;
  // Recipients are institutions, so an official who can see the issuing unit is on the issuing side.
  const issuer = hasRole(me, ['official']) && units.has(a.issuingUnitId);
  return (
    <PageFrame
      title={
        <Space wrap>
          {a.title}
          <Tag color={a.status === 'closed' ? 'green' : 'blue'}>{ALERT_STATUS_NAMES[a.status]}</Tag>
        </Space>
      }
      extra={<Link to={`/app/incidents/${a.incidentId}`}>查看所涉事件</Link>}
    >
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'number', label: '文号', children: a.number ?? '编号中' },
            { key: 'issuer', label: '发布单位', children: units.get(a.issuingUnitId) ?? '上级卫生健康委' },
            { key: 'at', label: '发布时间', children: formatInstant(a.createdAt) },
            {
              key: 'due',
              label: '签收并回复期限',
              children: a.replyDueAt ? <Due at={a.replyDueAt} done={a.status === 'closed'} /> : '—',
            },
          ]}
        />
        <Typography.Title level={5}>须采取的防范措施</Typography.Title>
        <ol>
          {a.measures.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ol>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Basis text="依据：000 第三十一条（建立网络与信息安全事件应急响应机制）。" />
        </Typography.Text>
      </Card>

      {(tasks.data ?? []).map((t) => (
        <TaskCard key={t.id} task={t} defaultName={me.realName} onDone={() => void detail.refetch()} />
      ))}

      <Card title="签收与回复" size="small">
        <Space wrap size="large" style={{ marginBottom: 12 }}>
          <Statistic title="通报单位" value={a.counts.recipients} />
          <Statistic title="已签收" value={a.counts.acknowledged} />
          <Statistic title="已回复" value={a.counts.replied} />
          <Statistic title="未回复" value={a.counts.unanswered} />
          <Statistic
            title="逾期"
            value={a.counts.overdue}
            styles={{ content: { color: a.counts.overdue ? '#cf1322' : undefined } }}
          />
          {issuer && (
            <Button
              onClick={() => remind.mutate()}
              loading={remind.isPending}
              disabled={a.counts.unanswered === 0 || a.status !== 'open'}
            >
              提醒未回复的单位
            </Button>
          )}
        </Space>
        {remindError && <Alert type="error" title={remindError} style={{ marginBottom: 12 }} />}
        <Table<Recipient>
          rowKey="unitId"
          size="small"
          dataSource={a.receipts}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个单位` }}
          locale={{ emptyText: <Empty description={a.status === 'open' ? '没有通报单位' : '正在分发'} /> }}
          columns={[
            { title: '单位', dataIndex: 'unitName' },
            {
              title: '状态',
              dataIndex: 'state',
              width: 150,
              render: (s: RecipientState, r) => (
                <Space size={4}>
                  <Tag color={s === 'replied' ? 'green' : s === 'acknowledged' ? 'blue' : 'default'}>
                    {RECIPIENT_STATE_NAMES[s]}
                  </Tag>
                  {r.overdue && <Tag color="red">逾期</Tag>}
                </Space>
              ),
            },
            {
              title: '签收',
              dataIndex: 'acknowledgedAt',
              render: (at: string | null, r) => (at ? `${r.acknowledgedBy ?? ''} ${formatInstant(at)}` : '—'),
            },
            {
              title: '自查结论',
              dataIndex: 'replyResult',
              render: (x: Recipient['replyResult']) => (x ? REPLY_NAMES[x] : '—'),
            },
            {
              title: '提醒',
              dataIndex: 'remindedAt',
              width: 150,
              render: (at: string | null) => (at ? formatInstant(at) : '—'),
            },
          ]}
        />
      </Card>

      <Card title="通报文书" size="small">
        {a.documentId ? (
          <DocumentView id={a.documentId} number={a.number} height={480} />
        ) : (
          <Empty description="文书正在生成" />
        )}
      </Card>
    </PageFrame>
  );
}
