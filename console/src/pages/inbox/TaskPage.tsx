// One task: which process it belongs to (with a link to that process's page), its deadline and the
// basis of that time limit, what the process handed the person (the payload, including any
// articles and the official document), and the form generated from the task's formSchema.
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { Basis } from '../../components/Basis.js';
import { mergeCitations } from '../../components/basis-parse.js';
import type { Option } from '../../forms/schema-fields.js';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { Due, formatInstant } from '../../components/Due.js';
import { DocumentView } from '../../components/DocumentView.js';
import { JsonSchemaForm } from '../../forms/JsonSchemaForm.js';
import { enumLabel, fieldLabel } from '../../forms/field-labels.js';
import { contextOf, typeLabel, TASK_TYPES, type Task } from './task-types.js';
import { useClaim, useDeadlinePolicies, useRefreshTasks, useTask } from './task-queries.js';
import { Reminder } from './InboxPage.js';

/** Payload words that differ from the form's words of the same name. */
const PAYLOAD_LABELS: Record<string, string> = {
  key: '条目标识',
  text: '要求',
  guidance: '填报指引',
  evidenceRequired: '须附证据',
  round: '轮次',
  drafter: '起草人',
  number: '文号',
  source: '来源',
  party: '签署方',
  laggards: '未办单位',
  unanswered: '未回复单位',
  selfCheck: '单位自查答案',
  step: '环节',
};
const labelOf = (key: string) => PAYLOAD_LABELS[key] ?? fieldLabel(key);
/** Ids the page shows as links or documents, not as text; a checklist item's `key` is the program's name for it. */
const HIDDEN = /(^|[a-z])(Id|Ids)$|^id$|^documentId$|^dueAt$/;
const HIDDEN_COLUMNS = /^key$/;
/** Payload values that cite regulations, read out by full title. */
const CITES = /^(article|basis)$/;

const show = (v: unknown): string =>
  typeof v === 'boolean'
    ? v
      ? '是'
      : '否'
    : typeof v === 'string'
      ? enumLabel(v)
      : typeof v === 'number'
        ? String(v)
        : JSON.stringify(v);

/** Every article a payload cites (checklist items, findings, facts), for the "依据" line. */
function articlesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) articlesIn(v, found);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'article' || k === 'basis') && typeof v === 'string') found.add(v);
      else if (k === 'articles' && Array.isArray(v)) v.forEach((a) => typeof a === 'string' && found.add(a));
      else articlesIn(v, found);
    }
  return found;
}

function PayloadValue({ value }: { value: unknown }) {
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
    const rows = value as Record<string, unknown>[];
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
      (k) => !HIDDEN.test(k) && !HIDDEN_COLUMNS.test(k),
    );
    // Payload rows have no id of their own: each is keyed by its place in the payload.
    const position = new Map(rows.map((r, i) => [r, String(i)]));
    return (
      <Table
        size="small"
        rowKey={(r) => position.get(r)!}
        pagination={rows.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: true }}
        dataSource={rows}
        columns={keys.map((k) => ({
          title: labelOf(k),
          dataIndex: k,
          render: (v: unknown) =>
            v === undefined ? '' : CITES.test(k) && typeof v === 'string' ? <Basis text={v} /> : show(v),
        }))}
      />
    );
  }
  if (Array.isArray(value))
    return (
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {value.map((v, i) => (
          <li key={i}>{show(v)}</li>
        ))}
      </ul>
    );
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{show(value)}</span>;
}

/** Checklist items the payload lists, as the choices of a form's `itemKey` fields. */
function itemChoicesOf(task: Task): Record<string, Option[]> | undefined {
  const items = task.payload.items;
  if (!Array.isArray(items)) return undefined;
  const options = items
    .filter((i): i is { key: string; text?: unknown } => !!i && typeof i.key === 'string')
    .map((i) => ({ value: i.key, label: typeof i.text === 'string' ? i.text : i.key }));
  return options.length ? { itemKey: options } : undefined;
}

/** Starting values the payload gives beyond same-named fields: one self-check row per checklist item. */
function prefillOf(task: Task): Record<string, unknown> {
  const items = task.payload.items;
  const props = (task.formSchema.properties ?? {}) as Record<
    string,
    { type?: string; items?: { properties?: object } }
  >;
  const prefill: Record<string, unknown> = { ...task.payload };
  if (Array.isArray(items)) {
    for (const [name, prop] of Object.entries(props)) {
      if (prop.type === 'array' && prop.items?.properties && 'itemKey' in prop.items.properties && name !== 'items')
        prefill[name] = items
          .filter((i) => i && typeof i.key === 'string')
          .map((i: { key: string }) => ({ itemKey: i.key }));
    }
  }
  return prefill;
}

export default function TaskPage() {
  const { id = '' } = useParams();
  const me = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  const task = useTask(id);
  const policies = useDeadlinePolicies();
  const claim = useClaim();
  const refresh = useRefreshTasks();
  const complete = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      unwrap(api.POST('/tasks/{id}/complete', { params: { path: { id } }, body: { input } })),
  });
  const t = task.data;
  const prefill = useMemo(() => (t ? prefillOf(t) : {}), [t]);
  const choices = useMemo(() => (t ? itemChoicesOf(t) : undefined), [t]);

  if (task.isLoading) return <Skeleton active />;
  if (!t)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={messageOf(task.error)}
        action={<Link to="/app/inbox">返回待办</Link>}
      />
    );

  const ctx = contextOf(t);
  const kind = TASK_TYPES[t.type];
  const policy = policies.data?.items.find((p) => p.key === kind?.policy);
  const articles = [...articlesIn(t.payload)];
  const open = t.status === 'open';
  const heldByOther = !!t.claimedByUserId && t.claimedByUserId !== me.id;
  const mine = t.claimedByUserId === me.id;
  const addressed = t.assigneeUnitId === me.unitId && (!t.assigneeUserId || t.assigneeUserId === me.id);
  const documentId = typeof t.payload.documentId === 'string' ? t.payload.documentId : undefined;
  const number = typeof t.payload.number === 'string' ? t.payload.number : undefined;
  const inspectionId = t.payload.inspectionId;
  const uploadUrl = typeof inspectionId === 'string' ? `/inspections/${inspectionId}/evidence` : undefined;
  const details = Object.entries(t.payload).filter(
    ([k, v]) => !HIDDEN.test(k) && k !== 'number' && v !== null && v !== '',
  );

  async function submit(input: Record<string, unknown>) {
    await complete.mutateAsync(input);
    await refresh();
    void message.success('已办结。');
    void navigate('/app/inbox');
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Link to="/app/inbox">
        <ArrowLeftOutlined /> 返回待办
      </Link>
      <Flex justify="space-between" align="flex-start" wrap gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t.title}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <Tag color="geekblue">{ctx.process}</Tag>
            <Tag>{typeLabel(t.type)}</Tag>
            {!open && <Tag>{t.status === 'completed' ? '已办结' : '已撤销'}</Tag>}
            {mine && <Tag color="blue">我已认领</Tag>}
          </Space>
        </div>
        {open && addressed && !t.assigneeUserId && !heldByOther && (
          <Button loading={claim.isPending} onClick={() => claim.mutate({ id: t.id, release: mine })}>
            {mine ? '释放' : '认领'}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Descriptions column={narrow ? 1 : 2} size="small">
          <Descriptions.Item label="所属流程">
            {ctx.link ? <Link to={ctx.link}>{ctx.process}（查看流程）</Link> : ctx.process}
          </Descriptions.Item>
          <Descriptions.Item label="办理期限">
            <Space wrap size={4}>
              <Due at={t.dueAt} done={!open} />
              <Typography.Text type="secondary">{formatInstant(t.dueAt)}</Typography.Text>
            </Space>
          </Descriptions.Item>
          {policy && (
            <Descriptions.Item label="期限依据" span={narrow ? 1 : 2}>
              {/* One inline run, or the cell's flex layout makes each piece a column on a phone. */}
              <span>
                {policy.description}
                {policy.basis ? (
                  <>
                    （<Basis text={policy.basis} />）
                  </>
                ) : null}
              </span>
            </Descriptions.Item>
          )}
          {articles.length > 0 && (
            <Descriptions.Item label="相关条款" span={narrow ? 1 : 2}>
              <Basis text={mergeCitations(articles)} />
            </Descriptions.Item>
          )}
          {open && (
            <Descriptions.Item label="提醒">
              <Reminder task={t} none="无" />
            </Descriptions.Item>
          )}
          <Descriptions.Item label="下达时间">{formatInstant(t.createdAt)}</Descriptions.Item>
          {t.completedAt && <Descriptions.Item label="办结时间">{formatInstant(t.completedAt)}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {details.length > 0 && (
        <Card size="small" title="任务内容">
          <Descriptions column={1} size="small" layout={narrow ? 'vertical' : 'horizontal'}>
            {details.map(([k, v]) => (
              <Descriptions.Item key={k} label={labelOf(k)}>
                <PayloadValue value={v} />
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {documentId && (
        <Card size="small" title="相关公文">
          <DocumentView id={documentId} number={number} height={narrow ? 360 : 560} />
        </Card>
      )}
      {open && heldByOther && (
        <Alert type="warning" showIcon title="这项任务已由同事认领，请联系其办理或释放后再办理。" />
      )}
      {open && !addressed && <Alert type="info" showIcon title="这项任务不是交给您办理的，您可以查看但不能办理。" />}
      {open && addressed && !heldByOther && (
        <Card size="small" title="办理">
          <JsonSchemaForm
            schema={t.formSchema}
            prefill={prefill}
            choices={choices}
            uploadUrl={uploadUrl}
            submitText="提交办结"
            onSubmit={submit}
          />
        </Card>
      )}
    </Space>
  );
}
