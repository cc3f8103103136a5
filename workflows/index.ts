// Every workflow the worker registers; one process per file.
export { platformSelfCheckWorkflow } from './platform-self-check.js';
export { noticeReceiptWorkflow } from './notice-receipt.js';
export { handoverWorkflow } from './handover.js';
export { inspectionRunWorkflow } from './inspection-run.js';
export { unitInspectionWorkflow } from './unit-inspection.js';
export { incidentAlertWorkflow } from './incident-alert.js';
