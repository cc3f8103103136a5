// Every process Duban runs, registered once (issue 11, item 18). A process lives in several
// layers (a workflow, its activities, its API resource, its tables, its deadline policies, its task
// forms, a recorded history); each layer keeps its own list, and this entry names what the process
// put in each. test/processes.test.ts fails when a list misses a registered process or holds one
// that is not registered; the API documents a 503 on every start named here (api/openapi.ts); the
// replay test requires each history. DEVELOPERS.md, "Adding a process", is the checklist.
// Data only (no I/O): workflows, activities and the API may all import it.

export interface ProcessRegistration {
  /** Kebab-case name, e.g. "handover"; also the prefix of its files where it has its own. */
  key: string;
  /** What officials call it. */
  title: string;
  /** The articles the process carries out (seed numbering, e.g. "000 第十九条"). */
  basis: string;
  /** Its workflow functions, exported from workflows/index.ts (the worker registers that module). */
  workflows: readonly string[];
  /** Its activity factory (`activities/<file>.ts` exports `factory`), spread into createActivities (activities/index.ts). */
  activities?: { file: string; factory: string };
  /** The task types its workflows create; each has its form in domain/task-forms.ts. */
  taskTypes: readonly string[];
  /** The deadline policies it reads; each has its default in db/default-policies.ts. */
  policies: readonly string[];
  /** The path prefixes its API resources answer (api/<resource>/routes.ts, mounted in api/app.ts). */
  routes: readonly string[];
  /** `POST /path` operations that start it through startProcessWorkflow (api/workflow-start.ts). */
  starts: readonly string[];
  /** Its tables' exports in db/schema.ts. */
  tables: readonly string[];
  /** Finished histories in test/histories/ that test/replay.test.ts replays; none for a platform check. */
  histories: readonly string[];
}

export const PROCESSES = [
  {
    key: 'notice-receipt',
    title: '公文签收',
    basis: '000 第三十五条',
    workflows: ['noticeReceiptWorkflow'],
    activities: { file: 'notices', factory: 'createNoticeActivities' },
    taskTypes: ['notice_receipt', 'escalation'],
    policies: ['notice.receipt', 'reminder.lead'],
    routes: ['/notices'],
    starts: ['POST /notices'],
    // Its rows are a circular's (kind notice): the circular process's tables.
    tables: [],
    histories: ['notice-received.json'],
  },
  {
    key: 'handover',
    title: '移交',
    basis: '000 第十九条、001 第十二条、003 第十四条、第三十一条',
    workflows: ['handoverWorkflow'],
    activities: { file: 'handovers', factory: 'createHandoverActivities' },
    taskTypes: [
      'handover_transfer_list',
      'handover_verification',
      'handover_signature',
      'handover_confirmation',
      'handover_escalation',
    ],
    policies: ['handover.complete', 'reminder.lead'],
    routes: ['/handovers'],
    starts: ['POST /handovers'],
    tables: ['handovers', 'handoverRounds', 'handoverSignatures', 'handoverEvents'],
    histories: ['handover-archived.json'],
  },
  {
    key: 'inspection',
    title: '监督检查与整改',
    basis: '000 第三十三条、第三十五条、001 第二十条、003 第三十四条、第三十六条',
    workflows: ['inspectionRunWorkflow', 'unitInspectionWorkflow'],
    activities: { file: 'inspections', factory: 'createInspectionActivities' },
    taskTypes: [
      'inspection_self_check',
      'inspection_review',
      'rectification_report',
      'rectification_verification',
      'inspection_escalation',
    ],
    policies: ['inspection.self_check', 'rectification', 'task.default', 'reminder.lead'],
    routes: ['/checklist-templates', '/inspection-plans', '/inspection-runs', '/inspections', '/evidence'],
    starts: ['POST /inspection-plans'],
    tables: [
      'checklistTemplates',
      'inspectionPlans',
      'inspectionRuns',
      'inspections',
      'inspectionFindings',
      'evidenceFiles',
    ],
    histories: ['unit-inspection-rectified.json', 'inspection-run-opened.json'],
  },
  {
    // 预警通报 (issue 12, item 5): one numbered notice for a whole subtree, a receipt and a reply per unit.
    key: 'incident-alert',
    title: '预警通报',
    basis: '000 第三十一条',
    workflows: ['incidentAlertWorkflow'],
    activities: { file: 'incident-alerts', factory: 'createIncidentAlertActivities' },
    taskTypes: ['incident_alert_receipt', 'incident_alert_reply', 'incident_alert_escalation'],
    policies: ['incident.alert.reply'],
    routes: ['/incident-alerts'],
    starts: ['POST /incidents/{id}/alerts'],
    tables: ['incidentAlerts', 'incidentAlertRecipients'],
    histories: ['incident-alert-replied.json'],
  },
  {
    // 通报 (issue 13): approved by the commission's leader, numbered, one PDF to many units, a receipt
    // (and, when asked, a reply) per unit; also started as a child by an accountability case (通报批评).
    key: 'circular',
    title: '通报',
    basis: '000 第三十五条',
    workflows: ['circularWorkflow'],
    activities: { file: 'circulars', factory: 'createCircularActivities' },
    taskTypes: ['circular_approval', 'circular_revision', 'circular_receipt', 'circular_reply', 'circular_escalation'],
    policies: ['circular.receipt', 'circular.reply', 'task.default', 'reminder.lead'],
    routes: ['/circulars'],
    starts: ['POST /circulars'],
    tables: ['circulars', 'circularRecipients'],
    histories: ['circular-distributed.json'],
  },
  {
    // Records without a workflow: units record backups and restore drills; officials list the units
    // with no drill in the policy period (api/continuity/).
    key: 'continuity',
    title: '备份与恢复演练',
    basis: '000 第十四条、第十五条、001 第九条',
    workflows: [],
    taskTypes: [],
    policies: ['continuity.restore_drill'],
    routes: ['/backups', '/restore-drills'],
    starts: [],
    tables: ['backups', 'restoreDrills'],
    histories: [],
  },
  {
    key: 'incident',
    title: '网络与信息安全事件应急报告',
    basis: '000 第三十一条、NSIR',
    workflows: ['incidentWorkflow'],
    activities: { file: 'incidents', factory: 'createIncidentActivities' },
    taskTypes: ['incident_acknowledgement', 'incident_forward', 'incident_escalation', 'incident_final_report'],
    policies: [
      'incident.report.cii',
      'incident.report',
      'incident.report.general',
      'incident.acknowledge',
      'incident.forward',
      'incident.final_report',
    ],
    routes: ['/incidents'],
    starts: ['POST /incidents'],
    tables: ['incidents', 'incidentReports', 'incidentHops'],
    histories: ['incident-closed.json'],
  },
  {
    // Records without a workflow: units record their emergency plan's approved versions, its document
    // and its drills; officials list the units with no plan or past their next drill (api/emergency-plans/).
    key: 'emergency-plans',
    title: '应急预案与应急演练',
    basis: '000 第三十一条',
    workflows: [],
    taskTypes: [],
    policies: [],
    routes: ['/emergency-plans', '/emergency-drills'],
    starts: [],
    tables: ['emergencyPlans', 'emergencyDrills'],
    histories: [],
  },
  {
    // 责任追究 (issue 13): opened by an overdue rectification, a late or missing incident report, a failed
    // appraisal or by hand; investigation → 陈述申辩 → a leader's decision → the measure's process.
    key: 'accountability-case',
    title: '责任追究',
    basis: '000 第三十五条、001 第二十二条、003 第三十六条',
    workflows: ['accountabilityCaseWorkflow'],
    activities: { file: 'accountability-cases', factory: 'createAccountabilityActivities' },
    taskTypes: [
      'accountability_investigation',
      'accountability_statement',
      'accountability_decision',
      'accountability_rectification',
      'accountability_verification',
      'accountability_acknowledgement',
    ],
    policies: ['accountability.statement', 'task.default', 'rectification', 'notice.receipt'],
    routes: ['/accountability-cases'],
    starts: ['POST /accountability-cases'],
    tables: ['accountabilityCases', 'accountabilityCaseEvents'],
    histories: ['accountability-case-closed.json'],
  },
  {
    // Not a process of its own: the numbered documents every process issues (activities/documents.ts,
    // in createActivities) and serves at /documents. Its workflow prints the ones the API issues on
    // request (the run report, the yearly accountability summary) in the worker (api/issue-in-worker.ts).
    key: 'official-documents',
    title: '公文出具',
    basis: '—',
    workflows: ['issueDocumentWorkflow'],
    taskTypes: [],
    policies: [],
    routes: ['/documents'],
    starts: [],
    tables: ['documents', 'documentCounters', 'documentNumberReservations'],
    histories: ['document-issued.json'],
  },
  {
    // Not a business process: proves timers survive a restart and the worker reaches PostgreSQL
    // (test/durability.test.ts); its one activity, databaseTime, is in activities/index.ts.
    key: 'platform-self-check',
    title: '平台自检',
    basis: '—',
    workflows: ['platformSelfCheckWorkflow'],
    taskTypes: [],
    policies: [],
    routes: [],
    starts: [],
    tables: [],
    histories: [],
  },
] as const satisfies readonly ProcessRegistration[];

/** The operations that start a process: the API documents their 503 (the start did not take). */
export const PROCESS_STARTS: readonly string[] = PROCESSES.flatMap((p) => p.starts);
