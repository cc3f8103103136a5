// The data-holdings register: what health information each unit manages (000 第十四条 storage
// and backup; 第三十条 storage media registered and numbered). Shared by schema, API and the
// handover process, which pre-fills its transfer list from it. No I/O here.
import { z } from 'zod';
import { text } from './forms.js';

export const HOLDING_KINDS = [
  'dataset', // 数据集
  'information_system', // 信息系统
  'backup', // 备份
  'storage_medium', // 存储介质 (000 第三十条: registered with a serial number)
  'documents', // 文档资料
  'credentials', // 账号与密钥
] as const;
export type HoldingKind = (typeof HOLDING_KINDS)[number];

export const HOLDING_KIND_LABELS: Record<HoldingKind, string> = {
  dataset: '数据集',
  information_system: '信息系统',
  backup: '备份',
  storage_medium: '存储介质',
  documents: '文档资料',
  credentials: '账号与密钥',
};

export const HOLDING_STATUSES = ['active', 'transferred', 'retired'] as const;
export type HoldingStatus = (typeof HOLDING_STATUSES)[number];

/** Where an item is physically stored: ISO 3166-1 alpha-2 country and a region/site description. */
export interface StorageLocation {
  country: string;
  region: string;
}

/** The facts the register and a transfer list keep about one holding. */
export interface HoldingFacts {
  kind: HoldingKind;
  description: string;
  recordCount: number;
  volume: string;
  format: string;
  sha256: string;
  storageLocation: StorageLocation;
  encryption: string;
  /** Required for storage media (000 第三十条). */
  serialNumber?: string;
  /** Information systems: graded-protection level 1–5 and its filing number (000 第二十七条). */
  protectionLevel?: number;
  filingNumber?: string;
}

/** 000 第十八条 forbids storing health information on servers abroad; 中国境内 is CN. */
export const DOMESTIC_COUNTRY = 'CN';

/** The refusal of a storage location abroad, shared by the register and the transfer list (000 第十八条). */
export const STORAGE_ABROAD_MESSAGE =
  '存储于境外：000 第十八条禁止将全民健康信息储存在境外的服务器中，不得托管、租赁境外服务器；请登记境内（CN）的存储位置';

/** A graded-protection level (信息安全等级保护, 000 第二十七条): 第一级 to 第五级. */
export const protectionLevel = () => z.number().int().min(1, '等级保护级别为 1–5').max(5, '等级保护级别为 1–5');

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Where a holding is stored; strict. */
export const StorageLocationSchema = z.strictObject({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, '须为 ISO 3166-1 国家代码，如 CN')
    // 000 第十八条: everywhere a location is recorded (register and transfer list), not only at handover.
    .refine((c) => !/^[A-Z]{2}$/.test(c) || c === DOMESTIC_COUNTRY, STORAGE_ABROAD_MESSAGE),
  region: text(200),
});

/**
 * The facts of one holding, strict and unrefined (so the register's corrections can take them
 * partially): the one definition the register API and the handover's transfer list share.
 */
export const HoldingFieldsSchema = z.strictObject({
  kind: z.enum(HOLDING_KINDS),
  description: text(500),
  recordCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  volume: text(50),
  format: text(100),
  sha256: z.string().regex(SHA256_HEX, '须为 SHA-256 摘要：64 位小写十六进制字符'),
  storageLocation: StorageLocationSchema,
  encryption: text(100),
  /** Required for storage media (000 第三十条). */
  serialNumber: text(100).optional(),
  /** Required for information systems (000 第二十七条 定级备案): level 1–5 and the filing number. */
  protectionLevel: protectionLevel().optional(),
  filingNumber: text(100).optional(),
});

/** Rules across a holding's fields, checked even when other fields are wrong (every error at once). */
const ALWAYS = { when: () => true };

/** 000 第三十条: a storage medium is registered with its serial number. */
export const hasSerialNumberIfMedium = (h: { kind?: unknown; serialNumber?: unknown }) =>
  h?.kind !== 'storage_medium' || Boolean(h.serialNumber);
export const SERIAL_NUMBER_RULE = {
  path: ['serialNumber'],
  message: '存储介质须填写登记的介质编号（000 第三十条）',
  ...ALWAYS,
};

/** 000 第二十七条: an information system is registered with its graded-protection level and filing number. */
export const hasProtectionIfSystem = (h: { kind?: unknown; protectionLevel?: unknown }) =>
  h?.kind !== 'information_system' || h.protectionLevel !== undefined;
export const PROTECTION_LEVEL_RULE = {
  path: ['protectionLevel'],
  message: '信息系统须登记等级保护级别（1–5，000 第二十七条 定级备案）',
  ...ALWAYS,
};
export const hasFilingNumberIfSystem = (h: { kind?: unknown; filingNumber?: unknown }) =>
  h?.kind !== 'information_system' || Boolean(h.filingNumber);
export const FILING_NUMBER_RULE = {
  path: ['filingNumber'],
  message: '信息系统须登记等级保护备案编号（000 第二十七条 定级备案）',
  ...ALWAYS,
};

/** Applies the rules across a holding's fields (storage medium, information system) to `schema`. */
export function withHoldingRules<S extends z.ZodType<Record<string, unknown>>>(schema: S) {
  return schema
    .refine(hasSerialNumberIfMedium, SERIAL_NUMBER_RULE)
    .refine(hasProtectionIfSystem, PROTECTION_LEVEL_RULE)
    .refine(hasFilingNumberIfSystem, FILING_NUMBER_RULE);
}

export const HoldingFactsSchema = withHoldingRules(HoldingFieldsSchema);
