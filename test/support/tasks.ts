// Waiting for a process's task to appear, as a person waits for it in the inbox.
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tasks } from '../../db/schema.js';

/** The task `key` of workflow `workflowId`, once it exists (polled for up to 30 s). */
export async function waitForTask(db: Db, workflowId: string, key: string): Promise<typeof tasks.$inferSelect> {
  let row: typeof tasks.$inferSelect | undefined;
  await expect
    .poll(
      async () =>
        ([row] = await db
          .select()
          .from(tasks)
          .where(and(eq(tasks.workflowId, workflowId), eq(tasks.taskKey, key)))).length,
      { timeout: 30_000 },
    )
    .toBe(1);
  return row!;
}
