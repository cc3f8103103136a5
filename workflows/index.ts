// Every workflow the worker registers; one process per file.
export { platformSelfCheckWorkflow } from './platform-self-check.js';
export { noticeReceiptWorkflow } from './notice-receipt.js';
export { handoverWorkflow } from './handover.js';
