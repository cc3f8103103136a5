// Drizzle schema. Migrations are generated from it by drizzle-kit into db/migrations/.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { UNIT_KINDS, ROLES, USER_STATUSES, AUDIT_OUTCOMES } from '../domain/identity.js';
import { TASK_STATUSES } from '../domain/tasks.js';
import { DEADLINE_UNITS, type DeadlinePolicy } from '../domain/deadlines.js';
import { HOLDING_KINDS, HOLDING_STATUSES } from '../domain/data-holdings.js';
import { BACKUP_FREQUENCIES, DRILL_RESULTS } from '../domain/continuity.js';
import { EMERGENCY_DRILL_RESULTS } from '../domain/emergency-plans.js';
import {
  FINDING_STATUSES,
  INSPECTION_STATUSES,
  INSPECTION_STEPS,
  SEVERITIES,
  type ChecklistItem,
  type Recurrence,
  type ReviewInput,
  type SelfCheckAnswer,
} from '../domain/inspections.js';
import { CASE_STAGES } from '../domain/accountability.js';
import { CIRCULAR_KINDS, CIRCULAR_STAGES } from '../domain/circulars.js';
import {
  ALERT_REPLY_RESULTS,
  ALERT_STATUSES,
  HOP_KINDS,
  INCIDENT_CATEGORIES,
  INCIDENT_LEVELS,
  INCIDENT_STATUSES,
  REPORT_STAGES,
} from '../domain/incidents.js';
import {
  HANDOVER_REASONS,
  HANDOVER_STATUSES,
  OPEN_HANDOVER_STATUSES,
  SIGNING_PARTIES,
  type ItemVerification,
  type TransferItem,
} from '../domain/handovers.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const unitKind = pgEnum('unit_kind', UNIT_KINDS);
export const role = pgEnum('role', ROLES);
export const userStatus = pgEnum('user_status', USER_STATUSES);
export const auditOutcome = pgEnum('audit_outcome', AUDIT_OUTCOMES);
export const taskStatus = pgEnum('task_status', TASK_STATUSES);
export const deadlineUnit = pgEnum('deadline_unit', DEADLINE_UNITS);
export const holdingKind = pgEnum('holding_kind', HOLDING_KINDS);
export const holdingStatus = pgEnum('holding_status', HOLDING_STATUSES);
export const handoverReason = pgEnum('handover_reason', HANDOVER_REASONS);
export const handoverStatus = pgEnum('handover_status', HANDOVER_STATUSES);
export const signingParty = pgEnum('signing_party', SIGNING_PARTIES);
export const inspectionStatus = pgEnum('inspection_status', INSPECTION_STATUSES);
export const inspectionStep = pgEnum('inspection_step', INSPECTION_STEPS);
export const findingStatus = pgEnum('finding_status', FINDING_STATUSES);
export const severity = pgEnum('severity', SEVERITIES);
export const planStatus = pgEnum('plan_status', ['active', 'paused', 'deleted']);
export const caseStatus = pgEnum('case_status', ['open', 'in_progress', 'closed']);
export const caseStage = pgEnum('case_stage', CASE_STAGES);
export const backupFrequency = pgEnum('backup_frequency', BACKUP_FREQUENCIES);
export const drillResult = pgEnum('drill_result', DRILL_RESULTS);
export const incidentLevel = pgEnum('incident_level', INCIDENT_LEVELS);
export const incidentCategory = pgEnum('incident_category', INCIDENT_CATEGORIES);
export const incidentStatus = pgEnum('incident_status', INCIDENT_STATUSES);
export const reportStage = pgEnum('report_stage', REPORT_STAGES);
export const hopKind = pgEnum('hop_kind', HOP_KINDS);
export const alertStatus = pgEnum('alert_status', ALERT_STATUSES);
export const alertReplyResult = pgEnum('alert_reply_result', ALERT_REPLY_RESULTS);
export const circularKind = pgEnum('circular_kind', CIRCULAR_KINDS);
export const circularStage = pgEnum('circular_stage', CIRCULAR_STAGES);
export const emergencyDrillResult = pgEnum('emergency_drill_result', EMERGENCY_DRILL_RESULTS);

/**
 * Jurisdiction tree (province → city → county → institution). `path` is a materialised path of
 * ancestor ids ("/1/4/9/"): a subtree is one indexed prefix scan (text_pattern_ops), the tree is
 * shallow (four levels) and units rarely move, so a closure table's extra writes buy nothing.
 */
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // 000 第十二条: every unit is identified by its unique organisation code.
    orgCode: text('org_code').notNull(),
    name: text('name').notNull(),
    // Short issuing-organ code used in document numbers, e.g. 豫卫监.
    docPrefix: text('doc_prefix'),
    kind: unitKind('kind').notNull(),
    parentId: integer('parent_id'),
    path: text('path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_org_code_key').on(t.orgCode),
    index('units_path_prefix_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
  ],
);

/** Real-name users: the ID-card number is kept only as a keyed hash and its last four characters. */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    realName: text('real_name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    roles: role('roles').array().notNull(),
    status: userStatus('status').notNull().default('active'),
    idNumberHash: text('id_number_hash'),
    idNumberLast4: text('id_number_last4'),
    passwordHash: text('password_hash').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_key').on(t.username), index('users_unit_idx').on(t.unitId)],
);

/**
 * Sign-in attempts for usernames that have no account, counted like an account's failures so an
 * unknown name answers exactly as a real one does (no enumeration through lockout). Keyed by
 * the normalised username.
 */
export const loginAttempts = pgTable('login_attempts', {
  username: text('username').primaryKey(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions: only the sha256 of the bearer token is stored, so a leaked table grants nothing. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    sourceIp: text('source_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Append-only audit trail (000 第二十九条, 004 8.2.4). A trigger in the migrations refuses UPDATE,
 * DELETE and TRUNCATE. Writers only insert here; the chain lives in `audit_seals` (db/audit-seal.ts).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name'),
    actorUsername: text('actor_username'),
    actorUnitId: integer('actor_unit_id'),
    actorRoles: text('actor_roles'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    requestId: text('request_id'),
    sourceIp: text('source_ip'),
    outcome: auditOutcome('outcome').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [
    index('audit_events_actor_idx').on(t.actorUserId, t.at),
    index('audit_events_unit_idx').on(t.actorUnitId, t.at),
    index('audit_events_object_idx').on(t.objectType, t.objectId),
    index('audit_events_at_idx').on(t.at),
  ],
);

/**
 * The audit chain: one seal per audit event, in the order a single sealer saw the events committed.
 * `hash` = HMAC(AUDIT_KEY, prev_hash ‖ the event as stored). Append-only like audit_events; the
 * unique `prev_hash` makes a fork impossible whatever the writers do.
 */
export const auditSeals = pgTable(
  'audit_seals',
  {
    position: bigint('position', { mode: 'number' }).primaryKey(),
    eventSeq: bigint('event_seq', { mode: 'number' })
      .notNull()
      .references(() => auditEvents.seq),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('audit_seals_event_idx').on(t.eventSeq), uniqueIndex('audit_seals_prev_hash_idx').on(t.prevHash)],
);

/** Deadline policies, editable by admins; workflows receive absolute times computed from them. */
export const deadlinePolicies = pgTable('deadline_policies', {
  key: text('key').primaryKey(),
  unit: deadlineUnit('unit').notNull(),
  amount: integer('amount').notNull(),
  description: text('description').notNull(),
  basis: text('basis'),
  ...timestamps,
});

/** Human tasks: created by workflow activities, completed through the workflow's Update. */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workflowId: text('workflow_id').notNull(),
    taskKey: text('task_key').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    assigneeUnitId: integer('assignee_unit_id')
      .notNull()
      .references(() => units.id),
    assigneeRole: role('assignee_role'),
    assigneeUserId: integer('assignee_user_id').references(() => users.id),
    claimedByUserId: integer('claimed_by_user_id').references(() => users.id),
    status: taskStatus('status').notNull().default('open'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    remindAt: jsonb('remind_at').$type<string[]>().notNull().default([]),
    lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
    overdue: boolean('overdue').notNull().default(false),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    formSchema: jsonb('form_schema').$type<Record<string, unknown>>().notNull(),
    updateName: text('update_name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    result: jsonb('result'),
    completedByUserId: integer('completed_by_user_id').references(() => users.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('tasks_workflow_key').on(t.workflowId, t.taskKey),
    index('tasks_assignee_idx').on(t.assigneeUnitId, t.status, t.dueAt),
    index('tasks_due_idx').on(t.status, t.dueAt),
  ],
);

/** Gap-free document numbers per (issuing unit, code, year): the row lock serialises issuers. */
export const documentCounters = pgTable(
  'document_counters',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.code, t.year] })],
);

/**
 * A document number taken from `document_counters` for one idempotency key, before its PDF is
 * rendered (outside any transaction): a retry of the key prints the same number, so a failed
 * render spends none. The row goes when the document is stored; one left behind is a number
 * reserved for an issue that never completed (visible here rather than a silent gap).
 */
export const documentNumberReservations = pgTable(
  'document_number_reservations',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    /** When the number was taken: the date the document carries, on every retry. */
    reservedAt: timestamp('reserved_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_number_reservations_number_key').on(t.unitId, t.code, t.year, t.seq)],
);

/**
 * Official documents. The PDF lives in this row (bytea): its number is reserved first (see
 * document_number_reservations), and the row written only once the PDF exists, so a failed render
 * leaves no row; notices are tens of KiB. At scale, move `pdf` to an object store keyed by sha256
 * and keep this row as the index.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    code: text('code'),
    year: integer('year'),
    seq: integer('seq'),
    number: text('number'),
    title: text('title').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** Units that may read it besides the issuer's jurisdiction (主送 / 抄送 recipients). */
    recipientUnitIds: jsonb('recipient_unit_ids').$type<number[]>().notNull().default([]),
    workflowId: text('workflow_id'),
    idempotencyKey: text('idempotency_key'),
    /** sha256 of the canonical content (template kind and everything printed but the number and date): one number per content. */
    contentHash: text('content_hash'),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    pdf: bytea('pdf').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('documents_number_key').on(t.unitId, t.code, t.year, t.seq),
    uniqueIndex('documents_idempotency_key').on(t.idempotencyKey),
    index('documents_workflow_idx').on(t.workflowId),
    index('documents_content_idx').on(t.kind, t.unitId, t.contentHash),
  ],
);

/** Data-holdings register (000 第十四条, 第三十条): what each unit manages; handovers move rows between units. */
export const dataHoldings = pgTable(
  'data_holdings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: holdingKind('kind').notNull(),
    description: text('description').notNull(),
    recordCount: bigint('record_count', { mode: 'number' }).notNull(),
    volume: text('volume').notNull(),
    format: text('format').notNull(),
    sha256: text('sha256').notNull(),
    country: text('country').notNull(),
    region: text('region').notNull(),
    encryption: text('encryption').notNull(),
    serialNumber: text('serial_number'),
    /** Information systems: graded-protection level and filing number (000 第二十七条). */
    protectionLevel: integer('protection_level'),
    filingNumber: text('filing_number'),
    status: holdingStatus('status').notNull().default('active'),
    /** Set when a handover moved the holding here: from which unit, by which handover. */
    transferredFromUnitId: integer('transferred_from_unit_id').references(() => units.id),
    handoverId: text('handover_id'),
    ...timestamps,
  },
  (t) => [index('data_holdings_unit_idx').on(t.unitId, t.status)],
);

/** Handover processes (移交): the projection the API lists; the workflow is the source of truth. */
export const handovers = pgTable(
  'handovers',
  {
    id: text('id').primaryKey(), // = workflow id
    handingUnitId: integer('handing_unit_id')
      .notNull()
      .references(() => units.id),
    receivingUnitId: integer('receiving_unit_id')
      .notNull()
      .references(() => units.id),
    supervisingUnitId: integer('supervising_unit_id')
      .notNull()
      .references(() => units.id),
    reason: handoverReason('reason').notNull(),
    reasonDetail: text('reason_detail'),
    status: handoverStatus('status').notNull().default('drafting'),
    currentStep: text('current_step').notNull(),
    round: integer('round').notNull().default(1),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    overdue: boolean('overdue').notNull().default(false),
    /** The handing unit's working copy, saved as it is edited; pre-filled from the register. */
    draft: jsonb('draft').$type<Partial<TransferItem>[]>().notNull().default([]),
    draftSavedAt: timestamp('draft_saved_at', { withTimezone: true }),
    draftSavedByUserId: integer('draft_saved_by_user_id').references(() => users.id),
    listHash: text('list_hash'),
    documentId: uuid('document_id'),
    /** Written at archive: the handing unit's open tasks of other processes, holdings not listed. */
    archive: jsonb('archive').$type<Record<string, unknown>>(),
    cancelReason: text('cancel_reason'),
    startedByUserId: integer('started_by_user_id').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // One open handover per handing unit: the database refuses a second even under a race.
    uniqueIndex('handovers_one_open_per_unit')
      .on(t.handingUnitId)
      .where(sql.raw(`status in (${OPEN_HANDOVER_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
    index('handovers_receiving_idx').on(t.receivingUnitId),
    index('handovers_supervising_idx').on(t.supervisingUnitId),
  ],
);

/** One submission of the transfer list and its verification; rounds repeat on discrepancies. */
export const handoverRounds = pgTable(
  'handover_rounds',
  {
    handoverId: text('handover_id')
      .notNull()
      .references(() => handovers.id),
    round: integer('round').notNull(),
    items: jsonb('items').$type<TransferItem[]>().notNull(),
    listHash: text('list_hash').notNull(),
    submittedByUserId: integer('submitted_by_user_id').references(() => users.id),
    submittedByName: text('submitted_by_name').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    results: jsonb('results').$type<ItemVerification[]>(),
    verifiedByUserId: integer('verified_by_user_id').references(() => users.id),
    verifiedByName: text('verified_by_name'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.handoverId, t.round] })],
);

/** Leaders' signatures (003 第十四条, 第三十一条): who signed which list hash, when. */
export const handoverSignatures = pgTable(
  'handover_signatures',
  {
    handoverId: text('handover_id')
      .notNull()
      .references(() => handovers.id),
    party: signingParty('party').notNull(),
    signerUserId: integer('signer_user_id')
      .notNull()
      .references(() => users.id),
    signerName: text('signer_name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    listHash: text('list_hash').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.handoverId, t.party] })],
);

/** The timeline of a handover: each step with its actor and time. `eventKey` makes writes idempotent. */
export const handoverEvents = pgTable(
  'handover_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    handoverId: text('handover_id')
      .notNull()
      .references(() => handovers.id),
    eventKey: text('event_key').notNull(),
    step: text('step').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name'),
    actorUnitId: integer('actor_unit_id').references(() => units.id),
    round: integer('round'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('handover_events_key').on(t.handoverId, t.eventKey)],
);

/** Inspection checklists, versioned: a new version is a new row; a running inspection keeps its row. */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    items: jsonb('items').$type<ChecklistItem[]>().notNull(),
    ownerUnitId: integer('owner_unit_id').references(() => units.id),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('checklist_templates_code_version').on(t.code, t.version)],
);

/** Inspection plans (000 第三十三条): what to check, where, by whom, how often. */
export const inspectionPlans = pgTable('inspection_plans', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  templateId: integer('template_id')
    .notNull()
    .references(() => checklistTemplates.id),
  ownerUnitId: integer('owner_unit_id')
    .notNull()
    .references(() => units.id),
  /** A subtree (every institution under a unit) or an explicit list, resolved at each run. */
  targets: jsonb('targets').$type<{ subtreeOf?: number; unitIds?: number[] }>().notNull(),
  inspectorUserId: integer('inspector_user_id').references(() => users.id),
  /** Self-check window: a deadline policy shape (unit + amount). */
  selfCheckWindow: jsonb('self_check_window')
    .$type<{ unit: 'calendar_days' | 'working_days' | 'hours' | 'seconds'; amount: number }>()
    .notNull(),
  remindBeforeSeconds: integer('remind_before_seconds').notNull().default(86_400),
  /** The plan's own rectification period; null: the `rectification` policy when the notice is issued. */
  rectificationWindow: jsonb('rectification_window').$type<DeadlinePolicy>(),
  recurrence: jsonb('recurrence').$type<Recurrence>().notNull(),
  scheduleId: text('schedule_id'),
  status: planStatus('status').notNull().default('active'),
  createdByUserId: integer('created_by_user_id').references(() => users.id),
  ...timestamps,
});

/** One run of a plan (now, or each time its schedule fires). */
export const inspectionRuns = pgTable(
  'inspection_runs',
  {
    id: text('id').primaryKey(), // = run workflow id
    planId: text('plan_id')
      .notNull()
      .references(() => inspectionPlans.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    unitIds: jsonb('unit_ids').$type<number[]>().notNull(),
    startedCount: integer('started_count').notNull().default(0),
    selfCheckDueAt: timestamp('self_check_due_at', { withTimezone: true }).notNull(),
    reportDocumentId: uuid('report_document_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspection_runs_plan_idx').on(t.planId, t.createdAt)],
);

/** One unit's inspection in a run (a child workflow). */
export const inspections = pgTable(
  'inspections',
  {
    id: text('id').primaryKey(), // = child workflow id
    runId: text('run_id')
      .notNull()
      .references(() => inspectionRuns.id),
    planId: text('plan_id')
      .notNull()
      .references(() => inspectionPlans.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    ownerUnitId: integer('owner_unit_id')
      .notNull()
      .references(() => units.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    status: inspectionStatus('status').notNull().default('self_check'),
    selfCheck: jsonb('self_check').$type<SelfCheckAnswer[]>(),
    selfCheckedByName: text('self_checked_by_name'),
    selfCheckedAt: timestamp('self_checked_at', { withTimezone: true }),
    review: jsonb('review').$type<ReviewInput['items']>(),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    noticeDocumentId: uuid('notice_document_id'),
    rectificationDueAt: timestamp('rectification_due_at', { withTimezone: true }),
    /** Set once any step's deadline passes with its task open; stays set (the unit was late). */
    overdue: boolean('overdue').notNull().default(false),
    /** The step whose deadline passed last, that deadline, and when the late step was done. */
    overdueStep: inspectionStep('overdue_step'),
    overdueDueAt: timestamp('overdue_due_at', { withTimezone: true }),
    overdueResolvedAt: timestamp('overdue_resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('inspections_run_unit').on(t.runId, t.unitId), index('inspections_unit_idx').on(t.unitId)],
);

/** Findings of an inspection and their rectification (整改), each tracked to 销号. */
export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id),
    itemKey: text('item_key').notNull(),
    severity: severity('severity').notNull(),
    article: text('article').notNull(),
    description: text('description').notNull(),
    requirement: text('requirement').notNull(),
    status: findingStatus('status').notNull().default('open'),
    /** The unit's latest rectification report: measures, evidence ids, who and when. */
    report: jsonb('report').$type<{
      measures: string;
      evidenceIds: string[];
      reportedBy: string;
      reportedAt: string;
    }>(),
    rejections: jsonb('rejections').$type<{ reason: string; by: string; at: string }[]>().notNull().default([]),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('inspection_findings_inspection_idx').on(t.inspectionId)],
);

/**
 * Evidence files, with their checksum: for an inspection's self-check and rectification reports,
 * for a restore drill (000 第十五条), or an emergency plan's document (000 第三十一条). Each belongs
 * to exactly one of them.
 */
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: text('inspection_id').references(() => inspections.id),
    restoreDrillId: integer('restore_drill_id').references(() => restoreDrills.id),
    emergencyPlanId: integer('emergency_plan_id').references(() => emergencyPlans.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    uploadedByUserId: integer('uploaded_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('evidence_files_inspection_idx').on(t.inspectionId),
    index('evidence_files_restore_drill_idx').on(t.restoreDrillId),
    index('evidence_files_emergency_plan_idx').on(t.emergencyPlanId),
    check(
      'evidence_files_one_owner',
      sql`num_nonnulls(${t.inspectionId}, ${t.restoreDrillId}, ${t.emergencyPlanId}) = 1`,
    ),
  ],
);

/** Backup arrangements a unit records (000 第十四条, 第十五条; 001 第九条). */
export const backups = pgTable(
  'backups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    scope: text('scope').notNull(),
    frequency: backupFrequency('frequency').notNull(),
    /** The off-site copy (异地备份), domestic (000 第十八条); null when there is none. */
    offSiteCountry: text('off_site_country'),
    offSiteRegion: text('off_site_region'),
    lastPerformedOn: date('last_performed_on', { mode: 'string' }),
    remark: text('remark'),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('backups_unit_idx').on(t.unitId)],
);

/** Restore drills (恢复演练, 000 第十五条, 001 第九条): a failed or partial one carries its follow-up date. */
export const restoreDrills = pgTable(
  'restore_drills',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    drilledOn: date('drilled_on', { mode: 'string' }).notNull(),
    restored: text('restored').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    result: drillResult('result').notNull(),
    evidence: text('evidence').notNull(),
    followUpOn: date('follow_up_on', { mode: 'string' }),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('restore_drills_unit_idx').on(t.unitId, t.drilledOn)],
);

/** Approved versions of a unit's emergency plan (应急预案, 000 第三十一条); the newest approval is current. */
export const emergencyPlans = pgTable(
  'emergency_plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    version: text('version').notNull(),
    approvedOn: date('approved_on', { mode: 'string' }).notNull(),
    nextDrillOn: date('next_drill_on', { mode: 'string' }).notNull(),
    scope: text('scope').notNull(),
    summary: text('summary'),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('emergency_plans_unit_idx').on(t.unitId, t.approvedOn),
    check('emergency_plans_drill_after_approval', sql`${t.nextDrillOn} > ${t.approvedOn}`),
  ],
);

/** Drills of an emergency plan (应急演练, 000 第三十一条): a failed or partial one carries its follow-up date. */
export const emergencyDrills = pgTable(
  'emergency_drills',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => emergencyPlans.id),
    /** The plan's unit, kept here for the jurisdiction filter. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    drilledOn: date('drilled_on', { mode: 'string' }).notNull(),
    scenario: text('scenario').notNull(),
    result: emergencyDrillResult('result').notNull(),
    findings: text('findings').notNull(),
    nextDrillOn: date('next_drill_on', { mode: 'string' }).notNull(),
    followUpOn: date('follow_up_on', { mode: 'string' }),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('emergency_drills_unit_idx').on(t.unitId, t.drilledOn),
    index('emergency_drills_plan_idx').on(t.planId),
    check('emergency_drills_next_after_drill', sql`${t.nextDrillOn} > ${t.drilledOn}`),
  ],
);

/**
 * Accountability cases (责任追究; 000 第三十五条, 001 第二十二条, 003 第三十六条): the projection of
 * workflows/accountability-case.ts the API lists. Opened by an overdue rectification, a late or
 * missing incident report, a failed appraisal or by hand; each row starts its workflow through
 * process_starts in the same transaction (db/accountability-cases.ts).
 */
export const accountabilityCases = pgTable(
  'accountability_cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The commission that investigates and decides: the opener's, or the first commission above the unit. */
    supervisingUnitId: integer('supervising_unit_id').references(() => units.id),
    /** One of CASE_SOURCES (domain/accountability.ts). */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    reason: text('reason').notNull(),
    status: caseStatus('status').notNull().default('open'),
    stage: caseStage('stage').notNull().default('investigating'),
    workflowId: text('workflow_id'),
    facts: jsonb('facts').$type<string[]>().notNull().default([]),
    evidenceIds: jsonb('evidence_ids').$type<string[]>().notNull().default([]),
    responsibleName: text('responsible_name'),
    responsiblePosition: text('responsible_position'),
    articles: jsonb('articles').$type<string[]>().notNull().default([]),
    severity: text('severity'),
    proposedMeasure: text('proposed_measure'),
    proposalReasons: jsonb('proposal_reasons').$type<string[]>().notNull().default([]),
    /** 陈述申辩: what the party said; null when it waived or let the window pass (statementOutcome says which). */
    statementText: text('statement_text'),
    statementOutcome: text('statement_outcome'),
    statementDueAt: timestamp('statement_due_at', { withTimezone: true }),
    /** The unit's other cases in the year before this one, when the decision was asked for. */
    repeatCount: integer('repeat_count'),
    /** One of DECISIONS: a measure of the ladder or no_action. */
    decision: text('decision'),
    decisionReasons: jsonb('decision_reasons').$type<string[]>().notNull().default([]),
    decidedByUserId: integer('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    documentId: uuid('document_id'),
    documentNumber: text('document_number'),
    circularId: text('circular_id'),
    openedByUserId: integer('opened_by_user_id').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('accountability_cases_source').on(t.sourceType, t.sourceId),
    index('accountability_cases_unit_idx').on(t.unitId, t.createdAt),
  ],
);

/** A case's timeline: every step with who and when (the audit trail has the same, this is what people read). */
export const accountabilityCaseEvents = pgTable(
  'accountability_case_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => accountabilityCases.id),
    /** Keyed per step so an activity retried after its commit writes it once. */
    eventKey: text('event_key').notNull(),
    kind: text('kind').notNull(),
    stage: caseStage('stage').notNull(),
    summary: text('summary').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('accountability_case_events_key').on(t.caseId, t.eventKey)],
);

/**
 * Security incidents (000 第三十一条; NSIR): the projection the API reads, written with the 初报
 * before the workflow starts and by its activities at each step. `report_due_at` is counted from
 * discovery by the level's policy; a report after it is 迟报 (`late`, `delay_seconds`), never refused.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(), // = workflow id
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The first commission above the unit: where every report goes first. */
    supervisingUnitId: integer('supervising_unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    level: incidentLevel('level').notNull(),
    category: incidentCategory('category').notNull(),
    criticalInfrastructure: boolean('critical_infrastructure').notNull(),
    personalInfoAffected: integer('personal_info_affected').notNull().default(0),
    discoveredAt: timestamp('discovered_at', { withTimezone: true }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    reportDueAt: timestamp('report_due_at', { withTimezone: true }).notNull(),
    late: boolean('late').notNull().default(false),
    delaySeconds: integer('delay_seconds').notNull().default(0),
    /** Recorded by the supervisor for a unit that never reported it (漏报). */
    recordedBySupervisor: boolean('recorded_by_supervisor').notNull().default(false),
    status: incidentStatus('status').notNull().default('reported'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    finalDueAt: timestamp('final_due_at', { withTimezone: true }),
    finalReportedAt: timestamp('final_reported_at', { withTimezone: true }),
    /** The latest report's sequence number and hash: the next one links to it. */
    reportCount: integer('report_count').notNull().default(1),
    lastHash: text('last_hash').notNull(),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('incidents_unit_idx').on(t.unitId, t.discoveredAt),
    index('incidents_supervising_idx').on(t.supervisingUnitId),
    index('incidents_discovered_idx').on(t.discoveredAt),
  ],
);

/**
 * Each stage of an incident's reporting (初报, 续报, 终报) as submitted: immutable (a trigger refuses
 * UPDATE) and hash-linked, `hash` = sha256(prev_hash ‖ the report as stored), so a changed or
 * missing version is detectable (db/incident-reports.ts).
 */
export const incidentReports = pgTable(
  'incident_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    stage: reportStage('stage').notNull(),
    /** The level this report states (a 续报 may change it). */
    level: incidentLevel('level').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    reportedByUserId: integer('reported_by_user_id').references(() => users.id),
    reportedByName: text('reported_by_name').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true, precision: 3 }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('incident_reports_seq_key').on(t.incidentId, t.seq)],
);

/** Every hop of a report up the hierarchy — received, reminded, acknowledged, forwarded, escalated, overdue — with actor and time. */
export const incidentHops = pgTable(
  'incident_hops',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    reportSeq: integer('report_seq').notNull(),
    kind: hopKind('kind').notNull(),
    /** Makes a retried activity write the hop once: e.g. `r2:acknowledged:u4`. */
    hopKey: text('hop_key').notNull(),
    fromUnitId: integer('from_unit_id').references(() => units.id),
    toUnitId: integer('to_unit_id')
      .notNull()
      .references(() => units.id),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name'),
    comment: text('comment'),
    taskId: uuid('task_id'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('incident_hops_key').on(t.incidentId, t.hopKey), index('incident_hops_to_idx').on(t.toUnitId)],
);

/** Alerts down (预警通报): one numbered notice to every unit of a subtree, with receipt and reply per unit. */
export const incidentAlerts = pgTable(
  'incident_alerts',
  {
    id: text('id').primaryKey(), // = workflow id
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    issuingUnitId: integer('issuing_unit_id')
      .notNull()
      .references(() => units.id),
    /** The subtree alerted (its institutions), or null when `recipient_unit_ids` lists them. */
    rootUnitId: integer('root_unit_id').references(() => units.id),
    title: text('title').notNull(),
    measures: jsonb('measures').$type<string[]>().notNull(),
    status: alertStatus('status').notNull().default('issuing'),
    documentId: uuid('document_id'),
    number: text('number'),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }),
    recipientCount: integer('recipient_count').notNull().default(0),
    issuedByUserId: integer('issued_by_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('incident_alerts_incident_idx').on(t.incidentId),
    index('incident_alerts_issuer_idx').on(t.issuingUnitId),
  ],
);

/** One row per alerted unit: its receipt and reply tasks and where it stands. */
export const incidentAlertRecipients = pgTable(
  'incident_alert_recipients',
  {
    alertId: text('alert_id')
      .notNull()
      .references(() => incidentAlerts.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    replyResult: alertReplyResult('reply_result'),
    reply: jsonb('reply').$type<Record<string, unknown>>(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    overdue: boolean('overdue').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.unitId] }), index('incident_alert_recipients_unit_idx').on(t.unitId)],
);

/**
 * Circulars (通报; 000 第三十五条): one numbered document from a commission to many units, approved
 * by the commission's leader first. The projection the API reads; the workflow is the source of truth.
 */
export const circulars = pgTable(
  'circulars',
  {
    id: text('id').primaryKey(), // = workflow id
    issuingUnitId: integer('issuing_unit_id')
      .notNull()
      .references(() => units.id),
    kind: circularKind('kind').notNull(),
    title: text('title').notNull(),
    paragraphs: jsonb('paragraphs').$type<string[]>().notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    /** 主送 as printed. */
    recipientText: text('recipient_text').notNull(),
    recipientCount: integer('recipient_count').notNull().default(0),
    replyRequired: boolean('reply_required').notNull().default(false),
    stage: circularStage('stage').notNull().default('awaiting_approval'),
    /** Approval rounds so far (a returned draft resubmitted is round 2). */
    round: integer('round').notNull().default(1),
    returnComment: text('return_comment'),
    documentId: uuid('document_id'),
    number: text('number'),
    receiptDueAt: timestamp('receipt_due_at', { withTimezone: true }),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }),
    drafterUserId: integer('drafter_user_id').references(() => users.id),
    approvedByUserId: integer('approved_by_user_id').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** What it comes from (an accountability case's 通报批评), or null for a drafted one. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    ...timestamps,
  },
  (t) => [
    index('circulars_issuer_idx').on(t.issuingUnitId, t.createdAt),
    index('circulars_source_idx').on(t.sourceType, t.sourceId),
  ],
);

/** One row per recipient unit: the sender's receipt table (received, read, replied, overdue). */
export const circularRecipients = pgTable(
  'circular_recipients',
  {
    circularId: text('circular_id')
      .notNull()
      .references(() => circulars.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    receivedBy: text('received_by'),
    /** First time a user of the unit opened the circular or its PDF. */
    readAt: timestamp('read_at', { withTimezone: true }),
    readByUserId: integer('read_by_user_id').references(() => users.id),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    repliedByUserId: integer('replied_by_user_id').references(() => users.id),
    reply: text('reply'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    overdue: boolean('overdue').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.circularId, t.unitId] }), index('circular_recipients_unit_idx').on(t.unitId)],
);

/**
 * Process starts committed with the request that asks for them (a transactional outbox): the
 * request answers once its rows commit, and the API's process starter (api/process-starter.ts)
 * starts the workflow right after, or on its next sweep when Temporal was unreachable. A report
 * of an incident is never refused, nor lost, because the workflow engine is briefly away.
 */
export const processStarts = pgTable(
  'process_starts',
  {
    workflowId: text('workflow_id').primaryKey(),
    workflowType: text('workflow_type').notNull(),
    taskQueue: text('task_queue').notNull(),
    args: jsonb('args').$type<unknown[]>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('process_starts_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.startedAt} is null`),
  ],
);

export const idempotencyState = pgEnum('idempotency_state', ['in_progress', 'completed']);

/**
 * Answers to creating requests sent with an Idempotency-Key (api/idempotency.ts): the first
 * request with a key runs and its answer is kept; a repeat gets the same answer without running
 * again. Keyed per user: two users' keys never meet.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** sha256 of the request body: the same key with another body is a client error. */
    requestHash: text('request_hash').notNull(),
    state: idempotencyState('state').notNull().default('in_progress'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    /** The first answer's Location header, replayed with it (a 201 names what it created). */
    responseLocation: text('response_location'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AuditSeal = typeof auditSeals.$inferSelect;
export type DeadlinePolicyRow = typeof deadlinePolicies.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type DocumentRow = typeof documents.$inferSelect;
export type DataHolding = typeof dataHoldings.$inferSelect;
export type NewDataHolding = typeof dataHoldings.$inferInsert;
export type Handover = typeof handovers.$inferSelect;
export type HandoverRound = typeof handoverRounds.$inferSelect;
export type HandoverSignature = typeof handoverSignatures.$inferSelect;
export type HandoverEvent = typeof handoverEvents.$inferSelect;
export type ChecklistTemplate = typeof checklistTemplates.$inferSelect;
export type InspectionPlan = typeof inspectionPlans.$inferSelect;
export type InspectionRun = typeof inspectionRuns.$inferSelect;
export type Inspection = typeof inspections.$inferSelect;
export type InspectionFinding = typeof inspectionFindings.$inferSelect;
export type EvidenceFile = typeof evidenceFiles.$inferSelect;
export type AccountabilityCase = typeof accountabilityCases.$inferSelect;
export type AccountabilityCaseEvent = typeof accountabilityCaseEvents.$inferSelect;
export type Backup = typeof backups.$inferSelect;
export type RestoreDrill = typeof restoreDrills.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type IncidentReport = typeof incidentReports.$inferSelect;
export type IncidentHop = typeof incidentHops.$inferSelect;
export type IncidentAlert = typeof incidentAlerts.$inferSelect;
export type IncidentAlertRecipient = typeof incidentAlertRecipients.$inferSelect;
export type Circular = typeof circulars.$inferSelect;
export type CircularRecipient = typeof circularRecipients.$inferSelect;
export type EmergencyPlan = typeof emergencyPlans.$inferSelect;
export type EmergencyDrill = typeof emergencyDrills.$inferSelect;
export type ProcessStart = typeof processStarts.$inferSelect;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
export type DocumentNumberReservation = typeof documentNumberReservations.$inferSelect;
