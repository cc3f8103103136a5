// One unit's inspection (a child of a plan run): self-check → inspector review with findings →
// 整改通知书 with a working-day deadline → rectification report per finding → inspector
// verification (rejected findings go back) → all accepted: closed (销号). An overdue
// rectification opens an accountability case (000 第三十五条; 003 第三十五条).
import { defineQuery, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { actedBy as by, type TaskCompletion } from '../domain/task-completion.js';
import {
  validateRectificationReport, validateRectificationVerification, validateReview, validateSelfCheck,
  type InspectionStatus, type RectificationReportInput, type RectificationVerificationInput, type ReviewInput, type SelfCheckInput, type UnitInspectionResult,
} from '../domain/inspections.js';
import { humanTask } from './human-task.js';
import { RECTIFICATION_REPORT_FORM as REPORT_FORM, RECTIFICATION_VERIFICATION_FORM as VERIFY_FORM, REVIEW_FORM, SELF_CHECK_FORM as ANSWER_FORM } from '../domain/inspection-forms.js';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '15 seconds', retry: { maximumInterval: '30 seconds' } });
const rendering = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: { maximumInterval: '30 seconds' } });

export interface UnitInspectionInput {
  runId: string;
  planId: string;
  unitId: number;
}

export interface UnitInspectionState {
  status: InspectionStatus;
  findings: number[];
  openFindings: number[];
  rectificationDueAt?: string;
  overdue: boolean;
}

export const submitSelfCheckUpdate = defineUpdate<{ answered: number }, [TaskCompletion<SelfCheckInput>]>('submitSelfCheck');
export const submitReviewUpdate = defineUpdate<{ findings: number }, [TaskCompletion<ReviewInput>]>('submitReview');
export const submitRectificationUpdate = defineUpdate<{ reported: number }, [TaskCompletion<RectificationReportInput>]>('submitRectification');
export const verifyRectificationUpdate = defineUpdate<{ accepted: number; rejected: number }, [TaskCompletion<RectificationVerificationInput>]>('verifyRectification');
export const unitInspectionStateQuery = defineQuery<UnitInspectionState>('unitInspectionState');

export async function unitInspectionWorkflow(input: UnitInspectionInput): Promise<UnitInspectionResult> {
  const { workflowId: inspectionId } = workflowInfo();
  const state: UnitInspectionState = { status: 'self_check', findings: [], openFindings: [], overdue: false };
  setHandler(unitInspectionStateQuery, () => state);
  const ctx = await acts.openUnitInspection({ inspectionId, ...input });
  const remind = (dueAt: string) => (ctx.remindBeforeMs > 0 ? [new Date(Date.parse(dueAt) - ctx.remindBeforeMs).toISOString()] : []);
  // Inspectors' own tasks follow the default handling time (policy task.default).
  const { at: reviewDueAt } = await acts.computeDeadline('task.default', ctx.selfCheckDueAt);
  const reviewer = { assigneeUnitId: ctx.reviewer.unitId, ...(ctx.reviewer.userId ? { assigneeUserId: ctx.reviewer.userId } : { assigneeRole: 'inspector' as const }) };

  // 1. Self-check by the unit, item by item, with evidence where the item requires it.
  const selfCheck = await humanTask({
    spec: {
      key: 'self-check', type: 'inspection_self_check', title: `自查：${ctx.planTitle}（${ctx.unitName}）`,
      assigneeUnitId: input.unitId, assigneeRole: 'unit_staff', dueAt: ctx.selfCheckDueAt, remindAt: remind(ctx.selfCheckDueAt),
      formSchema: ANSWER_FORM, payload: { inspectionId, templateId: ctx.templateId, items: ctx.items },
    },
    update: submitSelfCheckUpdate,
    validate: (form) => validateSelfCheck(form, ctx.items),
    accept: (form) => ({ answered: form.answers.length }),
  });
  await acts.recordSelfCheck({ inspectionId, answers: selfCheck.completion.input.answers, ...by(selfCheck.completion) });
  state.status = 'review';

  // 2. The inspector confirms or overrides each answer and records findings.
  const review = await humanTask({
    spec: {
      key: 'review', type: 'inspection_review', title: `检查复核：${ctx.planTitle}（${ctx.unitName}）`,
      ...reviewer, dueAt: reviewDueAt,
      formSchema: REVIEW_FORM, payload: { inspectionId, items: ctx.items, selfCheck: selfCheck.completion.input.answers },
    },
    update: submitReviewUpdate,
    validate: (form) => validateReview(form, ctx.items),
    accept: (form) => ({ findings: form.findings.length }),
  });
  const findingIds = await acts.recordReview({ inspectionId, items: review.completion.input.items, findings: review.completion.input.findings, ...by(review.completion) });
  state.findings = findingIds;
  if (findingIds.length === 0) {
    state.status = 'closed';
    return { status: 'closed', findings: 0, overdue: false };
  }

  // 3. 整改通知书: numbered, each finding with its requirement, the deadline in working days.
  state.status = 'rectifying';
  const { at: dueAt } = await acts.computeDeadline('rectification');
  state.rectificationDueAt = dueAt;
  const notice = await acts.rectificationNoticeData({ inspectionId, dueAt });
  const issued = await rendering.issueDocument({
    kind: 'rectification-notice', code: '整', issuingUnitId: ctx.ownerUnitId, title: notice.title, recipient: notice.recipient,
    recipientUnitIds: [input.unitId], data: notice.data, workflowId: inspectionId, idempotencyKey: `${inspectionId}/rectification-notice`, actor: review.completion.actor,
  });
  await acts.recordRectificationNotice({ inspectionId, documentId: issued.documentId, dueAt });

  // 4. Report → verify, until every finding is accepted; late reports open an accountability case.
  let open = findingIds;
  for (let round = 1; open.length > 0; round++) {
    state.openFindings = open;
    const findings = await acts.findingsForTask(open);
    const report = await humanTask({
      spec: {
        key: `rectification-r${round}`, type: 'rectification_report', title: `整改报告（第${round}次）：${issued.number}`,
        assigneeUnitId: input.unitId, assigneeRole: 'unit_staff', dueAt, remindAt: remind(dueAt),
        formSchema: REPORT_FORM, payload: { inspectionId, documentId: issued.documentId, number: issued.number, findings },
      },
      update: submitRectificationUpdate,
      validate: (form) => validateRectificationReport(form, open),
      accept: (form) => ({ reported: form.reports.length }),
      onOverdue: async () => {
        state.overdue = true;
        await acts.openAccountabilityCase({ unitId: input.unitId, sourceType: 'rectification_overdue', sourceId: inspectionId, reason: `${ctx.unitName}未在期限（${dueAt}）内完成整改：${issued.number}` });
      },
    });
    await acts.recordRectificationReport({ inspectionId, reports: report.completion.input.reports, ...by(report.completion) });
    const reported = open;
    const verification = await humanTask({
      spec: {
        key: `verification-r${round}`, type: 'rectification_verification', title: `整改核验（第${round}次）：${ctx.unitName} ${issued.number}`,
        ...reviewer, dueAt: (await acts.computeDeadline('task.default')).at,
        formSchema: VERIFY_FORM, payload: { inspectionId, documentId: issued.documentId, findings, reports: report.completion.input.reports },
      },
      update: verifyRectificationUpdate,
      validate: (form) => validateRectificationVerification(form, reported),
      accept: (form) => ({ accepted: form.results.filter((r) => r.verdict === 'accepted').length, rejected: form.results.filter((r) => r.verdict === 'rejected').length }),
    });
    open = await acts.recordRectificationVerification({ inspectionId, results: verification.completion.input.results, ...by(verification.completion) });
  }
  Object.assign(state, { status: 'closed', openFindings: [] });
  return { status: 'closed', findings: findingIds.length, noticeNumber: issued.number, overdue: state.overdue };
}
