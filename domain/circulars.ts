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
}
