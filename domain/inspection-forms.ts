// The inspection's task forms (000 第三十三条, 第三十五条; 003 第三十四、三十六条): one strict zod
// schema each, used by the workflow's Update validators, the API's check and the tasks'
// `formSchema`. Rules that need the checklist or the open findings are the validators in
// inspections.ts. No I/O here. Each is built on first use (lazyForm in forms.ts): a unit's
// inspection starts without building any of them.
import { z } from 'zod';
import { evidenceIds, lazyForm, rowId, text } from './forms.js';

export const ANSWERS = ['compliant', 'non_compliant', 'not_applicable'] as const;
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
/** Most items a checklist template may hold (api/checklist-templates). */
export const MAX_CHECKLIST_ITEMS = 200;
const itemKey = () => z.string().regex(/^[a-z0-9-]{2,50}$/, '须为清单条目的编号');

/** 自查: one answer per checklist item, with evidence where the item requires it. */
export const SelfCheckForm = lazyForm(() =>
  z.strictObject({
    answers: z
      .array(
        z.strictObject({
          itemKey: itemKey(),
          answer: z.enum(ANSWERS),
          note: text(1000).optional(),
          evidenceIds: evidenceIds().optional(),
        }),
      )
      .max(MAX_CHECKLIST_ITEMS),
  }),
);

/** 检查复核: the inspector confirms or overrides each answer and records findings. */
export const ReviewForm = lazyForm(() =>
  z.strictObject({
    items: z
      .array(
        z.strictObject({
          itemKey: itemKey(),
          answer: z.enum(ANSWERS).describe('复核结论：确认或改判单位的自查答案'),
          remark: text(1000).optional(),
        }),
      )
      .max(MAX_CHECKLIST_ITEMS)
      .describe('每个清单条目一项'),
    findings: z
      .array(
        z.strictObject({
          itemKey: itemKey(),
          severity: z.enum(SEVERITIES),
          article: text(50).describe('所违反的条款，如 000 第十四条'),
          description: text(1000),
          requirement: text(1000).describe('整改要求'),
        }),
      )
      .max(MAX_CHECKLIST_ITEMS),
  }),
);

/** 整改报告: one report per open finding. */
export const RectificationReportForm = lazyForm(() =>
  z.strictObject({
    reports: z
      .array(z.strictObject({ findingId: rowId(), measures: text(2000), evidenceIds: evidenceIds().optional() }))
      .max(MAX_CHECKLIST_ITEMS),
  }),
);

/** 整改核验: accept or reject (with a reason) each reported finding. */
export const RectificationVerificationForm = lazyForm(() =>
  z.strictObject({
    results: z
      .array(
        z.strictObject({
          findingId: rowId(),
          verdict: z.enum(['accepted', 'rejected']),
          reason: text(1000).optional(),
        }),
      )
      .max(MAX_CHECKLIST_ITEMS),
  }),
);
