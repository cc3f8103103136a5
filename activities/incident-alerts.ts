// The alert process's writes (预警通报, issue 12 item 5). Distribution is a handful of multi-row
// statements, not one activity per unit: a thousand units get their receipt tasks in two INSERTs.
// Every write names the state it may move from, so a retried activity changes nothing twice; each
// step and its audit row commit together.
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import { completeOpenTask, markOpenTasksOverdue, remindOpenTasks, withdrawOpenTasks } from '../db/task-rows.js';
import { incidentAlertRecipients, incidentAlerts, incidents, tasks, units } from '../db/schema.js';
import { alertRecipientIds } from '../db/alert-recipients.js';
import type { AlertReplyResult, IncidentCategory, IncidentLevel } from '../domain/incidents.js';
import { ALERT_DISTRIBUTION_BATCH, ALERT_TASK_TYPES, receiptKey, replyKey } from '../domain/incident-alerts.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import type { ActedBy } from '../domain/task-completion.js';
import { taskFormSchema } from '../domain/task-forms.js';

const UNIT_TASK_TYPES = [ALERT_TASK_TYPES.receipt, ALERT_TASK_TYPES.reply];

export interface PrepareAlertInput {
  alertId: string;
  replyDueAt: string;
  rootUnitId?: number;
  unitIds?: number[];
}

export interface PreparedAlert {
  unitIds: number[];
  /** 主送: how the notice addresses its recipients. */
  recipientText: string;
  incident: { title: string; level: IncidentLevel; category: IncidentCategory };
}

export interface DistributeAlertInput {
  alertId: string;
  unitIds: number[];
  title: string;
  number: string;
  documentId: string;
  replyDueAt: string;
  /** The receipt tasks' type, form and the workflow's Update that completes them. */
  receipt: { type: typeof ALERT_TASK_TYPES.receipt; updateName: string };
}

export interface AlertReceiptInput extends ActedBy {
  alertId: string;
  unitId: number;
  receivedBy: string;
  /** The reply task opened by the receipt. */
  reply: {
    type: typeof ALERT_TASK_TYPES.reply;
    title: string;
    dueAt: string;
    updateName: string;
    documentId: string;
    number: string;
  };
}

export interface AlertReplyInput extends ActedBy {
  alertId: string;
  unitId: number;
  reply: { result: AlertReplyResult; details: string; measuresTaken?: string };
}

export interface AlertAnswers {
  unitIds: number[];
  acknowledged: number[];
  replied: number[];
}

const missing = (alertId: string) =>
  ApplicationFailure.nonRetryable(`预警通报 ${alertId} 不存在：流程启动未完成，已撤销。`, FAILURE_TYPES.recordMissing);

export function createIncidentAlertActivities(db: Db) {
  return {
    /** Fixes the reply deadline and the recipients (the subtree's institutions, or the listed units). */
    async prepareAlert(input: PrepareAlertInput): Promise<PreparedAlert> {
      const [alert] = await db
        .select({ id: incidentAlerts.id, incidentId: incidentAlerts.incidentId })
        .from(incidentAlerts)
        .where(eq(incidentAlerts.id, input.alertId));
      if (!alert) throw missing(input.alertId);
      const [incident] = await db
        .select({ title: incidents.title, level: incidents.level, category: incidents.category })
        .from(incidents)
        .where(eq(incidents.id, alert.incidentId));
      let unitIds: number[];
      let recipientText: string;
      if (input.rootUnitId !== undefined) {
        const [root] = await db.select().from(units).where(eq(units.id, input.rootUnitId));
        if (!root) throw ApplicationFailure.nonRetryable(`单位 ${input.rootUnitId} 不存在`, 'UnknownUnit');
        unitIds = await alertRecipientIds(db, { rootPath: root.path });
        recipientText = root.kind === 'commission' ? `${root.name}所属各医疗卫生机构` : root.name;
      } else {
        unitIds = await alertRecipientIds(db, { unitIds: input.unitIds ?? [] });
        const names = unitIds.length
          ? await db
              .select({ name: units.name })
              .from(units)
              .where(inArray(units.id, unitIds.slice(0, 4)))
          : [];
        recipientText = unitIds.length <= 3 ? names.map((n) => n.name).join('、') : '各有关单位';
      }
      if (!unitIds.length)
        throw ApplicationFailure.nonRetryable('通报范围内没有医疗卫生机构。', FAILURE_TYPES.invalidInput);
      await db
        .update(incidentAlerts)
        .set({ replyDueAt: new Date(input.replyDueAt), recipientCount: unitIds.length, updatedAt: sql`now()` })
        .where(and(eq(incidentAlerts.id, input.alertId), eq(incidentAlerts.status, 'issuing')));
      return { unitIds, recipientText, incident: incident! };
    },

    /** The numbered notice exists: distribution follows. */
    async recordAlertIssued(input: { alertId: string; documentId: string; number: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(incidentAlerts)
          .set({ status: 'distributing', documentId: input.documentId, number: input.number, updatedAt: sql`now()` })
          .where(and(eq(incidentAlerts.id, input.alertId), eq(incidentAlerts.status, 'issuing')))
          .returning({ id: incidentAlerts.id });
        if (row)
          await appendAudit(tx, {
            action: 'issue',
            objectType: 'incident_alert',
            objectId: input.alertId,
            outcome: 'success',
            detail: { documentId: input.documentId, number: input.number },
          });
      });
    },

    /**
     * One recipient row and one receipt task per unit, `ALERT_DISTRIBUTION_BATCH` rows per INSERT;
     * a retry inserts only what is missing (ON CONFLICT DO NOTHING on each table's key). One audit
     * row for the whole distribution: the tasks themselves name their units.
     */
    async distributeAlert(input: DistributeAlertInput): Promise<number> {
      const dueAt = new Date(input.replyDueAt);
      for (let i = 0; i < input.unitIds.length; i += ALERT_DISTRIBUTION_BATCH) {
        const batch = input.unitIds.slice(i, i + ALERT_DISTRIBUTION_BATCH);
        await db.transaction(async (tx) => {
          await tx
            .insert(incidentAlertRecipients)
            .values(batch.map((unitId) => ({ alertId: input.alertId, unitId })))
            .onConflictDoNothing();
          await tx
            .insert(tasks)
            .values(
              batch.map((unitId) => ({
                workflowId: input.alertId,
                taskKey: receiptKey(unitId),
                type: input.receipt.type,
                title: `签收预警通报：${input.title}（${input.number}）`,
                assigneeUnitId: unitId,
                assigneeRole: 'unit_staff' as const,
                dueAt,
                formSchema: taskFormSchema(input.receipt.type)!,
                updateName: input.receipt.updateName,
                payload: { alertId: input.alertId, documentId: input.documentId, number: input.number },
              })),
            )
            .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] });
        });
      }
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(incidentAlerts)
          .set({ status: 'open', updatedAt: sql`now()` })
          .where(and(eq(incidentAlerts.id, input.alertId), eq(incidentAlerts.status, 'distributing')))
          .returning({ id: incidentAlerts.id });
        if (row)
          await appendAudit(tx, {
            action: 'distribute',
            objectType: 'incident_alert',
            objectId: input.alertId,
            outcome: 'success',
            detail: { recipients: input.unitIds.length, documentId: input.documentId, taskType: input.receipt.type },
          });
      });
      return input.unitIds.length;
    },

    /** 签收: the receipt task completed, the unit marked acknowledged and its reply task created, at once. */
    async recordAlertReceipt(input: AlertReceiptInput): Promise<void> {
      await db.transaction(async (tx) => {
        const receivedAt = new Date().toISOString();
        await completeOpenTask(
          tx,
          input.alertId,
          receiptKey(input.unitId),
          { receivedBy: input.receivedBy, receivedAt },
          input,
        );
        const [acknowledged] = await tx
          .update(incidentAlertRecipients)
          .set({ acknowledgedAt: sql`now()`, acknowledgedBy: input.receivedBy })
          .where(
            and(
              eq(incidentAlertRecipients.alertId, input.alertId),
              eq(incidentAlertRecipients.unitId, input.unitId),
              isNull(incidentAlertRecipients.acknowledgedAt),
            ),
          )
          .returning({ unitId: incidentAlertRecipients.unitId });
        await tx
          .insert(tasks)
          .values({
            workflowId: input.alertId,
            taskKey: replyKey(input.unitId),
            type: input.reply.type,
            title: `回复自查结果：${input.reply.title}（${input.reply.number}）`,
            assigneeUnitId: input.unitId,
            assigneeRole: 'unit_staff',
            dueAt: new Date(input.reply.dueAt),
            formSchema: taskFormSchema(input.reply.type)!,
            updateName: input.reply.updateName,
            payload: { alertId: input.alertId, documentId: input.reply.documentId, number: input.reply.number },
          })
          .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] });
        if (acknowledged)
          await appendAudit(tx, {
            actor: input.actor,
            requestId: input.requestId,
            sourceIp: input.sourceIp,
            action: 'acknowledge',
            objectType: 'incident_alert',
            objectId: input.alertId,
            outcome: 'success',
            detail: { unitId: input.unitId, receivedBy: input.receivedBy },
          });
      });
    },

    /** The unit's self-check result: its reply task completed and the result stored. */
    async recordAlertReply(input: AlertReplyInput): Promise<void> {
      await db.transaction(async (tx) => {
        await completeOpenTask(tx, input.alertId, replyKey(input.unitId), input.reply, input);
        const [replied] = await tx
          .update(incidentAlertRecipients)
          .set({ repliedAt: sql`now()`, replyResult: input.reply.result, reply: input.reply })
          .where(
            and(
              eq(incidentAlertRecipients.alertId, input.alertId),
              eq(incidentAlertRecipients.unitId, input.unitId),
              isNull(incidentAlertRecipients.repliedAt),
            ),
          )
          .returning({ unitId: incidentAlertRecipients.unitId });
        if (replied)
          await appendAudit(tx, {
            actor: input.actor,
            requestId: input.requestId,
            sourceIp: input.sourceIp,
            action: 'reply',
            objectType: 'incident_alert',
            objectId: input.alertId,
            outcome: 'success',
            detail: { unitId: input.unitId, result: input.reply.result },
          });
      });
    },

    /**
     * Reminds every unit that has not replied: two UPDATEs (its open receipt or reply task, its
     * recipient row) and one audit row, whatever the number of units. Returns how many were reminded.
     */
    async remindUnansweredAlert(
      input: Partial<ActedBy> & { alertId: string; at: string; automatic: boolean },
    ): Promise<number> {
      const at = new Date(input.at);
      return db.transaction(async (tx) => {
        await remindOpenTasks(tx, input.alertId, UNIT_TASK_TYPES, at);
        const reminded = await tx
          .update(incidentAlertRecipients)
          .set({ remindedAt: at })
          .where(and(eq(incidentAlertRecipients.alertId, input.alertId), isNull(incidentAlertRecipients.repliedAt)))
          .returning({ unitId: incidentAlertRecipients.unitId });
        await appendAudit(tx, {
          actor: input.actor ?? null,
          requestId: input.requestId,
          sourceIp: input.sourceIp,
          action: 'remind',
          objectType: 'incident_alert',
          objectId: input.alertId,
          outcome: 'success',
          detail: { units: reminded.length, automatic: input.automatic },
        });
        return reminded.length;
      });
    },

    /** The reply deadline passed: the units that have not replied are overdue. Returns how many. */
    async markAlertOverdue(alertId: string): Promise<number> {
      return db.transaction(async (tx) => {
        await markOpenTasksOverdue(tx, alertId, UNIT_TASK_TYPES);
        const marked = await tx
          .update(incidentAlertRecipients)
          .set({ overdue: true })
          .where(
            and(
              eq(incidentAlertRecipients.alertId, alertId),
              isNull(incidentAlertRecipients.repliedAt),
              eq(incidentAlertRecipients.overdue, false),
            ),
          )
          .returning({ unitId: incidentAlertRecipients.unitId });
        if (marked.length)
          await appendAudit(tx, {
            action: 'overdue',
            objectType: 'incident_alert',
            objectId: alertId,
            outcome: 'success',
            detail: { units: marked.length },
          });
        const [{ n }] = (await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(incidentAlertRecipients)
          .where(and(eq(incidentAlertRecipients.alertId, alertId), isNull(incidentAlertRecipients.repliedAt)))) as [
          { n: number },
        ];
        return n;
      });
    },

    /** Who has signed and who has replied: what a continued run rebuilds its state from. */
    async alertAnswers(alertId: string): Promise<AlertAnswers> {
      const rows = await db
        .select({
          unitId: incidentAlertRecipients.unitId,
          acknowledged: sql<boolean>`${incidentAlertRecipients.acknowledgedAt} is not null`,
          replied: sql<boolean>`${incidentAlertRecipients.repliedAt} is not null`,
        })
        .from(incidentAlertRecipients)
        .where(eq(incidentAlertRecipients.alertId, alertId));
      return {
        unitIds: rows.map((r) => r.unitId),
        acknowledged: rows.filter((r) => r.acknowledged).map((r) => r.unitId),
        replied: rows.filter((r) => r.replied).map((r) => r.unitId),
      };
    },

    /** The alert is over: the units' tasks still open are withdrawn (nobody can answer a finished process). */
    async closeAlert(input: { alertId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(incidentAlerts)
          .set({ status: 'closed', updatedAt: sql`now()` })
          .where(and(eq(incidentAlerts.id, input.alertId), inArray(incidentAlerts.status, ['distributing', 'open'])))
          .returning({ id: incidentAlerts.id });
        if (!row) return;
        const withdrawn = await withdrawOpenTasks(tx, input.alertId, UNIT_TASK_TYPES, input.reason);
        await appendAudit(tx, {
          action: 'close',
          objectType: 'incident_alert',
          objectId: input.alertId,
          outcome: 'success',
          detail: { reason: input.reason, withdrawnTasks: withdrawn },
        });
      });
    },

    /** The process failed for good: the alert's page says so instead of "issuing". */
    async recordAlertFailed(input: { alertId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(incidentAlerts)
          .set({ status: 'failed', updatedAt: sql`now()` })
          .where(and(eq(incidentAlerts.id, input.alertId), notInArray(incidentAlerts.status, ['closed', 'failed'])))
          .returning({ id: incidentAlerts.id });
        if (row)
          await appendAudit(tx, {
            action: 'fail',
            objectType: 'incident_alert',
            objectId: input.alertId,
            outcome: 'failure',
            detail: { reason: input.reason },
          });
      });
    },
  };
}
