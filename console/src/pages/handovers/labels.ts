// The handover's words on screen: statuses, steps and timeline events (README, "A handover (移交)").
import type { components } from '../../api/schema.js';

export type Handover = components['schemas']['Handover'];
export type HandoverStatus = Handover['status'];
export type HandoverReason = Handover['reason'];

export const STATUS_LABELS: Record<HandoverStatus, string> = {
  drafting: '编制清单',
  verifying: '接收方核验',
  signing: '双方签署',
  confirming: '主管部门确认',
  archived: '已归档',
  cancelled: '已取消',
};

export const STATUS_COLORS: Record<HandoverStatus, string> = {
  drafting: 'blue',
  verifying: 'cyan',
  signing: 'purple',
  confirming: 'gold',
  archived: 'green',
  cancelled: 'default',
};

export const REASON_LABELS: Record<HandoverReason, string> = {
  merger: '机构合并',
  dissolution: '机构撤销',
  function_transfer: '职能划转',
  outsourcing_change: '外包服务商变更',
};

export const STEP_LABELS: Record<string, string> = {
  transfer_list: '编制移交清单',
  verification: '接收方核验',
  handing_signature: '移交方负责人签字',
  receiving_signature: '接收方负责人签字',
  confirmation: '主管部门确认',
  archiving: '归档',
  archived: '已归档',
  cancelled: '已取消',
};

/** Timeline events as the activities record them (activities/handover*.ts). */
export const EVENT_LABELS: Record<string, string> = {
  started: '发起移交',
  transfer_list_submitted: '提交移交清单',
  verification_accepted: '核验通过',
  verification_discrepant: '核验发现差异，退回修改',
  handing_signed: '移交方负责人签字',
  receiving_signed: '接收方负责人签字',
  confirmed: '主管部门确认',
  archived: '归档，出具移交清单',
  cancelled: '取消移交',
  due_extended: '延长期限',
  reminded: '到期提醒',
  overdue: '已逾期',
};

export const TASK_LABELS: Record<string, string> = {
  handover_transfer_list: '编制移交清单',
  handover_verification: '核验移交清单',
  handover_signature: '签署移交清单',
  handover_confirmation: '确认移交并归档',
  handover_escalation: '逾期处置',
};

export const PARTY_LABELS: Record<string, string> = { handing: '移交方', receiving: '接收方' };

/** The stages in order, for the progress bar on the detail page. */
export const STAGES: { step: string; title: string }[] = [
  { step: 'transfer_list', title: '编制清单' },
  { step: 'verification', title: '接收方核验' },
  { step: 'handing_signature', title: '移交方签字' },
  { step: 'receiving_signature', title: '接收方签字' },
  { step: 'confirmation', title: '主管部门确认' },
  { step: 'archived', title: '归档' },
];
