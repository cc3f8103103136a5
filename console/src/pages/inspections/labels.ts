// Chinese names of the inspection vocabulary (domain/inspections.ts), as the pages show them.
import type { components } from '../../api/schema.js';

export type InspectionStatus = components['schemas']['InspectionSummary']['status'];
export type InspectionStep = NonNullable<components['schemas']['InspectionSummary']['overdueStep']>;

export const STATUS_LABELS: Record<InspectionStatus, string> = {
  self_check: '自查中',
  review: '复核中',
  rectifying: '整改中',
  closed: '已销号',
  cancelled: '已取消',
};
export const STATUS_COLORS: Record<InspectionStatus, string> = {
  self_check: 'blue',
  review: 'purple',
  rectifying: 'orange',
  closed: 'green',
  cancelled: 'default',
};
export const STEP_LABELS: Record<InspectionStep, string> = {
  self_check: '自查',
  review: '检查复核',
  rectification: '整改',
  verification: '整改核验',
};

export const ANSWERS = ['compliant', 'non_compliant', 'not_applicable'] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = {
  compliant: '符合',
  non_compliant: '不符合',
  not_applicable: '不适用',
};
export const ANSWER_COLORS: Record<Answer, string> = {
  compliant: 'green',
  non_compliant: 'red',
  not_applicable: 'default',
};

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<string, string> = { minor: '一般', major: '较重', critical: '严重' };

export const FINDING_STATUS_LABELS: Record<string, string> = {
  open: '待整改',
  reported: '已报告整改',
  accepted: '已通过核验',
};

export const PLAN_STATUS_LABELS: Record<string, string> = {
  active: '执行中',
  paused: '已暂停',
  deleted: '已删除',
};

export const RECURRENCE_LABELS: Record<string, string> = {
  once: '立即执行一次',
  quarterly: '每季度（1、4、7、10 月 1 日 9:00）',
  yearly: '每年（1 月 2 日 9:00）',
  cron: '自定义（定时表达式）',
  interval: '固定间隔',
};

export const WINDOW_UNIT_LABELS: Record<string, string> = {
  working_days: '个工作日',
  calendar_days: '个自然日',
  hours: '小时',
  seconds: '秒',
};

/** A plan's recurrence as a sentence. */
export function recurrenceText(r: unknown): string {
  const rec = (r ?? { kind: 'once' }) as { kind: string; cron?: string; everySeconds?: number };
  if (rec.kind === 'cron') return `定时：${rec.cron}（北京时间）`;
  if (rec.kind === 'interval') return `每 ${rec.everySeconds} 秒`;
  return RECURRENCE_LABELS[rec.kind] ?? rec.kind;
}

export function windowText(w: unknown): string {
  const win = w as { unit: string; amount: number } | null | undefined;
  return win ? `${win.amount} ${WINDOW_UNIT_LABELS[win.unit] ?? win.unit}` : '按期限策略';
}

/** The inspection page's path (an inspection id holds the run id, so it is encoded). */
export const inspectionPath = (id: string) => `/app/inspections/records/${encodeURIComponent(id)}`;
export const planPath = (id: string) => `/app/inspections/plans/${id}`;
export const runPath = (planId: string, runId: string) =>
  `/app/inspections/plans/${planId}/runs/${encodeURIComponent(runId)}`;
