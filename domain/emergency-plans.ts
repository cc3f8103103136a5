// Emergency plans and drills (应急预案与应急演练): 000 第三十一条 (建立网络与信息安全事件应急响应机制，
// 制定应急预案), exercised like the backups of 第十四条 and the restore checks of 第十五条. A unit
// records each approved version of its plan (the document itself is an uploaded PDF or DOCX) and
// each drill of it; supervisors see which units have no plan or are past their next drill date.
// Reporting an incident (the other half of 第三十一条) is not here. One strict form schema each,
// shared by the API and its OpenAPI document. No I/O here.
import { z } from 'zod';
import './zod-locale.js';
import { calendarDate, pastDate } from './continuity.js';
import { rowId, text } from './forms.js';

/** The words of restore drills (DRILL_RESULTS): the plan worked, partly, or not. */
export const EMERGENCY_DRILL_RESULTS = ['succeeded', 'partial', 'failed'] as const;
export type EmergencyDrillResult = (typeof EMERGENCY_DRILL_RESULTS)[number];
export const EMERGENCY_DRILL_RESULT_LABELS: Record<EmergencyDrillResult, string> = {
  succeeded: '演练成功，预案有效',
  partial: '部分达到预期',
  failed: '未达到预期',
};

/** Why a unit is on the list of units without a current plan. */
export const PLAN_GAPS = ['no_plan', 'drill_overdue'] as const;
export type PlanGap = (typeof PLAN_GAPS)[number];

/** The plan document's types: a signed PDF or the DOCX it was approved as (not images or sheets). */
export const PLAN_DOCUMENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

/** An approved version of the unit's emergency plan; the newest approval is the current plan. */
export const EmergencyPlanFields = z.strictObject({
  title: text(200),
  /** The plan's own version label, as printed on it ("2026版", "V3.1"). */
  version: text(50),
  /** When the unit's leadership approved (印发) this version: already happened. */
  approvedOn: pastDate(),
  /** When the plan is next to be drilled: after its approval. */
  nextDrillOn: calendarDate(),
  /** What the plan covers: systems, incident classes, who responds. */
  scope: text(2000),
  summary: text(5000).optional(),
});

type PlanDates = { approvedOn?: unknown; nextDrillOn?: unknown };

/** The plan's cross-field rule on `schema` (checked even when other fields are wrong). */
export function withPlanRules<S extends z.ZodType<PlanDates>>(schema: S): S {
  return schema.refine(
    (d) => typeof d?.nextDrillOn !== 'string' || typeof d?.approvedOn !== 'string' || d.nextDrillOn > d.approvedOn,
    { path: ['nextDrillOn'], message: '下次演练日期须晚于预案批准日期', when: () => true },
  );
}

export const EmergencyPlanForm = withPlanRules(EmergencyPlanFields);
export type EmergencyPlanInput = z.infer<typeof EmergencyPlanForm>;

/**
 * A drill of a plan: when, which scenario, the result, what was found and when the next drill is.
 * A drill that showed the plan not (fully) effective needs a follow-up date, as a restore drill does.
 */
export const EmergencyDrillFields = z.strictObject({
  planId: rowId(),
  drilledOn: pastDate(),
  /** The incident the drill simulated (勒索病毒、数据泄露、核心系统宕机 …). */
  scenario: text(500),
  result: z.enum(EMERGENCY_DRILL_RESULTS),
  findings: text(5000),
  nextDrillOn: calendarDate(),
  followUpOn: calendarDate().optional(),
});

type DrillDates = { result?: unknown; drilledOn?: unknown; nextDrillOn?: unknown; followUpOn?: unknown };

/** The drill's cross-field rules on `schema` (checked even when other fields are wrong). */
export function withEmergencyDrillRules<S extends z.ZodType<DrillDates>>(schema: S): S {
  const after = (later: unknown, earlier: unknown) =>
    typeof later !== 'string' || typeof earlier !== 'string' || later >= earlier;
  return schema
    .refine((d) => after(d?.nextDrillOn, d?.drilledOn) && d?.nextDrillOn !== d?.drilledOn, {
      path: ['nextDrillOn'],
      message: '下次演练日期须晚于本次演练日期',
      when: () => true,
    })
    .refine((d) => (d?.result !== 'failed' && d?.result !== 'partial') || typeof d?.followUpOn === 'string', {
      path: ['followUpOn'],
      message: '演练表明预案未完全有效：须填写整改跟进日期（000 第三十一条）',
      when: () => true,
    })
    .refine((d) => after(d?.followUpOn, d?.drilledOn), {
      path: ['followUpOn'],
      message: '跟进日期不能早于演练日期',
      when: () => true,
    });
}

export const EmergencyDrillForm = withEmergencyDrillRules(EmergencyDrillFields);
export type EmergencyDrillInput = z.infer<typeof EmergencyDrillForm>;
