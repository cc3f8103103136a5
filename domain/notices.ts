// Notices with tracked receipt (公文签收, 000 第三十五条): the stages GET /notices answers. A notice is
// the one-recipient circular (domain/circulars.ts); these are its circular's stages in a notice's words.

/** Where a notice stands; `failed` only when it can never be issued (the reason is in the audit trail). */
export const NOTICE_STAGES = ['issuing', 'awaiting_receipt', 'received', 'failed'] as const;
export type NoticeStage = (typeof NOTICE_STAGES)[number];
