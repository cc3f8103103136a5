// How audit codes read to an auditor. Codes not listed (a route's own verb) are shown as they are.
export const ACTION_NAMES: Record<string, string> = {
  login: '登录',
  logout: '退出登录',
  create: '创建',
  read: '查看',
  list: '查询列表',
  update: '修改',
  delete: '删除',
  export: '导出',
  verify: '核验',
  upload: '上传',
  download: '下载',
  claim: '认领',
  unclaim: '释放',
  complete: '办理',
  save_draft: '保存草稿',
  withdraw: '撤回',
  resubmit: '重新提交',
  retire: '停用',
  pause: '暂停',
  resume: '恢复',
  cancel: '撤销',
  extend: '延期',
  remind: '催办',
  decision: '决定',
};

export const OBJECT_NAMES: Record<string, string> = {
  session: '会话',
  user: '用户',
  unit: '单位',
  deadline_policy: '时限策略',
  audit_trail: '审计日志',
  task: '待办',
  handover: '移交',
  inspection: '监督检查',
  inspection_plan: '检查计划',
  inspection_report: '检查报告',
  checklist_template: '检查清单模板',
  evidence: '佐证材料',
  notice: '通知',
  circular: '通报',
  document: '公文',
  accountability_case: '责任追究',
  data_holding: '数据资源',
  incident: '安全事件',
  incident_alert: '事件预警',
  emergency_plan: '应急预案',
  emergency_drill: '应急演练',
  restore_drill: '恢复演练',
  backup: '备份',
  dashboard: '工作台统计',
};

export const OUTCOME_NAMES = { success: '成功', denied: '拒绝', failure: '失败' } as const;
export type Outcome = keyof typeof OUTCOME_NAMES;
export const OUTCOME_COLORS: Record<Outcome, string> = { success: 'green', denied: 'orange', failure: 'red' };

export const named = (names: Record<string, string>, code: string) =>
  names[code] ? `${names[code]}（${code}）` : code;
