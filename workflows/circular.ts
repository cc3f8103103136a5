// 通报 (000 第三十五条; issue 13): a commission's numbered document to many units. A drafted
// circular waits for the approval of the commission's leader (circular_approval); a returned draft
// goes back to its drafter (circular_revision) to be revised and resubmitted, or withdrawn, and takes
// no number. Approved (or started approved, by an accountability case's decision), it is numbered and
// printed once for every recipient, then distributed in one activity: a receipt task per unit
// (circular_receipt) and, when replies are asked, a reply task once the unit has signed
// (circular_reply). Answers arrive as Updates told apart by their key (`receipt-u<unit>`), as in
// workflows/incident-alert.ts. Before the deadline the units that have not finished are reminded; at
// the deadline they are marked overdue and the sender gets one escalation task.
//
// The workflow id is the circular's id; its first activity makes sure the row and its recipients
// exist, so a parent process may start it as a child with no row written by the API. History stays
// bounded: when Temporal suggests it, the run continues as new carrying only the deadlines, the phase
// and the document; who has signed and replied is read back from the database.
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { renderingActivities } from './rendering.js';
import { humanTask } from './human-task.js';
import { checkInput, chinaTime, refuseAnswered, rootCause, unstorable } from './update-checks.js';
import { actedBy, type ActedBy, type TaskCompletion } from '../domain/task-completion.js';
import { formErrors } from '../domain/forms.js';
import { EscalationForm } from '../domain/escalation-form.js';
import {
  approvalKey,
  CIRCULAR_DOCUMENT_CODE,
  CIRCULAR_DOCUMENT_KIND,
  CIRCULAR_ESCALATION_KEY,
  CIRCULAR_KIND_NAMES,
  CIRCULAR_POLICIES,
  printedTitle,
  recipientOfKey,
  revisionKey,
  type CircularCarried,
  type CircularStartInput,
} from '../domain/circulars.js';
import {
  validateCircularApproval,
  validateCircularReceipt,
  validateCircularReply,
  validateCircularRevision,
  type CircularApprovalInput,
  type CircularReceiptInput,
  type CircularReplyInput,
  type CircularRevisionInput,
} from '../domain/circular-forms.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { maximumInterval: '30 seconds' },
});

export const circularApprovalUpdate = defineUpdate<CircularApprovalInput, [TaskCompletion<CircularApprovalInput>]>(
  'circularApproval',
);
export const circularRevisionUpdate = defineUpdate<CircularRevisionInput, [TaskCompletion<CircularRevisionInput>]>(
  'circularRevision',
);
export const circularReceiptUpdate = defineUpdate<{ receivedBy: string }, [TaskCompletion<CircularReceiptInput>]>(
  'circularReceipt',
);
export const circularReplyUpdate = defineUpdate<{ replied: true }, [TaskCompletion<CircularReplyInput>]>(
  'circularReply',
);
export const acknowledgeCircularEscalationUpdate = defineUpdate<{ noted: true }, [TaskCompletion<{ note: string }>]>(
  'acknowledgeCircularEscalation',
);
/** POST /circulars/{id}/reminders: remind every unit that has not finished, now. */
export const remindCircularUpdate = defineUpdate<{ reminded: number }, [ActedBy]>('remindCircular');

export interface CircularOutcome {
  /** completed: every unit finished; escalation_noted: the sender acknowledged the laggards; withdrawn: never issued. */
  outcome: 'completed' | 'escalation_noted' | 'withdrawn';
  number?: string;
  recipients: number;
  received: number;
  replied: number;
}

interface Draft {
  title: string;
  paragraphs: string[];
}

/** Where the running circular stands; its handlers and its main loop share it. */
interface Standing {
  /** As issued (a returned draft may have been retitled). */
  title: string;
  recipients: Set<number>;
  received: Set<number>;
  replied: Set<number>;
  distributed: boolean;
  loaded: boolean;
  closing: boolean;
  escalationNoted: boolean;
  carried?: CircularCarried;
}

const trimmed = (s: string | undefined) => (s === undefined ? undefined : s.trim());

/**
 * The leader's approval, round after round: approved → the (possibly revised) draft; withdrawn by
 * the drafter after a return → undefined. No number is taken on either way out but approval.
 */
async function approval(input: CircularStartInput, circularId: string, firstRound: number): Promise<Draft | undefined> {
  let draft: Draft = { title: input.title, paragraphs: input.paragraphs };
  const kindName = CIRCULAR_KIND_NAMES[input.kind];
  for (let round = firstRound; ; round++) {
    const dueAt = (await acts.computeDeadline(CIRCULAR_POLICIES.step)).at;
    const decided = await humanTask<CircularApprovalInput, CircularApprovalInput>({
      spec: {
        key: approvalKey(round),
        type: 'circular_approval',
        title: `审批${kindName}：${draft.title}`,
        assigneeUnitId: input.issuingUnitId,
        assigneeRole: 'commission_leader',
        dueAt,
        payload: { circularId, round, kind: input.kind, title: draft.title, drafter: input.drafter.realName },
      },
      update: circularApprovalUpdate,
      // Approval before issue is a second person's check (README "Circulars"): a drafter who also
      // holds commission_leader would otherwise approve their own draft through the same task.
      validate: (i, c) =>
        c.actor.userId === input.drafter.userId
          ? [{ field: 'decision', message: '起草人不能审批本人起草的通报，须由本委其他负责人审批' }]
          : validateCircularApproval(i),
      accept: (i) => ({ decision: i.decision, ...(i.comment !== undefined ? { comment: i.comment.trim() } : {}) }),
      record: (r, c) =>
        r.decision === 'approve'
          ? acts.recordCircularApproved({ circularId, by: c.actor, comment: r.comment })
          : acts.recordCircularReturned({ circularId, by: c.actor, comment: r.comment! }),
    });
    if (decided.result.decision === 'approve') return draft;
    const revised = await humanTask<CircularRevisionInput, CircularRevisionInput>({
      spec: {
        key: revisionKey(round),
        type: 'circular_revision',
        title: `修改退回的${kindName}：${draft.title}`,
        assigneeUnitId: input.issuingUnitId,
        assigneeUserId: input.drafter.userId,
        dueAt: (await acts.computeDeadline(CIRCULAR_POLICIES.step)).at,
        payload: { circularId, round, comment: decided.result.comment ?? '' },
      },
      update: circularRevisionUpdate,
      validate: validateCircularRevision,
      accept: (i) => ({
        action: i.action,
        ...(i.title !== undefined ? { title: i.title.trim() } : {}),
        ...(i.paragraphs !== undefined ? { paragraphs: i.paragraphs.map((p) => p.trim()) } : {}),
        ...(i.comment !== undefined ? { comment: trimmed(i.comment) } : {}),
      }),
      record: (r, c) =>
        r.action === 'withdraw'
          ? acts.recordCircularWithdrawn({ circularId, by: c.actor, comment: r.comment })
          : acts.recordCircularResubmitted({
              circularId,
              by: c.actor,
              title: r.title ?? draft.title,
              paragraphs: r.paragraphs ?? draft.paragraphs,
              round: round + 1,
            }),
    });
    if (revised.result.action === 'withdraw') return undefined;
    draft = { title: revised.result.title ?? draft.title, paragraphs: revised.result.paragraphs ?? draft.paragraphs };
  }
}

/** The deadlines counted from approval: explicit instants first, then the drafter's working days, then the policies. */
async function deadlines(input: CircularStartInput): Promise<{ receiptDueAt: string; replyDueAt?: string }> {
  const own = (days: number | undefined) => (days ? { unit: 'working_days' as const, amount: days } : undefined);
  // A fixed instant that passed while the draft waited for approval would go out overdue: every unit
  // marked overdue and escalated before it could sign. Such a deadline is counted from approval
  // instead, as when none was given. (Date.now() is the workflow's clock: a replay takes the same branch.)
  const live = (at: string | undefined) => (at !== undefined && Date.parse(at) > Date.now() ? at : undefined);
  const receiptDueAt =
    live(input.receiptDueAt) ??
    (
      await acts.computeDeadline(
        input.receiptPolicy ?? CIRCULAR_POLICIES.receipt,
        undefined,
        own(input.receiptWorkingDays),
      )
    ).at;
  if (!input.replyRequired) return { receiptDueAt };
  const replyDueAt =
    live(input.replyDueAt) ??
    (await acts.computeDeadline(CIRCULAR_POLICIES.reply, undefined, own(input.replyWorkingDays))).at;
  // A fixed reply deadline earlier than the policy's receipt deadline: signing is due by then too
  // (the API refuses the two fixed instants the wrong way round; this covers one fixed, one from policy).
  if (Date.parse(replyDueAt) < Date.parse(receiptDueAt)) return { receiptDueAt: replyDueAt, replyDueAt };
  return { receiptDueAt, replyDueAt };
}

/** Numbers and prints the approved circular once for all its recipients; returns what the run carries. */
async function issue(
  input: CircularStartInput,
  circularId: string,
  draft: Draft,
): Promise<{ carried: CircularCarried; unitIds: number[] }> {
  const due = await deadlines(input);
  const prepared = await acts.prepareCircularIssue({ circularId, ...due });
  const doc = await renderingActivities().issueDocument({
    kind: CIRCULAR_DOCUMENT_KIND,
    code: CIRCULAR_DOCUMENT_CODE,
    issuingUnitId: input.issuingUnitId,
    title: printedTitle(input.kind, draft.title),
    recipient: prepared.recipientText,
    recipientUnitIds: prepared.unitIds,
    data: {
      kindName: CIRCULAR_KIND_NAMES[input.kind],
      // A 通知 (POST /notices) asks for receipt only; it is not issued under the circular article.
      circular: input.kind !== 'notice',
      paragraphs: draft.paragraphs,
      attachments: prepared.attachments.map((name, i) => ({ n: i + 1, name })),
      receiptDueAt: chinaTime(due.receiptDueAt),
      ...(due.replyDueAt ? { replyDueAt: chinaTime(due.replyDueAt) } : {}),
    },
    workflowId: circularId,
    idempotencyKey: `${circularId}/circular`,
    actor: input.preApproved?.by ?? input.drafter,
  });
  await acts.recordCircularIssued({ circularId, documentId: doc.documentId, number: doc.number });
  const deadline = Date.parse(due.replyDueAt ?? due.receiptDueAt);
  const lead =
    input.remindBeforeMs ?? Date.parse((await acts.computeDeadline(CIRCULAR_POLICIES.reminderLead)).at) - Date.now();
  // A reminder due before the circular even went out would only repeat it.
  const remindAt = lead > 0 && deadline - lead > Date.now() ? new Date(deadline - lead).toISOString() : undefined;
  const carried: CircularCarried = {
    documentId: doc.documentId,
    number: doc.number,
    ...due,
    ...(remindAt ? { remindAt } : {}),
    phase: remindAt ? 'waiting' : 'reminded',
  };
  return { carried, unitIds: prepared.unitIds };
}

/** The Update handlers of a distributed circular: the units' receipts and replies, then the sender's. */
function registerHandlers(input: CircularStartInput, circularId: string, s: Standing): void {
  registerUnitHandlers(input, circularId, s);
  registerSenderHandlers(circularId, s);
}

/** The units' side: receipts and replies, told apart by their task keys. */
function registerUnitHandlers(input: CircularStartInput, circularId: string, s: Standing): void {
  const refuseUnit = (kind: 'receipt' | 'reply', key: string) => {
    const unitId = recipientOfKey(kind, key);
    const answered = kind === 'receipt' ? s.received : s.replied;
    const ready = kind === 'receipt' ? s.recipients.has(unitId ?? 0) : s.received.has(unitId ?? 0);
    return s.closing || unitId === undefined || (s.loaded && (!ready || answered.has(unitId)));
  };
  setHandler(
    circularReceiptUpdate,
    async (c) => {
      const unitId = recipientOfKey('receipt', c.taskKey)!;
      await condition(() => s.loaded);
      if (!s.recipients.has(unitId) || s.received.has(unitId)) throw refuseAnswered();
      s.received.add(unitId); // at once: a second receipt racing this one is refused
      const receivedBy = `${c.input.receiverName.trim()}（${c.actor.realName}）`;
      const carried = s.carried!;
      try {
        await acts.recordCircularReceipt({
          circularId,
          unitId,
          receivedBy,
          ...(input.replyRequired
            ? {
                reply: {
                  type: 'circular_reply',
                  title: s.title,
                  number: carried.number,
                  documentId: carried.documentId,
                  dueAt: carried.replyDueAt!,
                  updateName: circularReplyUpdate.name,
                },
              }
            : {}),
          ...actedBy(c),
        });
      } catch (err) {
        s.received.delete(unitId);
        unstorable(err);
      }
      return { receivedBy };
    },
    {
      validator: (c) => {
        if (refuseUnit('receipt', c.taskKey)) throw refuseAnswered();
        checkInput(c.input, validateCircularReceipt);
      },
    },
  );
  setHandler(
    circularReplyUpdate,
    async (c) => {
      const unitId = recipientOfKey('reply', c.taskKey)!;
      await condition(() => s.loaded);
      if (!s.received.has(unitId) || s.replied.has(unitId)) throw refuseAnswered();
      s.replied.add(unitId);
      try {
        await acts.recordCircularReply({ circularId, unitId, content: c.input.content.trim(), ...actedBy(c) });
      } catch (err) {
        s.replied.delete(unitId);
        unstorable(err);
      }
      return { replied: true as const };
    },
    {
      validator: (c) => {
        if (!input.replyRequired || refuseUnit('reply', c.taskKey)) throw refuseAnswered();
        checkInput(c.input, validateCircularReply);
      },
    },
  );
}

/** The sender's side: the escalation's acknowledgement and reminders by hand. */
function registerSenderHandlers(circularId: string, s: Standing): void {
  setHandler(
    acknowledgeCircularEscalationUpdate,
    async (c) => {
      s.escalationNoted = true;
      await condition(() => s.carried?.escalationTaskId !== undefined);
      await acts.completeTask({
        taskId: s.carried!.escalationTaskId!,
        result: { note: c.input.note.trim() },
        ...actedBy(c),
      });
      return { noted: true as const };
    },
    {
      validator: (c) => {
        if (s.closing || s.escalationNoted || s.carried?.phase !== 'escalated' || c.taskKey !== CIRCULAR_ESCALATION_KEY)
          throw refuseAnswered('此督办任务已不再待办。');
        checkInput(c.input, (i) => formErrors(EscalationForm, i));
      },
    },
  );
  setHandler(
    remindCircularUpdate,
    async (by: ActedBy) => {
      const at = new Date().toISOString();
      return { reminded: await acts.remindCircularLaggards({ circularId, at, automatic: false, ...actedBy(by) }) };
    },
    {
      validator: (_by: ActedBy) => {
        if (s.closing) throw refuseAnswered('该通报已办结。');
        if (!s.distributed) throw refuseAnswered('该通报尚未分发，请稍后再催办。');
      },
    },
  );
}

/** Approval (unless given), numbering and distribution; false when the drafter withdrew it. */
async function start(input: CircularStartInput, circularId: string, s: Standing): Promise<boolean> {
  try {
    const ensured = await acts.ensureCircular({ ...input, circularId });
    let draft: Draft | undefined = { title: input.title, paragraphs: input.paragraphs };
    if (!input.preApproved && ensured.stage !== 'issuing') draft = await approval(input, circularId, ensured.round);
    if (!draft) return false;
    s.title = draft.title;
    const prepared = await issue(input, circularId, draft);
    s.carried = prepared.carried;
    prepared.unitIds.forEach((u) => s.recipients.add(u));
    // In place before the first task is visible: an answer the moment it appears is matched by its key.
    registerHandlers(input, circularId, s);
    await acts.distributeCircular({
      circularId,
      unitIds: prepared.unitIds,
      title: draft.title,
      number: s.carried.number,
      documentId: s.carried.documentId,
      receiptDueAt: s.carried.receiptDueAt,
      type: 'circular_receipt',
      updateName: circularReceiptUpdate.name,
    });
    s.distributed = true;
    return true;
  } catch (err) {
    if (isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => acts.recordCircularFailed({ circularId, reason: rootCause(err) }));
    throw err;
  }
}

export async function circularWorkflow(input: CircularStartInput): Promise<CircularOutcome> {
  const { workflowId: circularId } = workflowInfo();
  const s: Standing = {
    title: input.title,
    recipients: new Set(),
    received: new Set(),
    replied: new Set(),
    distributed: input.resumed !== undefined,
    // A continued run reads who has answered from the database; until then its validators check only
    // the key's shape and the form, and the handlers check the rest once the answers are in.
    loaded: input.resumed === undefined,
    closing: false,
    escalationNoted: false,
    carried: input.resumed && { ...input.resumed },
  };
  if (input.resumed) {
    // Registered in the run's first activation: the SDK refuses an Update that finds no handler by then.
    registerHandlers(input, circularId, s);
    const answers = await acts.circularAnswers(circularId);
    answers.unitIds.forEach((u) => s.recipients.add(u));
    answers.received.forEach((u) => s.received.add(u));
    answers.replied.forEach((u) => s.replied.add(u));
    s.loaded = true;
  } else if (!(await start(input, circularId, s))) {
    return { outcome: 'withdrawn', recipients: input.recipientUnitIds.length, received: 0, replied: 0 };
  }
  const outcome = await follow(input, circularId, s);
  s.closing = true;
  await condition(allHandlersFinished);
  const carried = s.carried!;
  // Every unit finished after all: the sender need not act on the escalation any more.
  if (outcome === 'completed' && carried.escalationTaskId && !s.escalationNoted)
    await acts.cancelTask(carried.escalationTaskId, '各单位均已办结');
  await acts.closeCircular({
    circularId,
    reason: outcome === 'completed' ? '各单位均已办结' : '督办已办结，未办结单位的任务撤销',
  });
  return {
    outcome,
    number: carried.number,
    recipients: s.recipients.size,
    received: s.received.size,
    replied: s.replied.size,
  };
}

/** Reminder, deadline and escalation, until every unit has finished or the sender noted the escalation. */
async function follow(
  input: CircularStartInput,
  circularId: string,
  s: Standing,
): Promise<'completed' | 'escalation_noted'> {
  const carried = s.carried!;
  const due = Date.parse(carried.replyDueAt ?? carried.receiptDueAt);
  const finished = () => (input.replyRequired ? s.replied : s.received).size >= s.recipients.size;
  const suggested = () => workflowInfo().continueAsNewSuggested;
  const wake = () => finished() || suggested();
  for (;;) {
    if (finished()) return 'completed';
    if (s.escalationNoted) return 'escalation_noted';
    if (suggested()) {
      await condition(allHandlersFinished);
      if (finished() || s.escalationNoted) continue;
      const { attachmentIds: _a, ...small } = input;
      await continueAsNew<typeof circularWorkflow>({
        ...small,
        title: s.title,
        paragraphs: [],
        recipientUnitIds: [],
        resumed: carried,
      });
    }
    if (carried.phase === 'waiting') {
      const remindAt = Date.parse(carried.remindAt ?? carried.receiptDueAt);
      if (remindAt > Date.now() && (await condition(wake, remindAt - Date.now()))) continue;
      await acts.remindCircularLaggards({ circularId, at: new Date().toISOString(), automatic: true });
      carried.phase = 'reminded';
    } else if (carried.phase === 'reminded') {
      if (due > Date.now() && (await condition(wake, due - Date.now()))) continue;
      carried.phase = 'escalated';
      const laggards = await acts.markCircularOverdue(circularId);
      carried.escalationTaskId = await acts.createTask({
        key: CIRCULAR_ESCALATION_KEY,
        type: 'circular_escalation',
        title: `通报逾期未办结：${s.title}（${carried.number}），${laggards} 个单位未${input.replyRequired ? '回复' : '签收'}`,
        assigneeUnitId: input.issuingUnitId,
        assigneeRole: 'official',
        dueAt: new Date(due + 24 * 3_600_000).toISOString(),
        payload: { circularId, documentId: carried.documentId, number: carried.number, laggards },
        workflowId: circularId,
        updateName: acknowledgeCircularEscalationUpdate.name,
      });
    } else {
      await condition(() => wake() || s.escalationNoted);
    }
  }
}
