// The circular process's forms (通报; 000 第三十五条): one strict zod schema each, used by the API's
// check, the workflow's Update validators and the tasks' `formSchema`. No I/O here: whether the
// units and attachments named are the official's to use is checked by the API against the database.
import { z } from 'zod';
import './zod-locale.js';
import { evidenceIds, formErrors, rowId, text } from './forms.js';
import type { FieldError } from './tasks.js';
import { UNIT_KINDS } from './identity.js';
import { CIRCULAR_KIND_NAMES, CIRCULAR_MAX_RECIPIENTS } from './circulars.js';

/** The kinds an official drafts through POST /circulars (a 通知 to one unit goes through POST /notices). */
export const DRAFTED_KINDS = ['work', 'commendation', 'criticism', 'situation'] as const;
/** Unit kinds a circular can address by kind: every institution kind (commissions are addressed by subtree). */
export const ADDRESSABLE_UNIT_KINDS = UNIT_KINDS.filter((k) => k !== 'commission') as [
  'hospital',
  'cdc',
  'info_center',
  'other',
];

const futureInstant = () =>
  z.iso
    .datetime({ offset: true, message: '须为带时区的时间，例如 2026-12-10T17:00:00+08:00' })
    .refine((v) => Date.parse(v) > Date.now(), { message: '须晚于当前时间' });

/** 主送: exactly one way of naming the recipients, each within the official's jurisdiction. */
export const CircularRecipientsForm = z
  .strictObject({
    subtreeOf: rowId().optional().describe('该单位及其下级的全部医疗卫生机构'),
    unitIds: z
      .array(rowId())
      .min(1, '至少须列出一个单位')
      .max(CIRCULAR_MAX_RECIPIENTS, `单位不得超过 ${CIRCULAR_MAX_RECIPIENTS} 个`)
      .refine((ids) => new Set(ids).size === ids.length, { message: '单位不得重复' })
      .optional()
      .describe('逐一列出的单位'),
    unitKind: z
      .enum(ADDRESSABLE_UNIT_KINDS)
      .optional()
      .describe('辖区内该类别的全部单位：hospital=医院，cdc=疾控中心，info_center=信息中心，other=其他'),
  })
  .refine((r) => [r.subtreeOf, r.unitIds, r.unitKind].filter((v) => v !== undefined).length === 1, {
    message: 'subtreeOf、unitIds、unitKind 须且只能填写一项',
  });
export type CircularRecipients = z.infer<typeof CircularRecipientsForm>;

/** POST /circulars: a draft, submitted to the commission's leader for approval (000 第三十五条). */
export const CreateCircularForm = z
  .strictObject({
    kind: z
      .enum(DRAFTED_KINDS)
      .describe(`通报类别：${DRAFTED_KINDS.map((k) => `${k}=${CIRCULAR_KIND_NAMES[k]}`).join('，')}`),
    title: text(80, 2).describe('标题，例如“关于2026年第四季度网络安全检查情况的通报”'),
    paragraphs: z.array(text(4000)).min(1, '正文至少须有一段').max(50, '正文不得超过 50 段').describe('正文段落'),
    attachmentIds: evidenceIds().optional().describe('附件：已上传的证据文件 id（须为您辖区内单位的文件）'),
    recipients: CircularRecipientsForm,
    replyRequired: z.boolean().default(false).describe('是否要求各单位在签收后书面回复'),
    receiptWorkingDays: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .describe('签收期限（工作日）；缺省按期限策略 circular.receipt'),
    replyWorkingDays: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe('回复期限（工作日）；缺省按期限策略 circular.reply'),
    receiptDueAt: futureInstant().optional().describe('签收截止时间（指定时刻，优先于工作日）'),
    replyDueAt: futureInstant().optional().describe('回复截止时间（指定时刻，优先于工作日）'),
    remindBeforeSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400)
      .describe('截止前多少秒自动提醒未办结的单位（0 = 不自动提醒）'),
  })
  .refine((f) => f.replyRequired || (f.replyWorkingDays === undefined && f.replyDueAt === undefined), {
    message: '不要求回复时不能设定回复期限',
    path: ['replyRequired'],
  });
export type CreateCircularInput = z.infer<typeof CreateCircularForm>;

/** The leader's decision on a draft: approve, or return it with a comment saying what to change. */
export const CircularApprovalForm = z
  .strictObject({
    decision: z.enum(['approve', 'return']).describe('approve=同意印发，return=退回修改'),
    comment: text(1000).optional().describe('审批意见；退回时必填'),
  })
  .refine((f) => f.decision === 'approve' || f.comment !== undefined, {
    message: '退回时须写明修改意见',
    path: ['comment'],
  });
export type CircularApprovalInput = z.infer<typeof CircularApprovalForm>;

/** The drafter's answer to a returned draft: resubmit (revised) or withdraw it. */
export const CircularRevisionForm = z
  .strictObject({
    action: z.enum(['resubmit', 'withdraw']).describe('resubmit=修改后重新报批，withdraw=撤回'),
    title: text(80, 2).optional().describe('修改后的标题；缺省不变'),
    paragraphs: z.array(text(4000)).min(1).max(50).optional().describe('修改后的正文；缺省不变'),
    comment: text(1000).optional().describe('修改或撤回说明'),
  })
  .refine((f) => f.action === 'resubmit' || (f.title === undefined && f.paragraphs === undefined), {
    message: '撤回时不能同时修改正文',
    path: ['action'],
  });
export type CircularRevisionInput = z.infer<typeof CircularRevisionForm>;

/** 签收 by a recipient unit. */
export const CircularReceiptForm = z.strictObject({
  receiverName: text(50, 2, '须为签收人的真实姓名（2–50 个字符）'),
});
export type CircularReceiptInput = z.infer<typeof CircularReceiptForm>;

/** A recipient's written reply, when the circular asks for one. */
export const CircularReplyForm = z.strictObject({
  content: text(4000).describe('回复内容（落实情况）'),
});
export type CircularReplyInput = z.infer<typeof CircularReplyForm>;

export const validateCircularApproval = (input: unknown): FieldError[] => formErrors(CircularApprovalForm, input);
export const validateCircularRevision = (input: unknown): FieldError[] => formErrors(CircularRevisionForm, input);
export const validateCircularReceipt = (input: unknown): FieldError[] => formErrors(CircularReceiptForm, input);
export const validateCircularReply = (input: unknown): FieldError[] => formErrors(CircularReplyForm, input);
