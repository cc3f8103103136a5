// 网络与信息安全事件应急报告 (000 第三十一条; NSIR): one workflow per incident. Every report on it
// (初报, any number of 续报, 终报) goes up the hierarchy as a task to acknowledge (签收) at each office
// its level reaches (domain/incidents.ts reportReach); each office but the last forwards it (上报)
// within the forward limit. An answer not given in time is reminded at half time, then escalated to
// the next office up, and on up, until someone answers. A 续报 that declares the incident handled
// starts the 终报 deadline; a missing 终报, a late 初报 or one never reported opens an
// accountability case. Every hop is a row (incident_hops) with actor and time.
import {
  ActivityFailure,
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
import { actedBy, type TaskActor, type TaskCompletion } from '../domain/task-completion.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import { formErrors } from '../domain/forms.js';
import { unstorableText } from '../domain/text.js';
import { EscalationForm } from '../domain/escalation-form.js';
import {
  FollowUpReportForm,
  validateAcknowledgement,
  validateForward,
  type FollowUpReportInput,
} from '../domain/incident-forms.js';
import {
  acknowledgeKey,
  acknowledgeTitle,
  reportReach,
  STAGE_NAMES,
  type IncidentLevel,
  type ReportStage,
} from '../domain/incidents.js';
import { taskBoard, type TaskBoard } from './task-board.js';
import { renderingActivities } from './rendering.js';
import { rootCause } from './update-checks.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
});

export interface IncidentOffice {
  id: number;
  name: string;
}

export interface IncidentInput {
  unitId: number;
  unitName: string;
  title: string;
  level: IncidentLevel;
  /** The commissions above the unit, nearest first: where reports go. */
  chain: IncidentOffice[];
  /** The 初报 came after its deadline (迟报): an accountability case is opened. */
  late: boolean;
  delaySeconds: number;
  /** Recorded by the supervisor for a unit that never reported it (漏报). */
  recordedBySupervisor: boolean;
  reportedBy: TaskActor;
  /** Report 1's 签收 task at the first office, stored with the report by the API. */
  firstTask?: { taskId: string; dueAt: string; remindAt: string; receivedAt: string };
}

export interface AcknowledgeInput {
  receiverName: string;
  remark?: string;
}
export interface ForwardInput {
  comment: string;
}
export interface SubmittedReport {
  seq: number;
  stage: ReportStage;
  level: IncidentLevel;
  hash: string;
  reportedAt: string;
}

export const submitReportUpdate = defineUpdate<SubmittedReport, [TaskCompletion<FollowUpReportInput>]>(
  'submitIncidentReport',
);
export const acknowledgeReportUpdate = defineUpdate<{ acknowledgedBy: string }, [TaskCompletion<AcknowledgeInput>]>(
  'acknowledgeIncidentReport',
);
export const forwardReportUpdate = defineUpdate<{ comment: string }, [TaskCompletion<ForwardInput>]>(
  'forwardIncidentReport',
);
export const incidentEscalationUpdate = defineUpdate<{ noted: true }, [TaskCompletion<{ note: string }>]>(
  'acknowledgeIncidentEscalation',
);

/** The task keys a report's steps use; the API's POST /incidents/{id}/reports answers with key `report`. */
export const REPORT_TASK_KEY = 'report';
export const FINAL_TASK_KEY = 'final';

/** One incident's process: the state its handlers and steps share, one method per step. */
class IncidentProcess {
  private readonly incidentId = workflowInfo().workflowId;
  // The 事件报告单 prints on the rendering queue, never delaying a 签收 task.
  private readonly rendering = renderingActivities();
  private readonly state: { status: 'reported' | 'handled' | 'closed'; finalDueAt?: string } = { status: 'reported' };
  private finalAccepted = false;
  private submissions = 0;
  private reports = 1;
  private failure: unknown;
  private running = 0;
  private finalTask: string | undefined;
  private readonly acknowledgements: TaskBoard<AcknowledgeInput, { acknowledgedBy: string }>;
  private readonly forwards: TaskBoard<ForwardInput, { comment: string }>;
  private readonly escalations: TaskBoard<{ note: string }, { noted: true }>;

  /** Every handler is set here, in the workflow's first activation. */
  constructor(private readonly input: IncidentInput) {
    const incidentId = this.incidentId;
    this.acknowledgements = taskBoard<AcknowledgeInput, { acknowledgedBy: string }>({
      update: acknowledgeReportUpdate,
      existing: input.firstTask ? { [acknowledgeKey(1, input.chain[0]!.id)]: input.firstTask.taskId } : {},
      validate: (form) => validateAcknowledgement(form),
      accept: (form, c) => ({ acknowledgedBy: `${form.receiverName.trim()}（${c.actor.realName}）` }),
      record: (key, result, c) =>
        acts.recordIncidentHop({
          incidentId,
          ...hopOf(key),
          kind: 'acknowledged',
          comment: c.input.remark,
          actorName: result.acknowledgedBy,
          ...actedBy(c),
        }),
    });
    this.forwards = taskBoard<ForwardInput, { comment: string }>({
      update: forwardReportUpdate,
      validate: (form) => validateForward(form),
      accept: (form) => ({ comment: form.comment.trim() }),
      record: (key, result, c) =>
        acts.recordIncidentHop({
          incidentId,
          ...hopOf(key),
          kind: 'forwarded',
          comment: result.comment,
          actorName: c.actor.realName,
          ...actedBy(c),
        }),
    });
    this.escalations = taskBoard<{ note: string }, { noted: true }>({
      update: incidentEscalationUpdate,
      validate: (form) => formErrors(EscalationForm, form),
      accept: () => ({ noted: true }),
    });
    setHandler(submitReportUpdate, (c) => this.submit(c), { validator: (c) => this.checkSubmission(c) });
  }

  /** Runs `work` beside the main line; its failure ends the process like the main line's would. */
  private spawn(work: Promise<unknown>): void {
    this.running++;
    void work.then(
      () => this.running--,
      (err) => {
        this.running--;
        this.failure ??= err;
      },
    );
  }

  /** A 续报 or 终报: appended to the chain, then taken up the hierarchy like the 初报. */
  private async submit(c: TaskCompletion<FollowUpReportInput>): Promise<SubmittedReport> {
    const { state } = this;
    if (c.input.stage === 'final') this.finalAccepted = true;
    const n = ++this.submissions;
    let appended: Awaited<ReturnType<typeof acts.appendIncidentReport>>;
    try {
      appended = await acts.appendIncidentReport({
        incidentId: this.incidentId,
        report: c.input,
        submission: `submission-${n}`,
        ...actedBy(c),
      });
    } catch (err) {
      if (c.input.stage === 'final') this.finalAccepted = false;
      if (!(err instanceof ActivityFailure)) throw err;
      // The activity's own refusal keeps its kind (a report after the 终报 is a conflict, 409).
      const type = err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
      throw ApplicationFailure.nonRetryable(
        rootCause(err),
        type === FAILURE_TYPES.alreadyCompleted ? FAILURE_TYPES.alreadyCompleted : FAILURE_TYPES.notAllowed,
      );
    }
    this.reports = appended.seq;
    if (appended.finalDueAt && state.status === 'reported') {
      state.status = 'handled';
      state.finalDueAt = appended.finalDueAt;
    }
    if (c.input.stage === 'final') {
      state.status = 'closed';
      if (this.finalTask)
        await acts.completeTask({ taskId: this.finalTask, result: { seq: appended.seq }, ...actedBy(c) });
    }
    this.spawn(this.route(appended.seq, appended.level, appended.stage));
    return {
      seq: appended.seq,
      stage: appended.stage,
      level: appended.level,
      hash: appended.hash,
      reportedAt: appended.reportedAt,
    };
  }

  /** Refuses a submission before it enters history: the wrong task, after the 终报, another unit, bad input. */
  private checkSubmission(c: TaskCompletion<FollowUpReportInput>): void {
    if (c.taskKey !== REPORT_TASK_KEY && c.taskKey !== FINAL_TASK_KEY)
      throw ApplicationFailure.nonRetryable('这项任务已办结。', FAILURE_TYPES.alreadyCompleted);
    if (this.finalAccepted || this.state.status === 'closed')
      throw ApplicationFailure.nonRetryable('该事件已报送终报，不能再报送。', FAILURE_TYPES.alreadyCompleted);
    if (c.actor.unitId !== this.input.unitId)
      throw ApplicationFailure.nonRetryable('只有事发单位可以续报或报送终报。', FAILURE_TYPES.notAllowed);
    const unstorable = unstorableText(c.input);
    const errors = unstorable.length ? unstorable : formErrors(FollowUpReportForm, c.input);
    if (c.taskKey === FINAL_TASK_KEY && errors.length === 0 && c.input.stage !== 'final')
      errors.push({ field: 'stage', message: '此任务须报送终报（stage 为 final）' });
    if (errors.length)
      throw ApplicationFailure.nonRetryable(
        `输入有误：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
        FAILURE_TYPES.invalidInput,
        ...errors,
      );
  }

  /** A task on the board, waited for with its reminder and deadline; escalated up the chain when missed. */
  private async awaitAnswer<I, R>(
    board: TaskBoard<I, R>,
    step: { key: string; seq: number; officeIndex: number; taskId: string; dueAt: string; remindAt: string },
    what: string,
  ): Promise<void> {
    const { input, incidentId } = this;
    const office = input.chain[step.officeIndex]!;
    const hop = { seq: step.seq, officeId: office.id };
    if (await board.wait(step.key, Date.parse(step.remindAt) - Date.now())) return;
    await acts.remindIncidentTask({ incidentId, ...hop, taskId: step.taskId, key: step.key });
    if (await board.wait(step.key, Date.parse(step.dueAt) - Date.now())) return;
    await acts.markIncidentTaskOverdue({ incidentId, ...hop, taskId: step.taskId, key: step.key });
    // Up the chain, one office at a time, until the answer comes: nobody is silently skipped.
    const opened: string[] = [];
    for (let above = step.officeIndex + 1; ; above++) {
      const superior = input.chain[above];
      if (!superior) {
        await board.wait(step.key);
        break;
      }
      const key = `escalation-${step.key}-u${superior.id}`;
      this.escalations.open(key);
      const esc = await acts.openIncidentEscalation({
        incidentId,
        seq: step.seq,
        key,
        officeId: superior.id,
        lateOfficeId: office.id,
        updateName: incidentEscalationUpdate.name,
        type: 'incident_escalation',
        title: `督办：${office.name}逾期未${what}${input.unitName}的事件报告（${input.title}）`,
      });
      this.escalations.created(key, esc.taskId);
      opened.push(esc.taskId);
      if (await board.wait(step.key, Date.parse(esc.dueAt) - Date.now())) break;
    }
    for (const taskId of opened) await acts.cancelTask(taskId, `${office.name}已${what}`);
  }

  /** One report's way up: acknowledged at each office it reaches, forwarded by each but the last. */
  private async route(seq: number, level: IncidentLevel, stage: ReportStage): Promise<void> {
    const { input, incidentId } = this;
    const reach = reportReach(level, input.chain.length);
    let fromUnitId = input.unitId;
    for (let i = 0; i < reach; i++) {
      const office = input.chain[i]!;
      const ackKey = acknowledgeKey(seq, office.id);
      this.acknowledgements.open(ackKey);
      // Report 1's first task came with the report (api/incidents/routes.ts): no round trip for it.
      const given = seq === 1 && i === 0 ? input.firstTask : undefined;
      const ack =
        given ??
        (await acts.openIncidentTask({
          incidentId,
          seq,
          key: ackKey,
          kind: 'acknowledge',
          officeId: office.id,
          fromUnitId,
          updateName: acknowledgeReportUpdate.name,
          type: 'incident_acknowledgement',
          title: acknowledgeTitle(input.unitName, stage, input.title),
        }));
      this.acknowledgements.created(ackKey, ack.taskId);
      await this.awaitAnswer(this.acknowledgements, { key: ackKey, seq, officeIndex: i, ...ack }, '签收');
      // The 事件报告单 records both sides: what the unit reported and who at the supervising office
      // signed for it, when. Printed at the pace people answer, never in a burst of reports.
      if (i === 0) this.spawn(this.rendering.issueIncidentReportDocument({ incidentId, seq }));
      if (i === reach - 1) break;
      const fwdKey = `forward-r${seq}-u${office.id}`;
      this.forwards.open(fwdKey);
      const fwd = await acts.openIncidentTask({
        incidentId,
        seq,
        key: fwdKey,
        kind: 'forward',
        officeId: office.id,
        fromUnitId,
        receivedAt: ack.receivedAt,
        updateName: forwardReportUpdate.name,
        type: 'incident_forward',
        title: `上报：${input.unitName}${STAGE_NAMES[stage]}（${input.title}）报${input.chain[i + 1]!.name}`,
      });
      this.forwards.created(fwdKey, fwd.taskId);
      await this.awaitAnswer(this.forwards, { key: fwdKey, seq, officeIndex: i, ...fwd }, '上报');
      fromUnitId = office.id;
    }
  }

  /** After the incident is declared handled: the unit's 终报 task, and a case when it is missed. */
  private async awaitFinal(): Promise<void> {
    const { state, incidentId } = this;
    const created = await acts.openFinalReportTask({
      incidentId,
      unitId: this.input.unitId,
      dueAt: state.finalDueAt!,
      key: FINAL_TASK_KEY,
      updateName: submitReportUpdate.name,
      type: 'incident_final_report',
      title: `报送终报：${this.input.title}`,
    });
    this.finalTask = created.taskId;
    if (state.status === 'closed') {
      await acts.cancelTask(created.taskId, '终报已报送');
      return;
    }
    if (await condition(() => state.status === 'closed', Math.max(Date.parse(state.finalDueAt!) - Date.now(), 1)))
      return;
    await acts.markTaskOverdue(created.taskId);
    await acts.openIncidentCase({ incidentId, kind: 'final_missing', dueAt: state.finalDueAt });
  }

  async run(): Promise<{ reports: number }> {
    const { input, incidentId, state } = this;
    const failed = () => this.failure !== undefined;
    try {
      // Report 1's first 签收 task is in the inbox already (the API stored it with the report): its key
      // is expected before anything else happens, so an answer given at once is matched.
      this.spawn(this.route(1, input.level, 'initial'));
      if (input.late) await acts.openIncidentCase({ incidentId, kind: 'late' });
      if (input.recordedBySupervisor) await acts.openIncidentCase({ incidentId, kind: 'unreported' });
      await condition(() => state.status !== 'reported' || failed());
      if (state.status === 'handled' && !failed()) await this.awaitFinal();
      await condition(() => state.status === 'closed' || failed());
      // The 终报 goes up like every report; the process ends when every report has been answered.
      await condition(() => failed() || this.running === 0);
      if (failed()) throw this.failure;
    } catch (err) {
      if (isCancellation(err)) throw err;
      await CancellationScope.nonCancellable(() => acts.recordIncidentFailed({ incidentId, reason: rootCause(err) }));
      throw err;
    }
    await condition(allHandlersFinished);
    return { reports: this.reports };
  }
}

export async function incidentWorkflow(input: IncidentInput): Promise<{ reports: number }> {
  return new IncidentProcess(input).run();
}

/** The report and office a task key names (`acknowledge-r2-u4`). */
function hopOf(key: string): { seq: number; officeId: number; key: string } {
  const m = /-r(\d+)-u(\d+)$/.exec(key)!;
  return { seq: Number(m[1]), officeId: Number(m[2]), key };
}
