// The four human steps of a unit's inspection, each completing its task (POST /tasks/{id}/complete)
// with the form the workflow checks (domain/inspection-forms.ts): the unit's self-check, the
// inspector's review with findings, the unit's rectification report and the inspector's
// verification. Errors come back on their fields (field-errors.ts).
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { Basis } from '../../components/Basis.js';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap, type FieldError } from '../../api/errors.js';
import { Due } from '../../components/Due.js';
import type { Inspection, Task } from './data.js';
import { CitedFiles, EvidencePicker } from './Evidence.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { namePathOf } from './field-errors.js';
import { ANSWER_COLORS, ANSWER_LABELS, ANSWERS, SEVERITIES, SEVERITY_LABELS, type Answer } from './labels.js';

type Item = Inspection['checklist'][number];
interface SelfCheckAnswer {
  itemKey: string;
  answer: Answer;
  note?: string;
  evidenceIds?: string[];
}

const answerOptions = ANSWERS.map((a) => ({ value: a, label: ANSWER_LABELS[a] }));
const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** Completes `task` with `input`; field errors go onto `form`, the rest is returned for an alert. */
function useComplete(
  task: Task,
  form: ReturnType<typeof Form.useForm>[0],
  rowLeaf: Record<string, string>,
  onDone: () => void,
) {
  const { message } = App.useApp();
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      unwrap(api.POST('/tasks/{id}/complete', { params: { path: { id: task.id } }, body: { input } })),
    onMutate: () => setUnplaced([]),
    onSuccess: () => {
      message.success('已提交');
      onDone();
    },
    onError: (e) => {
      setUnplaced(placeFieldErrors(form, e, (_, field) => namePathOf(field, rowLeaf)).unplaced);
    },
  });
  const alert = mutation.isError ? (
    <Alert
      type="error"
      showIcon
      title={messageOf(mutation.error)}
      description={unplaced.length ? unplaced.map((f) => f.message).join('；') : undefined}
    />
  ) : null;
  return { mutation, alert };
}

function ItemCell({ item }: { item: Item }) {
  return (
    <Space orientation="vertical" size={2}>
      <Typography.Text strong>{item.text}</Typography.Text>
      <Space size={4} wrap>
        <Tag color="geekblue">
          依据 <Basis text={item.article} />
        </Tag>
        {item.evidenceRequired && <Tag color="gold">须附佐证</Tag>}
      </Space>
      {item.guidance && <Typography.Text type="secondary">{item.guidance}</Typography.Text>}
    </Space>
  );
}

/** 自查: one answer per item; evidence where the item requires it (答“符合”时). */
export function SelfCheckTask({
  inspection,
  task,
  onDone,
}: {
  inspection: Inspection;
  task: Task;
  onDone: () => void;
}) {
  const [form] = Form.useForm();
  const { mutation, alert } = useComplete(task, form, { answers: 'answer' }, onDone);
  const submit = (values: { answers: Record<string, { answer?: Answer; note?: string; evidenceIds?: string[] }> }) =>
    mutation.mutate({
      answers: inspection.checklist.map((item): SelfCheckAnswer => {
        const a = values.answers?.[item.key] ?? {};
        return {
          itemKey: item.key,
          answer: a.answer!,
          ...(blank(a.note) ? { note: blank(a.note) } : {}),
          ...(a.evidenceIds?.length ? { evidenceIds: a.evidenceIds } : {}),
        };
      }),
    });
  return (
    <Card title="单位自查" extra={<Due at={task.dueAt} />} data-testid="self-check-form">
      <Form form={form} layout="vertical" onFinish={submit}>
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text type="secondary">
            逐项作答；答“符合”且标注“须附佐证”的项目须上传或选择佐证材料。
          </Typography.Text>
          <Button
            onClick={() =>
              form.setFieldsValue({
                answers: Object.fromEntries(inspection.checklist.map((i) => [i.key, { answer: 'compliant' }])),
              })
            }
          >
            全部标为符合
          </Button>
        </Space>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={inspection.checklist}
          columns={[
            { title: '检查项', render: (_: unknown, item) => <ItemCell item={item} /> },
            {
              title: '自查结论',
              width: 220,
              render: (_: unknown, item) => (
                <Form.Item
                  name={['answers', item.key, 'answer']}
                  rules={[{ required: true, message: '请作答' }]}
                  style={{ marginBottom: 0 }}
                >
                  <Radio.Group options={answerOptions} aria-label={`${item.text} 自查结论`} />
                </Form.Item>
              ),
            },
            {
              title: '说明',
              width: 200,
              render: (_: unknown, item) => (
                <Form.Item name={['answers', item.key, 'note']} style={{ marginBottom: 0 }}>
                  <Input.TextArea
                    rows={1}
                    maxLength={1000}
                    aria-label={`${item.text} 说明`}
                    placeholder="不适用时须说明"
                  />
                </Form.Item>
              ),
            },
            {
              title: '佐证材料',
              width: 260,
              render: (_: unknown, item) => (
                <Form.Item name={['answers', item.key, 'evidenceIds']} style={{ marginBottom: 0 }}>
                  <EvidencePicker testId={`evidence-${item.key}`} label={`${item.text} 佐证材料`} />
                </Form.Item>
              ),
            },
          ]}
        />
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          {alert}
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            提交自查
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

interface FindingValues {
  itemKey?: string;
  severity?: string;
  article?: string;
  description?: string;
  requirement?: string;
}

/** 检查复核: confirm or override each answer; every item confirmed 不符合 needs a finding citing it. */
export function ReviewTask({ inspection, task, onDone }: { inspection: Inspection; task: Task; onDone: () => void }) {
  const [form] = Form.useForm();
  const { mutation, alert } = useComplete(task, form, { items: 'answer' }, onDone);
  const selfAnswer = (key: string) =>
    (inspection.checklist.find((i) => i.key === key)?.selfCheck as SelfCheckAnswer | null)?.answer;
  const initialItems = Object.fromEntries(inspection.checklist.map((i) => [i.key, { answer: selfAnswer(i.key) }]));
  const articleOf = (key: string) => inspection.checklist.find((i) => i.key === key)?.article;
  const itemOptions = inspection.checklist.map((i) => ({ value: i.key, label: i.text }));
  // Outside Form.List (whose fields would take its prefix), rows add a finding through the form.
  const addFinding = (itemKey?: string) => {
    form.setFieldValue('findings', [
      ...((form.getFieldValue('findings') as FindingValues[] | undefined) ?? []),
      { itemKey, severity: 'minor', article: itemKey ? articleOf(itemKey) : undefined },
    ]);
    // The item's "needs a finding" refusal is answered now.
    if (itemKey) form.setFields([{ name: ['items', itemKey, 'answer'], errors: [] }]);
  };
  const submit = (values: { items: Record<string, { answer: Answer; remark?: string }>; findings?: FindingValues[] }) =>
    mutation.mutate({
      items: inspection.checklist.map((i) => ({
        itemKey: i.key,
        answer: values.items[i.key]?.answer,
        ...(blank(values.items[i.key]?.remark) ? { remark: blank(values.items[i.key]?.remark) } : {}),
      })),
      findings: (values.findings ?? []).map((f) => ({
        itemKey: f.itemKey,
        severity: f.severity,
        article: f.article?.trim(),
        description: f.description?.trim(),
        requirement: f.requirement?.trim(),
      })),
    });
  return (
    <Card title="检查复核" extra={<Due at={task.dueAt} />} data-testid="review-form">
      <Form form={form} layout="vertical" initialValues={{ items: initialItems, findings: [] }} onFinish={submit}>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={inspection.checklist}
          columns={[
            { title: '检查项', render: (_: unknown, item) => <ItemCell item={item} /> },
            {
              title: '单位自查',
              width: 200,
              render: (_: unknown, item) => {
                const a = item.selfCheck as SelfCheckAnswer | null;
                if (!a) return '—';
                return (
                  <Space orientation="vertical" size={2}>
                    <Tag color={ANSWER_COLORS[a.answer]}>{ANSWER_LABELS[a.answer]}</Tag>
                    {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
                    <CitedFiles ids={a.evidenceIds} />
                  </Space>
                );
              },
            },
            {
              title: '复核结论',
              width: 280,
              render: (_: unknown, item) => (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Form.Item
                    name={['items', item.key, 'answer']}
                    rules={[{ required: true, message: '请确认或改判' }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Radio.Group options={answerOptions} aria-label={`${item.text} 复核结论`} />
                  </Form.Item>
                  <Form.Item name={['items', item.key, 'remark']} style={{ marginBottom: 0 }}>
                    <Input
                      maxLength={1000}
                      placeholder="复核意见（改判时说明理由）"
                      aria-label={`${item.text} 复核意见`}
                    />
                  </Form.Item>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => addFinding(item.key)}>
                    登记问题
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <Form.List name="findings">
          {(fields, { remove }) => (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                发现的问题（{fields.length}）
              </Typography.Title>
              {fields.map((field, n) => (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  title={`问题 ${n + 1}`}
                  style={{ marginBottom: 12 }}
                  extra={
                    <Button size="small" danger onClick={() => remove(field.name)}>
                      删除
                    </Button>
                  }
                >
                  <Space wrap align="start">
                    <Form.Item
                      name={[field.name, 'itemKey']}
                      label="检查项"
                      rules={[{ required: true, message: '请选择' }]}
                    >
                      <Select
                        style={{ width: 280 }}
                        options={itemOptions}
                        onChange={(key: string) =>
                          form.setFieldValue(['findings', field.name, 'article'], articleOf(key))
                        }
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'severity']}
                      label="严重程度"
                      rules={[{ required: true, message: '请选择' }]}
                    >
                      <Select
                        style={{ width: 100 }}
                        options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'article']}
                      label="违反条款"
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <Input style={{ width: 160 }} maxLength={50} />
                    </Form.Item>
                  </Space>
                  <Form.Item
                    name={[field.name, 'description']}
                    label="问题描述"
                    rules={[{ required: true, message: '请描述问题' }]}
                  >
                    <Input.TextArea rows={2} maxLength={1000} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'requirement']}
                    label="整改要求"
                    rules={[{ required: true, message: '请填写整改要求' }]}
                  >
                    <Input.TextArea rows={2} maxLength={1000} />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => addFinding()}>
                添加问题
              </Button>
            </>
          )}
        </Form.List>
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Typography.Text type="secondary">
            确认为“不符合”的项目须至少登记一个问题；有问题时系统将出具限期整改通知书（第三十五条）。
          </Typography.Text>
          {alert}
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            提交复核
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

interface TaskFinding {
  id: number;
  itemKey: string;
  severity: string;
  article: string;
  description: string;
  requirement: string;
  rejections?: { reason: string; by: string; at: string }[];
}

function FindingCell({ f }: { f: TaskFinding }) {
  return (
    <Space orientation="vertical" size={2}>
      <Space size={4} wrap>
        <Tag color="red">{SEVERITY_LABELS[f.severity] ?? f.severity}</Tag>
        <Tag color="geekblue">
          违反 <Basis text={f.article} />
        </Tag>
      </Space>
      <Typography.Text>{f.description}</Typography.Text>
      <Typography.Text type="secondary">整改要求：{f.requirement}</Typography.Text>
      {f.rejections?.map((r, i) => (
        <Typography.Text key={i} type="danger">
          退回（{r.by}）：{r.reason}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** 整改报告: one report (measures, evidence) per open finding of the notice. */
export function RectificationTask({ task, onDone }: { task: Task; onDone: () => void }) {
  const [form] = Form.useForm();
  const { mutation, alert } = useComplete(task, form, { reports: 'measures' }, onDone);
  const findings = (task.payload.findings ?? []) as TaskFinding[];
  const submit = (values: { reports: Record<string, { measures?: string; evidenceIds?: string[] }> }) =>
    mutation.mutate({
      reports: findings.map((f) => {
        const r = values.reports?.[String(f.id)] ?? {};
        return {
          findingId: f.id,
          measures: r.measures?.trim(),
          ...(r.evidenceIds?.length ? { evidenceIds: r.evidenceIds } : {}),
        };
      }),
    });
  return (
    <Card
      title={`整改报告：${String(task.payload.number ?? '')}`}
      extra={<Due at={task.dueAt} />}
      data-testid="rectification-form"
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={findings}
          columns={[
            { title: '问题', render: (_: unknown, f) => <FindingCell f={f} /> },
            {
              title: '整改措施',
              width: 320,
              render: (_: unknown, f) => (
                <Form.Item
                  name={['reports', String(f.id), 'measures']}
                  rules={[{ required: true, message: '请填写整改措施' }]}
                  style={{ marginBottom: 0 }}
                >
                  <Input.TextArea rows={3} maxLength={2000} aria-label={`问题 ${f.id} 整改措施`} />
                </Form.Item>
              ),
            },
            {
              title: '佐证材料',
              width: 260,
              render: (_: unknown, f) => (
                <Form.Item name={['reports', String(f.id), 'evidenceIds']} style={{ marginBottom: 0 }}>
                  <EvidencePicker testId={`rectification-evidence-${f.id}`} />
                </Form.Item>
              ),
            },
          ]}
        />
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          {alert}
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            提交整改报告
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** 整改核验: accept each reported finding, or send it back with the reason. */
export function VerificationTask({ task, onDone }: { task: Task; onDone: () => void }) {
  const [form] = Form.useForm();
  const { mutation, alert } = useComplete(task, form, { results: 'verdict' }, onDone);
  const findings = (task.payload.findings ?? []) as TaskFinding[];
  const reports = (task.payload.reports ?? []) as { findingId: number; measures: string; evidenceIds?: string[] }[];
  const submit = (values: { results: Record<string, { verdict?: string; reason?: string }> }) =>
    mutation.mutate({
      results: findings.map((f) => {
        const r = values.results?.[String(f.id)] ?? {};
        return { findingId: f.id, verdict: r.verdict, ...(blank(r.reason) ? { reason: blank(r.reason) } : {}) };
      }),
    });
  return (
    <Card title="整改核验" extra={<Due at={task.dueAt} />} data-testid="verification-form">
      <Form form={form} layout="vertical" onFinish={submit}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={findings}
          columns={[
            { title: '问题', render: (_: unknown, f) => <FindingCell f={f} /> },
            {
              title: '单位整改措施',
              render: (_: unknown, f) => {
                const r = reports.find((x) => x.findingId === f.id);
                return r ? (
                  <Space orientation="vertical" size={2}>
                    <Typography.Text>{r.measures}</Typography.Text>
                    <CitedFiles ids={r.evidenceIds} />
                  </Space>
                ) : (
                  '—'
                );
              },
            },
            {
              title: '核验结论',
              width: 280,
              render: (_: unknown, f) => (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Form.Item
                    name={['results', String(f.id), 'verdict']}
                    rules={[{ required: true, message: '请通过或退回' }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Radio.Group
                      aria-label={`问题 ${f.id} 核验结论`}
                      options={[
                        { value: 'accepted', label: '通过（销号）' },
                        { value: 'rejected', label: '退回重改' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={['results', String(f.id), 'reason']} style={{ marginBottom: 0 }}>
                    <Input maxLength={1000} placeholder="退回时须说明理由" aria-label={`问题 ${f.id} 退回理由`} />
                  </Form.Item>
                </Space>
              ),
            },
          ]}
        />
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          {alert}
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            提交核验结论
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
