// One unit's inspection (a child of a plan run): self-check → inspector review with findings →
// 整改通知书 with a working-day deadline → rectification report per finding → inspector
// verification (rejected findings go back) → all accepted: closed (销号). Every step has a
// deadline; one that passes flags the inspection at that step and escalates to the supervising
// officials; an overdue rectification also opens an accountability case (000 第三十五条; in
// Sichuan 003 第三十六条).
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { UnitInspectionContext } from '../activities/inspections.js';
import { renderingActivities } from './rendering.js';
import { actedBy as by, type TaskCompletion } from '../domain/task-completion.js';
import {
  INSPECTION_STEP_LABELS,
  validateNonComplianceCovered,
  validateRectificationReport,
  validateRectificationVerification,
  validateReview,
  validateSelfCheck,
  type InspectionStep,
  type RectificationReportInput,
  type RectificationVerificationInput,
  type ReviewInput,
  type SelfCheckInput,
  type UnitInspectionResult,
} from '../domain/inspections.js';
import { reminderBefore, selfCheckTaskSpec, SELF_CHECK_UPDATE_NAME } from '../domain/inspection-self-check.js';
import { humanTask } from './human-task.js';
import { escalation, type Escalation, type EscalationUpdate } from './escalation.js';
import {} from '../domain/inspection-forms.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
});
// The opening (the inspection row with the review's planned deadline, the self-check task) runs as
// local activities: the worker runs them inside the first workflow task, so a run of 1,000 units
// does not queue 3,000 activities and 3,000 more workflow tasks through the server before every
// unit has its self-check (README, Benchmarks: bench:inspection). Same activities, same rows.
const opening = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
});

export interface UnitInspectionInput {
  runId: string;
  planId: string;
  unitId: number;
  /**
   * The unit's context, when the run opened the inspection and its self-check task already
   * (openSelfChecks): the workflow opens nothing, and the self-check's handler is set in its first
   * activation, so an answer that starts the workflow (api/process-starter.ts) finds it.
   */
  opened?: UnitInspectionContext;
}

export const submitSelfCheckUpdate = defineUpdate<{ answered: number }, [TaskCompletion<SelfCheckInput>]>(
  SELF_CHECK_UPDATE_NAME,
);
export const submitReviewUpdate = defineUpdate<{ findings: number }, [TaskCompletion<ReviewInput>]>('submitReview');
export const submitRectificationUpdate = defineUpdate<{ reported: number }, [TaskCompletion<RectificationReportInput>]>(
  'submitRectification',
);
export const verifyRectificationUpdate = defineUpdate<
  { accepted: number; rejected: number },
  [TaskCompletion<RectificationVerificationInput>]
>('verifyRectification');
export const acknowledgeInspectionEscalationUpdate: EscalationUpdate = defineUpdate('acknowledgeInspectionEscalation');

/** What the steps of one unit's inspection share. */
interface InspectionRun {
  readonly input: UnitInspectionInput;
  readonly inspectionId: string;
  /** The plan's facts for this unit (openUnitInspection). */
  readonly ctx: Awaited<ReturnType<Activities['openUnitInspection']>>;
  /** The inspector's tasks go to the named inspector, or to the inspectors of the reviewing unit. */
  readonly reviewer: { assigneeUnitId: number; assigneeUserId?: number; assigneeRole?: 'inspector' };
  readonly escalated: Escalation;
  /** Some step passed its deadline. */
  overdue: boolean;
  /** The opening runs as local activities (inspections started before this run it as activities). */
  readonly openLocally: boolean;
}

type Done<T> = Awaited<ReturnType<typeof humanTask<T, object>>>;

const remind = (run: InspectionRun, dueAt: string) => reminderBefore(run.ctx.remindBeforeMs, dueAt);

export async function unitInspectionWorkflow(input: UnitInspectionInput): Promise<UnitInspectionResult> {
  const { workflowId: inspectionId } = workflowInfo();
  const openLocally = patched('local-inspection-opening');
  const opener = openLocally ? opening : acts;
  // Inspectors' own tasks follow the default handling time (policy task.default). Inspections
  // started before 'one-step-inspection-opening' computed it in an activity of its own.
  const oneStep = openLocally && patched('one-step-inspection-opening');
  const { opened, ...unit } = input;
  const ctx =
    opened ??
    (await opener.openUnitInspection({
      inspectionId,
      ...unit,
      ...(oneStep ? { reviewDeadlinePolicy: 'task.default' } : {}),
    }));
  const plannedReviewDueAt = oneStep
    ? ctx.plannedReviewDueAt!
    : (await opener.computeDeadline('task.default', ctx.selfCheckDueAt)).at;
  const run: InspectionRun = {
    input,
    inspectionId,
    ctx,
    reviewer: {
      assigneeUnitId: ctx.reviewer.unitId,
      ...(ctx.reviewer.userId ? { assigneeUserId: ctx.reviewer.userId } : { assigneeRole: 'inspector' as const }),
    },
    escalated: escalation(acknowledgeInspectionEscalationUpdate),
    overdue: false,
    openLocally,
  };

  const selfCheck = await selfCheckStep(run);
  // A late self-check does not eat the inspector's time: the handling time counts from its arrival.
  const reviewDueAt = selfCheck.overdue ? (await acts.computeDeadline('task.default')).at : plannedReviewDueAt;
  const { review, findingIds } = await reviewStep(run, selfCheck.completion.input.answers, reviewDueAt);
  if (findingIds.length === 0) {
    await condition(allHandlersFinished);
    return { status: 'closed', findings: 0, overdue: run.overdue };
  }
  const notice = await issueRectificationNotice(run, review);
  let open = findingIds;
  for (let round = 1; open.length > 0; round++) open = await rectificationRound(run, round, open, notice);
  await condition(allHandlersFinished);
  return { status: 'closed', findings: findingIds.length, noticeNumber: notice.number, overdue: run.overdue };
}

// A step past its deadline: the inspection is flagged at that step and the officials who
// supervise it get an escalation task (the plan's owner for the unit's steps, the inspector's
// unit for the inspector's; 000 第三十五条 督导整改). The step's completion, late, settles it.
async function escalate(run: InspectionRun, step: InspectionStep, taskKey: string, dueAt: string): Promise<void> {
  const { ctx, inspectionId } = run;
  run.overdue = true;
  await acts.markInspectionOverdue({ inspectionId, step, dueAt });
  const unitsStep = step === 'self_check' || step === 'rectification';
  await run.escalated.open({
    key: `escalation-${taskKey}`,
    type: 'inspection_escalation',
    title: `检查逾期：${ctx.unitName}（${INSPECTION_STEP_LABELS[step]}）${ctx.planTitle}`,
    assigneeUnitId: unitsStep ? ctx.ownerUnitId : ctx.reviewer.unitId,
    assigneeRole: 'official',
    dueAt: new Date(Date.parse(dueAt) + 24 * 3_600_000).toISOString(),
    payload: { inspectionId, unitId: run.input.unitId, step, dueAt },
  });
}

/** The late step is done: an escalation nobody acknowledged needs no action any more. */
async function settleEscalation(run: InspectionRun, step: InspectionStep): Promise<void> {
  await run.escalated.close(`${INSPECTION_STEP_LABELS[step]}已逾期办结`);
}

/** 1. Self-check by the unit, item by item, with evidence where the item requires it. */
async function selfCheckStep(run: InspectionRun): Promise<Done<SelfCheckInput>> {
  const { ctx, inspectionId, input } = run;
  // Runs since 'self-checks-opened-by-run' created this row already (workflows/inspection-run.ts):
  // the same spec, so the task activity adopts it.
  const selfCheck = await humanTask({
    spec: selfCheckTaskSpec(ctx, inspectionId, input.unitId),
    update: submitSelfCheckUpdate,
    validate: (form) => validateSelfCheck(form, ctx.items),
    accept: (form) => ({ answered: form.answers.length }),
    onOverdue: () => escalate(run, 'self_check', 'self-check', ctx.selfCheckDueAt),
    createLocally: run.openLocally,
  });
  await acts.recordSelfCheck({
    inspectionId,
    answers: selfCheck.completion.input.answers,
    ...by(selfCheck.completion),
  });
  await settleEscalation(run, 'self_check');
  return selfCheck;
}

/** 2. The inspector confirms or overrides each answer and records findings. */
async function reviewStep(
  run: InspectionRun,
  answers: SelfCheckInput['answers'],
  reviewDueAt: string,
): Promise<{ review: Done<ReviewInput>; findingIds: number[] }> {
  const { ctx, inspectionId } = run;
  const review = await humanTask({
    spec: {
      key: 'review',
      type: 'inspection_review',
      title: `检查复核：${ctx.planTitle}（${ctx.unitName}）`,
      ...run.reviewer,
      dueAt: reviewDueAt,
      payload: { inspectionId, items: ctx.items, selfCheck: answers },
    },
    update: submitReviewUpdate,
    validate: (form) => [...validateReview(form, ctx.items), ...validateNonComplianceCovered(form, ctx.items, answers)],
    accept: (form) => ({ findings: form.findings.length }),
    onOverdue: () => escalate(run, 'review', 'review', reviewDueAt),
  });
  const findingIds = await acts.recordReview({
    inspectionId,
    items: review.completion.input.items,
    findings: review.completion.input.findings,
    ...by(review.completion),
  });
  await settleEscalation(run, 'review');
  return { review, findingIds };
}

/** 3. 整改通知书: numbered, each finding with its requirement, the deadline in working days. */
async function issueRectificationNotice(
  run: InspectionRun,
  review: Done<ReviewInput>,
): Promise<{ documentId: string; number: string; dueAt: string }> {
  const { ctx, inspectionId, input } = run;
  const { at: dueAt } = await acts.computeDeadline('rectification', undefined, ctx.rectificationWindow);
  const notice = await acts.rectificationNoticeData({ inspectionId, dueAt });
  const issued = await renderingActivities().issueDocument({
    kind: 'rectification-notice',
    code: '整',
    issuingUnitId: ctx.ownerUnitId,
    title: notice.title,
    recipient: notice.recipient,
    recipientUnitIds: [input.unitId],
    data: notice.data,
    workflowId: inspectionId,
    idempotencyKey: `${inspectionId}/rectification-notice`,
    actor: review.completion.actor,
  });
  await acts.recordRectificationNotice({ inspectionId, documentId: issued.documentId, dueAt });
  return { documentId: issued.documentId, number: issued.number, dueAt };
}

/**
 * 4. One round of report → verification; returns the findings still open (rejected ones go back).
 * A late report opens an accountability case.
 */
async function rectificationRound(
  run: InspectionRun,
  round: number,
  open: number[],
  notice: { documentId: string; number: string; dueAt: string },
): Promise<number[]> {
  const { ctx, inspectionId, input } = run;
  const { dueAt } = notice;
  const findings = await acts.findingsForTask(open);
  const report = await humanTask({
    spec: {
      key: `rectification-r${round}`,
      type: 'rectification_report',
      title: `整改报告（第${round}次）：${notice.number}`,
      assigneeUnitId: input.unitId,
      assigneeRole: 'unit_staff',
      dueAt,
      remindAt: remind(run, dueAt),
      payload: { inspectionId, documentId: notice.documentId, number: notice.number, findings },
    },
    update: submitRectificationUpdate,
    validate: (form) => validateRectificationReport(form, open),
    accept: (form) => ({ reported: form.reports.length }),
    onOverdue: async () => {
      await escalate(run, 'rectification', `rectification-r${round}`, dueAt);
      await acts.openAccountabilityCase({
        unitId: input.unitId,
        sourceType: 'rectification_overdue',
        sourceId: inspectionId,
        reason: `${ctx.unitName}未在期限（${dueAt}）内完成整改：${notice.number}`,
      });
    },
  });
  await acts.recordRectificationReport({
    inspectionId,
    reports: report.completion.input.reports,
    ...by(report.completion),
  });
  await settleEscalation(run, 'rectification');
  const { at: verificationDueAt } = await acts.computeDeadline('task.default');
  const verification = await humanTask({
    spec: {
      key: `verification-r${round}`,
      type: 'rectification_verification',
      title: `整改核验（第${round}次）：${ctx.unitName} ${notice.number}`,
      ...run.reviewer,
      dueAt: verificationDueAt,
      payload: { inspectionId, documentId: notice.documentId, findings, reports: report.completion.input.reports },
    },
    update: verifyRectificationUpdate,
    validate: (form) => validateRectificationVerification(form, open),
    accept: (form) => ({
      accepted: form.results.filter((r) => r.verdict === 'accepted').length,
      rejected: form.results.filter((r) => r.verdict === 'rejected').length,
    }),
    onOverdue: () => escalate(run, 'verification', `verification-r${round}`, verificationDueAt),
  });
  const stillOpen = await acts.recordRectificationVerification({
    inspectionId,
    results: verification.completion.input.results,
    ...by(verification.completion),
  });
  await settleEscalation(run, 'verification');
  return stillOpen;
}
