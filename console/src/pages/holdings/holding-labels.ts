// How a holding's fields are named on screen (000 第十四条, 第二十七条, 第三十条); shared by the
// register's pages and the handover's transfer list, which carries the same fields.
import type { components } from '../../api/schema.js';

export type Holding = components['schemas']['DataHolding'];
export type HoldingKind = Holding['kind'];
export type HoldingStatus = Holding['status'];

export const KIND_LABELS: Record<HoldingKind, string> = {
  dataset: '数据集',
  information_system: '信息系统',
  backup: '备份',
  storage_medium: '存储介质',
  documents: '文档资料',
  credentials: '账号与密钥',
};

export const HOLDING_STATUS_LABELS: Record<HoldingStatus, string> = {
  active: '有效',
  transferred: '已移交',
  retired: '已注销',
};

export const FIELD_LABELS = {
  kind: '类别',
  description: '名称与说明',
  recordCount: '记录数',
  volume: '数据量',
  format: '格式',
  sha256: 'SHA-256 校验值',
  country: '存储国家/地区代码',
  region: '存储位置',
  encryption: '加密方式',
  serialNumber: '介质编号',
  protectionLevel: '等级保护级别',
  filingNumber: '等保备案编号',
} as const;

export const kindOptions = Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }));
export const levelOptions = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `第${'一二三四五'[n - 1]}级` }));
export const levelLabel = (n: number | null | undefined) => (n ? `第${'一二三四五'[n - 1]}级` : '—');
