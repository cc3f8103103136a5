// Every workflow the worker registers; one process per file.
//
// Each is loaded only when a workflow of its kind runs. With the reusable V8 context every workflow
// run evaluates the modules it imports afresh (scripts/workflow-bundle-options.ts); importing every
// process here made each run build every process's zod forms (an incident paid for the handover's
// transfer list). `webpackMode: "eager"` keeps each in the one bundle, evaluated on first use.
import type * as AccountabilityCase from './accountability-case.js';
import type * as Incident from './incident.js';
import type * as IssueDocument from './issue-document.js';
import type * as IncidentAlert from './incident-alert.js';
import type * as Circular from './circular.js';
import type * as Handover from './handover.js';
import type * as InspectionRun from './inspection-run.js';
import type * as NoticeReceipt from './notice-receipt.js';
import type * as PlatformSelfCheck from './platform-self-check.js';
import type * as UnitInspection from './unit-inspection.js';

export async function platformSelfCheckWorkflow(
  ...args: Parameters<typeof PlatformSelfCheck.platformSelfCheckWorkflow>
): ReturnType<typeof PlatformSelfCheck.platformSelfCheckWorkflow> {
  return (await import(/* webpackMode: "eager" */ './platform-self-check.js')).platformSelfCheckWorkflow(...args);
}

export async function noticeReceiptWorkflow(
  ...args: Parameters<typeof NoticeReceipt.noticeReceiptWorkflow>
): ReturnType<typeof NoticeReceipt.noticeReceiptWorkflow> {
  return (await import(/* webpackMode: "eager" */ './notice-receipt.js')).noticeReceiptWorkflow(...args);
}

export async function handoverWorkflow(
  ...args: Parameters<typeof Handover.handoverWorkflow>
): ReturnType<typeof Handover.handoverWorkflow> {
  return (await import(/* webpackMode: "eager" */ './handover.js')).handoverWorkflow(...args);
}

export async function inspectionRunWorkflow(
  ...args: Parameters<typeof InspectionRun.inspectionRunWorkflow>
): ReturnType<typeof InspectionRun.inspectionRunWorkflow> {
  return (await import(/* webpackMode: "eager" */ './inspection-run.js')).inspectionRunWorkflow(...args);
}

export async function unitInspectionWorkflow(
  ...args: Parameters<typeof UnitInspection.unitInspectionWorkflow>
): ReturnType<typeof UnitInspection.unitInspectionWorkflow> {
  return (await import(/* webpackMode: "eager" */ './unit-inspection.js')).unitInspectionWorkflow(...args);
}

export async function incidentWorkflow(
  ...args: Parameters<typeof Incident.incidentWorkflow>
): ReturnType<typeof Incident.incidentWorkflow> {
  return (await import(/* webpackMode: "eager" */ './incident.js')).incidentWorkflow(...args);
}

export async function incidentAlertWorkflow(
  ...args: Parameters<typeof IncidentAlert.incidentAlertWorkflow>
): ReturnType<typeof IncidentAlert.incidentAlertWorkflow> {
  return (await import(/* webpackMode: "eager" */ './incident-alert.js')).incidentAlertWorkflow(...args);
}

export async function accountabilityCaseWorkflow(
  ...args: Parameters<typeof AccountabilityCase.accountabilityCaseWorkflow>
): ReturnType<typeof AccountabilityCase.accountabilityCaseWorkflow> {
  return (await import(/* webpackMode: "eager" */ './accountability-case.js')).accountabilityCaseWorkflow(...args);
}

export async function circularWorkflow(
  ...args: Parameters<typeof Circular.circularWorkflow>
): ReturnType<typeof Circular.circularWorkflow> {
  return (await import(/* webpackMode: "eager" */ './circular.js')).circularWorkflow(...args);
}

export async function issueDocumentWorkflow(
  ...args: Parameters<typeof IssueDocument.issueDocumentWorkflow>
): ReturnType<typeof IssueDocument.issueDocumentWorkflow> {
  return (await import(/* webpackMode: "eager" */ './issue-document.js')).issueDocumentWorkflow(...args);
}
