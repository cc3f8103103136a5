// The steps of a case where they belong, on the case's page: 调查核实 (the supervising officials),
// 陈述申辩 (the party, POST …/statement), 决定 (the leader, POST …/decision), and the measure's own
// steps (签收, 整改报告, 整改核验) through POST /tasks/{id}/complete. The API's field errors land on
// the fields they name.
import { useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { Due } from '../../components/Due.js';
import { placeFieldErrors, type NamePath } from '../../forms/field-errors.js';
import {
  DECISION_NAMES,
  MEASURE_BASIS,
  MEASURE_NAMES,
  SEVERITY_NAMES,
  STATEMENT_NAMES,
  type CaseDetail,
  type Decision,
} from './names.js';
import { Basis, citeText, useRegulations } from '../../components/Basis.js';

export type OpenTask = CaseDetail['openTasks'][number];

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** API paths ("reasons.0", "responsiblePerson.name", "meeting.place") as the forms here name them. */
const formName = (p: NamePath): NamePath => {
  if (p[0] === 'responsiblePerson') return [p[1] === 'position' ? 'position' : 'name'];
  if (p[0] === 'meeting') return [p[1] === 'time' ? 'meetingTime' : p[1] === 'place' ? 'place' : 'attendees'];
  if (p[0] === 'rectification') return ['requirements'];
  return [p[0]!];
};

function StepCard({
  title,
  dueAt,
  testId,
  children,
}: {
  title: string;
  dueAt?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Card
      size="small"
      title={title}
      extra={dueAt && <Due at={dueAt} />}
      style={{ borderColor: '#b8232f' }}
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

/** A form whose submission is one API call; refreshes the case and the task lists afterwards. */
function useStep<V extends object>(
  caseId: number,
  done: string,
  call: (input: Record<string, unknown>) => Promise<unknown>,
) {
  const [form] = Form.useForm<V>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string>();
  const mutation = useMutation({
    mutationFn: call,
    onSuccess: async () => {
      message.success(done);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['case', caseId] }),
        client.invalidateQueries({ queryKey: ['cases'] }),
        client.invalidateQueries({ queryKey: ['tasks'] }),
      ]);
    },
    onError: (e) =>
      setFailure(placeFieldErrors(form, e, formName).allPlaced ? '请按提示修改标红的字段。' : messageOf(e)),
  });
  const submit = (input: Record<string, unknown>) => {
    setFailure(undefined);
    mutation.mutate(input);
  };
  const alert = failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />;
  return { form, submit, alert, pending: mutation.isPending };
}

const completeTask = (id: string) => (input: Record<string, unknown>) =>
  unwrap(api.POST('/tasks/{id}/complete', { params: { path: { id } }, body: { input } }));

const MEASURE_OPTIONS = Object.entries(MEASURE_NAMES).map(([value, label]) => ({ value, label }));
const ARTICLES = ['000 第三十五条', '000 第十五条', '000 第三十一条', '001 第二十二条', '003 第三十六条'];

interface InvestigationValues {
  facts: string;
  articles: string[];
  severity: 'minor' | 'serious' | 'grave';
  name?: string;
  position?: string;
  proposedMeasure: string;
  reasons: string;
  evidenceIds?: string[];
}

export function InvestigationPanel({ kase, task }: { kase: CaseDetail; task: OpenTask }) {
  const step = useStep<InvestigationValues>(kase.id, '调查结果已提交，进入陈述申辩', completeTask(task.id));
  const regulations = useRegulations();
  // Chosen by title; the value kept and searched is the short form the API stores.
  const articleOptions = ARTICLES.map((a) => ({ value: a, label: citeText(a, regulations) }));
  return (
    <StepCard title="调查核实" dueAt={task.dueAt} testId="step-investigation">
      <Typography.Paragraph type="secondary">
        <Basis
          text={`核实违规事实，写明所违反的条款、情节轻重和拟采取的措施（${MEASURE_BASIS}）。提交后通知被追究单位陈述申辩。`}
        />
      </Typography.Paragraph>
      {step.alert}
      <Form<InvestigationValues>
        form={step.form}
        layout="vertical"
        initialValues={{
          facts: kase.facts.join('\n'),
          articles: ['000 第三十五条'],
          severity: 'minor',
          name: kase.responsiblePerson?.name,
          position: kase.responsiblePerson?.position ?? undefined,
          evidenceIds: kase.evidenceIds,
        }}
        onFinish={(v) =>
          step.submit({
            facts: lines(v.facts),
            articles: v.articles,
            severity: v.severity,
            proposedMeasure: v.proposedMeasure,
            reasons: lines(v.reasons),
            ...(v.evidenceIds?.length ? { evidenceIds: v.evidenceIds } : {}),
            ...(v.name?.trim()
              ? {
                  responsiblePerson: {
                    name: v.name.trim(),
                    ...(v.position?.trim() ? { position: v.position.trim() } : {}),
                  },
                }
              : {}),
          })
        }
      >
        <Form.Item name="facts" label="查明的事实（每行一条）" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} />
        </Form.Item>
        <Form.Item name="articles" label="所违反的条款" rules={[{ required: true, message: '请至少写明一条' }]}>
          <Select mode="tags" options={articleOptions} placeholder="如 000 第三十五条，可自行输入" />
        </Form.Item>
        <Form.Item name="severity" label="情节">
          <Radio.Group options={Object.entries(SEVERITY_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="name" label="责任人姓名">
            <Input maxLength={50} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="position" label="责任人职务">
            <Input maxLength={100} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="proposedMeasure"
          label="拟采取的措施（由轻到重）"
          rules={[{ required: true, message: '请选择措施' }]}
        >
          <Select options={MEASURE_OPTIONS} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Form.Item
          name="reasons"
          label="理由（每行一条）"
          rules={[{ required: true, whitespace: true, message: '请写明理由' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Form.Item name="evidenceIds" label="证据文件编号（可选）">
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={step.pending}>
          提交调查结果
        </Button>
      </Form>
    </StepCard>
  );
}

export function StatementPanel({ kase, task }: { kase: CaseDetail; task: OpenTask }) {
  const step = useStep<{ waived: boolean; text?: string }>(kase.id, '陈述申辩已提交', (body) =>
    unwrap(
      api.POST('/accountability-cases/{id}/statement', {
        params: { path: { id: kase.id } },
        body: body as { waived: boolean; text?: string },
      }),
    ),
  );
  const waived = Form.useWatch('waived', step.form);
  return (
    <StepCard title="陈述申辩" dueAt={task.dueAt} testId="step-statement">
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label="查明的事实">
          {kase.facts.map((f, i) => (
            <div key={i}>{f}</div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label="违反条款">
          {kase.articles.length ? <Basis text={kase.articles.join('；')} /> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="拟采取的措施">
          {kase.proposedMeasure ? MEASURE_NAMES[kase.proposedMeasure] : '—'}
          {kase.severityName ? `（${kase.severityName}）` : ''}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">期满未陈述申辩的，视为放弃。</Typography.Paragraph>
      {step.alert}
      <Form
        form={step.form}
        layout="vertical"
        initialValues={{ waived: false }}
        onFinish={(v) => step.submit(v.waived ? { waived: true } : { waived: false, text: v.text?.trim() })}
      >
        <Form.Item name="waived" label="是否陈述申辩">
          <Radio.Group
            options={[
              { value: false, label: '陈述申辩' },
              { value: true, label: '放弃陈述申辩' },
            ]}
          />
        </Form.Item>
        {!waived && (
          <Form.Item
            name="text"
            label="陈述申辩内容"
            rules={[{ required: true, whitespace: true, message: '请填写陈述申辩的内容，或选择放弃' }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={5000} showCount />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={step.pending}>
          提交
        </Button>
      </Form>
    </StepCard>
  );
}

interface DecisionValues {
  decision: Decision;
  reasons: string;
  statementAdopted?: boolean;
  statementResponse?: string;
  requirements?: string;
  meetingTime?: Dayjs;
  place?: string;
  attendees?: string;
  addressee?: string;
}

export function DecisionPanel({ kase, task }: { kase: CaseDetail; task: OpenTask }) {
  const step = useStep<DecisionValues>(kase.id, '决定已作出', (body) =>
    unwrap(
      api.POST('/accountability-cases/{id}/decision', {
        params: { path: { id: kase.id } },
        body: body as { decision: Decision; reasons: string[] },
      }),
    ),
  );
  const decision = Form.useWatch('decision', step.form);
  const stated = kase.statement.outcome === 'stated';
  const proposed = kase.proposedMeasure;
  return (
    <StepCard title="作出决定" dueAt={task.dueAt} testId="step-decision">
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label="拟采取的措施">
          {proposed ? MEASURE_NAMES[proposed] : '—'}
          {kase.severityName ? `（${kase.severityName}）` : ''}
          {kase.proposalReasons.length ? `：${kase.proposalReasons.join('；')}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="陈述申辩">
          {kase.statement.outcome ? STATEMENT_NAMES[kase.statement.outcome] : '—'}
          {kase.statement.text ? `：${kase.statement.text}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="一年内其他案件">
          {kase.repeatOffences.count ? `${kase.repeatOffences.count} 件（屡次违规可从重）` : '无'}
        </Descriptions.Item>
        <Descriptions.Item label="依据">
          <Basis text={MEASURE_BASIS} />
        </Descriptions.Item>
      </Descriptions>
      {step.alert}
      <Form<DecisionValues>
        form={step.form}
        layout="vertical"
        initialValues={{ decision: proposed ?? undefined }}
        onFinish={(v) =>
          step.submit({
            decision: v.decision,
            reasons: lines(v.reasons),
            ...(stated ? { statementAdopted: v.statementAdopted, statementResponse: v.statementResponse?.trim() } : {}),
            ...(v.decision === 'supervised_rectification'
              ? { rectification: { requirements: lines(v.requirements) } }
              : {}),
            ...(v.decision === 'talk' || v.decision === 'admonition'
              ? { meeting: { time: v.meetingTime?.format(), place: v.place?.trim(), attendees: v.attendees?.trim() } }
              : {}),
            ...(v.decision === 'sanction_proposal' || v.decision === 'transfer'
              ? { addressee: v.addressee?.trim() }
              : {}),
          })
        }
      >
        <Form.Item name="decision" label="决定" rules={[{ required: true, message: '请选择决定' }]}>
          <Select
            style={{ maxWidth: 320 }}
            options={Object.entries(DECISION_NAMES).map(([value, label]) => ({
              value,
              label: value === proposed ? `${label}（拟）` : label,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reasons"
          label="理由（每行一条）"
          rules={[{ required: true, whitespace: true, message: '请写明理由' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        {stated && (
          <>
            <Form.Item
              name="statementAdopted"
              label="是否采纳陈述申辩"
              rules={[{ required: true, message: '单位已陈述申辩，须说明是否采纳' }]}
            >
              <Radio.Group
                options={[
                  { value: true, label: '采纳' },
                  { value: false, label: '不采纳' },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="statementResponse"
              label="采纳或不采纳的理由"
              rules={[{ required: true, whitespace: true, message: '请写明理由' }]}
            >
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {decision === 'supervised_rectification' && (
          <Form.Item name="requirements" label="整改要求（每行一条）" rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
        {(decision === 'talk' || decision === 'admonition') && (
          <Space size="large" wrap>
            <Form.Item name="meetingTime" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="place" label="地点" rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="attendees" label="参加人员" rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={500} style={{ width: 260 }} />
            </Form.Item>
          </Space>
        )}
        {(decision === 'sanction_proposal' || decision === 'transfer') && (
          <Form.Item
            name="addressee"
            label={decision === 'transfer' ? '受理机关（如纪检监察机关）' : '任免机关'}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={step.pending}>
          作出决定
        </Button>
      </Form>
    </StepCard>
  );
}

export function AcknowledgementPanel({ kase, task }: { kase: CaseDetail; task: OpenTask }) {
  const me = useUser();
  const step = useStep<{ receiverName: string; remark?: string }>(kase.id, '已签收', completeTask(task.id));
  return (
    <StepCard title={task.title} dueAt={task.dueAt} testId="step-acknowledgement">
      {step.alert}
      <Form
        form={step.form}
        layout="inline"
        initialValues={{ receiverName: me.realName }}
        onFinish={(v) =>
          step.submit({ receiverName: v.receiverName.trim(), ...(v.remark?.trim() ? { remark: v.remark.trim() } : {}) })
        }
      >
        <Form.Item name="receiverName" label="签收人" rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="remark" label="备注">
          <Input maxLength={1000} style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={step.pending}>
          签收
        </Button>
      </Form>
    </StepCard>
  );
}

export function RectificationPanel({ kase, task }: { kase: CaseDetail; task: OpenTask }) {
  const step = useStep<{ measures: string; evidenceIds?: string[] }>(kase.id, '整改报告已提交', completeTask(task.id));
  return (
    <StepCard title="报告整改情况" dueAt={task.dueAt} testId="step-rectification">
      {step.alert}
      <Form
        form={step.form}
        layout="vertical"
        onFinish={(v) =>
          step.submit({ measures: v.measures.trim(), ...(v.evidenceIds?.length ? { evidenceIds: v.evidenceIds } : {}) })
        }
      >
        <Form.Item name="measures" label="已采取的整改措施" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="evidenceIds" label="证据文件编号（可选）">
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={step.pending}>
          提交整改报告
        </Button>
      </Form>
    </StepCard>
  );
}

export function VerificationPanel({ kase, task }: { kase: CaseDetail; task: OpenTask }) {
  const step = useStep<{ verdict: 'accepted' | 'rejected'; reason?: string }>(
    kase.id,
    '核验结果已提交',
    completeTask(task.id),
  );
  const verdict = Form.useWatch('verdict', step.form);
  return (
    <StepCard title="核验整改情况" dueAt={task.dueAt} testId="step-verification">
      {step.alert}
      <Form
        form={step.form}
        layout="vertical"
        initialValues={{ verdict: 'accepted' }}
        onFinish={(v) =>
          step.submit({ verdict: v.verdict, ...(v.verdict === 'rejected' ? { reason: v.reason?.trim() } : {}) })
        }
      >
        <Form.Item name="verdict" label="核验结论">
          <Radio.Group
            options={[
              { value: 'accepted', label: '通过' },
              { value: 'rejected', label: '退回重新整改' },
            ]}
          />
        </Form.Item>
        {verdict === 'rejected' && (
          <Form.Item name="reason" label="退回理由" rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={step.pending}>
          提交核验结果
        </Button>
      </Form>
    </StepCard>
  );
}
