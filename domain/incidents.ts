// Security-incident emergency reporting (网络与信息安全事件应急报告): the vocabulary shared by the
// workflows, their activities, the tables and the API. 000 第三十一条 obliges a responsible unit to
// report major information-security incidents promptly to its superior; the hour limits come from
// the 《国家网络安全事件报告管理办法》 (NSIR) and are deadline policies (db/default-policies.ts), so a
// province can change them. No I/O here.

/** Levels I–IV of the national classification, most severe first. */
export const INCIDENT_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

export const LEVEL_NAMES: Record<IncidentLevel, string> = { I: '特别重大', II: '重大', III: '较大', IV: '一般' };

/** What the reporting form shows beside each level, so a clerk can classify without the guide at hand. */
export const LEVEL_CRITERIA: Record<IncidentLevel, string> = {
  I: '特别重大：重要网络和信息系统遭受特别严重的系统损失、大面积瘫痪，或大量重要数据、个人信息泄露，对国家安全和社会秩序造成特别严重影响',
  II: '重大：重要网络和信息系统遭受严重的系统损失、长时间中断或局部瘫痪，或重要数据、大量个人信息泄露，对社会秩序造成严重影响',
  III: '较大：重要网络和信息系统遭受较大的系统损失、明显中断，或较多个人信息泄露，对社会秩序造成较大影响',
  IV: '一般：除上述情形外，对网络和信息系统或数据造成一定影响的事件',
};

/** 较大 and above must be reported within the hour limits; 重大 and 特别重大 are also forwarded up (NSIR). */
export const levelAtLeastLarge = (level: IncidentLevel) => level !== 'IV';
export const mustForward = (level: IncidentLevel) => level === 'I' || level === 'II';

export const INCIDENT_CATEGORIES = [
  'data_leak',
  'ransomware',
  'malware',
  'intrusion',
  'service_outage',
  'tampering',
  'ddos',
  'device_loss',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<IncidentCategory, string> = {
  data_leak: '数据泄露',
  ransomware: '勒索软件',
  malware: '恶意程序',
  intrusion: '网络攻击入侵',
  service_outage: '系统服务中断',
  tampering: '篡改',
  ddos: '拒绝服务攻击',
  device_loss: '设备或介质丢失',
  other: '其他',
};

/** Where an incident stands: reported (being handled), handled (终报 due), closed (终报 in), failed (no retry can help). */
export const INCIDENT_STATUSES = ['reported', 'handled', 'closed', 'failed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** 初报, 续报, 终报. */
export const REPORT_STAGES = ['initial', 'update', 'final'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];
export const STAGE_NAMES: Record<ReportStage, string> = { initial: '初报', update: '续报', final: '终报' };

/** One step of a report on its way up: every one is recorded with actor and time (issue 12, item 4). */
export const HOP_KINDS = ['received', 'reminded', 'acknowledged', 'forwarded', 'escalated', 'overdue'] as const;
export type HopKind = (typeof HOP_KINDS)[number];

/** The deadline policies this process reads (db/default-policies.ts gives each its basis). */
export const INCIDENT_POLICIES = {
  /** 较大 and above with critical information infrastructure involved: 1 hour. */
  reportCii: 'incident.report.cii',
  /** 较大 and above otherwise: 4 hours. */
  report: 'incident.report',
  /** 一般: the commission's own default. */
  reportGeneral: 'incident.report.general',
  acknowledge: 'incident.acknowledge',
  forward: 'incident.forward',
  finalReport: 'incident.final_report',
  alertReply: 'incident.alert.reply',
} as const;

/** The policy whose period, counted from discovery, an 初报 must arrive within. */
export function reportPolicy(level: IncidentLevel, criticalInfrastructure: boolean): string {
  if (!levelAtLeastLarge(level)) return INCIDENT_POLICIES.reportGeneral;
  return criticalInfrastructure ? INCIDENT_POLICIES.reportCii : INCIDENT_POLICIES.report;
}

/** Self-check results a unit replies to an alert with. */
export const ALERT_REPLY_RESULTS = ['no_issue', 'fixed', 'fixing'] as const;
export type AlertReplyResult = (typeof ALERT_REPLY_RESULTS)[number];
export const ALERT_REPLY_NAMES: Record<AlertReplyResult, string> = {
  no_issue: '经自查未发现同类问题',
  fixed: '发现同类问题，已处置',
  fixing: '发现同类问题，正在处置',
};

export const ALERT_STATUSES = ['issuing', 'distributing', 'open', 'closed', 'failed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The accountability-case source of this process (accountability_cases.source_type). */
export const INCIDENT_CASE_SOURCE = 'incident';
/** What a case says happened: 迟报 (late 初报), 漏报 (found by the supervisor, never reported), 终报 missing. */
export const INCIDENT_CASE_KINDS = ['late', 'unreported', 'final_missing'] as const;
export type IncidentCaseKind = (typeof INCIDENT_CASE_KINDS)[number];

/** "1小时23分" for a delay in ms. */
export function delayText(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))}秒`;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}分钟`;
  return m === 0 ? `${h}小时` : `${h}小时${m}分钟`;
}

/**
 * How many commissions above the unit a report of `level` reaches (分级报告): 一般 stops at the
 * first (the county), 较大 goes on to the second (the city), 重大 and 特别重大 go up level by level
 * to the province (NSIR: 逐级上报). Each office on the way acknowledges; each but the last forwards.
 */
export function reportReach(level: IncidentLevel, commissionsAbove: number): number {
  const wanted = level === 'IV' ? 1 : level === 'III' ? 2 : commissionsAbove;
  return Math.min(wanted, commissionsAbove);
}

/** The 签收 task of report `seq` at office `officeId` (the API creates report 1's first one with the report). */
export const acknowledgeKey = (seq: number, officeId: number) => `acknowledge-r${seq}-u${officeId}`;
export const acknowledgeTitle = (unitName: string, stage: ReportStage, title: string) =>
  `签收：${unitName}${STAGE_NAMES[stage]}（${title}）`;
