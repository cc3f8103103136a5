// Task rows for the inbox. Every write is idempotent (activities are retried) and audited in
// the same transaction.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import { tasks } from '../db/schema.js';
import type { TaskSpec } from '../domain/tasks.js';
import { insertTask } from '../db/task-rows.js';
import { taskFormSchema } from '../domain/task-forms.js';
import { ApplicationFailure } from '@temporalio/common';
import type { ActedBy } from '../domain/task-completion.js';

export interface CompleteTaskInput extends ActedBy {
  taskId: string;
  result: unknown;
}

export function createTaskActivities(db: Db) {
  return {
    /** Creates the task once per (workflow, key) and returns its id; a retry returns the same id. */
    async createTask(spec: TaskSpec): Promise<string> {
      const formSchema = spec.formSchema ?? taskFormSchema(spec.type);
      // A type without a form is a programming error no retry mends (a test lists every type's form).
      if (!formSchema)
        throw ApplicationFailure.nonRetryable(
          `任务类型 ${spec.type} 没有表单定义（domain/task-forms.ts）。`,
          'UnknownTaskType',
        );
      return db.transaction((tx) => insertTask(tx, { ...spec, formSchema }));
    },

    /** Marks the task completed with its result, by the person who completed it. */
    async completeTask(input: CompleteTaskInput): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(tasks)
          .set({
            status: 'completed',
            result: input.result,
            completedByUserId: input.actor.userId,
            completedAt: sql`now()`,
            updatedAt: sql`now()`,
          })
          .where(and(eq(tasks.id, input.taskId), eq(tasks.status, 'open')))
          .returning({ id: tasks.id });
        if (!row) return; // a retry after the first attempt committed
        await appendAudit(tx, {
          actor: input.actor,
          requestId: input.requestId,
          sourceIp: input.sourceIp,
          action: 'complete',
          objectType: 'task',
          objectId: input.taskId,
          outcome: 'success',
        });
      });
    },

    /** Records that a reminder went out (shown on the task). */
    async remindTask(taskId: string, at: string): Promise<void> {
      await db
        .update(tasks)
        .set({ lastRemindedAt: new Date(at), updatedAt: sql`now()` })
        .where(and(eq(tasks.id, taskId), eq(tasks.status, 'open')));
    },

    /** Closes an open task nobody needs to act on any more (the process moved on). */
    async cancelTask(taskId: string, reason: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(tasks)
          .set({ status: 'cancelled', result: { reason }, updatedAt: sql`now()` })
          .where(and(eq(tasks.id, taskId), eq(tasks.status, 'open')))
          .returning({ id: tasks.id });
        if (row)
          await appendAudit(tx, {
            action: 'cancel',
            objectType: 'task',
            objectId: taskId,
            outcome: 'success',
            detail: { reason },
          });
      });
    },

    /** Flags the task overdue once its deadline has passed. */
    async markTaskOverdue(taskId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(tasks)
          .set({ overdue: true, escalatedAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(tasks.id, taskId), eq(tasks.overdue, false)))
          .returning({ id: tasks.id });
        if (row) await appendAudit(tx, { action: 'overdue', objectType: 'task', objectId: taskId, outcome: 'success' });
      });
    },
  };
}
