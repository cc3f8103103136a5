// The incident process's forms (000 第三十一条; NSIR): one strict zod schema each, used by the API's
// check, the workflow's Update validators and the tasks' `formSchema`. No I/O here.
import { z } from 'zod';
import './zod-locale.js';
import { formErrors, rowId, text } from './forms.js';
import type { FieldError } from './tasks.js';
import {
  ALERT_REPLY_RESULTS,
  CATEGORY_NAMES,
  INCIDENT_CATEGORIES,
  INCIDENT_LEVELS,
  LEVEL_CRITERIA,
  LEVEL_NAMES,
} from './incidents.js';

/** Clock skew allowed between a reporter's device and the server before a time counts as "in the future". */
const SKEW_MS = 60_000;

/** The earliest discovery time taken: before it, a date is a typo (and a delay counted from it, decades). */
export const EARLIEST_DISCOVERY = '2000-01-01T00:00:00+08:00';

/** An instant already past, from 2000 on: when something was discovered or happened. */
export const pastInstant = () =>
  z.iso
    .datetime({ offset: true, message: '须为带时区的时间，例如 2026-11-23T08:30:00+08:00' })
    .refine((v) => Date.parse(v) <= Date.now() + SKEW_MS, { message: '不能晚于当前时间' })
    .refine((v) => Date.parse(v) >= Date.parse(EARLIEST_DISCOVERY), { message: '不能早于 2000 年 1 月 1 日' });

const levelField = () =>
  z
    .enum(INCIDENT_LEVELS)
    .describe(
      `事件级别：${INCIDENT_LEVELS.map((l) => `${l}=${LEVEL_NAMES[l]}`).join('，')}。` +
        INCIDENT_LEVELS.map((l) => LEVEL_CRITERIA[l]).join('；'),
    );

const personalInfo = () =>
  z.number().int().min(0).max(2_000_000_000).describe('涉及个人信息的条数（估计）；不涉及填 0');

const systems = () => z.array(text(200)).max(50).describe('受影响的信息系统');

/** 初报: what every incident report starts with (POST /incidents). */
export const InitialReportForm = z.strictObject({
  level: levelField(),
  category: z
    .enum(INCIDENT_CATEGORIES)
    .describe(`事件类别：${INCIDENT_CATEGORIES.map((c) => `${c}=${CATEGORY_NAMES[c]}`).join('，')}`),
  title: text(80, 2),
  description: text(4000).describe('事件经过'),
  systemsAffected: systems(),
  dataAffected: text(2000).optional().describe('受影响的数据'),
  criticalInfrastructure: z.boolean().describe('是否涉及关键信息基础设施'),
  personalInfoAffected: personalInfo(),
  discoveredAt: pastInstant().describe('发现时间'),
  measuresTaken: text(4000).describe('已采取的处置措施'),
  contact: z.strictObject({
    name: text(50, 2),
    phone: z.string().regex(/^[0-9+\-() ]{5,30}$/, '须为电话号码'),
  }),
});
export type InitialReportInput = z.infer<typeof InitialReportForm>;

/** 续报: progress; a new level re-runs the routing; `handled` declares the incident handled (终报 falls due). */
export const UpdateReportForm = z.strictObject({
  stage: z.literal('update'),
  level: levelField().optional(),
  progress: text(4000).describe('事件进展'),
  measuresTaken: text(4000).optional(),
  systemsAffected: systems().optional(),
  personalInfoAffected: personalInfo().optional(),
  handled: z.boolean().optional().describe('事件已处置完毕（此后须在期限内报送终报）'),
});
export type UpdateReportInput = z.infer<typeof UpdateReportForm>;

/** 终报: cause, impact, handling, rectification, lessons. */
export const FinalReportForm = z.strictObject({
  stage: z.literal('final'),
  cause: text(4000).describe('事件原因'),
  impact: text(4000).describe('影响范围和损失'),
  handling: text(4000).describe('处置情况'),
  rectification: text(4000).describe('整改措施'),
  lessons: text(4000).describe('经验教训'),
});
export type FinalReportInput = z.infer<typeof FinalReportForm>;

/** A later report on an incident (POST /incidents/{id}/reports). */
export const FollowUpReportForm = z.discriminatedUnion('stage', [UpdateReportForm, FinalReportForm]);
export type FollowUpReportInput = z.infer<typeof FollowUpReportForm>;

/** 签收: the supervising office acknowledges a report. */
export const AcknowledgeReportForm = z.strictObject({
  receiverName: text(50, 2, '须为签收人的真实姓名（2–50 个字符）'),
  remark: text(1000).optional(),
});

/** 上报: a 重大/特别重大 report forwarded to the office's own superior, with its comment. */
export const ForwardReportForm = z.strictObject({
  comment: text(2000).describe('转报意见'),
});

/** An alert's recipient acknowledges it (签收). */
export const AlertReceiptForm = z.strictObject({
  receiverName: text(50, 2, '须为签收人的真实姓名（2–50 个字符）'),
});

/** An alert's recipient replies with its self-check result. */
export const AlertReplyForm = z.strictObject({
  result: z.enum(ALERT_REPLY_RESULTS).describe('自查结论：no_issue=未发现同类问题，fixed=已处置，fixing=正在处置'),
  details: text(4000).describe('自查情况'),
  measuresTaken: text(4000).optional(),
});

export const validateAcknowledgement = (input: unknown): FieldError[] => formErrors(AcknowledgeReportForm, input);
export const validateForward = (input: unknown): FieldError[] => formErrors(ForwardReportForm, input);
export const validateAlertReceipt = (input: unknown): FieldError[] => formErrors(AlertReceiptForm, input);
export const validateAlertReply = (input: unknown): FieldError[] => formErrors(AlertReplyForm, input);

/** Most units one alert lists by id (a whole subtree goes by `rootUnitId` instead). */
export const ALERT_MAX_LISTED_UNITS = 2000;

/** A deadline: an instant with its offset, later than now (one already past can never be met). */
const futureInstant = () =>
  z.iso
    .datetime({ offset: true, message: '须为带时区的时间，例如 2026-11-23T08:30:00+08:00' })
    .refine((v) => Date.parse(v) > Date.now(), { message: '须晚于当前时间' });

/**
 * 预警通报 (POST /incidents/{id}/alerts): an official turns an incident into a numbered notice to
 * every institution of a subtree of their jurisdiction (`rootUnitId`, default their own unit) or
 * to the units listed (`unitIds`), with the measures each must take and the reply deadline.
 */
export const CreateAlertForm = z
  .strictObject({
    title: text(80, 2).describe('通报标题，例如“关于防范勒索软件攻击的预警通报”'),
    paragraphs: z.array(text(2000)).min(1).max(50).describe('正文段落（事件情况、风险提示）'),
    measures: z
      .array(text(500))
      .min(1, '至少须列出一项防范措施')
      .max(20, '防范措施不得超过 20 项')
      .describe('须采取的防范措施'),
    rootUnitId: rowId().optional().describe('通报范围：该单位及其下级的全部医疗卫生机构；缺省为本单位辖区'),
    unitIds: z
      .array(rowId())
      .min(1)
      .max(ALERT_MAX_LISTED_UNITS)
      .refine((ids) => new Set(ids).size === ids.length, { message: '单位不得重复' })
      .optional()
      .describe('通报范围：逐一列出的单位（与 rootUnitId 二选一）'),
    replyDueAt: futureInstant().optional().describe('签收并回复自查结果的期限；缺省按期限策略 incident.alert.reply'),
    remindBeforeSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400)
      .describe('期限前多少秒自动提醒未回复的单位（0 = 不自动提醒）'),
  })
  .refine((f) => f.rootUnitId === undefined || f.unitIds === undefined, {
    message: 'rootUnitId 与 unitIds 只能填写一个',
    path: ['unitIds'],
  });
export type CreateAlertInput = z.infer<typeof CreateAlertForm>;
