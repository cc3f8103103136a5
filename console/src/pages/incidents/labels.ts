// Chinese names for the incident process's codes, keyed by the generated API types so a changed
// enum breaks the type-check (000 第三十一条; README, Security incidents).
import type { components } from '../../api/schema.js';

type S = components['schemas'];
export type IncidentLevel = S['Incident']['level'];
export type IncidentStatus = S['Incident']['status'];
export type HopKind = S['IncidentHop']['kind'];
export type AlertStatus = S['IncidentAlert']['status'];
export type RecipientState = S['IncidentAlertRecipient']['state'];
export type ReplyResult = NonNullable<S['IncidentAlertRecipient']['replyResult']>;

export const LEVEL_COLORS: Record<IncidentLevel, string> = { I: 'magenta', II: 'red', III: 'orange', IV: 'blue' };

export const STATUS_NAMES: Record<IncidentStatus, string> = {
  reported: '处置中',
  handled: '已处置，待终报',
  closed: '已终报',
  failed: '流程异常',
};
export const STATUS_COLORS: Record<IncidentStatus, string> = {
  reported: 'processing',
  handled: 'warning',
  closed: 'success',
  failed: 'error',
};

export const HOP_NAMES: Record<HopKind, string> = {
  received: '送达',
  reminded: '催办',
  acknowledged: '签收',
  forwarded: '上报',
  escalated: '越级督办',
  overdue: '逾期',
};
export const HOP_COLORS: Record<HopKind, string> = {
  received: 'blue',
  reminded: 'gray',
  acknowledged: 'green',
  forwarded: 'blue',
  escalated: 'red',
  overdue: 'red',
};

export const ALERT_STATUS_NAMES: Record<AlertStatus, string> = {
  issuing: '生成中',
  distributing: '分发中',
  open: '待回复',
  closed: '已办结',
  failed: '发送失败',
};

export const RECIPIENT_STATE_NAMES: Record<RecipientState, string> = {
  unacknowledged: '未签收',
  acknowledged: '已签收，未回复',
  replied: '已回复',
};

export const REPLY_NAMES: Record<ReplyResult, string> = {
  no_issue: '经自查未发现同类问题',
  fixed: '发现同类问题，已处置',
  fixing: '发现同类问题，正在处置',
};

/** The words of a report's content fields, in the order a reader wants them. */
export const REPORT_FIELDS: [string, string][] = [
  ['title', '事件标题'],
  ['description', '事件经过'],
  ['progress', '事件进展'],
  ['systemsAffected', '受影响的信息系统'],
  ['dataAffected', '受影响的数据'],
  ['personalInfoAffected', '涉及个人信息（条）'],
  ['criticalInfrastructure', '涉及关键信息基础设施'],
  ['measuresTaken', '已采取的处置措施'],
  ['handled', '已处置完毕'],
  ['cause', '事件原因'],
  ['impact', '影响范围和损失'],
  ['handling', '处置情况'],
  ['rectification', '整改措施'],
  ['lessons', '经验教训'],
  ['contact', '联系人'],
];
