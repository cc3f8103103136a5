// The accountability vocabulary in Chinese, as the API names it (domain/accountability.ts).
import type { components } from '../../api/schema.js';

export type Case = components['schemas']['AccountabilityCase'];
export type CaseDetail = components['schemas']['AccountabilityCaseDetail'];
export type Measure = NonNullable<Case['proposedMeasure']>;
export type Decision = NonNullable<Case['decision']>;

/** Lightest first (the ladder of 000 第三十五条, 003 第三十六条). */
export const MEASURE_NAMES: Record<Measure, string> = {
  supervised_rectification: '督导整改',
  criticism: '通报批评',
  talk: '约谈责任人',
  admonition: '诫勉',
  sanction_proposal: '提出给予处分的建议',
  transfer: '移送有关部门',
};

export const DECISION_NAMES: Record<Decision, string> = { ...MEASURE_NAMES, no_action: '不予追究' };

export const STAGE_NAMES: Record<Case['stage'], { label: string; color: string }> = {
  investigating: { label: '调查核实', color: 'processing' },
  awaiting_statement: { label: '陈述申辩', color: 'gold' },
  awaiting_decision: { label: '待决定', color: 'orange' },
  executing: { label: '执行中', color: 'blue' },
  closed: { label: '已结案', color: 'green' },
  failed: { label: '处理失败', color: 'red' },
};

export const SOURCE_NAMES: Record<Case['source'], string> = {
  rectification_overdue: '逾期未完成整改',
  incident: '网络与信息安全事件',
  appraisal: '年度考核',
  manual: '督导检查发现',
};

export const SEVERITY_NAMES: Record<NonNullable<Case['severity']>, string> = {
  minor: '情节轻微',
  serious: '情节较重',
  grave: '情节严重',
};

export const STATEMENT_NAMES: Record<NonNullable<Case['statement']['outcome']>, string> = {
  stated: '已陈述申辩',
  waived: '放弃陈述申辩',
  lapsed: '期满未陈述申辩（视为放弃）',
};

export const MEASURE_BASIS = '000 第三十五条；001 第二十二条；003 第三十六条（视情节轻重）';
