// 预警通报 (000 第三十一条; issue 12 item 5): an official turns an incident into one numbered notice
// to every institution of a subtree. The PDF is rendered once for all of them; distribution is one
// activity writing the recipients and their receipt tasks in batches, never a child workflow per
// unit. Each unit signs (签收), which opens its reply task, and replies with its self-check result;
// completions arrive as Updates from the task inbox, one handler per task type, told apart by the
// key (`receipt-u<unit>`). Before the deadline the units that have not replied are reminded (also on
// the official's request); at the deadline they are marked overdue and the official gets one
// escalation task saying how many.
//
// The process ends when every unit has replied (an open escalation is then withdrawn) or, after the
// deadline, when the official acknowledges the escalation; the units' tasks still open are then
// withdrawn, and the receipt table keeps them as overdue. History stays bounded: when Temporal
// suggests it, the run continues as new carrying only the deadline, the phase and the document;
// who has signed and replied is read back from the database.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
  CancellationScope,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { renderingActivities } from './rendering.js';
import { actedBy, type ActedBy, type TaskActor, type TaskCompletion } from '../domain/task-completion.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import { checkInput, chinaTime, refuseAnswered, rootCause, unstorable } from './update-checks.js';
import { formErrors } from '../domain/forms.js';
import { EscalationForm } from '../domain/escalation-form.js';
import { validateAlertReceipt, validateAlertReply } from '../domain/incident-forms.js';
import { CATEGORY_NAMES, INCIDENT_POLICIES, LEVEL_NAMES, type AlertReplyResult } from '../domain/incidents.js';
import {
  ALERT_DOCUMENT_CODE,
  ALERT_DOCUMENT_KIND,
  ALERT_ESCALATION_KEY,
  unitOfKey,
} from '../domain/incident-alerts.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});

export interface IncidentAlertInput {
  incidentId: string;
  issuingUnitId: number;
  title: string;
  paragraphs: string[];
  measures: string[];
  /** The subtree alerted; or `unitIds`, the units listed. */
  rootUnitId?: number;
  unitIds?: number[];
  /** Unset: the incident.alert.reply deadline policy. */
  replyDueAt?: string;
  /** How long before the deadline the units that have not replied are reminded (0 = no automatic reminder). */
  remindBeforeMs: number;
  issuedBy: TaskActor;
  /** Set by continue-as-new: where the previous run stood. */
  resumed?: AlertCarried;
}

/** The small state a continued run starts from. */
export interface AlertCarried {
  documentId: string;
  number: string;
  replyDueAt: string;
  /** waiting: before the automatic reminder; reminded: before the deadline; escalated: after it. */
  phase: 'waiting' | 'reminded' | 'escalated';
  escalationTaskId?: string;
}

export interface AlertReceiptInput {
  receiverName: string;
}
export interface AlertReplyInput {
  result: AlertReplyResult;
  details: string;
  measuresTaken?: string;
}
export interface AlertOutcome {
  /** replied: every unit replied; escalation_noted: the official acknowledged the overdue units. */
  outcome: 'replied' | 'escalation_noted';
  recipients: number;
  replied: number;
}

export const alertReceiptUpdate = defineUpdate<{ receivedBy: string }, [TaskCompletion<AlertReceiptInput>]>(
  'alertReceipt',
);
export const alertReplyUpdate = defineUpdate<{ replied: true }, [TaskCompletion<AlertReplyInput>]>('alertReply');
export const acknowledgeAlertEscalationUpdate = defineUpdate<{ noted: true }, [TaskCompletion<{ note: string }>]>(
  'acknowledgeAlertEscalation',
);
/** POST /incident-alerts/{id}/remind: remind every unit that has not replied, now. */
export const remindAlertUpdate = defineUpdate<{ reminded: number }, [ActedBy]>('remindAlert');

/** What the steps of one alert share: its input, who has answered, and where it stands. */
interface AlertRun {
  readonly input: IncidentAlertInput;
  readonly alertId: string;
  readonly recipients: Set<number>;
  readonly acknowledged: Set<number>;
  readonly replied: Set<number>;
  distributed: boolean;
  /**
   * A continued run reads who has answered from the database; until then its validators check only
   * the key's shape and the form, and the handlers check the rest once the answers are in.
   */
  loaded: boolean;
  closing: boolean;
  escalationNoted: boolean;
  /** Set once the notice is issued (or carried over): every handler reads it. */
  carried: AlertCarried;
}

export async function incidentAlertWorkflow(input: IncidentAlertInput): Promise<AlertOutcome> {
  const run: AlertRun = {
    input,
    alertId: workflowInfo().workflowId,
    recipients: new Set(),
    acknowledged: new Set(),
    replied: new Set(),
    distributed: input.resumed !== undefined,
    loaded: input.resumed === undefined,
    closing: false,
    escalationNoted: false,
    carried: undefined as unknown as AlertCarried,
  };
  if (input.resumed) await resume(run, input.resumed);
  else await issueAndDistribute(run);
  const outcome = await follow(run);
  await close(run, outcome);
  return { outcome, recipients: run.recipients.size, replied: run.replied.size };
}

/** A continued run: the handlers at once, then who has signed and replied, read back from the database. */
async function resume(run: AlertRun, resumed: AlertCarried): Promise<void> {
  run.carried = { ...resumed };
  // Registered in the run's first activation: the SDK refuses an Update that finds no handler by then.
  registerHandlers(run);
  const answers = await acts.alertAnswers(run.alertId);
  answers.unitIds.forEach((u) => run.recipients.add(u));
  answers.acknowledged.forEach((u) => run.acknowledged.add(u));
  answers.replied.forEach((u) => run.replied.add(u));
  run.loaded = true;
}

/** The notice numbered and rendered once, then every unit's receipt task; a failure is recorded on the alert. */
async function issueAndDistribute(run: AlertRun): Promise<void> {
  const { input, alertId } = run;
  try {
    const replyDueAt = input.replyDueAt ?? (await acts.computeDeadline(INCIDENT_POLICIES.alertReply)).at;
    const prepared = await acts.prepareAlert({
      alertId,
      replyDueAt,
      rootUnitId: input.rootUnitId,
      unitIds: input.unitIds,
    });
    // One document for every recipient: each unit reads the same PDF (recipientUnitIds).
    const doc = await renderingActivities().issueDocument({
      kind: ALERT_DOCUMENT_KIND,
      code: ALERT_DOCUMENT_CODE,
      issuingUnitId: input.issuingUnitId,
      title: input.title,
      recipient: prepared.recipientText,
      recipientUnitIds: prepared.unitIds,
      data: {
        paragraphs: input.paragraphs,
        measures: input.measures.map((text, i) => ({ n: i + 1, text })),
        incident: {
          title: prepared.incident.title,
          level: LEVEL_NAMES[prepared.incident.level],
          category: CATEGORY_NAMES[prepared.incident.category],
        },
        replyDueAt: chinaTime(replyDueAt),
      },
      workflowId: alertId,
      idempotencyKey: `${alertId}/alert`,
      actor: input.issuedBy,
    });
    await acts.recordAlertIssued({ alertId, documentId: doc.documentId, number: doc.number });
    const remindAt = Date.parse(replyDueAt) - input.remindBeforeMs;
    run.carried = {
      documentId: doc.documentId,
      number: doc.number,
      replyDueAt,
      // A reminder due before the notice even went out would only repeat it.
      phase: input.remindBeforeMs > 0 && remindAt > Date.now() ? 'waiting' : 'reminded',
    };
    prepared.unitIds.forEach((u) => run.recipients.add(u));
    // In place before the first task is visible: an answer the moment it appears is matched by its key.
    registerHandlers(run);
    await acts.distributeAlert({
      alertId,
      unitIds: prepared.unitIds,
      title: input.title,
      number: doc.number,
      documentId: doc.documentId,
      replyDueAt,
      receipt: {
        type: 'incident_alert_receipt',
        updateName: alertReceiptUpdate.name,
      },
    });
    run.distributed = true;
  } catch (err) {
    if (isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => acts.recordAlertFailed({ alertId, reason: rootCause(err) }));
    throw err;
  }
}

/**
 * Waits for the replies: reminds before the deadline, escalates to the official at it, and continues as
 * new when Temporal suggests it. Ends when every unit has replied or the official noted the escalation.
 */
async function follow(run: AlertRun): Promise<AlertOutcome['outcome']> {
  const { input, alertId, carried } = run;
  const due = Date.parse(carried.replyDueAt);
  const remindAt = due - input.remindBeforeMs;
  const allReplied = () => run.replied.size >= run.recipients.size;
  const suggested = () => workflowInfo().continueAsNewSuggested;
  const wake = () => allReplied() || suggested();
  for (;;) {
    if (allReplied()) return 'replied';
    if (run.escalationNoted) return 'escalation_noted';
    if (suggested()) {
      await condition(allHandlersFinished);
      if (allReplied() || run.escalationNoted) continue;
      const { paragraphs: _p, measures: _m, unitIds: _u, ...small } = input;
      await continueAsNew<typeof incidentAlertWorkflow>({ ...small, paragraphs: [], measures: [], resumed: carried });
    }
    if (carried.phase === 'waiting') {
      if (remindAt > Date.now() && (await condition(wake, remindAt - Date.now()))) continue;
      await acts.remindUnansweredAlert({ alertId, at: new Date().toISOString(), automatic: true });
      carried.phase = 'reminded';
    } else if (carried.phase === 'reminded') {
      if (due > Date.now() && (await condition(wake, due - Date.now()))) continue;
      carried.phase = 'escalated';
      carried.escalationTaskId = await escalate(run, due);
    } else {
      await condition(() => wake() || run.escalationNoted);
    }
  }
}

/** At the deadline: the units still silent are marked overdue and the issuing official gets one task naming how many. */
async function escalate(run: AlertRun, due: number): Promise<string> {
  const { input, alertId, carried } = run;
  const unanswered = await acts.markAlertOverdue(alertId);
  return acts.createTask({
    key: ALERT_ESCALATION_KEY,
    type: 'incident_alert_escalation',
    title: `预警通报逾期未回复：${input.title}（${carried.number}），${unanswered} 个单位未回复`,
    assigneeUnitId: input.issuingUnitId,
    assigneeRole: 'official',
    dueAt: new Date(due + 24 * 3_600_000).toISOString(),
    payload: { alertId, documentId: carried.documentId, number: carried.number, unanswered },
    workflowId: alertId,
    updateName: acknowledgeAlertEscalationUpdate.name,
  });
}

/** Lets answers in flight finish, withdraws an escalation no longer needed, and closes the alert's open tasks. */
async function close(run: AlertRun, outcome: AlertOutcome['outcome']): Promise<void> {
  const { carried } = run;
  run.closing = true;
  await condition(allHandlersFinished);
  // Every unit replied after all: the official need not act on the escalation any more.
  if (outcome === 'replied' && carried.escalationTaskId && !run.escalationNoted)
    await acts.cancelTask(carried.escalationTaskId, '各单位均已回复');
  await acts.closeAlert({
    alertId: run.alertId,
    reason: outcome === 'replied' ? '各单位均已回复' : '督办已办结，未回复单位的任务撤销',
  });
}

function registerHandlers(run: AlertRun): void {
  registerUnitHandlers(run);
  registerOfficialHandlers(run);
}

/** Each unit's 签收 and its reply, told apart by the task key (`receipt-u<unit>`, `reply-u<unit>`). */
function registerUnitHandlers(run: AlertRun): void {
  const { input, alertId, recipients, acknowledged, replied } = run;
  setHandler(
    alertReceiptUpdate,
    async (completion) => {
      const unitId = unitOfKey('receipt', completion.taskKey)!;
      await condition(() => run.loaded);
      if (!recipients.has(unitId) || acknowledged.has(unitId)) throw refuseAnswered();
      acknowledged.add(unitId); // at once: a second receipt racing this one is refused
      const receivedBy = `${completion.input.receiverName.trim()}（${completion.actor.realName}）`;
      try {
        await acts.recordAlertReceipt({
          alertId,
          unitId,
          receivedBy,
          reply: {
            type: 'incident_alert_reply',
            title: input.title,
            dueAt: run.carried.replyDueAt,
            updateName: alertReplyUpdate.name,
            documentId: run.carried.documentId,
            number: run.carried.number,
          },
          ...actedBy(completion),
        });
      } catch (err) {
        acknowledged.delete(unitId);
        unstorable(err);
      }
      return { receivedBy };
    },
    {
      validator: (completion) => {
        const unitId = unitOfKey('receipt', completion.taskKey);
        if (
          run.closing ||
          unitId === undefined ||
          (run.loaded && (!recipients.has(unitId) || acknowledged.has(unitId)))
        )
          throw refuseAnswered();
        checkInput(completion.input, validateAlertReceipt);
      },
    },
  );
  setHandler(
    alertReplyUpdate,
    async (completion) => {
      const unitId = unitOfKey('reply', completion.taskKey)!;
      await condition(() => run.loaded);
      if (!acknowledged.has(unitId) || replied.has(unitId)) throw refuseAnswered();
      replied.add(unitId);
      const { result, details, measuresTaken } = completion.input;
      try {
        await acts.recordAlertReply({
          alertId,
          unitId,
          reply: {
            result,
            details: details.trim(),
            ...(measuresTaken ? { measuresTaken: measuresTaken.trim() } : {}),
          },
          ...actedBy(completion),
        });
      } catch (err) {
        replied.delete(unitId);
        unstorable(err);
      }
      return { replied: true as const };
    },
    {
      validator: (completion) => {
        const unitId = unitOfKey('reply', completion.taskKey);
        if (run.closing || unitId === undefined || (run.loaded && (!acknowledged.has(unitId) || replied.has(unitId))))
          throw refuseAnswered();
        checkInput(completion.input, validateAlertReply);
      },
    },
  );
}

/** The official's acknowledgement of the escalation, and a reminder on request. */
function registerOfficialHandlers(run: AlertRun): void {
  const { alertId } = run;
  setHandler(
    acknowledgeAlertEscalationUpdate,
    async (completion) => {
      run.escalationNoted = true;
      await condition(() => run.carried.escalationTaskId !== undefined);
      await acts.completeTask({
        taskId: run.carried.escalationTaskId!,
        result: { note: completion.input.note.trim() },
        ...actedBy(completion),
      });
      return { noted: true as const };
    },
    {
      validator: (completion) => {
        if (
          run.closing ||
          run.escalationNoted ||
          run.carried.phase !== 'escalated' ||
          completion.taskKey !== ALERT_ESCALATION_KEY
        )
          throw ApplicationFailure.nonRetryable('此督办任务已不再待办。', FAILURE_TYPES.alreadyCompleted);
        checkInput(completion.input, (i) => formErrors(EscalationForm, i));
      },
    },
  );
  setHandler(
    remindAlertUpdate,
    async (by: ActedBy) => {
      const reminded = await acts.remindUnansweredAlert({
        alertId,
        at: new Date().toISOString(),
        automatic: false,
        ...actedBy(by),
      });
      return { reminded };
    },
    {
      validator: (_by: ActedBy) => {
        if (run.closing) throw ApplicationFailure.nonRetryable('该预警通报已办结。', FAILURE_TYPES.alreadyCompleted);
        if (!run.distributed)
          throw ApplicationFailure.nonRetryable('该预警通报尚在分发，请稍后再提醒。', FAILURE_TYPES.alreadyCompleted);
      },
    },
  );
}
