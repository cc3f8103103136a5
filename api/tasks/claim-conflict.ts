// A task a colleague holds: 409 `task_claimed` naming who holds it, so the caller knows whom to ask
// (issue 11 item 7), never a bare "not found" or "conflict".
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/audit.js';
import { tasks, users } from '../../db/schema.js';
import { Refusal } from '../errors.js';

/** The refusal for task `taskId` held by user `holderId` (realName and username in message and details). */
export async function claimedRefusal(db: Tx, holderId: number): Promise<Refusal> {
  const [holder] = await db
    .select({ id: users.id, username: users.username, realName: users.realName })
    .from(users)
    .where(eq(users.id, holderId));
  const who = holder ? `${holder.realName}（${holder.username}）` : '一位同事';
  return new Refusal('task_claimed', `这项任务已由${who}认领；请联系其办理或释放。`, {
    claimedBy: holder ?? { id: holderId },
  });
}

/** Why a conditional claim of open task `taskId` matched no row: held by someone else, or no longer open. */
export async function claimFailure(db: Tx, taskId: string, userId: number): Promise<Refusal> {
  const [now] = await db
    .select({ status: tasks.status, claimedByUserId: tasks.claimedByUserId })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  if (now?.status === 'open' && now.claimedByUserId && now.claimedByUserId !== userId)
    return claimedRefusal(db, now.claimedByUserId);
  return new Refusal('conflict', '这项任务已办结或已撤销。');
}
