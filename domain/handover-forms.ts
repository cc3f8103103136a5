// JSON Schemas of the handover's task forms, shown with each task so a client can render them.
// The rules themselves live in handovers.ts (validateTransferList, validateVerification).
import { HOLDING_KINDS } from './data-holdings.js';
import { VERDICTS } from './handovers.js';

const transferItem = {
  type: 'object',
  required: ['kind', 'description', 'recordCount', 'volume', 'format', 'sha256', 'storageLocation', 'encryption'],
  properties: {
    holdingId: { type: 'integer', title: '登记编号' },
    kind: { enum: HOLDING_KINDS, title: '类别' },
    description: { type: 'string', maxLength: 500, title: '名称及说明' },
    recordCount: { type: 'integer', minimum: 0, title: '记录数' },
    volume: { type: 'string', maxLength: 50, title: '数据量' },
    format: { type: 'string', maxLength: 100, title: '格式' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', title: 'SHA-256 校验值' },
    storageLocation: {
      type: 'object',
      required: ['country', 'region'],
      title: '存储位置（000 第十八条：须在境内）',
      properties: { country: { type: 'string', pattern: '^[A-Z]{2}$', default: 'CN' }, region: { type: 'string', maxLength: 200 } },
    },
    encryption: { type: 'string', maxLength: 100, title: '加密方式' },
    serialNumber: { type: 'string', maxLength: 100, title: '介质编号（000 第三十条）' },
  },
};

export const TRANSFER_LIST_FORM = { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1, maxItems: 500, items: transferItem, title: '移交清单' } } };

export const VERIFICATION_FORM = {
  type: 'object',
  required: ['listHash', 'results'],
  properties: {
    listHash: { type: 'string', title: '所核验清单的 SHA-256' },
    results: {
      type: 'array',
      items: { type: 'object', required: ['item', 'verdict'], properties: { item: { type: 'integer', minimum: 1 }, verdict: { enum: VERDICTS }, remark: { type: 'string', maxLength: 500, title: '差异说明' } } },
    },
  },
};

export const SIGNATURE_FORM = { type: 'object', required: ['listHash'], properties: { listHash: { type: 'string', title: '所签清单的 SHA-256' } } };

export const CONFIRMATION_FORM = { type: 'object', properties: { remark: { type: 'string', maxLength: 500, title: '确认意见' } } };

export const ESCALATION_FORM = { type: 'object', required: ['note'], properties: { note: { type: 'string', maxLength: 500, title: '督办意见' } } };
