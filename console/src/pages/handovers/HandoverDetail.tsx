// One handover: its stage, parties and due date, the open steps (each linked to the page that does
// it), the timeline of who did what when, the transfer list with its verdicts, both signatures
// and the archived 移交清单 document.
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../api/errors.js';
import { Due, formatInstant } from '../../components/Due.js';
import { DocumentView } from '../../components/DocumentView.js';
import { ROLE_NAMES, useUser, type Role } from '../../auth/session.js';
import {
  EVENT_LABELS,
  PARTY_LABELS,
  REASON_LABELS,
  STAGES,
  STATUS_COLORS,
  STATUS_LABELS,
  STEP_LABELS,
  TASK_LABELS,
  type Handover,
} from './labels.js';
import { asItems, hasEnded, isMine, useHandover, type OpenTask } from './queries.js';
import { TransferTable, type ItemResult } from './TransferTable.js';
import { HandoverActions } from './HandoverActions.js';
import { Basis } from '../../components/Basis.js';

/** The page that does an open step, for the one it is addressed to. */
function stepLink(h: Handover, t: OpenTask): string {
  if (t.type === 'handover_transfer_list') return `/app/handovers/${h.id}/draft`;
  if (t.type === 'handover_verification') return `/app/handovers/${h.id}/verify/${t.id}`;
  if (t.type === 'handover_signature') return `/app/handovers/${h.id}/sign/${t.id}`;
  return `/app/inbox/tasks/${t.id}`;
}

const ACTION_LABELS: Record<string, string> = {
  handover_transfer_list: '编辑移交清单',
  handover_verification: '逐项核验',
  handover_signature: '阅读并签署',
};

function eventDetail(step: string, detail: unknown): string {
  const d = (detail ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (step === 'started' && typeof d.prefilledItems === 'number')
    parts.push(`按数据资源目录预填 ${d.prefilledItems} 项`);
  if (typeof d.items === 'number') parts.push(`共 ${d.items} 项`);
  if (typeof d.discrepancies === 'number' && d.discrepancies > 0) parts.push(`${d.discrepancies} 项有差异`);
  if (typeof d.listHash === 'string') parts.push(`清单摘要 ${d.listHash.slice(0, 16)}…`);
  if (typeof d.number === 'string') parts.push(`文号 ${d.number}`);
  if (typeof d.holdingsMoved === 'number') parts.push(`${d.holdingsMoved} 项登记转至接收单位`);
  if (typeof d.dueAt === 'string') parts.push(`新期限 ${formatInstant(d.dueAt)}`);
  if (typeof d.reason === 'string' && step !== 'started') parts.push(`理由：${d.reason}`);
  if (typeof d.remark === 'string') parts.push(`意见：${d.remark}`);
  return parts.join('；');
}

const BAD_EVENTS = new Set(['cancelled', 'overdue', 'verification_discrepant']);

function currentStage(h: Handover): number {
  if (h.status === 'archived') return STAGES.length - 1;
  const i = STAGES.findIndex((s) => s.step === (h.currentStep === 'archiving' ? 'archived' : h.currentStep));
  return i < 0 ? 0 : i;
}

export default function HandoverDetail() {
  const { id = '' } = useParams();
  const me = useUser();
  const query = useHandover(id);
  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <Alert type="error" title={messageOf(query.error)} />;
  const h = query.data;
  const unit = (uid: number) => h.units[String(uid)] ?? `单位 ${uid}`;
  const closed = hasEnded(h);
  const mine = h.openTasks.filter((t) => isMine(me, t));
  const confirmation = mine.find((t) => t.type === 'handover_confirmation');
  const supervising = me.roles.includes('official') && me.unitId === h.supervisingUnitId;
  const latest = h.rounds.at(-1);
  const listItems = latest ? asItems(latest.items) : asItems(h.draft);
  const transferDoc = h.documents.find((d) => d.id === h.documentId) ?? h.documents[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              移交：{unit(h.handingUnitId)} → {unit(h.receivingUnitId)}
            </Typography.Title>
            <Tag color={STATUS_COLORS[h.status]}>{STATUS_LABELS[h.status]}</Tag>
          </Space>
        }
        extra={<HandoverActions handover={h} supervising={supervising} confirmation={confirmation} />}
      >
        <Steps
          size="small"
          current={currentStage(h)}
          status={h.status === 'cancelled' ? 'error' : h.status === 'archived' ? 'finish' : 'process'}
          items={STAGES.map((s) => ({ title: s.title }))}
          style={{ marginBottom: 16 }}
        />
        {h.status === 'cancelled' && (
          <Alert type="warning" title={`已取消：${h.cancelReason ?? ''}`} style={{ marginBottom: 16 }} />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
        >
          <Descriptions.Item label="移交单位">{unit(h.handingUnitId)}</Descriptions.Item>
          <Descriptions.Item label="接收单位">{unit(h.receivingUnitId)}</Descriptions.Item>
          <Descriptions.Item label="监督部门">{unit(h.supervisingUnitId)}</Descriptions.Item>
          <Descriptions.Item label="移交原因">
            {REASON_LABELS[h.reason]}
            {h.reasonDetail && `：${h.reasonDetail}`}
          </Descriptions.Item>
          <Descriptions.Item label="当前步骤">
            {STEP_LABELS[h.currentStep] ?? h.currentStep}
            {h.round > 1 && `（第 ${h.round} 轮）`}
          </Descriptions.Item>
          <Descriptions.Item label="期限">
            <Due at={h.dueAt} done={closed} />
          </Descriptions.Item>
          <Descriptions.Item label="发起时间">{formatInstant(h.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="结束时间">{h.closedAt ? formatInstant(h.closedAt) : '—'}</Descriptions.Item>
          <Descriptions.Item label="依据">
            <Basis text="000 第十九条；001 第十二条；003 第十四条、第三十一条" />
          </Descriptions.Item>
          <Descriptions.Item label="清单摘要（SHA-256）" span="filled">
            {h.listHash ? (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="list-hash">
                {h.listHash}
              </Typography.Text>
            ) : (
              '尚未提交移交清单'
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {!closed && (
        <Card title="待办步骤">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={h.openTasks}
            locale={{ emptyText: <Empty description="当前没有待办步骤（流程正在处理）" /> }}
            columns={[
              { title: '步骤', dataIndex: 'type', render: (t: string, row) => TASK_LABELS[t] ?? row.title },
              {
                title: '办理人',
                render: (_, t) => {
                  const role = t.assigneeRole ? ` · ${ROLE_NAMES[t.assigneeRole as Role] ?? t.assigneeRole}` : '';
                  return `${unit(t.assigneeUnitId)}${role}`;
                },
              },
              { title: '期限', dataIndex: 'dueAt', render: (at: string) => <Due at={at} /> },
              {
                title: '办理',
                render: (_, t) =>
                  isMine(me, t) && t.type !== 'handover_confirmation' ? (
                    <Link to={stepLink(h, t)}>
                      <Button type="primary" size="small">
                        {ACTION_LABELS[t.type] ?? '去办理'}
                      </Button>
                    </Link>
                  ) : isMine(me, t) ? (
                    '见右上角“确认并归档”'
                  ) : (
                    <Typography.Text type="secondary">待对方办理</Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
      )}

      <Card title="时间线">
        <Timeline
          items={h.timeline.map((e, i) => ({
            key: i,
            color: BAD_EVENTS.has(e.step) ? 'red' : e.step === 'archived' ? 'green' : 'blue',
            content: (
              <div>
                <Space wrap size={8}>
                  <Typography.Text strong>{EVENT_LABELS[e.step] ?? e.step}</Typography.Text>
                  {e.round ? <Typography.Text type="secondary">第 {e.round} 轮</Typography.Text> : null}
                  <Typography.Text type="secondary">{formatInstant(e.at)}</Typography.Text>
                </Space>
                <div>
                  {e.actorName ?? '系统'}
                  {e.actorUnitId ? ` · ${unit(e.actorUnitId)}` : ''}
                </div>
                {eventDetail(e.step, e.detail) && (
                  <Typography.Text type="secondary">{eventDetail(e.step, e.detail)}</Typography.Text>
                )}
              </div>
            ),
          }))}
        />
      </Card>

      <Card
        title={
          latest
            ? `移交清单（第 ${latest.round} 轮，${latest.submittedByName} 提交于 ${formatInstant(latest.submittedAt)}）`
            : '移交清单草稿'
        }
        extra={
          latest?.verifiedByName && (
            <Typography.Text type="secondary">
              {latest.verifiedByName} 核验于 {formatInstant(latest.verifiedAt!)}
            </Typography.Text>
          )
        }
      >
        {listItems.length ? (
          <TransferTable items={listItems} results={(latest?.results as ItemResult[] | null) ?? undefined} />
        ) : (
          <Empty description="清单中还没有条目" />
        )}
      </Card>

      <Card title="签署">
        <Descriptions bordered size="small" column={1}>
          {(['handing', 'receiving'] as const).map((party) => {
            const s = h.signatures.find((x) => x.party === party);
            return (
              <Descriptions.Item key={party} label={`${PARTY_LABELS[party]}负责人`}>
                {s ? (
                  <Space wrap>
                    <Tag color="green">已签署</Tag>
                    {s.signerName}（{unit(s.unitId)}）于 {formatInstant(s.signedAt)}
                    <Typography.Text type="secondary">签署摘要 {s.listHash.slice(0, 16)}…</Typography.Text>
                  </Space>
                ) : (
                  <Tag>未签署</Tag>
                )}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      </Card>

      <Card title="文书">
        {transferDoc ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{transferDoc.title}</Typography.Text>
            <DocumentView id={transferDoc.id} number={transferDoc.number} />
          </Space>
        ) : (
          <Empty description="归档后在此出具编号的移交清单（PDF）" />
        )}
      </Card>
    </Space>
  );
}
