// 公文签收: an official issues a numbered notice to a unit, whose staff must acknowledge receipt
// (签收) by the deadline; reminders before it, and an escalation task to the issuing official
// when it passes (000 第三十五条 circulars are distributed and receipt tracked).
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  defineUpdate,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { renderingActivities } from './rendering.js';
import type { TaskActor, TaskCompletion } from '../domain/task-completion.js';
import { validateReceipt } from '../domain/notice-forms.js';
import { humanTask } from './human-task.js';
import { escalation, type EscalationUpdate } from './escalation.js';
import { rootCause } from './update-checks.js';

// As the other processes: transient failures (a database outage, a worker lost) are retried until
// they pass, business failures are non-retryable and end the process (its row then says `failed`).
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
});

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

export const acknowledgeReceiptUpdate = defineUpdate<ReceiptResult, [TaskCompletion<ReceiptInput>]>(
  'acknowledgeReceipt',
);
export const acknowledgeEscalationUpdate: EscalationUpdate = defineUpdate('acknowledgeEscalation');

export async function noticeReceiptWorkflow(input: NoticeReceiptInput): Promise<ReceiptResult> {
  const { workflowId: noticeId } = workflowInfo();
  const escalated = escalation(acknowledgeEscalationUpdate);

  let result: ReceiptResult;
  try {
    const dueAt = input.dueAt ?? (await acts.computeDeadline(input.deadlinePolicy)).at;
    // The first write: the row the API wrote before starting this workflow must exist.
    await acts.recordNoticeDue({ noticeId, dueAt });
    const doc = await renderingActivities().issueDocument({
      kind: 'notice',
      code: '通',
      issuingUnitId: input.issuingUnitId,
      title: input.title,
      recipient: input.recipientName,
      recipientUnitIds: [input.recipientUnitId],
      data: { paragraphs: input.paragraphs, dueDate: dueAt.slice(0, 10) },
      workflowId: noticeId,
      idempotencyKey: `${noticeId}/notice`,
      actor: input.issuedBy,
    });
    await acts.recordNoticeIssued({ noticeId, documentId: doc.documentId, number: doc.number });

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
        payload: { documentId: doc.documentId, number: doc.number },
      },
      update: acknowledgeReceiptUpdate,
      validate: validateReceipt,
      accept: (form, completion) => ({
        receivedBy: `${form.receiverName.trim()}（${completion.actor.realName}）`,
        receivedAt: new Date().toISOString(),
      }),
      record: (received) => acts.recordNoticeReceived({ noticeId, ...received }),
      onOverdue: async () => {
        await acts.markNoticeOverdue(noticeId);
        // Escalation: the issuing official is told the notice has not been signed for in time.
        await escalated.open({
          key: 'receipt-escalation',
          type: 'escalation',
          title: `逾期未签收：${input.title}（${doc.number}）`,
          assigneeUnitId: input.issuingUnitId,
          assigneeRole: 'official',
          dueAt: new Date(Date.parse(dueAt) + 24 * 3_600_000).toISOString(),
          payload: { noticeId, documentId: doc.documentId, recipientUnitId: input.recipientUnitId },
        });
      },
    });
    result = receipt.result;
  } catch (err) {
    if (isCancellation(err)) throw err;
    // A failure no retry can mend: the notice's page must say so, not "issuing" for ever.
    await CancellationScope.nonCancellable(() => acts.recordNoticeFailed({ noticeId, reason: rootCause(err) }));
    throw err;
  }
  // A late receipt settles the escalation too; the official need not act on it any more.
  await escalated.close('received late');
  await condition(allHandlersFinished);
  return result;
}
