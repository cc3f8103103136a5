// One strict zod schema per task form (issue 10, item 10): every task type the workflows create has
// one; the JSON Schema each task shows is that schema's; each refuses an unknown field; the review
// form's items are fully described.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formJsonSchema } from './forms.js';
import { TASK_FORMS, taskFormSchema } from './task-forms.js';
import { validateTransferList } from './handover-forms.js';
import { HoldingFactsSchema } from './data-holdings.js';

/** The JSON Schema a task of each type shows (built by the task activity from the type's form). */
const SHOWN = Object.fromEntries(Object.keys(TASK_FORMS).map((type) => [type, taskFormSchema(type)!])) as Record<
  keyof typeof TASK_FORMS,
  Record<string, unknown>
>;

describe('task forms', () => {
  it('has a form for every task type the workflows create', () => {
    const dir = fileURLToPath(new URL('../workflows/', import.meta.url));
    // The self-check task is built in domain/ (the run opens it in batches, the unit workflow reuses it).
    const files = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => dir + f),
      fileURLToPath(new URL('./inspection-self-check.ts', import.meta.url)),
    ];
    const created = new Set(
      files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\btype: '([a-z_]+)'/g)].map((m) => m[1]!)),
    );
    expect(created.size).toBeGreaterThanOrEqual(11);
    expect(new Set(Object.keys(TASK_FORMS))).toEqual(created);
  });

  for (const [type, schema] of Object.entries(TASK_FORMS)) {
    it(`${type}: formSchema is z.toJSONSchema of the domain schema, strict`, () => {
      expect(SHOWN[type as keyof typeof TASK_FORMS]).toEqual(
        z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
      );
      expect(SHOWN[type as keyof typeof TASK_FORMS]).toMatchObject({ type: 'object', additionalProperties: false });
      const unknown = schema.safeParse({ unexpectedField: 1 });
      expect(unknown.success).toBe(false);
      expect(unknown.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
      expect(formJsonSchema(schema)).toEqual(SHOWN[type as keyof typeof TASK_FORMS]);
    });
  }

  it("describes the review form's items in full", () => {
    const items = (SHOWN.inspection_review as { properties: { items: { items: unknown } } }).properties.items.items;
    expect(items).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['itemKey', 'answer'],
      properties: {
        itemKey: { type: 'string' },
        answer: { enum: ['compliant', 'non_compliant', 'not_applicable'] },
        remark: { type: 'string', maxLength: 1000 },
      },
    });
  });

  it('the register and the transfer list check a holding with the same rules', () => {
    const medium = {
      kind: 'storage_medium',
      description: '备份硬盘',
      recordCount: 0,
      volume: '2 TB',
      format: '移动硬盘',
      sha256: 'a'.repeat(64),
      storageLocation: { country: 'CN', region: '档案室' },
      encryption: 'SM4',
    };
    expect(HoldingFactsSchema.safeParse(medium).error!.issues.map((i) => i.path.join('.'))).toEqual(['serialNumber']);
    expect(validateTransferList({ items: [medium] } as never).map((e) => e.field)).toEqual(['items.0.serialNumber']);
    expect(
      validateTransferList({
        items: [{ ...medium, serialNumber: 'JS-1', storageLocation: { country: 'US', region: 'Virginia' } }],
      } as never),
    ).toEqual([{ field: 'items.0.storageLocation.country', message: expect.stringContaining('000 第十八条') }]);
    expect(
      validateTransferList({ items: [{ ...medium, serialNumber: 'JS-1', note: 'x' }] } as never).map((e) => e.field),
    ).toEqual(['items.0']);
  });
});
