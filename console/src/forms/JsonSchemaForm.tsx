// The one form renderer for every task (issue 14, item 3): the task's `formSchema` (JSON Schema
// from zod) drawn as an antd Form, so a new process's task works without new form code. The
// schema → field mapping is in schema-fields.ts; this file only draws it. The API checks the
// input again and its 422 field errors ("answers.0.note") land on the fields they name.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  Typography,
  type FormInstance,
  type FormRule,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, messageOf } from '../api/errors.js';
import { EvidenceUpload } from './EvidenceUpload.js';
import {
  initialValues,
  membersOf,
  toInput,
  type Field,
  type JsonSchema,
  type Member,
  type Option,
} from './schema-fields.js';

type Path = (string | number)[];

export interface JsonSchemaFormProps {
  schema: JsonSchema;
  /** Sends the input; a rejected ApiError's field errors are shown on the fields. */
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  submitText?: string;
  /** Values to start from where their keys match the form's (e.g. the task's payload). */
  prefill?: Record<string, unknown>;
  /** Where file fields upload to; without it they take the ids of files already stored. */
  uploadUrl?: string;
  disabled?: boolean;
  /**
   * Values a text field may take that only the task's payload knows (a self-check's `itemKey` is one
   * of the checklist's item keys): the field becomes a drop-down of their labels, and a row of a list
   * is titled by its chosen label rather than by a program's key.
   */
  choices?: Record<string, Option[]>;
}

const Choices = createContext<Record<string, Option[]>>({});

/** `answers.0.note` → ['answers', 0, 'note']. */
export const pathOf = (field: string): Path =>
  field === '' ? [] : field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

const sameStart = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/**
 * Puts the API's field errors on the nearest field the form draws (an error on `evidenceIds.3`
 * lands on the upload list); the rest are returned to be shown above the button.
 */
export function placeFieldErrors(form: FormInstance, errors: { field: string; message: string }[]): string[] {
  const drawn = form.getFieldsError().map((f) => f.name as Path);
  const byField = new Map<string, { name: Path; errors: string[] }>();
  const unplaced: string[] = [];
  for (const e of errors) {
    const path = pathOf(e.field);
    const target = drawn.filter((n) => n.length > 0 && sameStart(path, n)).sort((a, b) => b.length - a.length)[0];
    if (!target) {
      unplaced.push(e.field ? `${e.field}：${e.message}` : e.message);
      continue;
    }
    const key = JSON.stringify(target);
    const entry = byField.get(key) ?? { name: target, errors: [] };
    entry.errors.push(e.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  if (byField.size) form.scrollToField([...byField.values()][0]!.name, { block: 'center' });
  return unplaced;
}

export function JsonSchemaForm({
  schema,
  onSubmit,
  submitText = '提交',
  prefill,
  uploadUrl,
  disabled,
  choices,
}: JsonSchemaFormProps) {
  const [form] = Form.useForm();
  const members = useMemo(() => membersOf(schema), [schema]);
  const initial = useMemo(() => initialValues(members, prefill), [members, prefill]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string[] | null>(null);

  async function finish(values: Record<string, unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit(toInput(members, values));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const unplaced = placeFieldErrors(form, e.fields);
        // The API's own summary names fields by their keys; once each sits under its field, say where to look.
        setProblem(
          unplaced.length ? [messageOf(e), ...unplaced] : ['提交的内容有误，请按各项下方标红的提示修改后重新提交。'],
        );
      } else setProblem([messageOf(e)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void finish(v as Record<string, unknown>)}
      disabled={disabled || busy}
      scrollToFirstError={{ block: 'center' }}
      requiredMark
      preserve={false}
    >
      <Choices.Provider value={choices ?? NO_CHOICES}>
        <Fields members={members} path={[]} full={[]} uploadUrl={uploadUrl} />
      </Choices.Provider>
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={problem[0]}
          description={
            problem.length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problem.slice(1).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        {submitText}
      </Button>
    </Form>
  );
}

interface Place {
  /** Name relative to the nearest Form.List (what Form.Item's `name` wants). */
  path: Path;
  /** Name from the form's root (for reading other values). */
  full: Path;
  uploadUrl?: string;
}

function Fields({ members, ...place }: { members: Member[] } & Place) {
  return (
    <>
      {members.map((m) => (
        <FieldItem
          key={m.name}
          member={m}
          path={[...place.path, m.name]}
          full={[...place.full, m.name]}
          uploadUrl={place.uploadUrl}
        />
      ))}
    </>
  );
}

function rulesOf(field: Field, required: boolean): FormRule[] {
  const rules: FormRule[] = [];
  const needed = required && !field.nullable && field.kind !== 'boolean' && field.kind !== 'const';
  if (needed) rules.push({ required: true, message: `请填写${field.label}` });
  if (field.kind === 'text') {
    if (field.min !== undefined && field.min > 1)
      rules.push({ min: field.min, message: `${field.label}至少 ${field.min} 个字符` });
    if (field.max !== undefined) rules.push({ max: field.max, message: `${field.label}不能超过 ${field.max} 个字符` });
    if (needed) rules.push({ whitespace: true, message: `请填写${field.label}` });
    if (field.pattern) {
      try {
        rules.push({ pattern: new RegExp(field.pattern), message: `${field.label}的格式不正确` });
      } catch {
        // A pattern JavaScript cannot read is left to the API, which checks it anyway.
      }
    }
  }
  return rules;
}

function Legend({ field }: { field: Field }) {
  return (
    <>
      {field.label}
      {field.help && (
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8, fontSize: 13 }}>
          {field.help}
        </Typography.Text>
      )}
    </>
  );
}

const NO_CHOICES: Record<string, Option[]> = {};

function FieldItem({ member, path, full, uploadUrl }: { member: Member } & Place) {
  const { field, required } = member;
  const given = useContext(Choices)[member.name];
  const item = (control: ReactNode, extra: Partial<Parameters<typeof Form.Item>[0]> = {}) => (
    <Form.Item
      name={path}
      label={field.label}
      extra={field.help}
      required={required && !field.nullable && field.kind !== 'const'}
      rules={rulesOf(field, required)}
      {...extra}
    >
      {control}
    </Form.Item>
  );
  if (given && field.kind === 'text')
    return item(
      <Select
        options={given}
        placeholder="请选择"
        showSearch={{ optionFilterProp: 'label' }}
        popupMatchSelectWidth={false}
      />,
    );
  switch (field.kind) {
    case 'text':
      return item(
        field.multiline ? (
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} showCount={!!field.max} maxLength={field.max} />
        ) : (
          <Input />
        ),
      );
    case 'number':
      return item(
        <InputNumber
          min={field.min}
          max={field.max}
          precision={field.integer ? 0 : undefined}
          style={{ width: '100%', maxWidth: 240 }}
        />,
      );
    case 'boolean':
      return item(<Switch checkedChildren="是" unCheckedChildren="否" />, { valuePropName: 'checked' });
    case 'date':
    case 'datetime':
      return item(<DatePicker showTime={field.kind === 'datetime'} style={{ width: '100%', maxWidth: 280 }} />);
    case 'choice':
      return item(
        field.radio ? (
          <Radio.Group options={field.options.map((o) => ({ value: o.value, label: o.label }))} />
        ) : (
          <Select
            options={field.options.map((o) => ({ value: o.value, label: o.label }))}
            placeholder="请选择"
            allowClear={!required}
            showSearch={{ optionFilterProp: 'label' }}
          />
        ),
      );
    case 'const':
      return item(<ConstValue display={field.display} />);
    case 'files':
      return item(
        uploadUrl ? (
          <EvidenceUpload url={uploadUrl} max={field.max} aria-label={field.label} />
        ) : (
          <Select mode="tags" placeholder="输入已上传文件的编号" open={false} suffixIcon={null} />
        ),
      );
    case 'json':
      return item(<Input.TextArea autoSize={{ minRows: 2 }} placeholder="JSON" />);
    case 'object':
      return <ObjectItem member={member} path={path} full={full} uploadUrl={uploadUrl} />;
    case 'union':
      return <UnionItem member={member} path={path} full={full} uploadUrl={uploadUrl} />;
    case 'array':
      return <ArrayItem member={member} path={path} full={full} uploadUrl={uploadUrl} />;
  }
}

/**
 * An object's fields in a fieldset. An optional one (约谈安排 when there is no meeting) is filled only
 * when the person opens it; closed, its fields are unmounted and (the form does not preserve them) not sent.
 */
function ObjectItem({ member, path, full, uploadUrl }: { member: Member } & Place) {
  const field = member.field as Extract<Field, { kind: 'object' }>;
  const [open, setOpen] = useState(member.required);
  if (!open)
    return (
      <Form.Item label={field.label} extra={field.help}>
        <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          填写{field.label}
        </Button>
      </Form.Item>
    );
  return (
    <fieldset style={fieldsetStyle}>
      <legend style={legendStyle}>
        <Legend field={field} />
      </legend>
      {!member.required && (
        <Button type="link" size="small" onClick={() => setOpen(false)}>
          不填写
        </Button>
      )}
      <Fields members={field.fields} path={path} full={full} uploadUrl={uploadUrl} />
    </fieldset>
  );
}

const fieldsetStyle = {
  border: '1px solid #e5e5e5',
  borderRadius: 4,
  padding: '8px 12px 0',
  margin: '0 0 16px',
  minWidth: 0,
};
const legendStyle = { fontSize: 14, fontWeight: 600, padding: '0 4px', width: 'auto', marginBottom: 8, border: 0 };

function ConstValue({ display, id }: { display: string; value?: unknown; id?: string }) {
  return (
    <Typography.Text id={id} strong>
      {display}
    </Typography.Text>
  );
}

function UnionItem({ member, path, full, uploadUrl }: { member: Member } & Place) {
  const field = member.field as Extract<Field, { kind: 'union' }>;
  const options = field.branches.map((b) => ({ value: b.value, label: b.label }));
  return (
    <fieldset style={fieldsetStyle}>
      <legend style={legendStyle}>
        <Legend field={field} />
      </legend>
      <Form.Item
        name={[...path, field.discriminator]}
        label="类型"
        rules={member.required ? [{ required: true, message: `请选择${field.label}的类型` }] : []}
      >
        {options.length <= 4 ? <Radio.Group options={options} /> : <Select options={options} placeholder="请选择" />}
      </Form.Item>
      <Form.Item noStyle dependencies={[[...full, field.discriminator]]}>
        {({ getFieldValue }) => {
          const chosen = getFieldValue([...full, field.discriminator]) as unknown;
          const branch = field.branches.find((b) => b.value === chosen);
          return branch ? <Fields members={branch.fields} path={path} full={full} uploadUrl={uploadUrl} /> : null;
        }}
      </Form.Item>
    </fieldset>
  );
}

function ArrayItem({ member, path, full, uploadUrl }: { member: Member } & Place) {
  const field = member.field as Extract<Field, { kind: 'array' }>;
  const { item } = field;
  const form = Form.useFormInstance();
  const choices = useContext(Choices);
  // A row whose key field has payload-given choices (a checklist item) is titled by that choice.
  const keyed = item.kind === 'object' ? item.fields.find((f) => choices[f.name]) : undefined;
  const rowValues = Form.useWatch(full, form) as Record<string, unknown>[] | undefined;
  const rowLabel = (i: number) => {
    const chosen = keyed ? rowValues?.[i]?.[keyed.name] : undefined;
    const label = keyed && chosen !== undefined && choices[keyed.name]!.find((o) => o.value === chosen)?.label;
    return label ? `第 ${i + 1} 项：${label}` : `${field.label} 第 ${i + 1} 项`;
  };
  const rules = [
    {
      validator: async (_: unknown, rows: unknown[] | undefined) => {
        const n = rows?.length ?? 0;
        if (member.required && field.min && n < field.min) throw new Error(`${field.label}至少 ${field.min} 项`);
        if (field.max !== undefined && n > field.max) throw new Error(`${field.label}最多 ${field.max} 项`);
      },
    },
  ];
  return (
    <fieldset style={fieldsetStyle}>
      <legend style={legendStyle}>
        {member.required && field.min ? <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span> : null}
        <Legend field={field} />
      </legend>
      <Form.List name={path} rules={rules}>
        {(rows, { add, remove }, { errors }) => (
          <>
            {rows.map((row, i) => {
              const removeButton = (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除${rowLabel(i)}`}
                  onClick={() => remove(row.name)}
                />
              );
              const inner: Member = { name: String(row.name), required: true, field: { ...item, label: rowLabel(i) } };
              return item.kind === 'object' || item.kind === 'union' ? (
                <Card
                  key={row.key}
                  size="small"
                  title={rowLabel(i)}
                  extra={removeButton}
                  style={{ marginBottom: 12 }}
                  styles={{ title: { whiteSpace: 'normal', padding: '8px 0' } }}
                >
                  {item.kind === 'object' ? (
                    <Fields members={item.fields} path={[row.name]} full={[...full, row.name]} uploadUrl={uploadUrl} />
                  ) : (
                    <UnionItem member={inner} path={[row.name]} full={[...full, row.name]} uploadUrl={uploadUrl} />
                  )}
                </Card>
              ) : (
                <div key={row.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <FieldItem member={inner} path={[row.name]} full={[...full, row.name]} uploadUrl={uploadUrl} />
                  </div>
                  {removeButton}
                </div>
              );
            })}
            <Form.ErrorList errors={errors} />
            {(field.max === undefined || rows.length < field.max) && (
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(blankRow(item))}>
                  添加{field.label}
                </Button>
              </Form.Item>
            )}
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

function blankRow(item: Field): unknown {
  return item.kind === 'object' ? initialValues(item.fields) : undefined;
}
