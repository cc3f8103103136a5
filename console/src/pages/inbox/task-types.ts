// What each task type is called, which process it belongs to, where that process's page is and
// which deadline policy (with its basis, GET /deadline-policies) sets its time limit. The type
// names are domain/task-forms.ts's; a type missing here still shows, under its own title.
import type { components } from '../../api/schema.js';

export type Task = components['schemas']['Task'];

export interface ProcessKind {
  name: string;
  /** The payload field holding the process's id, and the console page it opens. */
  idField?: string;
  page?: (id: string) => string;
}

const PROCESSES = {
  handover: { name: '数据移交', idField: 'handoverId', page: (id) => `/app/handovers/${id}` },
  inspection: {
    name: '监督检查',
    idField: 'inspectionId',
    page: (id) => `/app/inspections/records/${encodeURIComponent(id)}`,
  },
  circular: { name: '通报', idField: 'circularId', page: (id) => `/app/circulars/${id}` },
  notice: { name: '通知', idField: 'noticeId', page: (id) => `/app/circulars/${id}` },
  case: { name: '责任追究', idField: 'caseId', page: (id) => `/app/cases/${id}` },
  incident: { name: '网络安全事件', idField: 'incidentId' },
  alert: { name: '预警通报', idField: 'alertId' },
} satisfies Record<string, ProcessKind>;

type ProcessKey = keyof typeof PROCESSES;

interface TaskKind {
  label: string;
  process: ProcessKey;
  /** The deadline policy key whose basis is the task's time limit's. */
  policy?: string;
}

export const TASK_TYPES: Record<string, TaskKind> = {
  handover_transfer_list: { label: '填报移交清单', process: 'handover', policy: 'handover.complete' },
  handover_verification: { label: '逐项核验移交清单', process: 'handover', policy: 'handover.complete' },
  handover_signature: { label: '签署移交清单', process: 'handover', policy: 'handover.complete' },
  handover_confirmation: { label: '确认移交', process: 'handover', policy: 'handover.complete' },
  handover_escalation: { label: '移交逾期督办', process: 'handover', policy: 'task.default' },
  notice_receipt: { label: '签收通知', process: 'notice', policy: 'notice.receipt' },
  escalation: { label: '逾期督办', process: 'notice', policy: 'task.default' },
  inspection_self_check: { label: '检查自查填报', process: 'inspection', policy: 'inspection.self_check' },
  inspection_review: { label: '复核自查结果', process: 'inspection', policy: 'task.default' },
  rectification_report: { label: '报送整改情况', process: 'inspection', policy: 'rectification' },
  rectification_verification: { label: '核验整改情况', process: 'inspection', policy: 'task.default' },
  inspection_escalation: { label: '检查逾期督办', process: 'inspection', policy: 'task.default' },
  incident_acknowledgement: { label: '签收事件报告', process: 'incident', policy: 'incident.acknowledge' },
  incident_forward: { label: '转报事件', process: 'incident', policy: 'incident.forward' },
  incident_escalation: { label: '事件逾期督办', process: 'incident', policy: 'task.default' },
  incident_final_report: { label: '报送事件终报', process: 'incident', policy: 'incident.final_report' },
  incident_alert_receipt: { label: '签收预警通报', process: 'alert', policy: 'incident.alert.reply' },
  incident_alert_reply: { label: '回复预警自查结果', process: 'alert', policy: 'incident.alert.reply' },
  incident_alert_escalation: { label: '预警逾期督办', process: 'alert', policy: 'task.default' },
  accountability_investigation: { label: '责任调查', process: 'case', policy: 'task.default' },
  accountability_statement: { label: '陈述申辩', process: 'case', policy: 'accountability.statement' },
  accountability_decision: { label: '作出追究决定', process: 'case', policy: 'task.default' },
  accountability_rectification: { label: '报送整改情况', process: 'case', policy: 'rectification' },
  accountability_verification: { label: '核验整改情况', process: 'case', policy: 'task.default' },
  accountability_acknowledgement: { label: '签收追究决定', process: 'case', policy: 'task.default' },
  circular_approval: { label: '审批通报', process: 'circular', policy: 'task.default' },
  circular_revision: { label: '修改通报', process: 'circular', policy: 'task.default' },
  circular_receipt: { label: '签收通报', process: 'circular', policy: 'circular.receipt' },
  circular_reply: { label: '回复通报落实情况', process: 'circular', policy: 'circular.reply' },
  circular_escalation: { label: '通报逾期督办', process: 'circular', policy: 'task.default' },
};

export const typeLabel = (type: string) => TASK_TYPES[type]?.label ?? type;

/** Process names with the task types of each, for the filter. */
export const TYPE_OPTIONS = Object.entries(PROCESSES).map(([key, p]) => ({
  label: p.name,
  title: p.name,
  options: Object.entries(TASK_TYPES)
    .filter(([, t]) => t.process === key)
    .map(([value, t]) => ({ value, label: `${p.name}：${t.label}` })),
}));

export interface TaskContext {
  process: string;
  /** The process's id as the payload gives it, and its page when the console has one. */
  id?: string;
  link?: string;
}

/** Which process a task is part of, from its type and payload (the workflow id as a last resort). */
export function contextOf(task: Pick<Task, 'type' | 'payload' | 'workflowId'>): TaskContext {
  const kind = TASK_TYPES[task.type];
  const process: ProcessKind | undefined = kind
    ? PROCESSES[kind.process]
    : Object.values(PROCESSES).find((p) => p.idField && task.payload[p.idField] !== undefined);
  if (!process) return { process: '其他流程' };
  // A notice is the one-recipient circular: its receipt task carries the circular's id.
  const raw = (process.idField && task.payload[process.idField]) ?? task.payload.circularId;
  const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  return { process: process.name, ...(id ? { id } : {}), ...(id && process.page ? { link: process.page(id) } : {}) };
}
