// Circulars (通报; 000 第三十五条, 001 第二十一条): one numbered document from a commission to many
// units, approved by a leader of the commission before it is numbered, with a receipt (签收) and,
// when asked, a reply per unit. The vocabulary shared by the workflow, its activities, the tables,
// the API and the accountability process that issues its 通报批评 through it. No I/O here.
import type { TaskActor } from './task-completion.js';

/** The kinds a commission issues; `notice` is the one-recipient 通知 (POST /notices). */
export const CIRCULAR_KINDS = ['work', 'commendation', 'criticism', 'situation', 'notice'] as const;
export type CircularKind = (typeof CIRCULAR_KINDS)[number];

export const CIRCULAR_KIND_NAMES: Record<CircularKind, string> = {
  work: '工作通报',
  commendation: '通报表扬',
  criticism: '通报批评',
  situation: '情况通报',
  notice: '通知',
};

/**
 * Where a circular stands. `returned`: the leader sent the draft back with a comment (no number is
 * taken); `distributed`: numbered, printed and every recipient's receipt task exists; `closed`: every
 * unit signed (and replied where asked) or the sender closed it after the deadline.
 */
export const CIRCULAR_STAGES = [
  'awaiting_approval',
  'returned',
  'withdrawn',
  'issuing',
  'distributed',
  'closed',
  'failed',
] as const;
export type CircularStage = (typeof CIRCULAR_STAGES)[number];

/** Per recipient: what the sender's receipt table shows. */
export const RECEIPT_STATES = ['pending', 'received', 'replied', 'overdue'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];

/**
 * How the accountability process (or any caller inside the worker) starts a circular: the recipients
 * already resolved, the approval already given (the leader's decision of the case is it).
 */
export interface CircularStartInput {
  issuingUnitId: number;
  kind: CircularKind;
  title: string;
  paragraphs: string[];
  recipientUnitIds: number[];
  replyRequired: boolean;
  /** Unset: the circular.reply / circular.receipt deadline policies (working days). */
  replyDueAt?: string;
  receiptDueAt?: string;
  drafter: TaskActor;
  /** Set when the decision to issue was taken elsewhere (an accountability case's decision). */
  preApproved?: { by: TaskActor; at: string; basis: string };
  /** What the circular comes from, e.g. { type: 'accountability_case', id: '12' }. */
  source?: { type: string; id: string };
  /** Own periods instead of the policies, counted from approval (working days). */
  receiptWorkingDays?: number;
  replyWorkingDays?: number;
  /** The receipt's deadline policy when not circular.receipt (a 通知 keeps notice.receipt). */
  receiptPolicy?: string;
  /** How long before the deadline laggards are reminded; unset: the reminder.lead policy, 0: never. */
  remindBeforeMs?: number;
  /** Evidence files printed as 附件 (their file names) and readable with the circular. */
  attachmentIds?: string[];
  /** 主送 as the drafter chose it, for the printed line (e.g. "金水区卫生健康委员会所属各医疗卫生机构"). */
  recipientText?: string;
  /** Set by continue-as-new: where the previous run stood (recipients and answers are in the database). */
  resumed?: CircularCarried;
}

/** The small state a continued run starts from. */
export interface CircularCarried {
  documentId: string;
  number: string;
  receiptDueAt: string;
  replyDueAt?: string;
  /** When laggards are reminded automatically; unset: never. */
  remindAt?: string;
  /** waiting: before the automatic reminder; reminded: before the deadline; escalated: after it. */
  phase: 'waiting' | 'reminded' | 'escalated';
  escalationTaskId?: string;
}

/** The task types the circular process creates (each has its form in domain/task-forms.ts). */
export const CIRCULAR_TASK_TYPES = {
  approval: 'circular_approval',
  revision: 'circular_revision',
  receipt: 'circular_receipt',
  reply: 'circular_reply',
  escalation: 'circular_escalation',
} as const;

/** Its deadline policies (db/default-policies.ts): working days from approval. */
export const CIRCULAR_POLICIES = {
  receipt: 'circular.receipt',
  reply: 'circular.reply',
  /** The leader's approval and the drafter's revision: no article sets one. */
  step: 'task.default',
  reminderLead: 'reminder.lead',
} as const;

/** The issuing organ's code in a circular's number: 金卫通〔2026〕7号. */
export const CIRCULAR_DOCUMENT_CODE = '通';
/** The document kind (templates/circular.hbs). */
export const CIRCULAR_DOCUMENT_KIND = 'circular';

/** Recipient rows and receipt tasks written per INSERT when a circular is distributed. */
export const CIRCULAR_DISTRIBUTION_BATCH = 500;
/** Most recipients one circular has (a province's institutions fit). */
export const CIRCULAR_MAX_RECIPIENTS = 5000;
/** Up to this many recipients the 主送 line names each unit; beyond it, the scope in words. */
export const CIRCULAR_NAMED_RECIPIENTS = 12;

/** Task keys: one per recipient unit and kind, one per approval round. */
export const circularTaskKey = (kind: 'receipt' | 'reply', unitId: number) => `${kind}-u${unitId}`;
export const approvalKey = (round: number) => `approval-${round}`;
export const revisionKey = (round: number) => `revision-${round}`;
export const CIRCULAR_ESCALATION_KEY = 'escalation';

/** The unit a `receipt-u<id>` / `reply-u<id>` key names, or undefined when the key is of another kind. */
export function recipientOfKey(kind: 'receipt' | 'reply', key: string): number | undefined {
  const found = new RegExp(`^${kind}-u([1-9][0-9]{0,9})$`).exec(key);
  return found ? Number(found[1]) : undefined;
}

/**
 * The printed title names the kind (通报表扬, 通报批评…): a title that does not already say it
 * gets it in brackets, so a reader of the PDF alone knows what kind of circular it is.
 */
export function printedTitle(kind: CircularKind, title: string): string {
  const name = CIRCULAR_KIND_NAMES[kind];
  return title.includes(name) ? title : `${title}（${name}）`;
}

/** Where a recipient stands for the receipt table: overdue wins over pending/received. */
export function receiptState(r: { receivedAt: Date | null; repliedAt: Date | null; overdue: boolean }): ReceiptState {
  if (r.repliedAt) return 'replied';
  if (r.overdue) return 'overdue';
  return r.receivedAt ? 'received' : 'pending';
}
