// Alerts down (预警通报, issue 12 item 5): the names the workflow, its activities and the API share.
// Each recipient unit has a receipt task and, once it has signed, a reply task; their keys carry the
// unit, so the workflow's one Update handler per task type can tell whose answer it is. No I/O here.

export const ALERT_TASK_TYPES = {
  receipt: 'incident_alert_receipt',
  reply: 'incident_alert_reply',
  escalation: 'incident_alert_escalation',
} as const;

/** The issuing organ's code in the alert's number: 豫卫网安〔2026〕3号. */
export const ALERT_DOCUMENT_CODE = '网安';
/** The document kind (templates/incident-alert.hbs). */
export const ALERT_DOCUMENT_KIND = 'incident-alert';

/** Rows written per INSERT when an alert is distributed (16 columns × 500 stays far below PostgreSQL's 65,535 parameters). */
export const ALERT_DISTRIBUTION_BATCH = 500;

export const receiptKey = (unitId: number) => `receipt-u${unitId}`;
export const replyKey = (unitId: number) => `reply-u${unitId}`;
export const ALERT_ESCALATION_KEY = 'escalation';

/** The unit a `receipt-u<id>` / `reply-u<id>` key names, or undefined when the key is not of that kind. */
export function unitOfKey(kind: 'receipt' | 'reply', key: string): number | undefined {
  const match = new RegExp(`^${kind}-u([1-9][0-9]{0,9})$`).exec(key);
  return match ? Number(match[1]) : undefined;
}

/** Where one recipient stands, as the receipt table shows it. */
export type RecipientState = 'unacknowledged' | 'acknowledged' | 'replied';
/** `unanswered`: every unit that has not replied yet (signed or not). */
export const RECIPIENT_FILTERS = ['unanswered', 'unacknowledged', 'acknowledged', 'replied', 'overdue'] as const;
export type RecipientFilter = (typeof RECIPIENT_FILTERS)[number];
