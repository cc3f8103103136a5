// One unit's inspection: where it stands, its checklist (each item with the article behind it) with
// the unit's answers and the inspector's verdicts, evidence, findings and their rectification, the
// 整改通知书 in the page, and — when the signed-in user holds the open step's task — its form.
import { useState } from 'react';
import { Alert, Card, Descriptions, Empty, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd';
import { Basis } from '../../components/Basis.js';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { Due, formatInstant } from '../../components/Due.js';
import { useInspection, useInspectionTasks, type Inspection, type Task } from './data.js';
import { CitedFiles, EvidenceList, EvidenceProvider } from './Evidence.js';
import {
  ANSWER_COLORS,
  ANSWER_LABELS,
  FINDING_STATUS_LABELS,
  SEVERITY_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  STEP_LABELS,
  planPath,
  runPath,
  type Answer,
} from './labels.js';
import { RectificationTask, ReviewTask, SelfCheckTask, VerificationTask } from './TaskForms.js';

interface Verdict {
  itemKey: string;
  answer: Answer;
  note?: string;
  remark?: string;
  evidenceIds?: string[];
}

const STEP_INDEX = { self_check: 0, review: 1, rectifying: 2, closed: 4, cancelled: 0 } as const;

function Progress({ inspection }: { inspection: Inspection }) {
  const reported = inspection.findings.length > 0 && inspection.findings.every((f) => f.status !== 'open');
  const current = inspection.status === 'rectifying' && reported ? 3 : STEP_INDEX[inspection.status];
  return (
    <Steps
      size="small"
      current={current}
      status={inspection.status === 'cancelled' ? 'error' : inspection.status === 'closed' ? 'finish' : 'process'}
      items={[
        { title: '单位自查', content: inspection.selfCheckedByName ?? undefined },
        { title: '检查复核', content: inspection.reviewedByName ?? undefined },
        { title: '限期整改' },
        { title: '整改核验' },
        { title: '销号', content: inspection.closedAt ? formatInstant(inspection.closedAt) : undefined },
      ]}
    />
  );
}

function Checklist({ inspection }: { inspection: Inspection }) {
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={inspection.checklist}
      columns={[
        {
          title: '检查项',
          render: (_: unknown, item) => (
            <Space orientation="vertical" size={2}>
              <Typography.Text strong>{item.text}</Typography.Text>
              <Typography.Text type="secondary">{item.guidance}</Typography.Text>
            </Space>
          ),
        },
        {
          title: '依据',
          width: 130,
          render: (_: unknown, item) => (
            <Space orientation="vertical" size={2}>
              <Tag color="geekblue">
                <Basis text={item.article} />
              </Tag>
              {item.evidenceRequired && <Tag color="gold">须附佐证</Tag>}
            </Space>
          ),
        },
        {
          title: '单位自查',
          width: 220,
          render: (_: unknown, item) => {
            const a = item.selfCheck as Verdict | null;
            return a ? (
              <Space orientation="vertical" size={2}>
                <Tag color={ANSWER_COLORS[a.answer]}>{ANSWER_LABELS[a.answer]}</Tag>
                {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
                <CitedFiles ids={a.evidenceIds} />
              </Space>
            ) : (
              <Typography.Text type="secondary">未作答</Typography.Text>
            );
          },
        },
        {
          title: '复核结论',
          width: 180,
          render: (_: unknown, item) => {
            const v = item.review as Verdict | null;
            return v ? (
              <Space orientation="vertical" size={2}>
                <Tag color={ANSWER_COLORS[v.answer]}>{ANSWER_LABELS[v.answer]}</Tag>
                {v.remark && <Typography.Text type="secondary">{v.remark}</Typography.Text>}
              </Space>
            ) : (
              <Typography.Text type="secondary">未复核</Typography.Text>
            );
          },
        },
      ]}
    />
  );
}

function Findings({ inspection }: { inspection: Inspection }) {
  const itemText = (key: string) => inspection.checklist.find((i) => i.key === key)?.text ?? key;
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={inspection.findings}
      locale={{ emptyText: <Empty description="未发现问题" /> }}
      columns={[
        { title: '检查项', dataIndex: 'itemKey', render: itemText },
        {
          title: '严重程度',
          dataIndex: 'severity',
          render: (s: string) => <Tag color="red">{SEVERITY_LABELS[s] ?? s}</Tag>,
        },
        { title: '违反条款', dataIndex: 'article', render: (a: string) => <Basis text={a} /> },
        { title: '问题描述', dataIndex: 'description' },
        { title: '整改要求', dataIndex: 'requirement' },
        {
          title: '整改情况',
          render: (_: unknown, f) => {
            const report = f.report as { measures?: string; evidenceIds?: string[] } | null;
            const rejections = (f.rejections ?? []) as { reason: string; by: string }[];
            return (
              <Space orientation="vertical" size={2}>
                <Tag color={f.status === 'accepted' ? 'green' : f.status === 'reported' ? 'blue' : 'orange'}>
                  {FINDING_STATUS_LABELS[f.status] ?? f.status}
                </Tag>
                {report?.measures && <Typography.Text>{report.measures}</Typography.Text>}
                <CitedFiles ids={report?.evidenceIds} />
                {rejections.map((r, i) => (
                  <Typography.Text key={i} type="danger">
                    退回（{r.by}）：{r.reason}
                  </Typography.Text>
                ))}
              </Space>
            );
          },
        },
      ]}
    />
  );
}

function OpenTask({ inspection, task, onDone }: { inspection: Inspection; task: Task; onDone: () => void }) {
  switch (task.type) {
    case 'inspection_self_check':
      return <SelfCheckTask inspection={inspection} task={task} onDone={onDone} />;
    case 'inspection_review':
      return <ReviewTask inspection={inspection} task={task} onDone={onDone} />;
    case 'rectification_report':
      return <RectificationTask task={task} onDone={onDone} />;
    case 'rectification_verification':
      return <VerificationTask task={task} onDone={onDone} />;
    default:
      return null;
  }
}

export default function InspectionPage() {
  const { inspectionId = '' } = useParams();
  const supervisor = hasRole(useUser(), ['official', 'inspector', 'auditor', 'admin']);
  // After a step is submitted the workflow records it within moments: follow until it shows.
  const [followUntil, setFollowUntil] = useState(0);
  const inspection = useInspection(inspectionId, followUntil);
  const tasks = useInspectionTasks(inspectionId, inspection.data, followUntil);
  if (inspection.isPending) return <Skeleton active />;
  if (inspection.isError) return <Alert type="error" title={messageOf(inspection.error)} />;
  const i = inspection.data;
  const task = tasks.data?.[0];
  const canUpload = task?.type === 'inspection_self_check' || task?.type === 'rectification_report';
  return (
    <EvidenceProvider inspectionId={i.id} files={i.evidence}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Title level={3}>
          {i.unitName} · {i.planTitle}
        </Typography.Title>
        <Card size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="状态">
                <Tag color={STATUS_COLORS[i.status]}>{STATUS_LABELS[i.status]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="逾期">
                {i.overdue ? (
                  <Tag color="red">
                    {i.overdueStep ? STEP_LABELS[i.overdueStep] : ''}逾期{i.overdueDays ? ` ${i.overdueDays} 天` : ''}
                    {i.overdueResolvedAt ? '（已办结）' : ''}
                  </Tag>
                ) : (
                  '否'
                )}
              </Descriptions.Item>
              <Descriptions.Item label="整改期限">
                {i.rectificationDueAt ? <Due at={i.rectificationDueAt} done={i.status === 'closed'} /> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="检查计划">
                {supervisor ? (
                  <>
                    <Link to={planPath(i.planId)}>{i.planTitle}</Link>
                    {' · '}
                    <Link to={runPath(i.planId, i.runId)}>本次检查进度</Link>
                  </>
                ) : (
                  i.planTitle
                )}
              </Descriptions.Item>
            </Descriptions>
            <Progress inspection={i} />
          </Space>
        </Card>
        {task ? (
          <OpenTask
            key={task.id}
            inspection={i}
            task={task}
            onDone={() => {
              setFollowUntil(Date.now() + 20_000);
              void inspection.refetch();
              void tasks.refetch();
            }}
          />
        ) : (
          !tasks.isPending &&
          i.status !== 'closed' && (
            <Alert type="info" title={`当前环节：${STATUS_LABELS[i.status]}，您没有待办理的任务。`} />
          )
        )}
        {i.noticeDocumentId && (
          <Card title={`整改通知书 ${i.noticeNumber ?? ''}`} size="small" data-testid="rectification-notice">
            <DocumentView id={i.noticeDocumentId} number={i.noticeNumber} height={560} />
          </Card>
        )}
        {i.findings.length > 0 && (
          <Card title="发现的问题与整改" size="small">
            <Findings inspection={i} />
          </Card>
        )}
        {/* The self-check and review forms show the checklist themselves. */}
        {task?.type !== 'inspection_self_check' && task?.type !== 'inspection_review' && (
          <Card title="检查表" size="small">
            <Checklist inspection={i} />
          </Card>
        )}
        <Card title="佐证材料" size="small">
          <EvidenceList canUpload={canUpload} />
        </Card>
      </Space>
    </EvidenceProvider>
  );
}
