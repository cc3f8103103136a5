// Notices with tracked receipt (公文签收, 000 第三十五条): the vocabulary shared by the workflow,
// its activities, the projection table and the API (no I/O here).

/** Where a notice stands; `failed` only when it can never be issued (the reason is in the audit trail). */
export const NOTICE_STAGES = ['issuing', 'awaiting_receipt', 'received', 'failed'] as const;
export type NoticeStage = (typeof NOTICE_STAGES)[number];

/** Stages a notice never leaves: a late step cannot move it back. */
export const CLOSED_NOTICE_STAGES: readonly NoticeStage[] = ['received', 'failed'];
