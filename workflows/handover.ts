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
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { renderingActivities } from './rendering.js';
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
import { ConfirmationForm } from '../domain/handover-forms.js';
import { formErrors } from '../domain/forms.js';
import { isStorableText } from '../domain/text.js';
import { humanTask } from './human-task.js';
import { escalation, type Escalation, type EscalationUpdate } from './escalation.js';

// Database steps take milliseconds: a short timeout means an attempt lost with a crashed worker
// is retried elsewhere within seconds. Rendering the archive PDF gets longer.
// A cancel waits for the running step's activity to finish (they do not heartbeat, so they run to
// the end either way): the cancellation is recorded after it, never overtaken by it.
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
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

/** Where the handover stands; its steps read and move it (the API reads the handovers table). */
interface HandoverState {
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

/** What the steps of one handover share: its input, where it stands, and the supervisor's requests. */
interface HandoverRun {
  readonly input: HandoverStart;
  readonly handoverId: string;
  readonly state: HandoverState;
  readonly escalated: Escalation;
  /** Runs the steps; a cancel request cancels it. */
  readonly steps: CancellationScope;
  finished: boolean;
  /** Bumped by each extension; the deadline watcher restarts on it. */
  dueChanges: number;
  cancelRequest?: SupervisorRequest;
  /** Set when the official's confirmation is accepted: from then on the handover archives, whatever comes. */
  confirmed: boolean;
}

const remindAt = (run: HandoverRun): string[] =>
  run.input.remindBeforeMs > 0 ? [new Date(Date.parse(run.state.dueAt) - run.input.remindBeforeMs).toISOString()] : [];

const between = (input: HandoverStart) => `${input.handingUnitName} → ${input.receivingUnitName}`;

export async function handoverWorkflow(input: HandoverStart): Promise<HandoverResult> {
  const run: HandoverRun = {
    input,
    handoverId: workflowInfo().workflowId,
    state: { status: 'drafting', step: 'transfer_list', round: 1, dueAt: input.dueAt, overdue: false },
    escalated: escalation(acknowledgeHandoverEscalationUpdate),
    steps: new CancellationScope(),
    finished: false,
    dueChanges: 0,
    confirmed: false,
  };
  acceptSupervisorRequests(run);

  await acts.ensureHandoverRecorded(run.handoverId);
  const watcher = watchDeadline(run);
  let result: HandoverResult;
  try {
    result = await run.steps.run(async () => {
      const items = await draftAndVerify(run);
      await sign(run, 'handing', items);
      await sign(run, 'receiving', items);
      return confirmAndArchive(run);
    });
  } catch (err) {
    if (!(run.cancelRequest && isCancellation(err))) throw err;
    result = await recordCancellation(run, run.cancelRequest);
  }
  run.finished = true;
  await watcher;
  await run.escalated.close(`handover ${result.status}`);
  await condition(allHandlersFinished);
  return result;
}

/** The supervisor's extend and cancel, accepted until the handover ends (cancel: until it is confirmed). */
function acceptSupervisorRequests(run: HandoverRun): void {
  const { state } = run;
  const assertOpen = () => {
    if (run.finished || run.cancelRequest)
      throw ApplicationFailure.nonRetryable(
        `该移交已${state.status === 'archived' ? '归档' : '结束'}。`,
        FAILURE_TYPES.alreadyCompleted,
      );
  };

  setHandler(
    extendHandoverDueUpdate,
    async (request) => {
      const change = ++run.dueChanges;
      Object.assign(state, { dueAt: new Date(request.dueAt).toISOString(), overdue: false });
      await acts.changeHandoverDue({
        handoverId: run.handoverId,
        change,
        dueAt: state.dueAt,
        remindAt: remindAt(run),
        reason: request.reason.trim(),
        ...by(request),
      });
      await run.escalated.close('due date extended');
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
      run.cancelRequest = request;
      run.steps.cancel();
      // Answer once the cancellation is recorded, so the caller reads a consistent handover.
      await condition(() => run.finished);
      return { cancelled: true };
    },
    {
      validator: (request) => {
        assertOpen();
        // The confirmation is recorded: the numbered 移交清单 and the ownership move follow it as one archive.
        if (run.confirmed)
          throw ApplicationFailure.nonRetryable(
            '主管部门已确认移交，正在归档，不能再取消。',
            FAILURE_TYPES.alreadyCompleted,
          );
        const errors = reasonErrors(request.reason);
        if (errors.length) throw invalid(errors);
      },
    },
  );
}

/** One timer for the whole handover: a reminder before the due date, escalation when it passes. */
async function watchDeadline(run: HandoverRun): Promise<void> {
  const { state, handoverId } = run;
  while (!run.finished) {
    const change = run.dueChanges;
    const due = Date.parse(state.dueAt);
    const remind = remindAt(run)
      .map(Date.parse)
      .find((t) => t > Date.now());
    const next = remind ?? (state.overdue ? undefined : due);
    const moved = () => run.finished || change !== run.dueChanges;
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
    await run.escalated.open({
      key: `escalation-${change}`,
      type: 'handover_escalation',
      title: `移交逾期：${between(run.input)}（当前步骤：${HANDOVER_STEP_LABELS[state.step] ?? state.step}）`,
      assigneeUnitId: run.input.supervisingUnitId,
      assigneeRole: 'official',
      dueAt: new Date(due + 24 * 3_600_000).toISOString(),
      payload: {
        handoverId,
        step: state.step,
        dueAt: state.dueAt,
        hint: '请延长期限（POST /handovers/{id}/extend）或撤销移交（POST /handovers/{id}/cancel）。',
      },
    });
    await condition(moved);
  }
}

/** Rounds of drafting and verification until the receiving unit finds no discrepancy. */
async function draftAndVerify(run: HandoverRun): Promise<TransferItem[]> {
  let previous: VerificationInput['results'] | undefined;
  for (;;) {
    const round = run.state.round;
    const { items, listHash } = await draftTransferList(run, round, previous);
    const verified = await verifyTransferList(run, round, items, listHash);
    if (verified.discrepancies === 0) return items;
    previous = verified.results;
    run.state.round = round + 1;
  }
}

/** The handing unit's staff draft (round 1) or correct (later rounds) the transfer list. */
async function draftTransferList(
  run: HandoverRun,
  round: number,
  previous: VerificationInput['results'] | undefined,
): Promise<{ items: TransferItem[]; listHash: string }> {
  const { input, state, handoverId } = run;
  Object.assign(state, { status: 'drafting', step: 'transfer_list' });
  const submission = await humanTask({
    spec: {
      key: `transfer-list-r${round}`,
      type: 'handover_transfer_list',
      title: `编制移交清单（第${round}轮）：${between(input)}`,
      assigneeUnitId: input.handingUnitId,
      assigneeRole: 'unit_staff',
      dueAt: state.dueAt,
      remindAt: remindAt(run),
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
  return { items, listHash };
}

/** The receiving unit verifies the list item by item; a discrepant verdict sends it back. */
async function verifyTransferList(
  run: HandoverRun,
  round: number,
  items: TransferItem[],
  listHash: string,
): Promise<{ results: VerificationInput['results']; discrepancies: number }> {
  const { input, state, handoverId } = run;
  const verification = await humanTask({
    spec: {
      key: `verification-r${round}`,
      type: 'handover_verification',
      title: `核验移交清单（第${round}轮）：${between(input)}`,
      assigneeUnitId: input.receivingUnitId,
      assigneeRole: input.receivingVerifierRole,
      dueAt: state.dueAt,
      remindAt: remindAt(run),
      payload: { handoverId, round, listHash, items },
    },
    update: verifyTransferListUpdate,
    validate: (form) => validateVerification(form, items.length, listHash, items),
    accept: (form) => ({ round, discrepancies: form.results.filter((r) => r.verdict === 'discrepant').length }),
    timers: false,
  });
  const results = verification.completion.input.results;
  const { discrepancies } = await acts.recordVerification({
    handoverId,
    round,
    results,
    ...by(verification.completion),
  });
  return { results, discrepancies };
}

/** One side's leader signs the hash of the list both sides read (003 第十四条, 第三十一条). */
async function sign(run: HandoverRun, party: SigningParty, items: TransferItem[]): Promise<void> {
  const { input, state, handoverId } = run;
  const unitId = party === 'handing' ? input.handingUnitId : input.receivingUnitId;
  const unitName = party === 'handing' ? input.handingUnitName : input.receivingUnitName;
  Object.assign(state, { status: 'signing', step: `${party}_signature` });
  const signed = await humanTask({
    spec: {
      key: `signature-${party}`,
      type: 'handover_signature',
      title: `签署移交清单（${PARTY_LABEL[party]}负责人）：${between(input)}`,
      assigneeUnitId: unitId,
      assigneeRole: 'unit_leader',
      dueAt: state.dueAt,
      remindAt: remindAt(run),
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

/** The supervising official confirms; the archive then runs to its end, whatever comes. */
async function confirmAndArchive(run: HandoverRun): Promise<HandoverResult> {
  const { input, state, handoverId } = run;
  Object.assign(state, { status: 'confirming', step: 'confirmation' });
  const confirmation = await humanTask({
    spec: {
      key: 'confirmation',
      type: 'handover_confirmation',
      title: `确认移交并归档：${between(input)}`,
      assigneeUnitId: input.supervisingUnitId,
      assigneeRole: 'official',
      dueAt: state.dueAt,
      remindAt: remindAt(run),
      payload: { handoverId, listHash: state.listHash },
    },
    update: confirmHandoverUpdate,
    validate: (form) => formErrors(ConfirmationForm, form),
    accept: () => {
      run.confirmed = true;
      return { confirmed: true as const };
    },
    timers: false,
  });
  // The archive (confirmation, numbered document, ownership move) runs to its end: a document
  // issued without the move, or the move without its document, would contradict the signed list.
  return CancellationScope.nonCancellable(() => archive(run, confirmation.completion));
}

/** Records the confirmation, issues the numbered 移交清单 and moves the holdings to the receiving unit. */
async function archive(run: HandoverRun, confirmation: TaskCompletion<ConfirmationInput>): Promise<HandoverResult> {
  const { input, state, handoverId } = run;
  await acts.recordConfirmation({ handoverId, remark: confirmation.input?.remark, ...by(confirmation) });
  state.step = 'archiving';
  const document = await acts.transferListDocumentData(handoverId);
  const issued = await renderingActivities(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).issueDocument({
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
    actor: confirmation.actor,
  });
  await acts.archiveHandover({ handoverId, documentId: issued.documentId, number: issued.number, ...by(confirmation) });
  Object.assign(state, { status: 'archived', step: 'archived' });
  return {
    status: 'archived' as const,
    documentId: issued.documentId,
    number: issued.number,
    listHash: state.listHash,
  };
}

/** A cancel request stopped the steps: record it (whatever else comes) and end. */
async function recordCancellation(run: HandoverRun, request: SupervisorRequest): Promise<HandoverResult> {
  await CancellationScope.nonCancellable(() =>
    acts.cancelHandover({ handoverId: run.handoverId, reason: request.reason.trim(), ...by(request) }),
  );
  Object.assign(run.state, { status: 'cancelled', step: 'cancelled' });
  return { status: 'cancelled', reason: request.reason.trim() };
}
