// 移交: a changing unit hands all the health information it manages to its superior or successor
// (000 第十九条, 001 第十二条). The handing unit drafts the transfer list, the receiving unit
// verifies it item by item (discrepancies go back, round after round), both leaders sign the
// same list hash (003 第十四条, 第三十一条), the supervising official confirms, and the signed
// 移交清单 is issued and archived. One due date governs every step; the supervisor may extend it
// (every open task and timer follows) or cancel the handover with a reason.
import {
  ActivityCancellationType,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { FAILURE_TYPES, type FieldError } from '../domain/tasks.js';
import { actedBy as by, type ActedBy, type TaskCompletion } from '../domain/task-completion.js';
import {
  HANDOVER_STEP_LABELS,
  validateSignature,
  validateTransferList,
  validateVerification,
  type ConfirmationInput,
  type HandoverResult,
  type HandoverStart,
  type HandoverStatus,
  type SignatureInput,
  type SigningParty,
  type TransferItem,
  type TransferListInput,
  type VerificationInput,
} from '../domain/handovers.js';
import {
  CONFIRMATION_FORM,
  ConfirmationForm,
  SIGNATURE_FORM,
  TRANSFER_LIST_FORM,
  VERIFICATION_FORM,
} from '../domain/handover-forms.js';
import { ESCALATION_FORM } from '../domain/escalation-form.js';
import { formErrors } from '../domain/forms.js';
import { isStorableText } from '../domain/text.js';
import { humanTask } from './human-task.js';
import { escalation, type EscalationUpdate } from './escalation.js';

// Database steps take milliseconds: a short timeout means an attempt lost with a crashed worker
// is retried elsewhere within seconds. Rendering the archive PDF gets longer.
// A cancel waits for the running step's activity to finish (they do not heartbeat, so they run to
// the end either way): the cancellation is recorded after it, never overtaken by it.
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});
const rendering = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '30 seconds' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** A supervisor's request that is not a task: extend the due date or cancel. */
export interface SupervisorRequest extends ActedBy {
  reason: string;
}
export interface ExtendRequest extends SupervisorRequest {
  dueAt: string;
}

export interface HandoverState {
  status: HandoverStatus;
  step: string;
  round: number;
  dueAt: string;
  overdue: boolean;
  listHash?: string;
}

export const submitTransferListUpdate = defineUpdate<
  { round: number; items: number },
  [TaskCompletion<TransferListInput>]
>('submitTransferList');
export const verifyTransferListUpdate = defineUpdate<
  { round: number; discrepancies: number },
  [TaskCompletion<VerificationInput>]
>('verifyTransferList');
export const signTransferListUpdate = defineUpdate<
  { party: SigningParty; listHash: string },
  [TaskCompletion<SignatureInput>]
>('signTransferList');
export const confirmHandoverUpdate = defineUpdate<{ confirmed: true }, [TaskCompletion<ConfirmationInput>]>(
  'confirmHandover',
);
export const acknowledgeHandoverEscalationUpdate: EscalationUpdate = defineUpdate('acknowledgeHandoverEscalation');
export const extendHandoverDueUpdate = defineUpdate<{ dueAt: string }, [ExtendRequest]>('extendHandoverDue');
export const cancelHandoverUpdate = defineUpdate<{ cancelled: true }, [SupervisorRequest]>('cancelHandover');
export const handoverStateQuery = defineQuery<HandoverState>('handoverState');

const PARTY_LABEL: Record<SigningParty, string> = { handing: '移交方', receiving: '接收方' };
const invalid = (errors: FieldError[]) =>
  ApplicationFailure.nonRetryable(
    `输入有误：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
    FAILURE_TYPES.invalidInput,
    ...errors,
  );
const reasonErrors = (reason: unknown): FieldError[] =>
  typeof reason === 'string' && reason.trim().length >= 2 && reason.length <= 500 && isStorableText(reason)
    ? []
    : [{ field: 'reason', message: '请说明理由（2–500 个字符，不含 NUL 空字符或不成对的代理项）' }];

export async function handoverWorkflow(input: HandoverStart): Promise<HandoverResult> {
  const { workflowId: handoverId } = workflowInfo();
  const state: HandoverState = {
    status: 'drafting',
    step: 'transfer_list',
    round: 1,
    dueAt: input.dueAt,
    overdue: false,
  };
  let finished = false;
  let dueChanges = 0; // bumped by each extension; the deadline watcher restarts on it
  const escalated = escalation(acknowledgeHandoverEscalationUpdate);
  let cancelRequest: SupervisorRequest | undefined;
  // Set when the official's confirmation is accepted: from then on the handover archives, whatever comes.
  let confirmed = false;
  const steps = new CancellationScope();
  const remindAt = () =>
    input.remindBeforeMs > 0 ? [new Date(Date.parse(state.dueAt) - input.remindBeforeMs).toISOString()] : [];
  const assertOpen = () => {
    if (finished || cancelRequest)
      throw ApplicationFailure.nonRetryable(
        `该移交已${state.status === 'archived' ? '归档' : '结束'}。`,
        FAILURE_TYPES.alreadyCompleted,
      );
  };

  setHandler(handoverStateQuery, () => state);

  setHandler(
    extendHandoverDueUpdate,
    async (request) => {
      const change = ++dueChanges;
      Object.assign(state, { dueAt: new Date(request.dueAt).toISOString(), overdue: false });
      await acts.changeHandoverDue({
        handoverId,
        change,
        dueAt: state.dueAt,
        remindAt: remindAt(),
        reason: request.reason.trim(),
        ...by(request),
      });
      await escalated.close('due date extended');
      return { dueAt: state.dueAt };
    },
    {
      validator: (request) => {
        assertOpen();
        const errors = reasonErrors(request.reason);
        if (typeof request.dueAt !== 'string' || !(Date.parse(request.dueAt) > Date.now()))
          errors.push({ field: 'dueAt', message: '新的期限须晚于当前时间' });
        if (errors.length) throw invalid(errors);
      },
    },
  );

  setHandler(
    cancelHandoverUpdate,
    async (request) => {
      cancelRequest = request;
      steps.cancel();
      // Answer once the cancellation is recorded, so the caller reads a consistent handover.
      await condition(() => finished);
      return { cancelled: true };
    },
    {
      validator: (request) => {
        assertOpen();
        // The confirmation is recorded: the numbered 移交清单 and the ownership move follow it as one archive.
        if (confirmed)
          throw ApplicationFailure.nonRetryable(
            '主管部门已确认移交，正在归档，不能再取消。',
            FAILURE_TYPES.alreadyCompleted,
          );
        const errors = reasonErrors(request.reason);
        if (errors.length) throw invalid(errors);
      },
    },
  );

  /** One timer for the whole handover: a reminder before the due date, escalation when it passes. */
  async function watchDeadline(): Promise<void> {
    while (!finished) {
      const change = dueChanges;
      const due = Date.parse(state.dueAt);
      const remind = remindAt()
        .map(Date.parse)
        .find((t) => t > Date.now());
      const next = remind ?? (state.overdue ? undefined : due);
      const moved = () => finished || change !== dueChanges;
      if (next === undefined) {
        await condition(moved);
        continue;
      }
      if (await condition(moved, Math.max(next - Date.now(), 1))) continue;
      if (next === remind) {
        await acts.remindHandoverTasks({ handoverId, at: new Date(next).toISOString(), change });
        // Wait for the due date or a change; the reminder for this due date has gone out.
        if (await condition(moved, Math.max(due - Date.now(), 1))) continue;
      }
      state.overdue = true;
      await acts.markHandoverOverdue({ handoverId, change });
      await escalated.open({
        key: `escalation-${change}`,
        type: 'handover_escalation',
        title: `移交逾期：${input.handingUnitName} → ${input.receivingUnitName}（当前步骤：${HANDOVER_STEP_LABELS[state.step] ?? state.step}）`,
        assigneeUnitId: input.supervisingUnitId,
        assigneeRole: 'official',
        dueAt: new Date(due + 24 * 3_600_000).toISOString(),
        formSchema: ESCALATION_FORM,
        payload: {
          handoverId,
          step: state.step,
          dueAt: state.dueAt,
          hint: 'Extend the due date (POST /handovers/{id}/extend) or cancel the handover (POST /handovers/{id}/cancel).',
        },
      });
      await condition(moved);
    }
  }

  async function draftAndVerify(): Promise<TransferItem[]> {
    let previous: VerificationInput['results'] | undefined;
    for (;;) {
      const round = state.round;
      Object.assign(state, { status: 'drafting', step: 'transfer_list' });
      const submission = await humanTask({
        spec: {
          key: `transfer-list-r${round}`,
          type: 'handover_transfer_list',
          title: `编制移交清单（第${round}轮）：${input.handingUnitName} → ${input.receivingUnitName}`,
          assigneeUnitId: input.handingUnitId,
          assigneeRole: 'unit_staff',
          dueAt: state.dueAt,
          remindAt: remindAt(),
          formSchema: TRANSFER_LIST_FORM,
          payload: {
            handoverId,
            round,
            previousDiscrepancies: previous?.filter((r) => r.verdict === 'discrepant') ?? [],
          },
        },
        update: submitTransferListUpdate,
        validate: validateTransferList,
        accept: (form) => ({ round, items: form.items.length }),
        timers: false,
      });
      const items = submission.completion.input.items;
      const { listHash } = await acts.recordTransferListSubmitted({
        handoverId,
        round,
        items,
        ...by(submission.completion),
      });
      Object.assign(state, { status: 'verifying', step: 'verification', listHash });

      const verification = await humanTask({
        spec: {
          key: `verification-r${round}`,
          type: 'handover_verification',
          title: `核验移交清单（第${round}轮）：${input.handingUnitName} → ${input.receivingUnitName}`,
          assigneeUnitId: input.receivingUnitId,
          assigneeRole: input.receivingVerifierRole,
          dueAt: state.dueAt,
          remindAt: remindAt(),
          formSchema: VERIFICATION_FORM,
          payload: { handoverId, round, listHash, items },
        },
        update: verifyTransferListUpdate,
        validate: (form) => validateVerification(form, items.length, listHash),
        accept: (form) => ({ round, discrepancies: form.results.filter((r) => r.verdict === 'discrepant').length }),
        timers: false,
      });
      previous = verification.completion.input.results;
      const { discrepancies } = await acts.recordVerification({
        handoverId,
        round,
        results: previous,
        ...by(verification.completion),
      });
      if (discrepancies === 0) return items;
      state.round = round + 1;
    }
  }

  async function sign(party: SigningParty, items: TransferItem[]): Promise<void> {
    const unitId = party === 'handing' ? input.handingUnitId : input.receivingUnitId;
    const unitName = party === 'handing' ? input.handingUnitName : input.receivingUnitName;
    Object.assign(state, { status: 'signing', step: `${party}_signature` });
    const signed = await humanTask({
      spec: {
        key: `signature-${party}`,
        type: 'handover_signature',
        title: `签署移交清单（${PARTY_LABEL[party]}负责人）：${input.handingUnitName} → ${input.receivingUnitName}`,
        assigneeUnitId: unitId,
        assigneeRole: 'unit_leader',
        dueAt: state.dueAt,
        remindAt: remindAt(),
        formSchema: SIGNATURE_FORM,
        payload: { handoverId, party, listHash: state.listHash, items },
      },
      update: signTransferListUpdate,
      validate: (form, completion) => {
        // 003 第三十一条: the two parties to the transfer sign; only that unit's leader signs for it.
        if (completion.actor.unitId !== unitId || !completion.actor.roles.includes('unit_leader')) {
          throw ApplicationFailure.nonRetryable(
            `仅${unitName}的单位负责人（unit_leader）可以代表${PARTY_LABEL[party]}签署。`,
            FAILURE_TYPES.notAllowed,
          );
        }
        return validateSignature(form, state.listHash);
      },
      accept: (form) => ({ party, listHash: form.listHash }),
      timers: false,
    });
    await acts.recordSignature({ handoverId, party, listHash: state.listHash!, ...by(signed.completion) });
  }

  async function confirmAndArchive(): Promise<HandoverResult> {
    Object.assign(state, { status: 'confirming', step: 'confirmation' });
    const confirmation = await humanTask({
      spec: {
        key: 'confirmation',
        type: 'handover_confirmation',
        title: `确认移交并归档：${input.handingUnitName} → ${input.receivingUnitName}`,
        assigneeUnitId: input.supervisingUnitId,
        assigneeRole: 'official',
        dueAt: state.dueAt,
        remindAt: remindAt(),
        formSchema: CONFIRMATION_FORM,
        payload: { handoverId, listHash: state.listHash },
      },
      update: confirmHandoverUpdate,
      validate: (form) => formErrors(ConfirmationForm, form),
      accept: () => {
        confirmed = true;
        return { confirmed: true as const };
      },
      timers: false,
    });
    // The archive (confirmation, numbered document, ownership move) runs to its end: a document
    // issued without the move, or the move without its document, would contradict the signed list.
    return CancellationScope.nonCancellable(async () => {
      await acts.recordConfirmation({
        handoverId,
        remark: confirmation.completion.input?.remark,
        ...by(confirmation.completion),
      });
      state.step = 'archiving';
      const document = await acts.transferListDocumentData(handoverId);
      const issued = await rendering.issueDocument({
        kind: 'transfer-list',
        code: '移',
        issuingUnitId: input.supervisingUnitId,
        title: document.title,
        recipient: document.recipient,
        cc: [input.handingUnitName],
        recipientUnitIds: [input.handingUnitId, input.receivingUnitId],
        data: document.data,
        workflowId: handoverId,
        idempotencyKey: `${handoverId}/transfer-list`,
        actor: confirmation.completion.actor,
      });
      await acts.archiveHandover({
        handoverId,
        documentId: issued.documentId,
        number: issued.number,
        ...by(confirmation.completion),
      });
      Object.assign(state, { status: 'archived', step: 'archived' });
      return {
        status: 'archived' as const,
        documentId: issued.documentId,
        number: issued.number,
        listHash: state.listHash,
      };
    });
  }

  await acts.ensureHandoverRecorded(handoverId);
  const watcher = watchDeadline();
  let result: HandoverResult;
  try {
    result = await steps.run(async () => {
      const items = await draftAndVerify();
      await sign('handing', items);
      await sign('receiving', items);
      return confirmAndArchive();
    });
  } catch (err) {
    if (!(cancelRequest && isCancellation(err))) throw err;
    const request = cancelRequest;
    await CancellationScope.nonCancellable(() =>
      acts.cancelHandover({ handoverId, reason: request.reason.trim(), ...by(request) }),
    );
    Object.assign(state, { status: 'cancelled', step: 'cancelled' });
    result = { status: 'cancelled', reason: request.reason.trim() };
  }
  finished = true;
  await watcher;
  await escalated.close(`handover ${result.status}`);
  await condition(allHandlersFinished);
  return result;
}
