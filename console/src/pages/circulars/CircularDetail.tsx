// One circular: what it says, where it stands, the task the signed-in user has on it (approve,
// revise, sign, reply, deal with laggards), the PDF every recipient reads and, for the sending
// side, the live receipt table (who signed, who first read it, who replied, who is late) with a
// reminder by hand. A recipient unit sees its own row only, and opening the page counts as read.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Result,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { Due, formatInstant } from '../../components/Due.js';
import { Attachment } from './Attachment.js';
import { KIND_NAMES, RECEIPT_NAMES, STAGE_NAMES, type CircularDetail as Detail, type Receipt } from './names.js';
import { useOpenTask } from './tasks.js';
import { ApprovalPanel, EscalationPanel, ReceiptPanel, ReplyPanel, RevisionPanel } from './TaskPanels.js';
import { Basis } from '../../components/Basis.js';

const MOVING: Detail['stage'][] = ['awaiting_approval', 'issuing', 'distributed'];

export default function CircularDetail() {
  const { id = '' } = useParams();
  const key = ['circular', id] as const;
  const circular = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/circulars/{id}', { params: { path: { id } } })),
    // The receipt table is live while the circular is on its way.
    refetchInterval: (q) => (q.state.data && MOVING.includes(q.state.data.stage) ? 4000 : false),
  });
  if (circular.isPending) return <Skeleton active />;
  if (circular.isError)
    return (
      <Result
        status={circular.error instanceof ApiError && circular.error.status === 404 ? '404' : 'error'}
        title={messageOf(circular.error)}
        extra={<Link to="/app/circulars">返回通报列表</Link>}
      />
    );
  return <Loaded c={circular.data} refresh={key} />;
}

function Loaded({ c, refresh }: { c: Detail; refresh: readonly unknown[] }) {
  const me = useUser();
  const official = hasRole(me, ['official']);
  const recipient = c.receipts.some((r) => r.unitId === me.unitId);
  const unitSide = hasRole(me, ['unit_staff', 'unit_leader']) && recipient;
  const out = c.stage === 'distributed' || c.stage === 'closed';
  const approval = useOpenTask(
    c.id,
    'circular_approval',
    hasRole(me, ['commission_leader']) && c.stage === 'awaiting_approval',
  );
  const revision = useOpenTask(c.id, 'circular_revision', official && c.stage === 'returned');
  const receipt = useOpenTask(c.id, 'circular_receipt', unitSide && c.stage === 'distributed');
  const reply = useOpenTask(c.id, 'circular_reply', unitSide && c.stage === 'distributed' && c.replyRequired);
  const escalation = useOpenTask(c.id, 'circular_escalation', official && c.stage === 'distributed');
  const stage = STAGE_NAMES[c.stage];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {c.title}
            </Typography.Title>
            <Tag>{KIND_NAMES[c.kind]}</Tag>
            <Tag color={stage.color} data-testid="circular-stage">
              {stage.label}
            </Tag>
          </Space>
        }
        extra={<Link to="/app/circulars">返回列表</Link>}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          bordered
          styles={{ label: { whiteSpace: 'nowrap' } }}
        >
          <Descriptions.Item label="文号">{c.number ?? '批准后编号'}</Descriptions.Item>
          <Descriptions.Item label="主送">{c.recipientText}</Descriptions.Item>
          <Descriptions.Item label="主送单位数">{c.recipientCount}</Descriptions.Item>
          <Descriptions.Item label="签收期限">
            {c.receiptDueAt ? <Due at={c.receiptDueAt} done={c.stage === 'closed'} /> : '批准后计算'}
          </Descriptions.Item>
          <Descriptions.Item label="书面回复">
            {c.replyRequired ? (
              c.replyDueAt ? (
                <Due at={c.replyDueAt} done={c.stage === 'closed'} />
              ) : (
                '要求（批准后计算期限）'
              )
            ) : (
              '不要求'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="审批">
            {c.approvedAt ? `${formatInstant(c.approvedAt)} 批准` : `第 ${c.round} 轮审批`}
          </Descriptions.Item>
          <Descriptions.Item label="依据">
            <Basis text="000 第三十五条；001 第二十一条（通报制度）" />
          </Descriptions.Item>
          <Descriptions.Item label="起草时间">{formatInstant(c.createdAt)}</Descriptions.Item>
        </Descriptions>
        {c.returnComment && (
          <Alert type="warning" showIcon style={{ marginTop: 12 }} title={`退回意见：${c.returnComment}`} />
        )}
      </Card>

      {approval.data && <ApprovalPanel task={approval.data} refresh={refresh} />}
      {revision.data && (
        <RevisionPanel task={revision.data} refresh={refresh} title={c.title} paragraphs={c.paragraphs} />
      )}
      {receipt.data && <ReceiptPanel task={receipt.data} refresh={refresh} />}
      {reply.data && <ReplyPanel task={reply.data} refresh={refresh} />}
      {escalation.data && <EscalationPanel task={escalation.data} refresh={refresh} />}

      {(!out || !c.documentId) && (
        <Card size="small" title="正文">
          {c.paragraphs.map((p, i) => (
            <Typography.Paragraph key={i} style={{ textIndent: '2em' }}>
              {p}
            </Typography.Paragraph>
          ))}
        </Card>
      )}
      {c.attachmentIds.length > 0 && (
        <Card size="small" title="附件">
          {c.attachmentIds.map((a, i) => (
            <Attachment key={a} id={a} index={i} />
          ))}
        </Card>
      )}
      {(out || c.kind === 'notice') && (
        <ReceiptTable
          c={c}
          own={recipient}
          mayRemind={official && !recipient && c.stage === 'distributed'}
          refresh={refresh}
        />
      )}
      {c.documentId && (
        <Card size="small" title="公文">
          <DocumentView id={c.documentId} number={c.number} />
        </Card>
      )}
    </Space>
  );
}

function ReceiptTable({
  c,
  own,
  mayRemind,
  refresh,
}: {
  c: Detail;
  /** A recipient unit's view: its own row, no totals. */
  own: boolean;
  mayRemind: boolean;
  refresh: readonly unknown[];
}) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const remind = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/circulars/{id}/reminders', {
          params: { path: { id: c.id } },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: async (r) => {
      message.success(`已催办 ${r.reminded} 个单位`);
      await client.invalidateQueries({ queryKey: refresh });
    },
    onError: (e) => void message.error(messageOf(e)),
  });
  const n = c.counts;
  return (
    <Card
      size="small"
      title={own ? '本单位签收情况' : '签收情况'}
      extra={
        mayRemind && (
          <Button icon={<BellOutlined />} onClick={() => remind.mutate()} loading={remind.isPending}>
            催办未办结单位
          </Button>
        )
      }
    >
      {!own && (
        <Space size="large" wrap style={{ marginBottom: 12 }} data-testid="receipt-counts">
          <Statistic title="主送单位" value={n.recipients} />
          <Statistic title="已签收" value={n.received} />
          <Statistic title="已阅读" value={n.read} />
          {c.replyRequired && <Statistic title="已回复" value={n.replied} />}
          <Statistic
            title="逾期"
            value={n.overdue}
            styles={{ content: n.overdue ? { color: '#cf1322' } : undefined }}
          />
          <Statistic title="已催办" value={n.reminded} />
        </Space>
      )}
      <Table<Receipt>
        rowKey="unitId"
        size="small"
        dataSource={c.receipts}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个单位` }}
        locale={{ emptyText: <Empty description="暂无主送单位" /> }}
        scroll={{ x: 900 }}
        data-testid="receipt-table"
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          {
            title: '状态',
            dataIndex: 'state',
            width: 90,
            render: (s: Receipt['state']) => <Tag color={RECEIPT_NAMES[s].color}>{RECEIPT_NAMES[s].label}</Tag>,
          },
          {
            title: '签收',
            key: 'received',
            render: (_, r) => (r.receivedAt ? `${r.receivedBy ?? ''}（${formatInstant(r.receivedAt)}）` : '—'),
          },
          {
            title: '首次阅读',
            key: 'read',
            render: (_, r) => (r.readAt ? `${r.readBy ?? ''}（${formatInstant(r.readAt)}）` : '未读'),
          },
          ...(c.replyRequired
            ? [
                {
                  title: '回复',
                  key: 'reply',
                  render: (_: unknown, r: Receipt) =>
                    r.repliedAt ? (
                      <Space orientation="vertical" size={0}>
                        <span>{`${r.repliedBy ?? ''}（${formatInstant(r.repliedAt)}）`}</span>
                        <Typography.Text type="secondary">{r.reply}</Typography.Text>
                      </Space>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
          {
            title: '催办',
            dataIndex: 'remindedAt',
            width: 150,
            render: (at: string | null) => (at ? formatInstant(at) : '—'),
          },
        ]}
      />
    </Card>
  );
}
