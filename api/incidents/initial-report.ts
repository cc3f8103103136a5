// The 初报 (000 第三十一条; NSIR) as POST /incidents stores it: who reports and where it goes, its
// deadlines, and the rows written in one transaction with the workflow's start (the outbox).
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { CurrentUser } from '../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../errors.js';
import { appendAudit, type AuditEntry } from '../../db/audit.js';
import { initialVersion } from '../../db/incident-reports.js';
import { unitAndCommissionsAbove } from '../../db/unit-tree.js';
import {
  deadlinePolicies,
  incidentHops,
  incidentReports,
  incidents,
  type Incident,
  type Unit,
} from '../../db/schema.js';
import { insertTask } from '../../db/task-rows.js';
import { taskFormSchema } from '../../domain/task-forms.js';
import { deadlineFrom } from '../../domain/deadline-arithmetic.js';
import type { InitialReportInput } from '../../domain/incident-forms.js';
import { acknowledgeKey, acknowledgeTitle, INCIDENT_POLICIES, reportPolicy } from '../../domain/incidents.js';
import { canSeeUnit, hasRole } from '../policy.js';
import { auditActor } from '../request-audit.js';
import { enqueueStart } from '../process-starter.js';
import { acknowledgeReportUpdate, incidentWorkflow, type IncidentInput } from '../../workflows/incident.js';

type Facts = Omit<InitialReportInput, 'unitId'>;

export interface Reporter {
  unit: Unit;
  /** The commissions above the unit, nearest first: where the report goes. */
  chain: Unit[];
  /** A supervisor recording an incident the unit did not report (漏报). */
  bySupervisor: boolean;
}

/** The unit a report is for, checked against who sends it. */
export async function reportingUnit(db: Db, user: CurrentUser, forUnit: number | undefined): Promise<Reporter> {
  const found = await unitAndCommissionsAbove(db, forUnit ?? user.unitId);
  if (!found || !canSeeUnit(user, found.unit)) throw new AppError('not_found', '未找到该单位。');
  const { unit, commissions: chain } = found;
  // The unit reports its own incidents (000 第三十一条); a supervisor may only record one it found unreported.
  const bySupervisor = unit.id !== user.unitId;
  if (bySupervisor ? !hasRole(user, 'official') : !hasRole(user, 'unit_staff', 'unit_leader'))
    throw new AppError(
      'forbidden',
      bySupervisor
        ? '仅主管部门工作人员（official）可以登记辖区单位未报告的事件。'
        : '仅单位工作人员（unit_staff）或单位负责人（unit_leader）可以报告本单位的事件。',
    );
  if (chain.length === 0)
    throw new AppError('validation_failed', '该单位没有上级主管部门，事件报告无处报送。', {
      fields: [{ field: 'unitId', message: '须为有上级卫生健康委的单位' }],
    });
  return { unit, chain, bySupervisor };
}

export interface ReportDeadlines {
  reportDueAt: Date;
  /** The supervising office's 签收. */
  ackDueAt: string;
  /** 迟报: how long after its deadline the report came (0 when in time). */
  delayMs: number;
}

/** The report's deadline (from discovery, by level and CII) and the first 签收's, from their policies. */
export async function reportDeadlines(db: Db, facts: Facts, reportedAt: Date): Promise<ReportDeadlines> {
  const policyKey = reportPolicy(facts.level, facts.criticalInfrastructure);
  const policies = await db
    .select()
    .from(deadlinePolicies)
    .where(inArray(deadlinePolicies.key, [policyKey, INCIDENT_POLICIES.acknowledge]));
  const policy = policies.find((p) => p.key === policyKey);
  const ackPolicy = policies.find((p) => p.key === INCIDENT_POLICIES.acknowledge);
  if (!policy || !ackPolicy)
    throw new AppError('unavailable', `期限策略 ${policyKey} 或 ${INCIDENT_POLICIES.acknowledge} 缺失，请联系管理员。`);
  const reportDueAt = new Date(deadlineFrom(policy, new Date(facts.discoveredAt)).at);
  // 迟报 is recorded with its delay, never refused: a late report is better than none (NSIR).
  const delayMs = Math.max(0, reportedAt.getTime() - reportDueAt.getTime());
  return { reportDueAt, ackDueAt: deadlineFrom(ackPolicy, reportedAt).at, delayMs };
}

interface InitialReport {
  id: string;
  facts: Facts;
  reporter: Reporter;
  due: ReportDeadlines;
  reportedAt: Date;
  user: CurrentUser;
  audit: Pick<AuditEntry, 'actor' | 'requestId' | 'sourceIp'>;
  taskQueue: string;
}

/**
 * Writes the incident, its first report version, the supervising office's 签收 task (in the inbox
 * the moment the report is stored), the first hop, the audit entry and the workflow's start, in one
 * transaction. A repeated request (same Idempotency-Key) writes nothing and reads what the first stored.
 */
export async function storeInitialReport(
  db: Db,
  report: InitialReport,
): Promise<{ created: boolean; stored: Incident }> {
  const { id, facts, reporter, due, reportedAt, user } = report;
  const { unit, chain, bySupervisor } = reporter;
  const office = chain[0]!;
  const late = due.delayMs > 0;
  const delaySeconds = Math.round(due.delayMs / 1000);
  const ackTask = {
    key: acknowledgeKey(1, office.id),
    type: 'incident_acknowledgement',
    title: acknowledgeTitle(unit.name, 'initial', facts.title),
    assigneeUnitId: office.id,
    assigneeRole: 'official' as const,
    dueAt: due.ackDueAt,
    remindAt: [new Date((reportedAt.getTime() + Date.parse(due.ackDueAt)) / 2).toISOString()],
    formSchema: taskFormSchema('incident_acknowledgement')!,
    updateName: acknowledgeReportUpdate.name,
  };
  const first = initialVersion({
    incidentId: id,
    level: facts.level,
    content: facts,
    reportedByUserId: user.id,
    reportedByName: user.realName,
    reportedAt: reportedAt.toISOString(),
  });
  const taskId = randomUUID();
  const workflowInput: IncidentInput = {
    unitId: unit.id,
    unitName: unit.name,
    title: facts.title,
    level: facts.level,
    chain: chain.map((u) => ({ id: u.id, name: u.name })),
    late,
    delaySeconds,
    recordedBySupervisor: bySupervisor,
    reportedBy: auditActor(user),
    firstTask: { taskId, dueAt: due.ackDueAt, remindAt: ackTask.remindAt[0]!, receivedAt: reportedAt.toISOString() },
  };
  let stored: Incident | undefined;
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidents)
      .values({
        id,
        unitId: unit.id,
        supervisingUnitId: office.id,
        title: facts.title,
        level: facts.level,
        category: facts.category,
        criticalInfrastructure: facts.criticalInfrastructure,
        personalInfoAffected: facts.personalInfoAffected,
        discoveredAt: new Date(facts.discoveredAt),
        reportedAt,
        reportDueAt: due.reportDueAt,
        late,
        delaySeconds,
        recordedBySupervisor: bySupervisor,
        lastHash: first.hash,
        createdByUserId: user.id,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return false;
    stored = row;
    // Independent rows, sent together on the transaction's connection (postgres.js pipelines
    // them): one wait instead of four, where 200 units may be reporting at once.
    await Promise.all([
      enqueueStart(tx, {
        workflowId: id,
        workflowType: incidentWorkflow.name,
        taskQueue: report.taskQueue,
        args: [workflowInput],
      }),
      tx.insert(incidentReports).values(first.row),
      insertTask(
        tx,
        { ...ackTask, workflowId: id, payload: { incidentId: id, reportSeq: 1, level: facts.level, unitId: unit.id } },
        report.audit,
        taskId,
      ),
      tx.insert(incidentHops).values({
        incidentId: id,
        reportSeq: 1,
        kind: 'received',
        hopKey: `received:${ackTask.key}`,
        fromUnitId: unit.id,
        toUnitId: office.id,
        taskId,
        dueAt: new Date(due.ackDueAt),
        at: reportedAt,
      }),
      appendAudit(tx, {
        ...report.audit,
        action: 'create',
        objectType: 'incident',
        objectId: id,
        outcome: 'success',
        detail: { unitId: unit.id, level: facts.level, late, recordedBySupervisor: bySupervisor },
      }),
    ]);
    return true;
  });
  // A repeated request reads the incident its first request stored.
  stored ??= (await db.select().from(incidents).where(eq(incidents.id, id)))[0];
  return { created, stored: stored! };
}
