// The form renderer's reading of JSON Schema, on the real forms of every task type the workflows
// create (domain/task-forms.ts) and on the shapes zod produces that no task uses yet.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TASK_FORMS, taskFormSchema } from '../../../domain/task-forms.js';
import {
  describedChoices,
  fieldOf,
  initialValues,
  membersOf,
  toInput,
  type Field,
  type Member,
} from './schema-fields.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

function* walk(members: Member[]): Generator<Field> {
  for (const { field } of members) {
    yield field;
    if (field.kind === 'object') yield* walk(field.fields);
    if (field.kind === 'array') yield* walk([{ name: 'item', required: true, field: field.item }]);
    if (field.kind === 'union') for (const b of field.branches) yield* walk(b.fields);
  }
}

describe('task forms as fields', () => {
  it('draws every task type with Chinese labels and choices, and no raw JSON box', () => {
    for (const type of Object.keys(TASK_FORMS)) {
      const fields = [...walk(membersOf(taskFormSchema(type)!))];
      expect(fields.length, type).toBeGreaterThan(0);
      for (const f of fields) {
        expect(f.kind, `${type}: ${f.label}`).not.toBe('json');
        expect(f.label, type).toMatch(/[\u4e00-\u9fff]/);
        if (f.kind === 'choice')
          for (const o of f.options) expect(o.label, `${type} ${o.value}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('reads a receipt: a required name of 2–50 characters and an optional long remark', () => {
    const [name, remark] = membersOf(taskFormSchema('notice_receipt')!);
    expect(name).toEqual({
      name: 'receiverName',
      required: true,
      field: { kind: 'text', label: '签收人姓名', min: 2, max: 50, multiline: false },
    });
    expect(remark).toMatchObject({
      required: false,
      field: { kind: 'text', label: '备注', multiline: true, max: 500 },
    });
  });

  it('takes choice labels from the description legend and keeps the rest of it as help', () => {
    const [decision, comment] = membersOf(taskFormSchema('circular_approval')!);
    expect(decision!.field).toMatchObject({
      kind: 'choice',
      radio: true,
      options: [
        { value: 'approve', label: '同意印发' },
        { value: 'return', label: '退回修改' },
      ],
    });
    expect(comment!.field).toMatchObject({ label: '意见', help: '审批意见；退回时必填' });
    expect(describedChoices('自查结论：no_issue=未发现同类问题，fixed=已处置，fixing=正在处置')).toEqual(
      new Map([
        ['no_issue', '未发现同类问题'],
        ['fixed', '已处置'],
        ['fixing', '正在处置'],
      ]),
    );
  });

  it('makes evidence id lists an upload, and lists of objects rows of fieldsets', () => {
    const [answers] = membersOf(taskFormSchema('inspection_self_check')!);
    expect(answers!.field.kind).toBe('array');
    const row = (answers!.field as Extract<Field, { kind: 'array' }>).item as Extract<Field, { kind: 'object' }>;
    expect(row.fields.map((m) => [m.name, m.field.kind])).toEqual([
      ['itemKey', 'text'],
      ['answer', 'choice'],
      ['note', 'text'],
      ['evidenceIds', 'files'],
    ]);
  });

  it('reads zod shapes: dates, nullable, bounds, const, enum-like unions and discriminated unions', () => {
    const schema = json(
      z.strictObject({
        day: z.iso.date().meta({ title: '日期' }),
        at: z.iso.datetime(),
        count: z.number().int().min(1).max(9).nullable(),
        ok: z.boolean().describe('是否完成'),
        stage: z.literal('final'),
        level: z.union([z.literal('a').meta({ title: '甲' }), z.literal('b').meta({ title: '乙' })]),
        how: z.discriminatedUnion('by', [
          z.strictObject({ by: z.literal('mail'), address: z.string().min(1) }),
          z.strictObject({ by: z.literal('hand'), person: z.string() }).meta({ title: '当面' }),
        ]),
      }),
    );
    const m = Object.fromEntries(membersOf(schema).map((x) => [x.name, x.field]));
    expect(m.day).toMatchObject({ kind: 'date', label: '日期' });
    expect(m.at).toMatchObject({ kind: 'datetime' });
    expect(m.count).toMatchObject({ kind: 'number', integer: true, min: 1, max: 9, nullable: true });
    expect(m.ok).toMatchObject({ kind: 'boolean', label: '是否完成' });
    expect(m.stage).toMatchObject({ kind: 'const', value: 'final', display: '终报' });
    expect(m.level).toMatchObject({
      kind: 'choice',
      options: [
        { value: 'a', label: '甲' },
        { value: 'b', label: '乙' },
      ],
    });
    expect(m.how).toMatchObject({
      kind: 'union',
      discriminator: 'by',
      branches: [
        { value: 'mail', fields: [{ name: 'address', required: true }] },
        { value: 'hand', label: '当面', fields: [{ name: 'person' }] },
      ],
    });
  });

  it('follows $ref to $defs', () => {
    const field = fieldOf(
      { type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: { type: 'string', maxLength: 300 } } },
      'root',
    );
    expect(field).toMatchObject({ kind: 'object', fields: [{ name: 'a', field: { kind: 'text', multiline: true } }] });
  });
});

describe('form values to API input', () => {
  it('fills constants and required lists, and prefills from the payload where names and types match', () => {
    const members = membersOf(taskFormSchema('incident_final_report')!);
    expect(initialValues(members)).toEqual({ stage: 'final' });
    const signature = membersOf(taskFormSchema('handover_signature')!);
    expect(initialValues(signature, { listHash: 'ab', handoverId: 3 })).toEqual({ listHash: 'ab' });
    expect(initialValues(signature, { listHash: 7 })).toEqual({});
    const selfCheck = membersOf(taskFormSchema('inspection_self_check')!);
    expect(initialValues(selfCheck, { answers: [{ itemKey: 'backup-drill' }] })).toEqual({
      answers: [{ itemKey: 'backup-drill' }],
    });
    expect(initialValues(membersOf(taskFormSchema('handover_transfer_list')!))).toEqual({
      items: [{ storageLocation: {} }],
    });
  });

  it('leaves out empty optional answers, sends file ids and nested rows, and keeps what was typed', () => {
    const members = membersOf(taskFormSchema('inspection_self_check')!);
    const input = toInput(members, {
      answers: [
        { itemKey: 'backup', answer: 'compliant', note: '  ', evidenceIds: [{ id: 'f1', sha256: 'x' }] },
        { itemKey: 'access', answer: 'not_applicable', note: '无此系统' },
      ],
    });
    expect(input).toEqual({
      answers: [
        { itemKey: 'backup', answer: 'compliant', evidenceIds: ['f1'] },
        { itemKey: 'access', answer: 'not_applicable', note: '无此系统' },
      ],
    });
  });

  it('sends the chosen branch of a discriminated union only, and null for an empty required nullable', () => {
    const schema = json(
      z.strictObject({
        how: z.discriminatedUnion('by', [
          z.strictObject({ by: z.literal('mail'), address: z.string() }),
          z.strictObject({ by: z.literal('hand'), person: z.string() }),
        ]),
        count: z.number().nullable(),
      }),
    );
    expect(toInput(membersOf(schema), { how: { by: 'hand', person: '张三', address: '留下的' } })).toEqual({
      how: { by: 'hand', person: '张三' },
      count: null,
    });
  });
});
