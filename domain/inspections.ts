// Supervision inspections (监督检查) with rectification (整改): vocabulary and the form rules,
// shared by the per-unit workflow's validators, the activities and the API (no I/O here).
// 000 第三十三条 (supervision), 第三十五条 (circulars and accountability); 001 第二十条;
// 003 第三十四条 (inspection), 第三十六条 (Sichuan's accountability ladder).
import type { FieldError } from './tasks.js';
import {
  ANSWERS,
  RectificationReportForm,
  RectificationVerificationForm,
  ReviewForm,
  SelfCheckForm,
  SEVERITIES,
} from './inspection-forms.js';
import { formErrors } from './forms.js';

export { ANSWERS, SEVERITIES };

export interface ChecklistItem {
  /** Stable within a template's versions, e.g. "backup-drill". */
  key: string;
  text: string;
  /** The article the requirement comes from, e.g. "000 第十四条". */
  article: string;
  guidance: string;
  evidenceRequired: boolean;
}

export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = {
  compliant: '符合',
  non_compliant: '不符合',
  not_applicable: '不适用',
};

export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { minor: '一般', major: '较重', critical: '严重' };

export const INSPECTION_STATUSES = ['self_check', 'review', 'rectifying', 'closed', 'cancelled'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** The steps of a unit's inspection that each have a deadline (and escalate when it passes). */
export const INSPECTION_STEPS = ['self_check', 'review', 'rectification', 'verification'] as const;
export type InspectionStep = (typeof INSPECTION_STEPS)[number];
export const INSPECTION_STEP_LABELS: Record<InspectionStep, string> = {
  self_check: '自查',
  review: '检查复核',
  rectification: '整改',
  verification: '整改核验',
};

export const FINDING_STATUSES = ['open', 'reported', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const RECURRENCES = ['once', 'quarterly', 'yearly', 'cron', 'interval'] as const;
export type RecurrenceKind = (typeof RECURRENCES)[number];
export interface Recurrence {
  kind: RecurrenceKind;
  /** For `cron`: a five-field expression, evaluated in China time. */
  cron?: string;
  /** For `interval` (tests, drills): seconds between runs. */
  everySeconds?: number;
}

export interface SelfCheckAnswer {
  itemKey: string;
  answer: Answer;
  note?: string;
  /** Ids of evidence files uploaded to this inspection. */
  evidenceIds?: string[];
}
export interface SelfCheckInput {
  answers: SelfCheckAnswer[];
}

export interface FindingInput {
  itemKey: string;
  severity: Severity;
  article: string;
  description: string;
  /** What the unit must do to rectify it. */
  requirement: string;
}
export interface ReviewInput {
  /** The inspector's verdict per item: the unit's answer confirmed, or overridden. */
  items: { itemKey: string; answer: Answer; remark?: string }[];
  findings: FindingInput[];
}

export interface RectificationReportInput {
  reports: { findingId: number; measures: string; evidenceIds?: string[] }[];
}
export interface RectificationVerificationInput {
  results: { findingId: number; verdict: 'accepted' | 'rejected'; reason?: string }[];
}

/** Start of one unit's inspection (a child of a plan run). */
export interface UnitInspectionStart {
  inspectionId: string;
  planId: string;
  runId: string;
  planTitle: string;
  unitId: number;
  unitName: string;
  /** The commission that owns the plan: issues notices, its inspectors review. */
  ownerUnitId: number;
  inspectorUserId?: number;
  templateId: number;
  items: ChecklistItem[];
  selfCheckDueAt: string;
  remindBeforeMs: number;
}

/**
 * Whole days past a missed deadline: up to the late step's completion, or up to `now` while the
 * step is still open; null when no deadline was missed.
 */
export function overdueDays(dueAt: Date | null, resolvedAt: Date | null, now: Date): number | null {
  if (!dueAt) return null;
  return Math.max(0, Math.floor(((resolvedAt ?? now).getTime() - dueAt.getTime()) / 86_400_000));
}

/** Failure type of an activity whose plan, run or inspection row does not exist: retrying cannot help. */
export const INSPECTION_ROW_MISSING = 'InspectionRowMissing';

export interface UnitInspectionResult {
  status: 'closed';
  findings: number;
  noticeNumber?: string;
  overdue: boolean;
}

/** Field errors in a unit's self-check against the template's items. */
export function validateSelfCheck(input: SelfCheckInput, items: ChecklistItem[]): FieldError[] {
  const errors = formErrors(SelfCheckForm, input);
  if (errors.length) return errors;
  items.forEach((item) => {
    const given = input.answers.filter((a) => a.itemKey === item.key);
    const at = `answers[${item.key}]`;
    if (given.length !== 1) return errors.push({ field: at, message: `「${item.text}」须有且仅有一个答案` });
    const a = given[0]!;
    if (item.evidenceRequired && a.answer === 'compliant' && !a.evidenceIds?.length)
      errors.push({ field: `${at}.evidenceIds`, message: `「${item.text}」答“符合”时须附佐证材料（${item.article}）` });
    if (a.answer === 'not_applicable' && !a.note?.trim())
      errors.push({ field: `${at}.note`, message: '请说明该条目不适用的原因' });
  });
  const unknown = input.answers.filter((a) => !items.some((i) => i.key === a.itemKey));
  if (unknown.length)
    errors.push({ field: 'answers', message: `清单中没有这些条目：${unknown.map((a) => a.itemKey).join('、')}` });
  return errors;
}

/** Field errors in an inspector's review. */
export function validateReview(input: ReviewInput, items: ChecklistItem[]): FieldError[] {
  const errors = formErrors(ReviewForm, input);
  if (errors.length) return errors;
  for (const item of items) {
    if (input.items.filter((x) => x.itemKey === item.key).length !== 1)
      errors.push({ field: `items[${item.key}]`, message: `请确认或改判「${item.text}」的答案` });
  }
  input.findings.forEach((f, i) => {
    if (!items.some((it) => it.key === f.itemKey))
      errors.push({ field: `findings.${i}.itemKey`, message: '须为本清单中的条目' });
  });
  return errors;
}

/**
 * Field errors where the review would let a non-compliance go unrectified (000 第三十五条: a breach
 * found in supervision is rectified under supervision). Every item the inspector confirms 不符合
 * needs at least one finding citing it; an item the unit itself answered 不符合 may only be
 * judged otherwise with the reason in its `remark`.
 */
export function validateNonComplianceCovered(
  input: ReviewInput,
  items: ChecklistItem[],
  selfCheck: SelfCheckAnswer[],
): FieldError[] {
  const verdicts = Array.isArray(input?.items) ? input.items : [];
  const findings = Array.isArray(input?.findings) ? input.findings : [];
  const errors: FieldError[] = [];
  for (const item of items) {
    const verdict = verdicts.find((v) => v?.itemKey === item.key);
    if (!verdict) continue; // validateReview reports the missing verdict
    if (verdict.answer === 'non_compliant' && !findings.some((f) => f?.itemKey === item.key)) {
      errors.push({
        field: `items[${item.key}]`,
        message: `「${item.text}」确认为不符合，须至少登记一条引用该项的问题（findings[].itemKey 为 ${item.key}）；如改判为符合，须在 remark 中说明理由`,
      });
    }
    const unitSaid = selfCheck.find((a) => a.itemKey === item.key)?.answer;
    if (unitSaid === 'non_compliant' && verdict.answer !== 'non_compliant' && !verdict.remark?.trim()) {
      errors.push({
        field: `items[${item.key}].remark`,
        message: `「${item.text}」单位自查为不符合，改判为${ANSWER_LABELS[verdict.answer] ?? verdict.answer}须说明理由（不超过1000字）`,
      });
    }
  }
  return errors;
}

/** Field errors in a rectification report covering `open` findings. */
export function validateRectificationReport(input: RectificationReportInput, open: number[]): FieldError[] {
  const errors = formErrors(RectificationReportForm, input);
  if (errors.length) return errors;
  for (const id of open) {
    if (input.reports.filter((x) => x.findingId === id).length !== 1)
      errors.push({ field: `reports[${id}]`, message: `问题 ${id} 须有且仅有一份整改报告` });
  }
  if (input.reports.some((r) => !open.includes(r.findingId)))
    errors.push({ field: 'reports', message: `整改报告只针对未销号的问题：${open.join('、')}` });
  return errors;
}

/** Field errors in an inspector's verification of reported findings. */
export function validateRectificationVerification(
  input: RectificationVerificationInput,
  reported: number[],
): FieldError[] {
  const errors = formErrors(RectificationVerificationForm, input);
  if (errors.length) return errors;
  for (const id of reported) {
    const r = input.results.filter((x) => x.findingId === id);
    if (r.length !== 1) errors.push({ field: `results[${id}]`, message: `请通过或退回问题 ${id}` });
    else if (r[0]!.verdict === 'rejected' && !r[0]!.reason?.trim())
      errors.push({ field: `results[${id}].reason`, message: '退回时须说明理由' });
  }
  if (input.results.some((r) => !reported.includes(r.findingId)))
    errors.push({ field: 'results', message: `核验结论只针对已报告的问题：${reported.join('、')}` });
  return errors;
}

/** Evidence files: what the API accepts (a clear 413/415 otherwise). */
export const EVIDENCE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  types: [
    'application/pdf',
    'image/png',
    'image/jpeg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/plain',
  ],
} as const;
