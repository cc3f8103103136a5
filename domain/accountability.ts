// Accountability (责任追究): the ladder of measures the superior authority chooses from "视情节轻重"
// (000 第三十五条; 001 第二十二条; 003 第三十六条), shared by the case workflow, its activities, the
// table, the API and the documents. No I/O here.

/**
 * Lightest first: the index is the ladder's order, so "lighter" and "heavier" are comparisons.
 * 000 第三十五条 names 督导整改、通报批评、约谈责任人、提出给予行政处分的建议; 003 第三十六条 adds 诫勉
 * and 移送 (涉嫌违纪违法). A document cites only the texts in force for its issuer.
 */
export const MEASURES = [
  'supervised_rectification',
  'criticism',
  'talk',
  'admonition',
  'sanction_proposal',
  'transfer',
] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_NAMES: Record<Measure, string> = {
  supervised_rectification: '督导整改',
  criticism: '通报批评',
  talk: '约谈责任人',
  admonition: '诫勉',
  sanction_proposal: '提出给予处分的建议',
  transfer: '移送有关部门',
};

/** The document each measure is issued as. */
export const MEASURE_DOCUMENTS: Record<Measure, string> = {
  supervised_rectification: '督导整改通知书',
  criticism: '通报批评（通报）',
  talk: '约谈通知书',
  admonition: '诫勉通知书',
  sanction_proposal: '处分建议函',
  transfer: '移送函',
};

/** The leader may also decide no measure at all (不予追究), with reasons. */
export const DECISIONS = [...MEASURES, 'no_action'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SEVERITIES = ['minor', 'serious', 'grave'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_NAMES: Record<Severity, string> = { minor: '情节轻微', serious: '情节较重', grave: '情节严重' };

/** Where a case comes from; `manual` is opened by hand by a supervisor with facts and evidence. */
export const CASE_SOURCES = ['rectification_overdue', 'incident', 'appraisal', 'manual'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_NAMES: Record<CaseSource, string> = {
  rectification_overdue: '逾期未完成整改',
  incident: '网络与信息安全事件',
  appraisal: '年度考核',
  manual: '督导检查发现',
};

export const CASE_STAGES = [
  'investigating',
  'awaiting_statement',
  'awaiting_decision',
  'executing',
  'closed',
  'failed',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/** Ladder position: a lighter measure has a smaller rank. */
export const measureRank = (m: Measure): number => MEASURES.indexOf(m);

/** The template (templates/<kind>.hbs) each measure's decision prints as; 通报批评 goes out as a circular. */
export const MEASURE_DOCUMENT_KINDS: Record<Exclude<Measure, 'criticism'>, string> = {
  supervised_rectification: 'case-rectification-notice',
  talk: 'talk-notice',
  admonition: 'admonition-notice',
  sanction_proposal: 'sanction-proposal',
  transfer: 'transfer-letter',
};
export const SUMMARY_DOCUMENT_KIND = 'accountability-summary';

/**
 * What a decision document prints (the `data` of issueDocument). Text fields are the people's own
 * words; `articles` are short citations (e.g. "000 第三十五条") the templates print by full title,
 * only those in force for the issuer.
 */
export interface CaseDocumentData {
  caseNumber: string;
  unitName: string;
  responsiblePerson?: { name: string; position?: string };
  facts: string[];
  articles: string[];
  severity: string;
  measure: string;
  reasons: string[];
  /** 陈述申辩: what the party said and whether it was adopted; absent when it waived or let the window pass. */
  statement?: { text: string; adopted: boolean; response: string };
  /** 督导整改: by when and what. */
  rectification?: { dueDate: string; requirements: string[] };
  /**
   * 约谈 / 诫勉: when, where, who attends; `materials` is what the summoned person brings (the
   * notice prints the usual list when absent). `time` may be ISO (printed in China time) or words.
   */
  meeting?: { time: string; place: string; attendees: string; materials?: string[] };
  /** 处分建议函: the appointing authority; 移送函: the receiving body (e.g. 纪检监察机关). */
  addressee?: string;
}

/** The yearly accountability summary (for the appraisal): counts by measure, source and unit. */
export interface SummaryDocumentData {
  year: number;
  /**
   * Not printed: issuing overwrites `jurisdiction` in what the template sees with the issuer's
   * division-code prefix (the frame's, which decides what may be cited). `areaName` prints.
   */
  jurisdiction: string;
  /** The area the summary covers as printed (e.g. 郑州市); the report says 本辖区 without it. */
  areaName?: string;
  total: number;
  byMeasure: { measure: string; count: number }[];
  bySource: { source: string; count: number }[];
  byUnit: { unitName: string; cases: number; measures: string }[];
}

const TERMS: Record<string, string> = {
  ...MEASURE_NAMES,
  no_action: '不予追究',
  ...SEVERITY_NAMES,
  ...CASE_SOURCE_NAMES,
};

/**
 * A code of this vocabulary (measure, decision, severity, case source) in Chinese, as documents
 * print it; a list of codes (`talk,admonition`) as 约谈责任人、诫勉; words already Chinese as given.
 */
export function accountabilityTerm(value: string): string {
  const known = (p: string) => Object.hasOwn(TERMS, p);
  const parts = value.split(/\s*[,，、]\s*/).filter(Boolean);
  if (parts.length > 1 && parts.every(known)) return parts.map((p) => TERMS[p]).join('、');
  return known(value) ? TERMS[value]! : value;
}

/**
 * The case workflow's registered name (workflows/accountability-case.ts) and its id for case `id`.
 * `unique` (a random UUID, drawn once when the case is opened and stored on its row) keeps two
 * databases on one Temporal namespace (a restored backup, test databases) from sharing a workflow.
 */
export const CASE_WORKFLOW_TYPE = 'accountabilityCaseWorkflow';
export const caseWorkflowId = (id: number, unique: string): string => `accountability-case-${id}-${unique}`;

/** The printed case number, e.g. 责〔2026〕12号: the year it was opened and its row id. */
export const caseNumber = (id: number, openedAt: Date | string): string =>
  `责〔${new Date(openedAt).getUTCFullYear()}〕${id}号`;

/** What the case workflow starts with; the rest it reads from the row. */
export interface AccountabilityCaseInput {
  caseId: number;
}
