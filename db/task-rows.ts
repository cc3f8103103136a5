// Writing a task row: one place for the task activity (activities/tasks.ts) and for a request that
// creates a process's first task in its own transaction (api/incidents/routes.ts: the 签收 task is
// in the inbox the moment the report is stored). Once per (workflow, key); audited with the row.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { appendAudit, type AuditEntry, type Tx as AuditTx } from './audit.js';
import { tasks } from './schema.js';
import type { TaskSpec } from '../domain/tasks.js';
import type { ActedBy } from '../domain/task-completion.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Inserts the task unless its (workflow, key) exists; returns its id either way. */
export async function insertTask(
  tx: Tx,
  spec: TaskSpec & { formSchema: Record<string, unknown> },
  audit: Pick<AuditEntry, 'actor' | 'requestId' | 'sourceIp'> = {},
  /** The new row's id, when the caller needs it before the insert returns. */
  id?: string,
): Promise<string> {
  const [created] = await tx
    .insert(tasks)
    .values({
      id,
      workflowId: spec.workflowId,
      taskKey: spec.key,
      type: spec.type,
      title: spec.title,
      assigneeUnitId: spec.assigneeUnitId,
      assigneeRole: spec.assigneeRole,
      assigneeUserId: spec.assigneeUserId,
      dueAt: new Date(spec.dueAt),
      remindAt: spec.remindAt ?? [],
      formSchema: spec.formSchema,
      updateName: spec.updateName,
      payload: spec.payload ?? {},
    })
    .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] })
    .returning({ id: tasks.id });
  if (created) {
    await appendAudit(tx, {
      ...audit,
      action: 'create',
      objectType: 'task',
      objectId: created.id,
      outcome: 'success',
      detail: { type: spec.type, workflowId: spec.workflowId, assigneeUnitId: spec.assigneeUnitId },
    });
    return created.id;
  }
  const [existing] = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.workflowId, spec.workflowId), eq(tasks.taskKey, spec.key)));
  return existing!.id;
}

/**
 * Completes the open task `key` of `workflowId` with `result`, audited; nothing when it is no longer
 * open (a retried activity). For processes that answer many tasks through their own Update handlers.
 */
export async function completeOpenTask(
  tx: AuditTx,
  workflowId: string,
  key: string,
  result: unknown,
  by: ActedBy,
): Promise<void> {
  const [row] = await tx
    .update(tasks)
    .set({
      status: 'completed',
      result,
      completedByUserId: by.actor.userId,
      completedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(tasks.workflowId, workflowId), eq(tasks.taskKey, key), eq(tasks.status, 'open')))
    .returning({ id: tasks.id });
  if (row)
    await appendAudit(tx, {
      actor: by.actor,
      requestId: by.requestId,
      sourceIp: by.sourceIp,
      action: 'complete',
      objectType: 'task',
      objectId: row.id,
      outcome: 'success',
    });
}

/** The open tasks of `types` in `workflowId`: the many per-unit tasks of one distribution. */
const openOfTypes = (workflowId: string, types: string[]) =>
  and(eq(tasks.workflowId, workflowId), eq(tasks.status, 'open'), inArray(tasks.type, types));

/** Marks the open tasks of `types` reminded at `at` (one UPDATE, however many units). */
export async function remindOpenTasks(tx: AuditTx, workflowId: string, types: string[], at: Date): Promise<void> {
  await tx
    .update(tasks)
    .set({ lastRemindedAt: at, updatedAt: sql`now()` })
    .where(openOfTypes(workflowId, types));
}

/** Marks the open tasks of `types` overdue, once (one UPDATE). */
export async function markOpenTasksOverdue(tx: AuditTx, workflowId: string, types: string[]): Promise<void> {
  await tx
    .update(tasks)
    .set({ overdue: true, escalatedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(openOfTypes(workflowId, types), eq(tasks.overdue, false)));
}

/** Withdraws the open tasks of `types` (nobody can answer a finished process); returns how many. */
export async function withdrawOpenTasks(
  tx: AuditTx,
  workflowId: string,
  types: string[],
  reason: string,
): Promise<number> {
  const withdrawn = await tx
    .update(tasks)
    .set({ status: 'cancelled', result: { reason }, updatedAt: sql`now()` })
    .where(openOfTypes(workflowId, types))
    .returning({ id: tasks.id });
  return withdrawn.length;
}
