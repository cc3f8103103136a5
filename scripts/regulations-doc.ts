// The traceability table (docs/regulations.md): for every provision the product implements, its
// requirement in a line and what the software does about it — enforced (where, and the test that
// fails without it), cited only, planned (which process), or out of scope (why) — plus the house
// rules no article sets. The texts themselves are the registry in domain/regulations.ts.
// `npm run docs:regulations` writes the file; test/regulations.test.ts checks it is current, that
// every test an enforced row names exists, and that code cites no provision this table lacks.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REGULATIONS, parseCitations, type RegulationCode } from '../domain/regulations.js';
import { SESSION_TTL_MS } from '../api/auth/sessions.js';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../api/auth/login-attempts.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../api/auth/password-rule.js';
import { DEFAULT_POLICIES } from '../db/default-policies.js';
import { DEADLINE_UNIT_NAMES } from '../domain/deadlines.js';
import { MAX_TRANSFER_ITEMS } from '../domain/handover-forms.js';
import { EVIDENCE_LIMITS } from '../domain/inspections.js';
import { MAX_CHECKLIST_ITEMS } from '../domain/inspection-forms.js';

export interface TestRef {
  file: string;
  name: string;
}

export type Status =
  | { kind: 'enforced'; where: string; tests: TestRef[] }
  | { kind: 'cited'; where: string }
  | { kind: 'planned'; process: string }
  | { kind: 'out_of_scope'; why: string };

export interface Row {
  /** Short form, e.g. `000 第十九条`; `（…）` after it names one part of the provision. */
  ref: string;
  requirement: string;
  status: Status;
}

const T = {
  handoverRun: {
    file: 'api/handovers/handovers.test.ts',
    name: 'runs from the register-prefilled draft to a signed, numbered 移交清单 PDF; holdings change owner',
  },
  handoverRefusals: {
    file: 'api/handovers/handovers.test.ts',
    name: 'refuses an abroad item citing 000 第十八条, an empty list and a bad checksum, changing nothing; a discrepancy goes back for a second round',
  },
  handoverJurisdiction: {
    file: 'api/handovers/handovers.test.ts',
    name: 'refuses a second open handover of a unit, a receiving unit outside the jurisdiction, and a starter without authority; nothing is written',
  },
  handoverSigned: {
    file: 'api/handovers/handovers.test.ts',
    name: 'the register takes exactly what both leaders signed: every field of a listed holding, and new rows for items not in it',
  },
  sameHoldingRules: {
    file: 'domain/task-forms.test.ts',
    name: 'the register and the transfer list check a holding with the same rules',
  },
  duplicateOrgCode: { file: 'api/units/units.test.ts', name: 'a duplicate organisation code is a 409 naming it' },
  crossUnit: {
    file: 'api/units/units.test.ts',
    name: 'a cross-unit read is 404 and a cross-unit write is 404 with nothing written',
  },
  wrongRole: {
    file: 'api/denied-access.test.ts',
    name: "a wrong-role action inside the jurisdiction (403) is recorded with the route's object and action",
  },
  auditLogin: {
    file: 'api/audit/audit.test.ts',
    name: 'records a login with real name, unit, role, request id and source IP, and a change in the same transaction',
  },
  auditAppendOnly: {
    file: 'api/audit/audit.test.ts',
    name: 'the application role may only insert and read the audit tables: it cannot change rows, truncate, or lift the triggers',
  },
  auditVerify: {
    file: 'api/audit/audit.test.ts',
    name: 'verify passes on an intact chain; after two separate rows are altered it reports both (paged) and the ranges between them verify',
  },
  realNameUser: {
    file: 'api/users/users.test.ts',
    name: 'an admin creates a real-name user; the ID number is stored only as a keyed hash and its last four',
  },
  mediumSerial: {
    file: 'api/data-holdings/data-holdings.test.ts',
    name: 'refuses incomplete entries with field errors and writes nothing',
  },
  inspectionRun: {
    file: 'api/inspections/inspections.test.ts',
    name: 'findings → numbered notice listing them and the deadline → rectification rejected once → accepted → closed (销号); the plan report counts it',
  },
  circularIssued: {
    file: 'api/circulars/circulars.test.ts',
    name: 'approved by the leader: one numbered PDF to the units, receipts and reads in the table, reminder, overdue',
  },
  caseCircular: {
    file: 'api/accountability-cases/accountability-cases.test.ts',
    name: 'an overdue rectification opens a case; the unit states its case; 通报批评 goes out as a circular; all signed, it closes',
  },
  caseTalk: {
    file: 'api/accountability-cases/accountability-cases.test.ts',
    name: '约谈: the 约谈通知书 is a numbered PDF with time and place; the party signs for it and the case closes',
  },
  caseNoAction: {
    file: 'api/accountability-cases/accountability-cases.test.ts',
    name: 'no action: investigated, the unit waives its statement, the leader decides 不予追究 and the case closes at once',
  },
  caseRectification: {
    file: 'api/accountability-cases/accountability-cases.test.ts',
    name: '督导整改: the 督导整改通知书 with its requirements and deadline; a rejected report goes back; accepted, the case closes',
  },
  overdueCase: {
    file: 'api/inspections/inspections.test.ts',
    name: 'an overdue rectification opens an accountability case and shows as overdue (seconds-long policy)',
  },
  sichuanNotice: {
    file: 'activities/citations.test.ts',
    name: 'a Sichuan 整改通知书 cites its own ladder (第三十六条) and the national text for a Henan-only rule',
  },
  henanNotice: {
    file: 'activities/citations.test.ts',
    name: 'a Henan 整改通知书 cites the Henan text by full title (第三十三条, each finding, 第三十五条), never a file code or the Sichuan text',
  },
  henanTransfer: {
    file: 'activities/citations.test.ts',
    name: 'a Henan 移交清单 cites 第十九条 of the Henan text and not the Sichuan 第十四、三十一条; a Sichuan one cites its own text',
  },
  registerAbroad: {
    file: 'api/data-holdings/data-holdings.test.ts',
    name: 'refuses a holding stored abroad citing 000 第十八条, on registration and on correction, writing nothing',
  },
  backupRecords: {
    file: 'api/continuity/continuity.test.ts',
    name: 'a unit records backups and drills once per Idempotency-Key, audited; supervisors read them, other jurisdictions get 404, other roles 403',
  },
  drillFollowUp: {
    file: 'api/continuity/continuity.test.ts',
    name: 'refuses a failed drill without a follow-up date and an off-site copy abroad (000 第十八条), writing nothing',
  },
  unitsWithoutDrill: {
    file: 'api/continuity/continuity.test.ts',
    name: 'officials list the units of their jurisdiction with no drill in the policy period, with its basis',
  },
  inspectionShowsRecords: {
    file: 'api/continuity/continuity.test.ts',
    name: "an inspection's checklist shows the unit's register, backups and drills beside the items citing 000 第十四条、第十五条、第十八条",
  },
  emergencyPlanRecords: {
    file: 'api/emergency-plans/emergency-plans.test.ts',
    name: 'a unit records its plan and uploads the document (PDF or DOCX only), audited; supervisors read it, another county 404, other roles 403',
  },
  emergencyPlanRefusals: {
    file: 'api/emergency-plans/emergency-plans.test.ts',
    name: 'refuses bad input with 422 naming the field (413 for a 10 MB field), writing nothing',
  },
  unitsWithoutPlan: {
    file: 'api/emergency-plans/emergency-plans.test.ts',
    name: 'officials and auditors list the units of their jurisdiction with no plan or an overdue drill; unit staff get 403',
  },
  inspectionShowsPlan: {
    file: 'api/emergency-plans/emergency-plans.test.ts',
    name: "an inspection's item citing 000 第三十一条 shows the unit's current plan, latest drills and next drill date",
  },
  unencryptedTransfer: {
    file: 'api/handovers/transfer-protection.test.ts',
    name: 'refuses an unencrypted transfer item citing 003 第三十一条 and writes nothing; an encrypted list goes on',
  },
  incidentRouting: {
    file: 'api/incidents/incidents.test.ts',
    name: 'a 较大 report goes to the county, is forwarded to the city, each with its deadline; the report form is a PDF',
  },
  incidentEscalation: {
    file: 'api/incidents/incidents.test.ts',
    name: 'a missed acknowledgement is reminded, then escalated to the office above, which is told who has not acknowledged',
  },
  incidentLevelChange: {
    file: 'api/incidents/incidents.test.ts',
    name: 'a 续报 raising 一般 to 重大 re-runs the routing up to the province; 终报 closes it; versions stay hash-linked',
  },
  incidentLate: {
    file: 'api/incidents/incidents.test.ts',
    name: 'a late 初报 is accepted, marked 迟报 with its delay, and opens an accountability case',
  },
  incidentFinalMissing: {
    file: 'api/incidents/incidents.test.ts',
    name: "a 终报 not sent in time after the incident is handled opens a case and marks the unit's 终报 task overdue",
  },
  lowerLevelReceiver: {
    file: 'api/handovers/transfer-protection.test.ts',
    name: 'a system carries its graded protection; a receiver declaring a lower level is refused citing 003 第三十一条, an equal or higher one is archived with it',
  },
} satisfies Record<string, TestRef>;

const CHECKLIST =
  'the default inspection checklist asks for it (db/default-checklist.ts); the software does not check it';
const enforced = (where: string, ...tests: TestRef[]): Status => ({ kind: 'enforced', where, tests });
const cited = (where: string): Status => ({ kind: 'cited', where });
const planned = (process: string): Status => ({ kind: 'planned', process });
const outOfScope = (why: string): Status => ({ kind: 'out_of_scope', why });
const NOT_HELD =
  'the supervision system holds no residents’ health records: collecting and serving them is the units’ own systems’ work, which inspections check';

const BACKUPS = enforced(
  'units record backups and restore drills (api/continuity/); a failed drill needs a follow-up date; officials list units with no drill in the policy period (policy continuity.restore_drill); the inspection items show the records',
  T.backupRecords,
  T.drillFollowUp,
  T.unitsWithoutDrill,
  T.inspectionShowsRecords,
);
const GRADED = enforced(
  'an information system in the register carries its 等保 level and filing number (domain/data-holdings.ts); a handover keeps them and the receiver must declare a level not lower (domain/handover-forms.ts)',
  T.lowerLevelReceiver,
);

export const ROWS: Row[] = [
  // 000 河南省全民健康信息管理实施细则
  { ref: '000 第七条', requirement: '责任单位设立全民健康信息管理责任部门和岗位', status: cited(CHECKLIST) },
  { ref: '000 第十一条', requirement: '一数一源、最少够用；身份标识唯一；信息复核', status: outOfScope(NOT_HELD) },
  {
    ref: '000 第十二条',
    requirement: '法人以组织机构代码标识',
    status: enforced(
      'units carry a unique 18-character 统一社会信用代码 or 9-character 组织机构代码 (api/units/routes.ts, db/schema.ts)',
      T.duplicateOrgCode,
    ),
  },
  { ref: '000 第十三条', requirement: '信息采集质量控制机制', status: cited(CHECKLIST) },
  { ref: '000 第十四条', requirement: '分级分类存储；容灾备份条件与机制', status: BACKUPS },
  { ref: '000 第十五条', requirement: '定期备份和恢复检测', status: BACKUPS },
  { ref: '000 第十七条', requirement: '委托存储、运维时委托单位承担管理和安全责任', status: cited(CHECKLIST) },
  {
    ref: '000 第十八条（移交清单）',
    requirement: '禁止将全民健康信息存储在境外服务器：移交清单不收境外存储项',
    status: enforced(
      'domain/handover-forms.ts refuses an item stored outside CN',
      T.handoverRefusals,
      T.sameHoldingRules,
    ),
  },
  {
    ref: '000 第十八条（数据登记）',
    requirement: '禁止将全民健康信息存储在境外服务器：登记与存储位置',
    status: enforced(
      'the data-holdings register refuses a holding (and a backup’s off-site copy) stored outside CN, citing the article (domain/data-holdings.ts, api/continuity/)',
      T.registerAbroad,
      T.drillFollowUp,
    ),
  },
  {
    ref: '000 第十九条',
    requirement: '责任单位变更时完整、安全地移交给主管部门或承接其职能的机构',
    status: enforced(
      'the handover process (workflows/handover.ts): register-prefilled list, verification, signatures, archive; holdings change owner',
      T.handoverRun,
      T.handoverJurisdiction,
    ),
  },
  {
    ref: '000 第二十四条',
    requirement: '划分用户类别和范围，设置角色与操作权限，不得超出授权',
    status: enforced('roles and jurisdiction checks on every route (api/policy.ts)', T.wrongRole, T.crossUnit),
  },
  { ref: '000 第二十五条', requirement: '为服务对象提供个案信息查询和复制服务', status: outOfScope(NOT_HELD) },
  { ref: '000 第二十七条', requirement: '执行信息安全等级保护制度（定级备案、测评整改）', status: GRADED },
  {
    ref: '000 第二十九条',
    requirement: '痕迹管理：建立、修改、访问均经实名鉴别和授权，可追溯',
    status: enforced(
      'real-name users and the append-only, sealed audit trail (db/audit.ts, api/audit/routes.ts)',
      T.auditLogin,
      T.realNameUser,
      T.auditVerify,
    ),
  },
  {
    ref: '000 第三十条',
    requirement: '存储介质统一登记、编号、存档、保管',
    status: enforced(
      'a storage medium in the register needs its serial number (domain/data-holdings.ts)',
      T.mediumSerial,
    ),
  },
  {
    ref: '000 第三十一条（应急预案）',
    requirement: '建立网络与信息安全事件应急响应机制，制定应急预案',
    status: enforced(
      'units record each approved version of their emergency plan with its document (PDF or DOCX) and each drill ' +
        '(api/emergency-plans/); a drill not fully successful needs a follow-up date; officials list units with no ' +
        'plan or past their next drill date; the inspection item shows the records',
      T.emergencyPlanRecords,
      T.emergencyPlanRefusals,
      T.unitsWithoutPlan,
      T.inspectionShowsPlan,
    ),
  },
  {
    ref: '000 第三十一条（事件报告）',
    requirement: '发生网络与信息安全事件时应急响应，重大事件及时向上级报告',
    status: enforced(
      'every report goes up as a task to acknowledge, is forwarded by level and escalated when unanswered (workflows/incident.ts)',
      T.incidentRouting,
      T.incidentEscalation,
      T.incidentLevelChange,
    ),
  },
  {
    ref: '000 第三十三条',
    requirement: '卫生行政部门对本行政区域责任单位的监督检查',
    status: enforced(
      'inspection plans and per-unit inspections (workflows/inspection-run.ts, workflows/unit-inspection.ts)',
      T.inspectionRun,
    ),
  },
  {
    ref: '000 第三十四条',
    requirement: '全民健康信息工作纳入年度考核',
    status: planned('yearly appraisal process (later issue)'),
  },
  {
    ref: '000 第三十五条（督导整改）',
    requirement: '违反细则的单位督导整改；逾期未整改启动责任追究',
    status: enforced(
      'the rectification deadline and the accountability case an overdue rectification opens (workflows/unit-inspection.ts); the 整改通知书 cites it',
      T.overdueCase,
      T.henanNotice,
    ),
  },
  {
    ref: '000 第三十五条（通报、约谈、处分建议）',
    requirement: '通报制度和责任追究阶梯：通报批评、约谈责任人、处分建议',
    status: enforced(
      'the accountability case (workflows/accountability-case.ts): a leader decides a measure of the ladder or ' +
        'none, each issued as its document and tracked to completion; 通报批评 as a circular',
      T.caseCircular,
      T.caseTalk,
      T.caseRectification,
      T.caseNoAction,
    ),
  },
  // 001 西城区全民健康信息管理办法（试行）— a draft: shapes behaviour, never cited in documents
  { ref: '001 第八条', requirement: '一数一源、身份标识唯一（同 000 第十一条）', status: outOfScope(NOT_HELD) },
  { ref: '001 第九条', requirement: '定期备份和恢复检测', status: BACKUPS },
  {
    ref: '001 第十条',
    requirement: '不得在境外服务器存储（同 000 第十八条）',
    status: enforced('as 000 第十八条（移交清单）', T.handoverRefusals),
  },
  {
    ref: '001 第十一条',
    requirement: '委托存储、运维的责任（同 000 第十七条）',
    status: outOfScope('a draft, never printed; the same rule is 000 第十七条 (cited only)'),
  },
  {
    ref: '001 第十二条',
    requirement: '变更时移交给上级主管部门或承接其职能的机构',
    status: enforced(
      'the receiving unit must be inside the supervising unit’s jurisdiction (api/handovers/routes.ts)',
      T.handoverJurisdiction,
    ),
  },
  {
    ref: '001 第十四条',
    requirement: '数据对接书面申请，业务部门和信息部门同意，信息中心办理',
    status: planned('data-use process (with 004 7.2; later issue)'),
  },
  { ref: '001 第十五条', requirement: '个案信息查询和复制（同 000 第二十五条）', status: outOfScope(NOT_HELD) },
  { ref: '001 第十六条', requirement: '等级保护（同 000 第二十七条）', status: GRADED },
  {
    ref: '001 第十八条',
    requirement: '痕迹管理、实名鉴别（同 000 第二十九条）',
    status: enforced('as 000 第二十九条', T.auditLogin),
  },
  {
    ref: '001 第二十条',
    requirement: '日常监督检查（同 000 第三十三条）',
    status: enforced('as 000 第三十三条', T.inspectionRun),
  },
  {
    ref: '001 第二十一条',
    requirement: '通报制度',
    status: enforced(
      'the circular (workflows/circular.ts): approved by the commission leader, numbered, one PDF to many units, receipt tracked',
      T.circularIssued,
      T.caseCircular,
    ),
  },
  {
    ref: '001 第二十二条',
    requirement: '责任追究（督导整改、通报批评、处分建议）',
    status: enforced(
      'as 000 第三十五条 (the same ladder, workflows/accountability-case.ts)',
      T.caseRectification,
      T.caseCircular,
    ),
  },
  // 002 the national 人口健康信息管理办法（试行）; cited for issuers outside Henan in place of 000
  { ref: '002 第八条', requirement: '一数一源、身份标识唯一（同 000 第十一条）', status: outOfScope(NOT_HELD) },
  {
    ref: '002 第九条',
    requirement: '分级存储、容灾备份、恢复检测（同 000 第十四、十五条）',
    status: BACKUPS,
  },
  {
    ref: '002 第十条',
    requirement: '不得在境外服务器存储（同 000 第十八条）',
    status: enforced('as 000 第十八条（移交清单）', T.handoverRefusals),
  },
  {
    ref: '002 第十一条',
    requirement: '委托存储、运维的责任（同 000 第十七条）',
    status: cited('printed in place of 000 第十七条 where the Henan text does not apply (domain/regulations.ts)'),
  },
  {
    ref: '002 第十二条',
    requirement: '变更时移交（同 000 第十九条）',
    status: enforced('as 000 第十九条', T.handoverRun),
  },
  {
    ref: '002 第十三条',
    requirement: '分类利用、依法公开',
    status: outOfScope('publication of health information is not a process of this system'),
  },
  {
    ref: '002 第十四条',
    requirement: '授权利用（同 000 第二十四条）',
    status: enforced('as 000 第二十四条', T.wrongRole),
  },
  { ref: '002 第十五条', requirement: '个案信息查询和复制（同 000 第二十五条）', status: outOfScope(NOT_HELD) },
  {
    ref: '002 第十六条',
    requirement: '等级保护、安全管理制度（同 000 第二十六、二十七条）',
    status: GRADED,
  },
  {
    ref: '002 第十七条',
    requirement: '涉密系统分级保护',
    status: outOfScope('the system handles no state secrets; classified systems are managed apart'),
  },
  {
    ref: '002 第十八条',
    requirement: '痕迹管理（同 000 第二十九条）',
    status: enforced('as 000 第二十九条', T.auditLogin),
  },
  {
    ref: '002 第十九条',
    requirement: '服务提供者不得中断支持，保障迁移',
    status: outOfScope('a procurement obligation on vendors, not a process of this system'),
  },
  {
    ref: '002 第二十条',
    requirement: '日常监督检查（同 000 第三十三条）',
    status: enforced('as 000 第三十三条', T.inspectionRun),
  },
  {
    ref: '002 第二十一条',
    requirement: '通报制度',
    status: enforced(
      'the circular (workflows/circular.ts): approved by the commission leader, numbered, one PDF to many units, receipt tracked',
      T.circularIssued,
      T.caseCircular,
    ),
  },
  {
    ref: '002 第二十二条',
    requirement: '责任追究（督导整改、通报批评、处分建议）',
    status: enforced(
      'as 000 第三十五条 (the same ladder, workflows/accountability-case.ts)',
      T.caseRectification,
      T.caseCircular,
    ),
  },
  {
    ref: '002 项目管理办法',
    requirement: '信息化项目生命周期（规划、立项、实施、变更、后评估）— 汇编中的 XX 省项目管理办法',
    status: outOfScope(
      'IT project management is the planning department’s work, not supervision of health information',
    ),
  },
  // 003 四川省健康医疗大数据应用管理办法（试行）— cited for Sichuan issuers only
  { ref: '003 第九条', requirement: '身份标识唯一、基本数据项一致（同 000 第十一条）', status: outOfScope(NOT_HELD) },
  {
    ref: '003 第十二条',
    requirement: '数据资源复核终审（本系统中：移交清单经接收方逐项核验后才签署）',
    status: enforced(
      'the receiving unit verifies every item before either side signs (workflows/handover.ts)',
      T.handoverRefusals,
    ),
  },
  {
    ref: '003 第十四条',
    requirement: '变更时移交；书面移交清单由双方签字确认',
    status: enforced('both leaders sign the same list hash (workflows/handover.ts)', T.handoverRun, T.handoverSigned),
  },
  {
    ref: '003 第二十九条',
    requirement: '使用可识别个人身份的个案数据须书面授权',
    status: planned('data-use process (with 004 7.2; later issue)'),
  },
  {
    ref: '003 第三十条（访问控制、审计）',
    requirement: '访问控制、数据审计、定期巡查制度',
    status: enforced('as 000 第二十四、二十九条', T.crossUnit, T.auditVerify),
  },
  {
    ref: '003 第三十条（等保三级）',
    requirement: '重要信息系统达到等级保护三级',
    status: cited(
      'the register records every system’s level and filing number (000 第二十七条) and inspections show it; whether a system is “important” is the inspector’s judgement, not a field',
    ),
  },
  {
    ref: '003 第三十一条（双方签字）',
    requirement: '转移交接由交接双方签字确认',
    status: enforced('the register takes only what both leaders signed (activities/handovers.ts)', T.handoverSigned),
  },
  {
    ref: '003 第三十一条（加密传输）',
    requirement: '加密传输，交接后保护水平不低于交接前',
    status: enforced(
      'a transfer item without encryption is refused; a receiver declaring a lower 等保 level for a system is refused (domain/handover-forms.ts)',
      T.unencryptedTransfer,
      T.lowerLevelReceiver,
    ),
  },
  {
    ref: '003 第三十二条',
    requirement: '境内存储；确需向境外提供的须经评估审核',
    status: outOfScope('the system offers no way to provide data abroad; storage abroad is refused (000 第十八条)'),
  },
  {
    ref: '003 第三十三条',
    requirement: '委托存储、运营时委托单位的监管责任（同 000 第十七条）',
    status: cited('printed in place of 000 第十七条 by Sichuan issuers (domain/regulations.ts)'),
  },
  {
    ref: '003 第三十四条',
    requirement: '日常检查（同 000 第三十三条）',
    status: enforced('as 000 第三十三条', T.inspectionRun),
  },
  {
    ref: '003 第三十五条',
    requirement: '平台和服务商的安全测评（不是整改期限的依据）',
    status: outOfScope('vendor and platform evaluation is not a process of this system'),
  },
  {
    ref: '003 第三十六条',
    requirement: '责任追究阶梯：约谈、督导整改、诫勉、通报批评、处分或处分建议、移送',
    status: cited('printed in place of 000 第三十五条 by Sichuan issuers (domain/regulations.ts)'),
  },
  // 004 WS/T 788—2021 国家卫生信息资源使用管理规范
  { ref: '004 3.1.2', requirement: '原始数据、中间数据、结果数据', status: planned('data-use process (later issue)') },
  { ref: '004 3.2', requirement: '五类使用者', status: planned('data-use process (later issue)') },
  {
    ref: '004 6.4',
    requirement: '谁可使用何种数据，是否审批、是否收费',
    status: planned('data-use process (later issue)'),
  },
  { ref: '004 7.1', requirement: '卫生信息资源目录', status: planned('data-use process (later issue)') },
  {
    ref: '004 7.2',
    requirement: '数据使用全生命周期：申请、审批、创建、使用、回收、销毁',
    status: planned('data-use process (later issue)'),
  },
  {
    ref: '004 8.2.1',
    requirement: '访问控制、用户隔离、脱敏',
    status: enforced(
      'jurisdiction isolation on every route (api/policy.ts); ID numbers kept only as keyed hashes',
      T.crossUnit,
      T.realNameUser,
    ),
  },
  {
    ref: '004 8.2.4',
    requirement: '日志审计',
    status: enforced(
      'the append-only, sealed audit trail (db/audit.ts, db/audit-verify.ts)',
      T.auditAppendOnly,
      T.auditVerify,
    ),
  },
  // 国家网络安全事件报告管理办法
  {
    ref: 'NSIR 全文',
    requirement: '网络安全事件分级与报告时限',
    status: enforced(
      'four levels; the hour limits are deadline policies (db/default-policies.ts); a late 初报 is marked 迟报 and opens a case, a missing 终报 too',
      T.incidentRouting,
      T.incidentLate,
      T.incidentFinalMissing,
    ),
  },
];

const hours = (ms: number) => ms / 3_600_000;
const policy = (key: string) => {
  const p = DEFAULT_POLICIES.find((x) => x.key === key)!;
  return `${p.amount} ${DEADLINE_UNIT_NAMES[p.unit]}`;
};

/** Rules no article sets: the value in force and why. */
export const HOUSE_RULES: Array<{ rule: string; value: string; where: string; rationale: string }> = [
  {
    rule: '会话有效期',
    value: `${hours(SESSION_TTL_MS)} 小时`,
    where: 'api/auth/sessions.ts',
    rationale: 'one working day; OWASP ASVS 5.0 V7.3 (session timeout), NIST SP 800-63B 7.2 (reauthentication)',
  },
  {
    rule: '登录失败锁定',
    value: `连续 ${MAX_FAILED_LOGINS} 次失败锁定 ${LOCKOUT_MS / 60_000} 分钟`,
    where: 'api/auth/login-attempts.ts',
    rationale: 'NIST SP 800-63B 5.2.2 (rate limiting, at most 100 failures); ASVS V6.3; unknown names count alike',
  },
  {
    rule: '密码长度',
    value: `${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} 个字符，无组成规则，拒绝常用密码`,
    where: 'api/auth/password-rule.ts',
    rationale: 'NIST SP 800-63B 3.1.1.2; OWASP ASVS 5.0 V6.2',
  },
  ...DEFAULT_POLICIES.map((p) => ({
    rule: `默认期限：${p.description}（${p.key}）`,
    value: policy(p.key),
    where: 'db/default-policies.ts (administrators edit it: /deadline-policies)',
    rationale: `${p.basis}; the commission’s practice`,
  })),
  {
    rule: '逾期督办任务的办理期限',
    value: '逾期后 24 小时',
    where: 'workflows/unit-inspection.ts, workflows/handover.ts, workflows/notice-receipt.ts',
    rationale: 'the commission’s practice: the supervising official acts on the next day',
  },
  {
    rule: '移交清单条目上限',
    value: `${MAX_TRANSFER_ITEMS} 项`,
    where: 'domain/handover-forms.ts',
    rationale: 'bounds one signed list and its PDF; a larger unit lists datasets, not files',
  },
  {
    rule: '检查清单条目上限',
    value: `${MAX_CHECKLIST_ITEMS} 项`,
    where: 'domain/inspection-forms.ts',
    rationale: 'bounds one self-check form and the report table; the default list has 13 items',
  },
  {
    rule: '佐证材料上限',
    value: `每件 ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MiB；PDF、PNG、JPEG、DOCX、XLSX、纯文本`,
    where: 'domain/inspections.ts, api/upload-types.ts',
    rationale: 'ASVS V5.2 (file size and type allow-list)',
  },
];

export type StatusKind = Status['kind'];
const LABEL: Record<StatusKind, string> = {
  enforced: 'enforced',
  cited: 'cited only',
  planned: 'planned',
  out_of_scope: 'out of scope',
};

export function counts(): Record<StatusKind, number> {
  const c: Record<StatusKind, number> = { enforced: 0, cited: 0, planned: 0, out_of_scope: 0 };
  for (const r of ROWS) c[r.status.kind]++;
  return c;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

function describe(s: Status): string {
  switch (s.kind) {
    case 'enforced':
      return `${s.where}; tests: ${s.tests.map((t) => `\`${t.file}\` “${t.name}”`).join('; ')}`;
    case 'cited':
      return s.where;
    case 'planned':
      return s.process;
    case 'out_of_scope':
      return s.why;
  }
}

export function renderMarkdown(): string {
  const c = counts();
  const lines = [
    '# Regulations: what the software does about each article',
    '',
    '<!-- Generated by `npm run docs:regulations` from scripts/regulations-doc.ts and domain/regulations.ts; test/regulations.test.ts fails when it is stale. -->',
    '',
    `Counts: **${c.enforced} enforced and tested / ${c.cited} cited only / ${c.planned} planned / ${c.out_of_scope} out of scope** (${ROWS.length} rows).`,
    '',
    '“Enforced” means a named test fails without the rule. Code comments cite provisions in the short',
    'form `000 第十九条`; printed documents cite the full title of a text in force where the issuing',
    'commission sits (its 统一社会信用代码 gives the division code): a Henan document cites the Henan',
    'or national text, never another province’s. A rule from another text may shape the software’s',
    'behaviour without being cited.',
    '',
    '## The texts',
    '',
    '| code | title | issued by | number | jurisdiction | status |',
    '|---|---|---|---|---|---|',
    ...Object.values(REGULATIONS).map(
      (r) =>
        `| ${r.code} | 《${r.title}》 | ${r.issuingBody} | ${r.documentNumber ?? '—'} | ${r.jurisdiction.name} | ${
          r.status === 'in_force' ? `in force${r.effective ? ` from ${r.effective}` : ''}` : 'draft, not cited'
        }${r.note ? `; ${cell(r.note)}` : ''} |`,
    ),
    '',
    '## Articles',
    '',
    '| provision | requirement | status | where / why |',
    '|---|---|---|---|',
    ...ROWS.map((r) => `| ${r.ref} | ${cell(r.requirement)} | ${LABEL[r.status.kind]} | ${cell(describe(r.status))} |`),
    '',
    '## House rules no article sets',
    '',
    'These are configuration, not law: a province may change them.',
    '',
    '| rule | value | where | rationale |',
    '|---|---|---|---|',
    ...HOUSE_RULES.map((h) => `| ${h.rule} | ${cell(h.value)} | ${h.where} | ${cell(h.rationale)} |`),
    '',
  ];
  return lines.join('\n');
}

/** The provisions a row covers: `000 第十八条（移交清单）` → 000 第十八条; `NSIR 全文` → none. */
export function rowProvisions(row: Row): Array<{ code: RegulationCode; provision: string }> {
  return parseCitations(row.ref);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(new URL('../docs/regulations.md', import.meta.url), renderMarkdown());
}
