// The incident process's writes (workflows/incident.ts): tasks up the hierarchy with their hops,
// report versions on the chain, accountability cases, the report form PDF. Every write is
// idempotent (activities are retried): hops by (incident, hop key), tasks by (workflow, key),
// versions by their submission key, cases by (source, kind).
import { Context } from '@temporalio/activity';
import { openCase } from '../db/accountability-cases.js';
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit, type Tx } from '../db/audit.js';
import { insertTask } from '../db/task-rows.js';
import { taskFormSchema } from '../domain/task-forms.js';
import { appendReport } from '../db/incident-reports.js';
import { deadlinePolicies, incidentHops, incidentReports, incidents, units, type Incident } from '../db/schema.js';
import { deadlineFrom } from '../domain/deadline-arithmetic.js';
import {
  CATEGORY_NAMES,
  delayText,
  INCIDENT_CASE_SOURCE,
  INCIDENT_POLICIES,
  LEVEL_NAMES,
  STAGE_NAMES,
  type HopKind,
  type IncidentCaseKind,
  type IncidentLevel,
  type ReportStage,
} from '../domain/incidents.js';
import type { FollowUpReportInput } from '../domain/incident-forms.js';
import { FAILURE_TYPES, type TaskSpec } from '../domain/tasks.js';
import type { ActedBy } from '../domain/task-completion.js';
import { createTaskActivities } from './tasks.js';
import type { createDocumentActivities } from './documents.js';
import { chineseDate } from '../domain/chinese-dates.js';

/** What each report field prints as on the 事件报告单. */
const FIELD_LABELS: Record<string, string> = {
  description: '事件经过',
  progress: '事件进展',
  systemsAffected: '受影响系统',
  dataAffected: '受影响数据',
  personalInfoAffected: '涉及个人信息（条，估计）',
  measuresTaken: '已采取措施',
  handled: '处置状态',
  cause: '事件原因',
  impact: '影响范围和损失',
  handling: '处置情况',
  rectification: '整改措施',
  lessons: '经验教训',
};

const chinaTime = (d: Date) => `${chineseDate(d)} ${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;

export function createIncidentActivities(db: Db, documents: ReturnType<typeof createDocumentActivities>) {
  const taskRows = createTaskActivities(db);

  async function incidentOf(incidentId: string): Promise<Incident> {
    const [row] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
    // Written before the workflow starts (api/incidents/routes.ts); without it the start was compensated.
    if (!row)
      throw ApplicationFailure.nonRetryable(
        `事件 ${incidentId} 不存在：流程启动未完成，已撤销。`,
        FAILURE_TYPES.recordMissing,
      );
    return row;
  }

  async function policyDeadline(key: string, from: Date): Promise<string> {
    const [policy] = await db.select().from(deadlinePolicies).where(eq(deadlinePolicies.key, key));
    if (!policy) throw ApplicationFailure.nonRetryable(`没有名为 ${key} 的期限策略。`, 'DeadlinePolicyMissing');
    return deadlineFrom(policy, from).at;
  }

  async function hop(
    input: {
      incidentId: string;
      seq: number;
      key: string;
      kind: HopKind;
      toUnitId: number;
      fromUnitId?: number;
      taskId?: string;
      dueAt?: string;
      comment?: string;
      actorName?: string;
      acted?: ActedBy;
      at?: Date;
    },
    inTx?: Tx,
  ): Promise<void> {
    const write = async (tx: Tx) => {
      const [row] = await tx
        .insert(incidentHops)
        .values({
          incidentId: input.incidentId,
          reportSeq: input.seq,
          kind: input.kind,
          hopKey: `${input.kind}:${input.key}`,
          fromUnitId: input.fromUnitId,
          toUnitId: input.toUnitId,
          actorUserId: input.acted?.actor.userId,
          actorName: input.actorName ?? input.acted?.actor.realName,
          comment: input.comment,
          taskId: input.taskId,
          dueAt: input.dueAt ? new Date(input.dueAt) : undefined,
          at: input.at,
        })
        .onConflictDoNothing()
        .returning({ id: incidentHops.id });
      if (row)
        await appendAudit(tx, {
          actor: input.acted?.actor,
          requestId: input.acted?.requestId,
          sourceIp: input.acted?.sourceIp,
          action: `incident_${input.kind}`,
          objectType: 'incident',
          objectId: input.incidentId,
          outcome: 'success',
          detail: { seq: input.seq, toUnitId: input.toUnitId, fromUnitId: input.fromUnitId },
        });
    };
    await (inTx ? write(inTx) : db.transaction(write));
  }

  /**
   * A task and its hop in one transaction: an office never sees a task the incident's timeline does
   * not show yet (a retry finds both, or neither).
   */
  async function taskWithHop(spec: TaskSpec, hopOf: ((taskId: string) => Parameters<typeof hop>[0]) | undefined) {
    const formSchema = taskFormSchema(spec.type);
    if (!formSchema)
      throw ApplicationFailure.nonRetryable(
        `任务类型 ${spec.type} 没有表单定义（domain/task-forms.ts）。`,
        'UnknownTaskType',
      );
    return db.transaction(async (tx) => {
      const taskId = await insertTask(tx, { ...spec, formSchema });
      if (hopOf) await hop(hopOf(taskId), tx);
      return taskId;
    });
  }

  return {
    /**
     * The task for one office and one report (签收, or 上报 for a forward) with its deadline from the
     * policy, counted from when the office received the report; a received hop for a 签收 task.
     */
    async openIncidentTask(input: {
      incidentId: string;
      seq: number;
      key: string;
      kind: 'acknowledge' | 'forward';
      officeId: number;
      fromUnitId: number;
      /** When the office received the report (a forward's limit counts from it); now for a 签收. */
      receivedAt?: string;
      updateName: string;
      type: string;
      title: string;
    }): Promise<{ taskId: string; dueAt: string; remindAt: string; receivedAt: string }> {
      const incident = await incidentOf(input.incidentId);
      // A retry keeps the first attempt's times: the hop row, once written, says when it was received.
      const [earlier] = await db
        .select({ at: incidentHops.at })
        .from(incidentHops)
        .where(and(eq(incidentHops.incidentId, input.incidentId), eq(incidentHops.hopKey, `received:${input.key}`)));
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : (earlier?.at ?? new Date());
      const policy = input.kind === 'acknowledge' ? INCIDENT_POLICIES.acknowledge : INCIDENT_POLICIES.forward;
      const dueAt = await policyDeadline(policy, receivedAt);
      const remindAt = new Date((receivedAt.getTime() + Date.parse(dueAt)) / 2).toISOString();
      const taskId = await taskWithHop(
        {
          key: input.key,
          type: input.type,
          title: input.title,
          assigneeUnitId: input.officeId,
          assigneeRole: 'official',
          dueAt,
          remindAt: [remindAt],
          workflowId: input.incidentId,
          updateName: input.updateName,
          payload: {
            incidentId: input.incidentId,
            reportSeq: input.seq,
            level: incident.level,
            unitId: incident.unitId,
          },
        },
        input.kind === 'acknowledge'
          ? (id) => ({
              incidentId: input.incidentId,
              seq: input.seq,
              key: input.key,
              kind: 'received',
              toUnitId: input.officeId,
              fromUnitId: input.fromUnitId,
              taskId: id,
              dueAt,
              at: receivedAt,
            })
          : undefined,
      );
      return { taskId, dueAt, remindAt, receivedAt: receivedAt.toISOString() };
    },

    /** An office answered (acknowledged, forwarded): the hop with who and when. */
    async recordIncidentHop(
      input: {
        incidentId: string;
        seq: number;
        officeId: number;
        key: string;
        kind: 'acknowledged' | 'forwarded';
        comment?: string;
        actorName: string;
      } & ActedBy,
    ): Promise<void> {
      await hop({
        incidentId: input.incidentId,
        seq: input.seq,
        key: input.key,
        kind: input.kind,
        toUnitId: input.officeId,
        comment: input.comment,
        actorName: input.actorName,
        acted: input,
      });
    },

    /** The reminder at half time: shown on the task, and a hop. */
    async remindIncidentTask(input: {
      incidentId: string;
      seq: number;
      officeId: number;
      taskId: string;
      key: string;
    }): Promise<void> {
      await taskRows.remindTask(input.taskId, new Date().toISOString());
      await hop({ ...input, kind: 'reminded', toUnitId: input.officeId });
    },

    /** The deadline passed unanswered. */
    async markIncidentTaskOverdue(input: {
      incidentId: string;
      seq: number;
      officeId: number;
      taskId: string;
      key: string;
    }): Promise<void> {
      await taskRows.markTaskOverdue(input.taskId);
      await hop({ ...input, kind: 'overdue', toUnitId: input.officeId });
    },

    /** A task to the office above saying which office has not answered; due by the acknowledgement policy. */
    async openIncidentEscalation(input: {
      incidentId: string;
      seq: number;
      key: string;
      officeId: number;
      lateOfficeId: number;
      updateName: string;
      type: string;
      title: string;
    }): Promise<{ taskId: string; dueAt: string }> {
      const dueAt = await policyDeadline(INCIDENT_POLICIES.acknowledge, new Date());
      const taskId = await taskWithHop(
        {
          key: input.key,
          type: input.type,
          title: input.title,
          assigneeUnitId: input.officeId,
          assigneeRole: 'official',
          dueAt,
          workflowId: input.incidentId,
          updateName: input.updateName,
          payload: { incidentId: input.incidentId, reportSeq: input.seq, lateOfficeId: input.lateOfficeId },
        },
        (id) => ({
          incidentId: input.incidentId,
          seq: input.seq,
          key: input.key,
          kind: 'escalated',
          toUnitId: input.officeId,
          fromUnitId: input.lateOfficeId,
          taskId: id,
          dueAt,
        }),
      );
      return { taskId, dueAt };
    },

    /**
     * Stores a 续报 or 终报 on the chain. A 续报 that declares the incident handled starts the 终报
     * deadline; a 终报 closes the incident. Refused (non-retryable) once the 终报 is in.
     */
    async appendIncidentReport(
      input: { incidentId: string; report: FollowUpReportInput; submission: string } & ActedBy,
    ): Promise<{
      seq: number;
      stage: ReportStage;
      level: IncidentLevel;
      hash: string;
      reportedAt: string;
      finalDueAt?: string;
    }> {
      const { report } = input;
      return db.transaction(async (tx) => {
        const [incident] = await tx.select().from(incidents).where(eq(incidents.id, input.incidentId)).for('update');
        if (!incident)
          throw ApplicationFailure.nonRetryable(`事件 ${input.incidentId} 不存在。`, FAILURE_TYPES.recordMissing);
        const { stage: _stage, ...content } = report;
        const level = report.stage === 'update' && report.level ? report.level : incident.level;
        const { report: row, appended } = await appendReport(tx, {
          incidentId: input.incidentId,
          stage: report.stage,
          level,
          content,
          reportedByUserId: input.actor.userId,
          reportedByName: input.actor.realName,
          idempotencyKey: input.submission,
        });
        const result = {
          seq: row.seq,
          stage: row.stage,
          level: row.level,
          hash: row.hash,
          reportedAt: row.reportedAt.toISOString(),
        };
        if (!appended) return { ...result, finalDueAt: incident.finalDueAt?.toISOString() };
        // A report racing the 终报 past the workflow's check: too late, as when sent after it (409).
        if (incident.status === 'closed')
          throw ApplicationFailure.nonRetryable('该事件已报送终报，不能再报送。', FAILURE_TYPES.alreadyCompleted);
        let finalDueAt: string | undefined;
        if (report.stage === 'final') {
          await tx
            .update(incidents)
            .set({ status: 'closed', finalReportedAt: row.reportedAt, handledAt: incident.handledAt ?? row.reportedAt })
            .where(eq(incidents.id, input.incidentId));
        } else if (report.handled && incident.status === 'reported') {
          finalDueAt = await policyDeadline(INCIDENT_POLICIES.finalReport, row.reportedAt);
          await tx
            .update(incidents)
            .set({
              status: 'handled',
              handledAt: row.reportedAt,
              finalDueAt: new Date(finalDueAt),
              ...(report.personalInfoAffected !== undefined
                ? { personalInfoAffected: report.personalInfoAffected }
                : {}),
            })
            .where(eq(incidents.id, input.incidentId));
        } else if (report.stage === 'update' && report.personalInfoAffected !== undefined) {
          await tx
            .update(incidents)
            .set({ personalInfoAffected: report.personalInfoAffected })
            .where(eq(incidents.id, input.incidentId));
        }
        await appendAudit(tx, {
          actor: input.actor,
          requestId: input.requestId,
          sourceIp: input.sourceIp,
          action: 'report',
          objectType: 'incident',
          objectId: input.incidentId,
          outcome: 'success',
          detail: { seq: row.seq, stage: row.stage, level: row.level, previousLevel: incident.level, hash: row.hash },
        });
        return { ...result, finalDueAt: finalDueAt ?? incident.finalDueAt?.toISOString() };
      });
    },

    /** The unit's 终报 task, due at the 终报 deadline; completing it is submitting the 终报. */
    async openFinalReportTask(input: {
      incidentId: string;
      unitId: number;
      dueAt: string;
      key: string;
      updateName: string;
      type: string;
      title: string;
    }): Promise<{ taskId: string }> {
      const taskId = await taskRows.createTask({
        key: input.key,
        type: input.type,
        title: input.title,
        assigneeUnitId: input.unitId,
        assigneeRole: 'unit_staff',
        dueAt: input.dueAt,
        workflowId: input.incidentId,
        updateName: input.updateName,
        payload: { incidentId: input.incidentId },
      });
      return { taskId };
    },

    /** An accountability case (source `incident`) for a late or never-made report or a missing 终报, with the measured delay. */
    async openIncidentCase(input: { incidentId: string; kind: IncidentCaseKind; dueAt?: string }): Promise<void> {
      const incident = await incidentOf(input.incidentId);
      const now = Date.now();
      const reason =
        input.kind === 'late'
          ? `迟报：${LEVEL_NAMES[incident.level]}事件“${incident.title}”初报超出报告时限${delayText(incident.delaySeconds * 1000)}（000 第三十一条）`
          : input.kind === 'unreported'
            ? `漏报：${LEVEL_NAMES[incident.level]}事件“${incident.title}”未由事发单位报告，由主管部门发现登记（000 第三十一条）`
            : `终报逾期：事件“${incident.title}”处置完毕后未在期限内报送终报，已逾期${delayText(now - Date.parse(input.dueAt ?? ''))}（000 第三十一条）`;
      await db.transaction(async (tx) => {
        // The case starts its own process (db/accountability-cases.ts), on this worker's queue.
        await openCase(tx, {
          unitId: incident.unitId,
          source: INCIDENT_CASE_SOURCE,
          sourceId: `${input.incidentId}:${input.kind}`,
          reason,
          taskQueue: Context.current().info.taskQueue,
        });
      });
    },

    /** The 事件报告单 of one report version, numbered and issued by the reporting unit; readable by the offices it reaches. */
    async issueIncidentReportDocument(input: { incidentId: string; seq: number }): Promise<{ documentId: string }> {
      const incident = await incidentOf(input.incidentId);
      const [report] = await db
        .select()
        .from(incidentReports)
        .where(and(eq(incidentReports.incidentId, input.incidentId), eq(incidentReports.seq, input.seq)));
      if (!report)
        throw ApplicationFailure.nonRetryable(`事件 ${input.incidentId} 没有第 ${input.seq} 次报告。`, 'ReportMissing');
      const hops = await db
        .selectDistinct({ unitId: incidentHops.toUnitId })
        .from(incidentHops)
        .where(eq(incidentHops.incidentId, input.incidentId));
      const [unit] = await db
        .select({ path: units.path, name: units.name })
        .from(units)
        .where(eq(units.id, incident.unitId));
      const ancestors = unit!.path.split('/').filter(Boolean).map(Number);
      const offices = await db
        .select({ id: units.id, name: units.name, path: units.path })
        .from(units)
        .where(and(inArray(units.id, ancestors), eq(units.kind, 'commission')));
      // 主送 the supervising office: the nearest commission above the unit.
      offices.sort((a, b) => b.path.length - a.path.length);
      const [receipt] = await db
        .select({ actorName: incidentHops.actorName, at: incidentHops.at, unitName: units.name })
        .from(incidentHops)
        .innerJoin(units, eq(units.id, incidentHops.toUnitId))
        .where(
          and(
            eq(incidentHops.incidentId, input.incidentId),
            eq(incidentHops.reportSeq, input.seq),
            eq(incidentHops.kind, 'acknowledged'),
          ),
        )
        .orderBy(asc(incidentHops.at))
        .limit(1);
      const content = report.content;
      const rows = Object.entries(content)
        .filter(([key]) => key in FIELD_LABELS)
        .map(([key, value]) => ({
          label: FIELD_LABELS[key]!,
          value: Array.isArray(value)
            ? value.join('、') || '无'
            : typeof value === 'boolean'
              ? value
                ? '已处置完毕'
                : '处置中'
              : String(value),
        }));
      const stageName = STAGE_NAMES[report.stage];
      const doc = await documents.issueDocument({
        kind: 'incident-report',
        code: '网安报',
        issuingUnitId: incident.unitId,
        title: `关于“${incident.title}”的网络与信息安全事件${stageName}`,
        recipient: offices[0]?.name,
        recipientUnitIds: [...new Set([...offices.map((o) => o.id), ...hops.map((h) => h.unitId)])],
        data: {
          incidentTitle: incident.title,
          unitName: unit!.name,
          stageName,
          seq: report.seq,
          levelName: LEVEL_NAMES[report.level],
          categoryName: CATEGORY_NAMES[incident.category],
          discoveredAt: chinaTime(incident.discoveredAt),
          reportedAt: chinaTime(report.reportedAt),
          late: report.seq === 1 && incident.late,
          delay: delayText(incident.delaySeconds * 1000),
          criticalInfrastructure: incident.criticalInfrastructure,
          rows,
          reportedBy: report.reportedByName,
          contact: (content as { contact?: { name: string; phone: string } }).contact,
          hash: report.hash,
          prevHash: report.prevHash,
          receipt: receipt && { office: receipt.unitName, by: receipt.actorName, at: chinaTime(receipt.at) },
        },
        workflowId: input.incidentId,
        idempotencyKey: `${input.incidentId}/report-${input.seq}`,
      });
      return { documentId: doc.documentId };
    },

    /** A failure no retry can mend: the incident's page says so. */
    async recordIncidentFailed(input: { incidentId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(incidents)
          .set({ status: 'failed', updatedAt: sql`now()` })
          .where(and(eq(incidents.id, input.incidentId), inArray(incidents.status, ['reported', 'handled'])))
          .returning({ id: incidents.id });
        if (row)
          await appendAudit(tx, {
            action: 'fail',
            objectType: 'incident',
            objectId: input.incidentId,
            outcome: 'failure',
            detail: { reason: input.reason },
          });
      });
    },
  };
}
