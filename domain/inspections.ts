// Supervision inspections (监督检查) with rectification (整改): vocabulary and the form rules,
// shared by the per-unit workflow's validators, the activities and the API (no I/O here).
// 000 第三十三条 (supervision), 第三十五条 (circulars and accountability); 001 第二十条;
// 003 第三十四、三十五条.
import type { FieldError } from './tasks.js';

export interface ChecklistItem {
  /** Stable within a template's versions, e.g. "backup-drill". */
  key: string;
  text: string;
  /** The article the requirement comes from, e.g. "000 第十四条". */
  article: string;
  guidance: string;
  evidenceRequired: boolean;
}

export const ANSWERS = ['compliant', 'non_compliant', 'not_applicable'] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = { compliant: '符合', non_compliant: '不符合', not_applicable: '不适用' };

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { minor: '一般', major: '较重', critical: '严重' };

export const INSPECTION_STATUSES = ['self_check', 'review', 'rectifying', 'closed', 'cancelled'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** The steps of a unit's inspection that each have a deadline (and escalate when it passes). */
export const INSPECTION_STEPS = ['self_check', 'review', 'rectification', 'verification'] as const;
export type InspectionStep = (typeof INSPECTION_STEPS)[number];
export const INSPECTION_STEP_LABELS: Record<InspectionStep, string> = { self_check: '自查', review: '检查复核', rectification: '整改', verification: '整改核验' };

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const evidenceOk = (ids: unknown) => ids === undefined || (Array.isArray(ids) && ids.length <= 20 && ids.every((id) => typeof id === 'string' && UUID.test(id)));

/** Field errors in a unit's self-check against the template's items. */
export function validateSelfCheck(input: SelfCheckInput, items: ChecklistItem[]): FieldError[] {
  const answers = Array.isArray(input?.answers) ? input.answers : [];
  const errors: FieldError[] = [];
  items.forEach((item) => {
    const given = answers.filter((a) => a?.itemKey === item.key);
    const at = `answers[${item.key}]`;
    if (given.length !== 1) return errors.push({ field: at, message: `「${item.text}」needs exactly one answer` });
    const a = given[0]!;
    if (!ANSWERS.includes(a.answer)) errors.push({ field: `${at}.answer`, message: 'must be compliant, non_compliant or not_applicable' });
    if (a.note !== undefined && (typeof a.note !== 'string' || a.note.length > 1000)) errors.push({ field: `${at}.note`, message: 'must be text of at most 1000 characters' });
    if (!evidenceOk(a.evidenceIds)) errors.push({ field: `${at}.evidenceIds`, message: 'must be ids of evidence files uploaded to this inspection (at most 20)' });
    if (item.evidenceRequired && a.answer === 'compliant' && !(a.evidenceIds?.length)) errors.push({ field: `${at}.evidenceIds`, message: `「${item.text}」needs evidence when answered compliant (${item.article})` });
    if (a.answer === 'not_applicable' && !text(a.note, 1000)) errors.push({ field: `${at}.note`, message: 'say why the item does not apply' });
  });
  const unknown = answers.filter((a) => !items.some((i) => i.key === a?.itemKey));
  if (unknown.length) errors.push({ field: 'answers', message: `unknown items: ${unknown.map((a) => String(a?.itemKey)).join(', ')}` });
  return errors;
}

/** Field errors in an inspector's review. */
export function validateReview(input: ReviewInput, items: ChecklistItem[]): FieldError[] {
  const errors: FieldError[] = [];
  const verdicts = Array.isArray(input?.items) ? input.items : [];
  for (const item of items) {
    const v = verdicts.filter((x) => x?.itemKey === item.key);
    if (v.length !== 1 || !ANSWERS.includes(v[0]!.answer)) errors.push({ field: `items[${item.key}]`, message: `confirm or override the answer to「${item.text}」` });
  }
  const findings = Array.isArray(input?.findings) ? input.findings : null;
  if (!findings) return [...errors, { field: 'findings', message: 'must be a list (empty when there are none)' }];
  findings.forEach((f, i) => {
    const at = (x: string) => `findings[${i}].${x}`;
    if (!items.some((it) => it.key === f?.itemKey)) errors.push({ field: at('itemKey'), message: 'must name a checklist item' });
    if (!SEVERITIES.includes(f?.severity)) errors.push({ field: at('severity'), message: 'must be minor, major or critical' });
    if (!text(f?.article, 50)) errors.push({ field: at('article'), message: 'cite the article the finding breaches (e.g. 000 第十四条)' });
    if (!text(f?.description, 1000)) errors.push({ field: at('description'), message: 'describe what was found' });
    if (!text(f?.requirement, 1000)) errors.push({ field: at('requirement'), message: 'state what the unit must do' });
  });
  return errors;
}

/**
 * Field errors where the review would let a non-compliance go unrectified (000 第三十五条: a breach
 * found in supervision is rectified under supervision). Every item the inspector confirms 不符合
 * needs at least one finding citing it; an item the unit itself answered 不符合 may only be
 * judged otherwise with the reason in its `remark`.
 */
export function validateNonComplianceCovered(input: ReviewInput, items: ChecklistItem[], selfCheck: SelfCheckAnswer[]): FieldError[] {
  const verdicts = Array.isArray(input?.items) ? input.items : [];
  const findings = Array.isArray(input?.findings) ? input.findings : [];
  const errors: FieldError[] = [];
  for (const item of items) {
    const verdict = verdicts.find((v) => v?.itemKey === item.key);
    if (!verdict) continue; // validateReview reports the missing verdict
    if (verdict.answer === 'non_compliant' && !findings.some((f) => f?.itemKey === item.key)) {
      errors.push({ field: `items[${item.key}]`, message: `「${item.text}」确认为不符合，须至少登记一条引用该项的问题（findings[].itemKey 为 ${item.key}）；如改判为符合，须在 remark 中说明理由` });
    }
    const unitSaid = selfCheck.find((a) => a.itemKey === item.key)?.answer;
    if (unitSaid === 'non_compliant' && verdict.answer !== 'non_compliant' && !text(verdict.remark, 1000)) {
      errors.push({ field: `items[${item.key}].remark`, message: `「${item.text}」单位自查为不符合，改判为${ANSWER_LABELS[verdict.answer] ?? verdict.answer}须说明理由（不超过1000字）` });
    }
  }
  return errors;
}

/** An official's acknowledgement of an overdue step: what was done to get it moving (督办). */
export interface EscalationNoteInput {
  note: string;
}
/** Field errors in an escalation acknowledgement. */
export function validateEscalationNote(input: EscalationNoteInput): FieldError[] {
  return text(input?.note, 500) ? [] : [{ field: 'note', message: '请填写督办情况（不超过500字）' }];
}

/** Field errors in a rectification report covering `open` findings. */
export function validateRectificationReport(input: RectificationReportInput, open: number[]): FieldError[] {
  const reports = Array.isArray(input?.reports) ? input.reports : [];
  const errors: FieldError[] = [];
  for (const id of open) {
    const r = reports.filter((x) => x?.findingId === id);
    if (r.length !== 1) errors.push({ field: `reports[${id}]`, message: `finding ${id} needs exactly one report` });
    else {
      if (!text(r[0]!.measures, 2000)) errors.push({ field: `reports[${id}].measures`, message: 'describe the measures taken (at most 2000 characters)' });
      if (!evidenceOk(r[0]!.evidenceIds)) errors.push({ field: `reports[${id}].evidenceIds`, message: 'must be ids of evidence files uploaded to this inspection (at most 20)' });
    }
  }
  if (reports.some((r) => !open.includes(r?.findingId))) errors.push({ field: 'reports', message: `reports must be for the open findings: ${open.join(', ')}` });
  return errors;
}

/** Field errors in an inspector's verification of reported findings. */
export function validateRectificationVerification(input: RectificationVerificationInput, reported: number[]): FieldError[] {
  const results = Array.isArray(input?.results) ? input.results : [];
  const errors: FieldError[] = [];
  for (const id of reported) {
    const r = results.filter((x) => x?.findingId === id);
    if (r.length !== 1 || !['accepted', 'rejected'].includes(r[0]!.verdict)) errors.push({ field: `results[${id}]`, message: `accept or reject finding ${id}` });
    else if (r[0]!.verdict === 'rejected' && !text(r[0]!.reason, 1000)) errors.push({ field: `results[${id}].reason`, message: 'give the reason for sending it back' });
  }
  if (results.some((r) => !reported.includes(r?.findingId))) errors.push({ field: 'results', message: `verdicts must be for the reported findings: ${reported.join(', ')}` });
  return errors;
}

/** Evidence files: what the API accepts (a clear 413/415 otherwise). */
export const EVIDENCE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  types: ['application/pdf', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/plain'],
} as const;
