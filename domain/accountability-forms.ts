// The accountability case's forms (责任追究; 000 第三十五条, 001 第二十二条, 003 第三十六条): one strict zod
// schema per task, used by the API's check, the workflow's Update validators and the tasks' `formSchema`,
// and the schema of POST /accountability-cases. No I/O here.
import { z } from 'zod';
import './zod-locale.js';
import { evidenceIds, rowId, text } from './forms.js';
import { DECISIONS, MEASURE_NAMES, MEASURES, SEVERITIES, SEVERITY_NAMES, type Decision } from './accountability.js';

const facts = () => z.array(text(2000)).min(1).max(20).describe('违规事实，每条一段');
const reasons = () => z.array(text(2000)).min(1).max(20).describe('理由，每条一段');
const responsiblePerson = () =>
  z.strictObject({ name: text(50), position: text(100).optional() }).describe('责任人（已知时填写）：姓名与职务');
const measureField = () =>
  z.enum(MEASURES).describe(`追究措施（由轻到重）：${MEASURES.map((m) => `${m}=${MEASURE_NAMES[m]}`).join('，')}`);
const instant = () => z.iso.datetime({ offset: true, message: '须为带时区的时间，例如 2026-12-10T09:00:00+08:00' });

/** POST /accountability-cases: a supervisor opens a case by hand (source `manual`). */
export const OpenCaseForm = z.strictObject({
  unitId: rowId().describe('被追究单位（须为本委辖区内的下级单位）'),
  facts: facts(),
  evidenceIds: evidenceIds().optional().describe('该单位已上传的证据文件编号'),
  responsiblePerson: responsiblePerson().optional(),
});
export type OpenCaseInput = z.infer<typeof OpenCaseForm>;

/** 调查核实: the official of the supervising commission records what was found and proposes a measure. */
export const InvestigationForm = z.strictObject({
  facts: facts(),
  evidenceIds: evidenceIds().optional(),
  articles: z.array(text(50)).min(1).max(10).describe('所违反的条款，如 000 第三十一条'),
  severity: z
    .enum(SEVERITIES)
    .describe(`情节：${SEVERITIES.map((s) => `${s}=${SEVERITY_NAMES[s]}`).join('，')}（000 第三十五条“视情节轻重”）`),
  responsiblePerson: responsiblePerson().optional(),
  proposedMeasure: measureField(),
  reasons: reasons(),
});
export type InvestigationInput = z.infer<typeof InvestigationForm>;

/** 陈述申辩: the unit states its case (text), or waives it (waived: true). */
export const StatementForm = z
  .strictObject({
    waived: z.boolean().describe('true：放弃陈述申辩'),
    text: text(5000).optional().describe('陈述申辩的内容（不放弃时必填）'),
    evidenceIds: evidenceIds().optional(),
  })
  .superRefine((form, ctx) => {
    if (!form.waived && form.text === undefined)
      ctx.addIssue({ code: 'custom', path: ['text'], message: '陈述申辩的内容须填写，或选择放弃（waived: true）' });
    if (form.waived && form.text !== undefined)
      ctx.addIssue({ code: 'custom', path: ['text'], message: '放弃陈述申辩时不填写内容' });
  });
export type StatementInput = z.infer<typeof StatementForm>;

/**
 * 决定: a commission leader takes the proposal, a lighter or heavier measure, or no_action, with
 * reasons; a statement made is answered (adopted or not, and why). What the measure's document needs
 * comes with it: 督导整改 its requirements, 约谈/诫勉 time and place, 处分建议/移送 the addressee.
 */
export const DecisionForm = z
  .strictObject({
    decision: z
      .enum(DECISIONS)
      .describe(`决定：追究措施之一，或 no_action（不予追究）。${MEASURES.map((m) => MEASURE_NAMES[m]).join(' → ')}`),
    reasons: reasons(),
    statementAdopted: z.boolean().optional().describe('单位有陈述申辩时必填：是否采纳'),
    statementResponse: text(2000).optional().describe('单位有陈述申辩时必填：采纳或不采纳的理由'),
    rectification: z
      .strictObject({ requirements: z.array(text(1000)).min(1).max(20) })
      .optional()
      .describe('督导整改：整改要求（期限按 rectification 期限策略）'),
    meeting: z
      .strictObject({ time: instant(), place: text(200), attendees: text(500) })
      .optional()
      .describe('约谈、诫勉：时间、地点、参加人员'),
    addressee: text(200).optional().describe('处分建议函的任免机关，或移送函的受理机关（如纪检监察机关）'),
  })
  .superRefine((form, ctx) => {
    const need = (field: 'rectification' | 'meeting' | 'addressee', what: string) => {
      if (form[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${what}须填写` });
    };
    const d: Decision = form.decision;
    if (d === 'supervised_rectification') need('rectification', '督导整改的整改要求');
    if (d === 'talk' || d === 'admonition') need('meeting', `${MEASURE_NAMES[d]}的时间、地点和参加人员`);
    if (d === 'sanction_proposal') need('addressee', '处分建议函的任免机关');
    if (d === 'transfer') need('addressee', '移送函的受理机关');
  });
export type DecisionInput = z.infer<typeof DecisionForm>;

/** 督导整改: the unit reports what it did. */
export const CaseRectificationReportForm = z.strictObject({
  measures: text(5000).describe('已采取的整改措施'),
  evidenceIds: evidenceIds().optional(),
});

/** 督导整改核验: the official accepts, or rejects with a reason (the unit reports again). */
export const CaseRectificationVerificationForm = z
  .strictObject({
    verdict: z.enum(['accepted', 'rejected']),
    reason: text(1000).optional().describe('退回的理由（rejected 时必填）'),
  })
  .superRefine((form, ctx) => {
    if (form.verdict === 'rejected' && form.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回须说明理由' });
  });

/** 签收: the party acknowledges the notice (约谈、诫勉) or the letter (处分建议函、移送函). */
export const CaseAcknowledgementForm = z.strictObject({
  receiverName: text(50).describe('签收人姓名'),
  remark: text(1000).optional(),
});
