// Handover on unit change (移交): vocabulary and the transfer-list rules, shared by the workflow's
// update validators, the activities and the API (no I/O here). 000 第十九条, 001 第十二条:
// a changing unit hands all its health information over completely and safely; 003 第十四条,
// 第三十一条: both sides sign the transfer list.
import { DOMESTIC_COUNTRY, HOLDING_KINDS, SHA256_HEX, type HoldingFacts } from './data-holdings.js';
import type { FieldError } from './tasks.js';

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

export const VERDICTS = ['accepted', 'discrepant'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ItemVerification {
  /** 1-based position of the item in the submitted list. */
  item: number;
  verdict: Verdict;
  remark?: string;
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

const MAX_ITEMS = 500;
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/** Field errors in a submitted transfer list; empty when it may be submitted. */
export function validateTransferList(input: TransferListInput): FieldError[] {
  const items = input?.items;
  if (!Array.isArray(items) || items.length === 0) return [{ field: 'items', message: 'the transfer list is empty: list every dataset, system, backup, storage medium, document set and account/key the unit manages (000 第十九条)' }];
  if (items.length > MAX_ITEMS) return [{ field: 'items', message: `at most ${MAX_ITEMS} items per list` }];
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    const at = (f: string) => `items[${i}].${f}`;
    const n = i + 1;
    if (!item || typeof item !== 'object') return errors.push({ field: `items[${i}]`, message: `item ${n} is not an object` });
    if (!HOLDING_KINDS.includes(item.kind)) errors.push({ field: at('kind'), message: `item ${n}: kind must be one of ${HOLDING_KINDS.join(', ')}` });
    if (!text(item.description, 500)) errors.push({ field: at('description'), message: `item ${n}: a description is required (at most 500 characters)` });
    if (!Number.isInteger(item.recordCount) || item.recordCount < 0) errors.push({ field: at('recordCount'), message: `item ${n}: record count must be a whole number, 0 or more` });
    if (!text(item.volume, 50)) errors.push({ field: at('volume'), message: `item ${n}: volume is required (e.g. "120 GB")` });
    if (!text(item.format, 100)) errors.push({ field: at('format'), message: `item ${n}: format is required` });
    if (typeof item.sha256 !== 'string' || !SHA256_HEX.test(item.sha256)) errors.push({ field: at('sha256'), message: `item ${n}: checksum must be a SHA-256 digest, 64 lower-case hex characters` });
    if (!text(item.encryption, 100)) errors.push({ field: at('encryption'), message: `item ${n}: state the encryption (e.g. "SM4" or "未加密")` });
    if (item.kind === 'storage_medium' && !text(item.serialNumber, 100)) errors.push({ field: at('serialNumber'), message: `item ${n}: a storage medium needs its registered serial number (000 第三十条)` });
    const loc = item.storageLocation;
    if (!loc || typeof loc.country !== 'string' || !/^[A-Z]{2}$/.test(loc.country) || !text(loc.region, 200)) {
      errors.push({ field: at('storageLocation'), message: `item ${n}: storage location needs a country code (e.g. CN) and a region/site` });
    } else if (loc.country !== DOMESTIC_COUNTRY) {
      // 000 第十八条: health information may not be stored on servers abroad.
      errors.push({ field: at('storageLocation.country'), message: `item ${n} is stored outside the country (${loc.country}); 000 第十八条 forbids storing health information on servers abroad — move it to a domestic site before handing over` });
    }
  });
  return errors;
}

/** Field errors in a verification of a list with `itemCount` items. */
export function validateVerification(input: VerificationInput, itemCount: number, currentHash: string): FieldError[] {
  if (input?.listHash !== currentHash) return [{ field: 'listHash', message: 'this is not the version of the transfer list now under verification; reload it' }];
  const results = Array.isArray(input.results) ? input.results : [];
  const errors: FieldError[] = [];
  for (let n = 1; n <= itemCount; n++) {
    const matching = results.filter((r) => r?.item === n);
    if (matching.length !== 1) {
      errors.push({ field: `results`, message: `item ${n} needs exactly one verdict` });
      continue;
    }
    const r = matching[0]!;
    if (!VERDICTS.includes(r.verdict)) errors.push({ field: `results[item=${n}].verdict`, message: `item ${n}: verdict must be accepted or discrepant` });
    if (r.verdict === 'discrepant' && !text(r.remark, 500)) errors.push({ field: `results[item=${n}].remark`, message: `item ${n}: say what does not match (a remark is required for a discrepancy)` });
  }
  if (results.some((r) => !Number.isInteger(r?.item) || r.item < 1 || r.item > itemCount)) errors.push({ field: 'results', message: `verdicts must refer to items 1–${itemCount}` });
  return errors;
}

/**
 * The canonical form of a transfer list, whose sha256 both leaders sign: keys in a fixed order,
 * text trimmed, so the same list always hashes the same wherever it is computed.
 */
export function canonicalTransferList(handoverId: string, items: TransferItem[]): string {
  return JSON.stringify({
    handoverId,
    items: items.map((i) => [i.kind, i.description.trim(), i.recordCount, i.volume.trim(), i.format.trim(), i.sha256, i.storageLocation.country, i.storageLocation.region.trim(), i.encryption.trim(), i.serialNumber?.trim() ?? null, i.holdingId ?? null]),
  });
}
