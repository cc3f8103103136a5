// Every task type the workflows create, with its form's one schema (issue 10, item 10). The API
// checks a completion against it before the workflow's Update; the workflows show its JSON Schema
// as the task's `formSchema` and validate with it. A new task type needs its form here (a test
// compares this list with the types the workflows create).
import type { z } from 'zod';
import { formJsonSchema } from './forms.js';
import { ConfirmationForm, SignatureForm, TransferListForm, VerificationForm } from './handover-forms.js';
import { EscalationForm } from './escalation-form.js';
import {
  RectificationReportForm,
  RectificationVerificationForm,
  ReviewForm,
  SelfCheckForm,
} from './inspection-forms.js';
import {
  CaseAcknowledgementForm,
  CaseRectificationReportForm,
  CaseRectificationVerificationForm,
  DecisionForm,
  InvestigationForm,
  StatementForm,
} from './accountability-forms.js';
import { ReceiptForm } from './notice-forms.js';
import {
  AcknowledgeReportForm,
  AlertReceiptForm,
  AlertReplyForm,
  FinalReportForm,
  ForwardReportForm,
} from './incident-forms.js';
import {
  CircularApprovalForm,
  CircularReceiptForm,
  CircularReplyForm,
  CircularRevisionForm,
} from './circular-forms.js';

export const TASK_FORMS = {
  handover_transfer_list: TransferListForm,
  handover_verification: VerificationForm,
  handover_signature: SignatureForm,
  handover_confirmation: ConfirmationForm,
  handover_escalation: EscalationForm,
  notice_receipt: ReceiptForm,
  escalation: EscalationForm,
  inspection_self_check: SelfCheckForm,
  inspection_review: ReviewForm,
  rectification_report: RectificationReportForm,
  rectification_verification: RectificationVerificationForm,
  inspection_escalation: EscalationForm,
  incident_acknowledgement: AcknowledgeReportForm,
  incident_forward: ForwardReportForm,
  incident_escalation: EscalationForm,
  incident_final_report: FinalReportForm,
  incident_alert_receipt: AlertReceiptForm,
  incident_alert_reply: AlertReplyForm,
  incident_alert_escalation: EscalationForm,
  accountability_investigation: InvestigationForm,
  accountability_statement: StatementForm,
  accountability_decision: DecisionForm,
  accountability_rectification: CaseRectificationReportForm,
  accountability_verification: CaseRectificationVerificationForm,
  accountability_acknowledgement: CaseAcknowledgementForm,
  circular_approval: CircularApprovalForm,
  circular_revision: CircularRevisionForm,
  circular_receipt: CircularReceiptForm,
  circular_reply: CircularReplyForm,
  circular_escalation: EscalationForm,
} as const satisfies Record<string, z.ZodType>;

export type TaskType = keyof typeof TASK_FORMS;

const schemas = new Map<string, Record<string, unknown>>();

/** The JSON Schema a task of `type` shows with its form (built once per type and process); undefined for an unknown type. */
export function taskFormSchema(type: string): Record<string, unknown> | undefined {
  const form = taskForm(type);
  if (!form) return undefined;
  let schema = schemas.get(type);
  if (!schema) schemas.set(type, (schema = formJsonSchema(form)));
  return schema;
}

/** The form of a task type; undefined for a type no workflow creates. */
export function taskForm(type: string): z.ZodType | undefined {
  return Object.hasOwn(TASK_FORMS, type) ? TASK_FORMS[type as TaskType] : undefined;
}
