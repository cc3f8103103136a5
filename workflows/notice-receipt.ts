// 公文签收: an official issues a numbered notice to a unit, whose staff must acknowledge receipt
// (签收) by the deadline; reminders before it, and an escalation task to the issuing official
// when it passes (000 第三十五条 circulars are distributed and receipt tracked).
import { ApplicationFailure, condition, defineQuery, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import { actedBy, type TaskActor, type TaskCompletion } from '../domain/task-completion.js';
import { humanTask } from './human-task.js';
import { NOTICE_ESCALATION_FORM, NoticeEscalationForm, RECEIPT_FORM, validateReceipt } from '../domain/notice-forms.js';
import { formErrors } from '../domain/forms.js';


const acts = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 5 } });

export interface NoticeReceiptInput {
  issuingUnitId: number;
  recipientUnitId: number;
  recipientName: string;
  title: string;
  paragraphs: string[];
  /** Deadline policy key (e.g. notice.receipt) unless `dueAt` is given. */
  deadlinePolicy: string;
  dueAt?: string;
  /** How long before the deadline to remind, in ms (0 = no reminder). */
  remindBeforeMs: number;
  issuedBy: TaskActor;
}

export interface ReceiptInput {
  receiverName: string;
  remark?: string;
}

export interface ReceiptResult {
  receivedBy: string;
  receivedAt: string;
}

export type NoticeStage = 'issuing' | 'awaiting_receipt' | 'received';
export interface NoticeStatus {
  stage: NoticeStage;
  documentId?: string;
  number?: string;
  dueAt?: string;
  overdue: boolean;
}

export const acknowledgeReceiptUpdate = defineUpdate<ReceiptResult, [TaskCompletion<ReceiptInput>]>('acknowledgeReceipt');
export const acknowledgeEscalationUpdate = defineUpdate<{ noted: true }, [TaskCompletion<{ note: string }>]>('acknowledgeEscalation');
export const noticeStatusQuery = defineQuery<NoticeStatus>('noticeStatus');

function validateEscalationNote(completion: TaskCompletion<{ note: string }>, current: string | undefined): void {
  if (!current || completion.taskKey !== current) throw ApplicationFailure.nonRetryable('This task is no longer open.', FAILURE_TYPES.alreadyCompleted);
  const errors = formErrors(NoticeEscalationForm, completion.input);
  if (errors.length) throw ApplicationFailure.nonRetryable(`Invalid input: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, FAILURE_TYPES.invalidInput, ...errors);
}

export async function noticeReceiptWorkflow(input: NoticeReceiptInput): Promise<ReceiptResult> {
  const { workflowId } = workflowInfo();
  const status: NoticeStatus = { stage: 'issuing', overdue: false };
  setHandler(noticeStatusQuery, () => status);

  const dueAt = input.dueAt ?? (await acts.computeDeadline(input.deadlinePolicy)).at;
  status.dueAt = dueAt;
  const doc = await acts.issueDocument({
    kind: 'notice',
    code: '通',
    issuingUnitId: input.issuingUnitId,
    title: input.title,
    recipient: input.recipientName,
    recipientUnitIds: [input.recipientUnitId],
    data: { paragraphs: input.paragraphs, dueDate: dueAt.slice(0, 10) },
    workflowId,
    idempotencyKey: `${workflowId}/notice`,
    actor: input.issuedBy,
  });
  Object.assign(status, { documentId: doc.documentId, number: doc.number, stage: 'awaiting_receipt' });

  // Its key is known before the row exists (see TaskCompletion.taskKey); the id once created.
  let escalation: { key: string; taskId?: string } | undefined;
  setHandler(acknowledgeEscalationUpdate, async (completion) => {
    await condition(() => escalation?.taskId !== undefined);
    await acts.completeTask({ taskId: escalation!.taskId!, result: { note: completion.input.note }, ...actedBy(completion) });
    return { noted: true };
  }, { validator: (completion) => validateEscalationNote(completion, escalation?.key) });

  const remindAt = input.remindBeforeMs > 0 ? [new Date(Date.parse(dueAt) - input.remindBeforeMs).toISOString()] : [];
  const receipt = await humanTask({
    spec: {
      key: 'receipt',
      type: 'notice_receipt',
      title: `签收：${input.title}（${doc.number}）`,
      assigneeUnitId: input.recipientUnitId,
      assigneeRole: 'unit_staff',
      dueAt,
      remindAt,
      formSchema: RECEIPT_FORM,
      payload: { documentId: doc.documentId, number: doc.number },
    },
    update: acknowledgeReceiptUpdate,
    validate: validateReceipt,
    accept: (form, completion) => ({ receivedBy: `${form.receiverName.trim()}（${completion.actor.realName}）`, receivedAt: new Date().toISOString() }),
    onOverdue: async () => {
      status.overdue = true;
      // Escalation: the issuing official is told the notice has not been signed for in time.
      escalation = { key: 'receipt-escalation' };
      escalation.taskId = await acts.createTask({
        key: escalation.key,
        type: 'escalation',
        title: `逾期未签收：${input.title}（${doc.number}）`,
        assigneeUnitId: input.issuingUnitId,
        assigneeRole: 'official',
        dueAt: new Date(Date.parse(dueAt) + 24 * 3_600_000).toISOString(),
        formSchema: NOTICE_ESCALATION_FORM,
        workflowId,
        updateName: acknowledgeEscalationUpdate.name,
        payload: { documentId: doc.documentId, recipientUnitId: input.recipientUnitId },
      });
    },
  });
  status.stage = 'received';
  // A late receipt settles the escalation too; the official need not act on it any more.
  if (escalation?.taskId) await acts.cancelTask(escalation.taskId, 'received late');
  return receipt.result;
}
