// Identity vocabulary shared by the database schema, the API and workflows (no I/O here).

export const UNIT_KINDS = [
  'commission', // 卫生健康委
  'hospital',
  'cdc', // 疾病预防控制中心
  'info_center', // 全民健康信息中心
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

// commission_leader: a leader of a commission (委领导), who approves circulars before they are
// numbered and decides accountability cases (000 第三十五条).
export const ROLES = [
  'official',
  'commission_leader',
  'inspector',
  'unit_staff',
  'unit_leader',
  'info_center',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** How a role is named to people (messages, documents); the code stays for programs. */
export const ROLE_NAMES: Record<Role, string> = {
  official: '主管部门工作人员',
  commission_leader: '主管部门负责人',
  inspector: '监督检查员',
  unit_staff: '单位工作人员',
  unit_leader: '单位负责人',
  info_center: '信息中心人员',
  auditor: '审计员',
  admin: '系统管理员',
};

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
