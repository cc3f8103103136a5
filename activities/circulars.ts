// The circular process's writes (通报; 000 第三十五条). The first one makes sure the circular and its
// recipients exist, so a circular started by another process (an accountability case's 通报批评)
// needs no row written by the API. Distribution is a few multi-row statements, never an activity per
// unit. Every write names the stage it may move from, so a retried activity changes nothing twice;
// each step and its audit row commit together.
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { appendAudit, type AuditEntry, type Tx } from '../db/audit.js';
import { circularRecipients, circulars, evidenceFiles, tasks, units } from '../db/schema.js';
import { completeOpenTask, markOpenTasksOverdue, remindOpenTasks, withdrawOpenTasks } from '../db/task-rows.js';
import {
  CIRCULAR_DISTRIBUTION_BATCH,
  CIRCULAR_NAMED_RECIPIENTS,
  CIRCULAR_TASK_TYPES,
  circularTaskKey,
  type CircularStage,
  type CircularStartInput,
} from '../domain/circulars.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import type { ActedBy, TaskActor } from '../domain/task-completion.js';
import { taskFormSchema } from '../domain/task-forms.js';

const UNIT_TASK_TYPES = [CIRCULAR_TASK_TYPES.receipt, CIRCULAR_TASK_TYPES.reply];

export interface EnsuredCircular {
  stage: CircularStage;
  round: number;
  recipientCount: number;
}

export interface CircularIssue {
  unitIds: number[];
  recipientText: string;
  /** 附件: the attachments' file names, in the order given. */
  attachments: string[];
}

export interface DistributeCircularInput {
  circularId: string;
  unitIds: number[];
  title: string;
  number: string;
  documentId: string;
  receiptDueAt: string;
  /** The receipt tasks' type and the workflow's Update that completes them. */
  type: typeof CIRCULAR_TASK_TYPES.receipt;
  updateName: string;
}

export interface CircularReceiptRecord extends ActedBy {
  circularId: string;
  unitId: number;
  receivedBy: string;
  /** The reply task the receipt opens, when the circular asks for replies. */
  reply?: {
    type: typeof CIRCULAR_TASK_TYPES.reply;
    title: string;
    number: string;
    documentId: string;
    dueAt: string;
    updateName: string;
  };
}

export interface CircularAnswers {
  unitIds: number[];
  received: number[];
  replied: number[];
}

const audited = (by: Partial<ActedBy> | undefined): Pick<AuditEntry, 'actor' | 'requestId' | 'sourceIp'> => ({
  actor: by?.actor ?? null,
  requestId: by?.requestId,
  sourceIp: by?.sourceIp,
});

/** Moves the circular to `to` from one of `from`, with `set`; audits `action` when it moved. */
async function moveStage(
  tx: Tx,
  circularId: string,
  from: CircularStage[],
  to: CircularStage,
  audit: Omit<AuditEntry, 'objectType' | 'objectId' | 'outcome'> & { outcome?: AuditEntry['outcome'] },
  set: PgUpdateSetSource<typeof circulars> = {},
): Promise<boolean> {
  const [row] = await tx
    .update(circulars)
    .set({ ...set, stage: to, updatedAt: sql`now()` })
    .where(and(eq(circulars.id, circularId), inArray(circulars.stage, from)))
    .returning({ id: circulars.id });
  if (row) await appendAudit(tx, { outcome: 'success', ...audit, objectType: 'circular', objectId: circularId });
  return row !== undefined;
}

/** 主送 in words: the units by name when few, otherwise how many. */
async function recipientWords(db: Db, unitIds: number[]): Promise<string> {
  if (unitIds.length > CIRCULAR_NAMED_RECIPIENTS) return `各有关单位（共 ${unitIds.length} 个）`;
  const named = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds));
  const byId = new Map(named.map((u) => [u.id, u.name]));
  return unitIds.map((id) => byId.get(id) ?? String(id)).join('、');
}

/**
 * Takes the circular's row lock for the rest of `tx`. Reminders (automatic and any number by hand at
 * once) and the overdue marking each update every open task of the circular in one statement; two
 * such statements running together lock the same rows in whatever physical order each scan meets
 * them (an UPDATE moves a row): PostgreSQL reported a deadlock on the reminder's UPDATE while
 * test/hostile-circulars.test.ts sent ten reminders at once (the activity's retry hid it from the
 * caller). One at a time per circular, they simply wait for each other.
 */
async function lockCircular(tx: Tx, circularId: string): Promise<void> {
  await tx.select({ id: circulars.id }).from(circulars).where(eq(circulars.id, circularId)).for('update');
}

/** Who has not finished: not signed, or (when replies are asked) not replied. */
const laggard = (replyRequired: boolean): SQL =>
  replyRequired ? isNull(circularRecipients.repliedAt) : isNull(circularRecipients.receivedAt);

export function createCircularActivities(db: Db) {
  async function replyRequiredOf(circularId: string): Promise<boolean> {
    const [row] = await db
      .select({ replyRequired: circulars.replyRequired })
      .from(circulars)
      .where(eq(circulars.id, circularId));
    if (!row) throw ApplicationFailure.nonRetryable(`通报 ${circularId} 不存在。`, FAILURE_TYPES.recordMissing);
    return row.replyRequired;
  }

  return {
    /**
     * The circular's row and its recipients, inserted unless they exist (the API writes them with its
     * request; a process that starts a circular itself does not). Returns where it stands.
     */
    async ensureCircular(input: CircularStartInput & { circularId: string }): Promise<EnsuredCircular> {
      if (!input.recipientUnitIds.length)
        throw ApplicationFailure.nonRetryable('通报须至少有一个主送单位。', FAILURE_TYPES.invalidInput);
      const recipientText = input.recipientText ?? (await recipientWords(db, input.recipientUnitIds));
      await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(circulars)
          .values({
            id: input.circularId,
            issuingUnitId: input.issuingUnitId,
            kind: input.kind,
            title: input.title,
            paragraphs: input.paragraphs,
            attachmentIds: input.attachmentIds ?? [],
            recipientText,
            recipientCount: input.recipientUnitIds.length,
            replyRequired: input.replyRequired,
            stage: input.preApproved ? 'issuing' : 'awaiting_approval',
            drafterUserId: input.drafter.userId,
            approvedByUserId: input.preApproved?.by.userId,
            approvedAt: input.preApproved ? new Date(input.preApproved.at) : undefined,
            sourceType: input.source?.type,
            sourceId: input.source?.id,
          })
          .onConflictDoNothing()
          .returning({ id: circulars.id });
        if (!created) return;
        for (let i = 0; i < input.recipientUnitIds.length; i += CIRCULAR_DISTRIBUTION_BATCH) {
          const batch = input.recipientUnitIds.slice(i, i + CIRCULAR_DISTRIBUTION_BATCH);
          await tx
            .insert(circularRecipients)
            .values(batch.map((unitId) => ({ circularId: input.circularId, unitId })))
            .onConflictDoNothing();
        }
        await appendAudit(tx, {
          actor: input.drafter,
          action: 'create',
          objectType: 'circular',
          objectId: input.circularId,
          outcome: 'success',
          detail: { kind: input.kind, recipients: input.recipientUnitIds.length, source: input.source ?? null },
        });
      });
      const [row] = await db
        .select({ stage: circulars.stage, round: circulars.round, recipientCount: circulars.recipientCount })
        .from(circulars)
        .where(eq(circulars.id, input.circularId));
      return row!;
    },

    /** The leader approved: the draft goes to numbering. */
    async recordCircularApproved(input: { circularId: string; by: TaskActor; comment?: string }): Promise<void> {
      await db.transaction((tx) =>
        moveStage(
          tx,
          input.circularId,
          ['awaiting_approval'],
          'issuing',
          { actor: input.by, action: 'approve', detail: { comment: input.comment ?? null } },
          { approvedByUserId: input.by.userId, approvedAt: sql`now()`, returnComment: null },
        ),
      );
    },

    /** The leader returned the draft: no number is taken; the drafter revises or withdraws. */
    async recordCircularReturned(input: { circularId: string; by: TaskActor; comment: string }): Promise<void> {
      await db.transaction((tx) =>
        moveStage(
          tx,
          input.circularId,
          ['awaiting_approval'],
          'returned',
          { actor: input.by, action: 'return', detail: { comment: input.comment } },
          { returnComment: input.comment },
        ),
      );
    },

    /** Resubmitted (revised where the drafter changed it): the next approval round. */
    async recordCircularResubmitted(input: {
      circularId: string;
      by: TaskActor;
      title: string;
      paragraphs: string[];
      round: number;
    }): Promise<void> {
      await db.transaction((tx) =>
        moveStage(
          tx,
          input.circularId,
          ['returned'],
          'awaiting_approval',
          { actor: input.by, action: 'resubmit', detail: { round: input.round } },
          { title: input.title, paragraphs: input.paragraphs, round: input.round },
        ),
      );
    },

    /** Withdrawn by its drafter after a return: it ends without a number. */
    async recordCircularWithdrawn(input: { circularId: string; by: TaskActor; comment?: string }): Promise<void> {
      await db.transaction((tx) =>
        moveStage(tx, input.circularId, ['returned'], 'withdrawn', {
          actor: input.by,
          action: 'withdraw',
          detail: { comment: input.comment ?? null },
        }),
      );
    },

    /** Fixes the deadlines and reads what the document prints: the recipients and the attachments' names. */
    async prepareCircularIssue(input: {
      circularId: string;
      receiptDueAt: string;
      replyDueAt?: string;
    }): Promise<CircularIssue> {
      const [row] = await db
        .update(circulars)
        .set({
          receiptDueAt: new Date(input.receiptDueAt),
          replyDueAt: input.replyDueAt ? new Date(input.replyDueAt) : null,
          updatedAt: sql`now()`,
        })
        .where(eq(circulars.id, input.circularId))
        .returning({ recipientText: circulars.recipientText, attachmentIds: circulars.attachmentIds });
      if (!row) throw ApplicationFailure.nonRetryable(`通报 ${input.circularId} 不存在。`, FAILURE_TYPES.recordMissing);
      const recipients = await db
        .select({ unitId: circularRecipients.unitId })
        .from(circularRecipients)
        .where(eq(circularRecipients.circularId, input.circularId))
        .orderBy(asc(circularRecipients.unitId));
      const files = row.attachmentIds.length
        ? await db
            .select({ id: evidenceFiles.id, filename: evidenceFiles.filename })
            .from(evidenceFiles)
            .where(inArray(evidenceFiles.id, row.attachmentIds))
        : [];
      const names = new Map(files.map((f) => [f.id, f.filename]));
      return {
        unitIds: recipients.map((r) => r.unitId),
        recipientText: row.recipientText,
        attachments: row.attachmentIds.map((id) => names.get(id) ?? id),
      };
    },

    /** Numbered and printed: distribution follows. */
    async recordCircularIssued(input: { circularId: string; documentId: string; number: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(circulars)
          .set({ documentId: input.documentId, number: input.number, updatedAt: sql`now()` })
          .where(and(eq(circulars.id, input.circularId), eq(circulars.stage, 'issuing'), isNull(circulars.number)))
          .returning({ id: circulars.id });
        if (row)
          await appendAudit(tx, {
            action: 'issue',
            objectType: 'circular',
            objectId: input.circularId,
            outcome: 'success',
            detail: { documentId: input.documentId, number: input.number },
          });
      });
    },

    /**
     * One receipt task per recipient, `CIRCULAR_DISTRIBUTION_BATCH` per INSERT; a retry inserts only
     * what is missing. One audit row for the whole distribution: the tasks name their units.
     */
    async distributeCircular(input: DistributeCircularInput): Promise<number> {
      const dueAt = new Date(input.receiptDueAt);
      const formSchema = taskFormSchema(input.type)!;
      const title = `签收通报：${input.title}（${input.number}）`;
      const payload = { circularId: input.circularId, documentId: input.documentId, number: input.number };
      // The tasks and the stage commit together: a unit never holds a receipt task of a circular
      // whose page still says it is being issued.
      await db.transaction(async (tx) => {
        for (let i = 0; i < input.unitIds.length; i += CIRCULAR_DISTRIBUTION_BATCH) {
          const rows = input.unitIds.slice(i, i + CIRCULAR_DISTRIBUTION_BATCH).map((unitId) => ({
            workflowId: input.circularId,
            taskKey: circularTaskKey('receipt', unitId),
            type: input.type,
            title,
            assigneeUnitId: unitId,
            assigneeRole: 'unit_staff' as const,
            dueAt,
            formSchema,
            updateName: input.updateName,
            payload,
          }));
          await tx
            .insert(tasks)
            .values(rows)
            .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] });
        }
        await moveStage(tx, input.circularId, ['issuing'], 'distributed', {
          action: 'distribute',
          detail: { recipients: input.unitIds.length, documentId: input.documentId, number: input.number },
        });
      });
      return input.unitIds.length;
    },

    /** 签收: the receipt task completed, the unit marked received and (when asked) its reply task opened. */
    async recordCircularReceipt(input: CircularReceiptRecord): Promise<void> {
      await db.transaction(async (tx) => {
        const receivedAt = new Date().toISOString();
        const key = circularTaskKey('receipt', input.unitId);
        await completeOpenTask(tx, input.circularId, key, { receivedBy: input.receivedBy, receivedAt }, input);
        const [received] = await tx
          .update(circularRecipients)
          .set({ receivedAt: sql`now()`, receivedBy: input.receivedBy })
          .where(
            and(
              eq(circularRecipients.circularId, input.circularId),
              eq(circularRecipients.unitId, input.unitId),
              isNull(circularRecipients.receivedAt),
            ),
          )
          .returning({ unitId: circularRecipients.unitId });
        if (input.reply)
          await tx
            .insert(tasks)
            .values({
              workflowId: input.circularId,
              taskKey: circularTaskKey('reply', input.unitId),
              type: input.reply.type,
              title: `回复通报：${input.reply.title}（${input.reply.number}）`,
              assigneeUnitId: input.unitId,
              assigneeRole: 'unit_staff',
              dueAt: new Date(input.reply.dueAt),
              formSchema: taskFormSchema(input.reply.type)!,
              updateName: input.reply.updateName,
              payload: { circularId: input.circularId, documentId: input.reply.documentId, number: input.reply.number },
            })
            .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] });
        if (received)
          await appendAudit(tx, {
            ...audited(input),
            action: 'receive',
            objectType: 'circular',
            objectId: input.circularId,
            outcome: 'success',
            detail: { unitId: input.unitId, receivedBy: input.receivedBy },
          });
      });
    },

    /** The unit's written reply: its reply task completed and the reply stored. */
    async recordCircularReply(input: ActedBy & { circularId: string; unitId: number; content: string }) {
      await db.transaction(async (tx) => {
        const key = circularTaskKey('reply', input.unitId);
        await completeOpenTask(tx, input.circularId, key, { content: input.content }, input);
        const [replied] = await tx
          .update(circularRecipients)
          .set({ repliedAt: sql`now()`, repliedByUserId: input.actor.userId, reply: input.content })
          .where(
            and(
              eq(circularRecipients.circularId, input.circularId),
              eq(circularRecipients.unitId, input.unitId),
              isNull(circularRecipients.repliedAt),
            ),
          )
          .returning({ unitId: circularRecipients.unitId });
        if (replied)
          await appendAudit(tx, {
            ...audited(input),
            action: 'reply',
            objectType: 'circular',
            objectId: input.circularId,
            outcome: 'success',
            detail: { unitId: input.unitId },
          });
      });
    },

    /**
     * Reminds every unit that has not finished (signed, and replied where asked): two UPDATEs and one
     * audit row, whatever the number of units. Returns how many were reminded.
     */
    async remindCircularLaggards(input: Partial<ActedBy> & { circularId: string; at: string; automatic: boolean }) {
      const at = new Date(input.at);
      const replyRequired = await replyRequiredOf(input.circularId);
      return db.transaction(async (tx) => {
        await lockCircular(tx, input.circularId);
        await remindOpenTasks(tx, input.circularId, UNIT_TASK_TYPES, at);
        const reminded = await tx
          .update(circularRecipients)
          .set({ remindedAt: at })
          .where(and(eq(circularRecipients.circularId, input.circularId), laggard(replyRequired)))
          .returning({ unitId: circularRecipients.unitId });
        await appendAudit(tx, {
          ...audited(input),
          action: 'remind',
          objectType: 'circular',
          objectId: input.circularId,
          outcome: 'success',
          detail: { units: reminded.length, automatic: input.automatic },
        });
        return reminded.length;
      });
    },

    /** The deadline passed: the units that have not finished are overdue. Returns how many. */
    async markCircularOverdue(circularId: string): Promise<number> {
      const replyRequired = await replyRequiredOf(circularId);
      return db.transaction(async (tx) => {
        await lockCircular(tx, circularId);
        await markOpenTasksOverdue(tx, circularId, UNIT_TASK_TYPES);
        const marked = await tx
          .update(circularRecipients)
          .set({ overdue: true })
          .where(and(eq(circularRecipients.circularId, circularId), laggard(replyRequired)))
          .returning({ unitId: circularRecipients.unitId });
        if (marked.length)
          await appendAudit(tx, {
            action: 'overdue',
            objectType: 'circular',
            objectId: circularId,
            outcome: 'success',
            detail: { units: marked.length },
          });
        return marked.length;
      });
    },

    /** Who has signed and who has replied: what a continued run rebuilds its state from. */
    async circularAnswers(circularId: string): Promise<CircularAnswers> {
      const rows = await db
        .select({
          unitId: circularRecipients.unitId,
          received: sql<boolean>`${circularRecipients.receivedAt} is not null`,
          replied: sql<boolean>`${circularRecipients.repliedAt} is not null`,
        })
        .from(circularRecipients)
        .where(eq(circularRecipients.circularId, circularId));
      return {
        unitIds: rows.map((r) => r.unitId),
        received: rows.filter((r) => r.received).map((r) => r.unitId),
        replied: rows.filter((r) => r.replied).map((r) => r.unitId),
      };
    },

    /** The circular is over: the units' tasks still open are withdrawn. */
    async closeCircular(input: { circularId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const withdrawn = await withdrawOpenTasks(tx, input.circularId, UNIT_TASK_TYPES, input.reason);
        await moveStage(tx, input.circularId, ['distributed'], 'closed', {
          action: 'close',
          detail: { reason: input.reason, withdrawnTasks: withdrawn },
        });
      });
    },

    /** The process failed for good: the circular's page says so instead of "issuing". */
    async recordCircularFailed(input: { circularId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(circulars)
          .set({ stage: 'failed', updatedAt: sql`now()` })
          .where(
            and(eq(circulars.id, input.circularId), notInArray(circulars.stage, ['closed', 'failed', 'withdrawn'])),
          )
          .returning({ id: circulars.id });
        if (row)
          await appendAudit(tx, {
            action: 'fail',
            objectType: 'circular',
            objectId: input.circularId,
            outcome: 'failure',
            detail: { reason: input.reason },
          });
      });
    },
  };
}
