// The circular process's vocabulary in Chinese, as the API names it (domain/circulars.ts).
import type { components } from '../../api/schema.js';

export type Circular = components['schemas']['Circular'];
export type CircularDetail = components['schemas']['CircularDetail'];
export type Receipt = components['schemas']['CircularReceipt'];
export type Notice = components['schemas']['Notice'];

export const KIND_NAMES: Record<Circular['kind'], string> = {
  work: '工作通报',
  commendation: '通报表扬',
  criticism: '通报批评',
  situation: '情况通报',
  notice: '通知',
};

export const STAGE_NAMES: Record<Circular['stage'], { label: string; color: string }> = {
  awaiting_approval: { label: '待领导审批', color: 'gold' },
  returned: { label: '已退回修改', color: 'orange' },
  withdrawn: { label: '已撤回', color: 'default' },
  issuing: { label: '印发中', color: 'processing' },
  distributed: { label: '已分发', color: 'blue' },
  closed: { label: '已办结', color: 'green' },
  failed: { label: '印发失败', color: 'red' },
};

export const RECEIPT_NAMES: Record<Receipt['state'], { label: string; color: string }> = {
  pending: { label: '待签收', color: 'default' },
  received: { label: '已签收', color: 'blue' },
  replied: { label: '已回复', color: 'green' },
  overdue: { label: '已逾期', color: 'red' },
};

export const NOTICE_STAGE_NAMES: Record<Notice['stage'], { label: string; color: string }> = {
  issuing: { label: '印发中', color: 'processing' },
  awaiting_receipt: { label: '待签收', color: 'gold' },
  received: { label: '已签收', color: 'green' },
  failed: { label: '印发失败', color: 'red' },
};

export const UNIT_KIND_NAMES: Record<string, string> = {
  hospital: '医院',
  cdc: '疾病预防控制中心',
  info_center: '全民健康信息中心',
  other: '其他单位',
};
