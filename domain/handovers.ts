// Handover on unit change (移交): vocabulary and the transfer-list rules, shared by the workflow's
// update validators, the activities and the API (no I/O here). 000 第十九条, 001 第十二条:
// a changing unit hands all its health information over completely and safely; 003 第十四条,
// 第三十一条: both sides sign the transfer list.
import type { HoldingFacts } from './data-holdings.js';
import { VERDICTS } from './handover-forms.js';

// The forms' rules live with their schemas (handover-forms.ts); re-exported for existing callers.
export { VERDICTS, validateTransferList, validateVerification, validateSignature } from './handover-forms.js';

export const HANDOVER_REASONS = ['merger', 'dissolution', 'function_transfer', 'outsourcing_change'] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];
export const HANDOVER_REASON_LABELS: Record<HandoverReason, string> = {
  merger: '机构合并',
  dissolution: '机构撤销',
  function_transfer: '职能划转',
  outsourcing_change: '外包服务商变更',
};

export const HANDOVER_STATUSES = ['drafting', 'verifying', 'signing', 'confirming', 'archived', 'cancelled'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const OPEN_HANDOVER_STATUSES: readonly HandoverStatus[] = ['drafting', 'verifying', 'signing', 'confirming'];

/** What each step is called on screens and in escalation titles. */
export const HANDOVER_STEP_LABELS: Record<string, string> = {
  transfer_list: '编制移交清单',
  verification: '接收方核验',
  handing_signature: '移交方负责人签字',
  receiving_signature: '接收方负责人签字',
  confirmation: '主管部门确认',
  archiving: '归档',
};

export const SIGNING_PARTIES = ['handing', 'receiving'] as const;
export type SigningParty = (typeof SIGNING_PARTIES)[number];

/** One line of the transfer list; `holdingId` links it to the register row it came from. */
export interface TransferItem extends HoldingFacts {
  holdingId?: number;
}

export interface TransferListInput {
  items: TransferItem[];
}

export type Verdict = (typeof VERDICTS)[number];

export interface ItemVerification {
  /** 1-based position of the item in the submitted list. */
  item: number;
  verdict: Verdict;
  remark?: string;
  /** For an information system: the level the receiving unit will protect it at (003 第三十一条). */
  protectionLevel?: number;
}

export interface VerificationInput {
  /** sha256 of the list being verified, so a verdict is never applied to another version. */
  listHash: string;
  results: ItemVerification[];
}

export interface SignatureInput {
  /** sha256 of the canonical transfer list the signer read. */
  listHash: string;
}

export interface ConfirmationInput {
  remark?: string;
}

export interface HandoverStart {
  handoverId: string;
  handingUnitId: number;
  handingUnitName: string;
  receivingUnitId: number;
  receivingUnitName: string;
  /** Role that verifies at the receiving unit: `official` for a commission, else `unit_staff`. */
  receivingVerifierRole: 'official' | 'unit_staff';
  supervisingUnitId: number;
  reason: HandoverReason;
  dueAt: string;
  /** How long before the due date the open task is reminded, in ms (0 = none). */
  remindBeforeMs: number;
}

export interface HandoverResult {
  status: 'archived' | 'cancelled';
  documentId?: string;
  number?: string;
  listHash?: string;
  reason?: string;
}

/**
 * The canonical form of a transfer list, whose sha256 both leaders sign: keys in a fixed order,
 * text trimmed, so the same list always hashes the same wherever it is computed.
 */
export function canonicalTransferList(handoverId: string, items: TransferItem[]): string {
  return JSON.stringify({
    handoverId,
    items: items.map((i) => [
      i.kind,
      i.description.trim(),
      i.recordCount,
      i.volume.trim(),
      i.format.trim(),
      i.sha256,
      i.storageLocation.country,
      i.storageLocation.region.trim(),
      i.encryption.trim(),
      i.serialNumber?.trim() ?? null,
      i.holdingId ?? null,
      // Graded protection (000 第二十七条) only where given, so lists without it hash as before.
      ...(i.protectionLevel !== undefined || i.filingNumber !== undefined
        ? [i.protectionLevel ?? null, i.filingNumber?.trim() ?? null]
        : []),
    ]),
  });
}
