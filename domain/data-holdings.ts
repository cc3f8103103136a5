// The data-holdings register: what health information each unit manages (000 第十四条 storage
// and backup; 第三十条 storage media registered and numbered). Shared by schema, API and the
// handover process, which pre-fills its transfer list from it. No I/O here.

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
}

/** 000 第十八条 forbids storing health information on servers abroad; 中国境内 is CN. */
export const DOMESTIC_COUNTRY = 'CN';

export const SHA256_HEX = /^[0-9a-f]{64}$/;
