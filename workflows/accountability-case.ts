// 责任追究: one workflow per accountability case (000 第三十五条; 001 第二十二条; 003 第三十六条). The
// supervising commission's official investigates and proposes a measure from the ladder → the unit is
// told and may state its case (陈述申辩) within the accountability.statement policy, or waive it; the
// window passing is a waiver → a commission leader decides (the proposal, a lighter or heavier measure,
// or no action), seeing the unit's repeat offences of the past year → the decision is issued as the
// measure's numbered document (通报批评: a circular) → the measure's own process runs (督导整改: report
// and verification; 约谈/诫勉/处分建议/移送: the party signs for it) → closed. Each step is on the
// case's timeline (accountability_case_events) and in the audit trail.
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineUpdate,
  executeChild,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseFacts } from '../activities/accountability-cases.js';
import { actedBy, type TaskCompletion } from '../domain/task-completion.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import { formErrors } from '../domain/forms.js';
import {
  MEASURE_DOCUMENT_KINDS,
  MEASURE_DOCUMENTS,
  MEASURE_NAMES,
  type AccountabilityCaseInput,
  type Decision,
  type Measure,
} from '../domain/accountability.js';
import {
  CaseAcknowledgementForm,
  CaseRectificationReportForm,
  CaseRectificationVerificationForm,
  DecisionForm,
  InvestigationForm,
  StatementForm,
  type DecisionInput,
  type InvestigationInput,
  type StatementInput,
} from '../domain/accountability-forms.js';
import type { CircularStartInput } from '../domain/circulars.js';
import type { z } from 'zod';
import { humanTask } from './human-task.js';
import { circularWorkflow } from './circular.js';
import { renderingActivities } from './rendering.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
});

type RectificationReport = z.infer<typeof CaseRectificationReportForm>;
type RectificationVerification = z.infer<typeof CaseRectificationVerificationForm>;
type Acknowledgement = z.infer<typeof CaseAcknowledgementForm>;

export const investigateCaseUpdate = defineUpdate<{ proposed: Measure }, [TaskCompletion<InvestigationInput>]>(
  'investigateAccountabilityCase',
);
export const stateCaseUpdate = defineUpdate<{ waived: boolean }, [TaskCompletion<StatementInput>]>(
  'stateAccountabilityCase',
);
export const decideCaseUpdate = defineUpdate<{ decision: Decision }, [TaskCompletion<DecisionInput>]>(
  'decideAccountabilityCase',
);
export const reportCaseRectificationUpdate = defineUpdate<{ reported: true }, [TaskCompletion<RectificationReport>]>(
  'reportCaseRectification',
);
export const verifyCaseRectificationUpdate = defineUpdate<
  { accepted: boolean },
  [TaskCompletion<RectificationVerification>]
>('verifyCaseRectification');
export const acknowledgeCaseMeasureUpdate = defineUpdate<{ receivedBy: string }, [TaskCompletion<Acknowledgement>]>(
  'acknowledgeCaseMeasure',
);

/** Task keys the API answers by (POST /accountability-cases/{id}/statement, …/decision). */
export const CASE_TASK_KEYS = { investigation: 'investigation', statement: 'statement', decision: 'decision' } as const;

/** How a circular names the case it comes from (CircularStartInput.source). */
const CIRCULAR_SOURCE = 'accountability_case';

/** The innermost message of a failure chain. */
function rootCause(err: unknown): string {
  let at: unknown = err;
  while (at instanceof Error && at.cause instanceof Error) at = at.cause;
  return at instanceof Error ? at.message : String(at);
}

export async function accountabilityCaseWorkflow(input: AccountabilityCaseInput): Promise<{ decision: Decision }> {
  const { caseId } = input;
  let decision: Decision = 'no_action';
  try {
    const kase = await acts.caseFacts(caseId);
    const investigation = await investigate(kase);
    const stated = await hearParty(kase, investigation.completion);
    const decided = await decide(kase, investigation.completion, stated);
    decision = decided.form.decision;
    if (decision !== 'no_action') {
      await carryOut(kase, decision, decided);
      await acts.closeCase({ caseId, summary: `${MEASURE_NAMES[decision]}执行完毕，结案` });
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => acts.recordCaseFailed({ caseId, reason: rootCause(err) }));
    throw err;
  }
  await condition(allHandlersFinished);
  return { decision };
}

/** 1. 调查核实: an official of the supervising commission records the facts and proposes a measure. */
async function investigate(kase: CaseFacts) {
  const { at: dueAt } = await acts.computeDeadline('task.default');
  return humanTask({
    spec: {
      key: CASE_TASK_KEYS.investigation,
      type: 'accountability_investigation',
      title: `责任追究调查核实：${kase.unitName}（${kase.caseNumber}）`,
      assigneeUnitId: kase.supervisingUnitId,
      assigneeRole: 'official',
      dueAt,
      payload: { caseId: kase.caseId, caseNumber: kase.caseNumber, source: kase.source, facts: kase.facts },
    },
    update: investigateCaseUpdate,
    validate: (form) => formErrors(InvestigationForm, form),
    accept: (form) => ({ proposed: form.proposedMeasure }),
  });
}

/**
 * 2. 陈述申辩: the unit is told the facts and the proposed measure and may state its case within the
 * window, or waive it; when the window passes the case goes on without it (视为放弃).
 */
async function hearParty(
  kase: CaseFacts,
  investigation: TaskCompletion<InvestigationInput>,
): Promise<StatementInput | undefined> {
  const { workflowId } = workflowInfo();
  const { at: dueAt } = await acts.computeDeadline('accountability.statement');
  await acts.recordInvestigation({
    caseId: kase.caseId,
    form: investigation.input,
    statementDueAt: dueAt,
    ...actedBy(investigation),
  });
  let lapsed = false;
  let given = false;
  const task = humanTask({
    spec: {
      key: CASE_TASK_KEYS.statement,
      type: 'accountability_statement',
      title: `陈述申辩：${kase.caseNumber}（期满未陈述申辩的视为放弃）`,
      assigneeUnitId: kase.unitId,
      dueAt,
      payload: { caseId: kase.caseId, caseNumber: kase.caseNumber },
    },
    update: stateCaseUpdate,
    validate: (form, c) => {
      if (lapsed) throw ApplicationFailure.nonRetryable('陈述申辩期限已过，视为放弃。', FAILURE_TYPES.alreadyCompleted);
      // The task is addressed to the unit with no role, so the task inbox lets any of its people answer;
      // 陈述申辩 is the party's own right (POST …/statement allows only these roles), not its auditor's.
      // A validator adds no command, so this replays against recorded histories.
      if (c.actor.unitId !== kase.unitId || !c.actor.roles.some((r) => r === 'unit_staff' || r === 'unit_leader'))
        throw ApplicationFailure.nonRetryable(
          '仅被追究单位的工作人员（unit_staff）或负责人（unit_leader）可以陈述申辩。',
          FAILURE_TYPES.notAllowed,
        );
      return formErrors(StatementForm, form);
    },
    accept: (form) => {
      given = true;
      return { waived: form.waived };
    },
    record: async (_result, c) => {
      await acts.recordStatement({
        caseId: kase.caseId,
        outcome: c.input.waived ? 'waived' : 'stated',
        text: c.input.waived ? undefined : c.input.text,
        ...actedBy(c),
      });
    },
    onOverdue: async () => {
      lapsed = true;
    },
  });
  await Promise.race([task, condition(() => lapsed && !given)]);
  if (lapsed && !given) {
    await acts.lapseCaseTask({ workflowId, key: CASE_TASK_KEYS.statement, reason: '陈述申辩期满，视为放弃' });
    await acts.recordStatement({ caseId: kase.caseId, outcome: 'lapsed' });
    return undefined;
  }
  const { completion } = await task;
  return completion.input;
}

/** 3. 决定: a commission leader decides, seeing the proposal, the statement and the repeat offences. */
async function decide(
  kase: CaseFacts,
  investigation: TaskCompletion<InvestigationInput>,
  stated: StatementInput | undefined,
) {
  const proposal = investigation.input;
  const [{ at: dueAt }, repeat] = await Promise.all([
    acts.computeDeadline('task.default'),
    acts.repeatOffences(kase.caseId),
  ]);
  const statementMade = stated !== undefined && !stated.waived;
  const done = await humanTask({
    spec: {
      key: CASE_TASK_KEYS.decision,
      type: 'accountability_decision',
      title: `责任追究决定：${kase.unitName}（${kase.caseNumber}，拟${MEASURE_NAMES[proposal.proposedMeasure]}）`,
      assigneeUnitId: kase.supervisingUnitId,
      assigneeRole: 'commission_leader',
      dueAt,
      payload: {
        caseId: kase.caseId,
        caseNumber: kase.caseNumber,
        unitName: kase.unitName,
        proposal,
        statement: stated ?? { lapsed: true },
        repeatOffences: repeat,
      },
    },
    update: decideCaseUpdate,
    validate: (form) => {
      const errors = formErrors(DecisionForm, form);
      if (errors.length || !statementMade) return errors;
      // 陈述申辩 made must be answered: adopted or not, and why.
      if (form.statementAdopted === undefined)
        errors.push({ field: 'statementAdopted', message: '单位已陈述申辩，须说明是否采纳' });
      if (form.statementResponse === undefined)
        errors.push({ field: 'statementResponse', message: '单位已陈述申辩，须说明采纳或不采纳的理由' });
      return errors;
    },
    accept: (form) => ({ decision: form.decision }),
    record: (_result, c) =>
      acts.recordDecision({ caseId: kase.caseId, form: c.input, proposed: proposal.proposedMeasure, ...actedBy(c) }),
  });
  return { form: done.completion.input, leader: done.completion.actor, investigator: investigation.actor };
}

type Decided = Awaited<ReturnType<typeof decide>>;

/** 4–5. The decision issued as its measure's document, then the measure's own process. */
async function carryOut(kase: CaseFacts, measure: Measure, decided: Decided): Promise<void> {
  if (measure === 'criticism') {
    await issueCircular(kase, decided);
    return;
  }
  const rectificationDueAt =
    measure === 'supervised_rectification' ? (await acts.computeDeadline('rectification')).at : undefined;
  const issued = await issueDecision(kase, measure, decided, rectificationDueAt);
  if (measure === 'supervised_rectification') await superviseRectification(kase, issued, rectificationDueAt!);
  else await awaitAcknowledgement(kase, measure, issued);
}

/** The numbered decision document of `measure` (templates/<MEASURE_DOCUMENT_KINDS[measure]>.hbs). */
async function issueDecision(
  kase: CaseFacts,
  measure: Exclude<Measure, 'criticism'>,
  decided: Decided,
  rectificationDueAt: string | undefined,
): Promise<{ documentId: string; number: string }> {
  const { workflowId } = workflowInfo();
  const data = await acts.caseDocumentData({ caseId: kase.caseId, form: decided.form, rectificationDueAt });
  const issued = await renderingActivities().issueDocument({
    kind: MEASURE_DOCUMENT_KINDS[measure],
    code: '责',
    issuingUnitId: kase.supervisingUnitId,
    title: `${MEASURE_DOCUMENTS[measure]}（${kase.unitName}）`,
    recipient: kase.unitName,
    recipientUnitIds: [kase.unitId],
    data: data as unknown as Record<string, unknown>,
    workflowId,
    idempotencyKey: `${workflowId}/decision`,
    actor: decided.leader,
  });
  await acts.recordCaseDocument({ caseId: kase.caseId, documentId: issued.documentId, number: issued.number });
  return issued;
}

/** 通报批评: a circular of the supervising commission, approved by the leader's decision. */
async function issueCircular(kase: CaseFacts, decided: Decided): Promise<void> {
  // Named after the case's workflow, unique like it.
  const circularId = `circular-${workflowInfo().workflowId}`;
  const recipients = await acts.circularRecipients({ caseId: kase.caseId });
  const data = await acts.caseDocumentData({ caseId: kase.caseId, form: decided.form });
  const start: CircularStartInput = {
    issuingUnitId: kase.supervisingUnitId,
    kind: 'criticism',
    title: `关于对${kase.unitName}的通报批评`,
    paragraphs: [
      ...data.facts,
      `上述行为违反了${data.articles.join('、')}的规定，${data.severity}。`,
      ...data.reasons,
      `经研究，决定对${kase.unitName}予以通报批评（${kase.caseNumber}）。`,
    ],
    recipientUnitIds: recipients,
    recipientText: recipients.length > 1 ? `${kase.supervisingUnitName}所属各单位` : kase.unitName,
    replyRequired: false,
    drafter: decided.investigator,
    preApproved: { by: decided.leader, at: new Date().toISOString(), basis: '000 第三十五条' },
    source: { type: CIRCULAR_SOURCE, id: String(kase.caseId) },
  };
  await acts.recordCaseDocument({ caseId: kase.caseId, circularId });
  // The circular's own process (number, PDF, each unit's 签收, reminders) is the measure's process:
  // the case closes when it does.
  const outcome = await executeChild(circularWorkflow, { workflowId: circularId, args: [start] });
  await acts.recordCircularOutcome({ caseId: kase.caseId, number: outcome.number, received: outcome.received });
}

/** 督导整改: the unit reports what it did; the official verifies (a rejection sends it back). */
async function superviseRectification(
  kase: CaseFacts,
  issued: { documentId: string; number: string },
  dueAt: string,
): Promise<void> {
  for (let round = 1; ; round++) {
    const reportDue = round === 1 ? dueAt : (await acts.computeDeadline('task.default')).at;
    const report = await humanTask({
      spec: {
        key: `rectification-r${round}`,
        type: 'accountability_rectification',
        title: `督导整改报告（第${round}次）：${issued.number}`,
        assigneeUnitId: kase.unitId,
        assigneeRole: 'unit_staff',
        dueAt: reportDue,
        payload: { caseId: kase.caseId, documentId: issued.documentId, number: issued.number },
      },
      update: reportCaseRectificationUpdate,
      validate: (form) => formErrors(CaseRectificationReportForm, form),
      accept: () => ({ reported: true as const }),
      record: (_r, c) =>
        acts.recordMeasureStep({
          caseId: kase.caseId,
          key: `rectification-r${round}`,
          kind: 'rectification_reported',
          summary: `单位报送整改情况（第${round}次）`,
          ...actedBy(c),
        }),
    });
    const { at: verifyDue } = await acts.computeDeadline('task.default');
    const verification = await humanTask({
      spec: {
        key: `verification-r${round}`,
        type: 'accountability_verification',
        title: `督导整改核验（第${round}次）：${kase.unitName} ${issued.number}`,
        assigneeUnitId: kase.supervisingUnitId,
        assigneeRole: 'official',
        dueAt: verifyDue,
        payload: { caseId: kase.caseId, number: issued.number, report: report.completion.input },
      },
      update: verifyCaseRectificationUpdate,
      validate: (form) => formErrors(CaseRectificationVerificationForm, form),
      accept: (form) => ({ accepted: form.verdict === 'accepted' }),
      record: (r, c) =>
        acts.recordMeasureStep({
          caseId: kase.caseId,
          key: `verification-r${round}`,
          kind: r.accepted ? 'rectification_accepted' : 'rectification_rejected',
          summary: r.accepted
            ? '整改核验通过'
            : `整改核验未通过，退回重新整改：${(c.input as { reason?: string }).reason}`,
          ...actedBy(c),
        }),
    });
    if (verification.result.accepted) return;
  }
}

/** 约谈/诫勉 notice, 处分建议函, 移送函: the party signs for it (签收). */
async function awaitAcknowledgement(
  kase: CaseFacts,
  measure: Measure,
  issued: { documentId: string; number: string },
): Promise<void> {
  const { at: dueAt } = await acts.computeDeadline('notice.receipt');
  await humanTask({
    spec: {
      key: 'acknowledgement',
      type: 'accountability_acknowledgement',
      title: `签收${MEASURE_DOCUMENTS[measure]}：${issued.number}`,
      assigneeUnitId: kase.unitId,
      dueAt,
      payload: { caseId: kase.caseId, documentId: issued.documentId, number: issued.number, measure },
    },
    update: acknowledgeCaseMeasureUpdate,
    validate: (form) => formErrors(CaseAcknowledgementForm, form),
    accept: (form, c) => ({ receivedBy: `${form.receiverName}（${c.actor.realName}）` }),
    record: (r, c) =>
      acts.recordMeasureStep({
        caseId: kase.caseId,
        key: 'acknowledged',
        kind: 'acknowledged',
        summary: `单位签收${MEASURE_DOCUMENTS[measure]}：${r.receivedBy}`,
        ...actedBy(c),
      }),
  });
}
