// The inbox's commonest questions — scope `unit` or `mine`, no other filter — as statements built
// once per pool and prepared on the server, with the user and the page as parameters. Building the
// query with Drizzle on every request cost more than running it (README, Benchmarks). The
// conditions are those of the list route in api/tasks/routes.ts: keep the two in step.
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tasks, type Task } from '../../db/schema.js';
import type { CurrentUser } from '../context.js';

const p = {
  unitId: sql.placeholder('unitId'),
  userId: sql.placeholder('userId'),
  roles: sql.placeholder('roles'),
  limit: sql.placeholder('limit'),
  offset: sql.placeholder('offset'),
};

function build(db: Db) {
  // unit: open, addressed to my unit and to me or my roles, not claimed by a colleague.
  const unit = db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.status, 'open'),
        eq(tasks.assigneeUnitId, p.unitId),
        or(
          eq(tasks.assigneeUserId, p.userId),
          and(
            isNull(tasks.assigneeUserId),
            or(isNull(tasks.assigneeRole), sql`${tasks.assigneeRole}::text = any(string_to_array(${p.roles}, ','))`),
          ),
        ),
        or(isNull(tasks.claimedByUserId), eq(tasks.claimedByUserId, p.userId)),
      ),
    )
    .orderBy(asc(tasks.dueAt), asc(tasks.createdAt))
    .limit(p.limit)
    .offset(p.offset)
    .prepare('inbox_unit');
  // mine: open, assigned to or claimed by me.
  const mine = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.status, 'open'), or(eq(tasks.assigneeUserId, p.userId), eq(tasks.claimedByUserId, p.userId))))
    .orderBy(asc(tasks.dueAt), asc(tasks.createdAt))
    .limit(p.limit)
    .offset(p.offset)
    .prepare('inbox_mine');
  return { unit, mine };
}
const built = new WeakMap<Db, ReturnType<typeof build>>();

/** One page of the `unit` or `mine` inbox of `user`, soonest due first. */
export function inboxPage(
  db: Db,
  user: CurrentUser,
  scope: 'unit' | 'mine',
  limit: number,
  offset: number,
): Promise<Task[]> {
  let statements = built.get(db);
  if (!statements) built.set(db, (statements = build(db)));
  return statements[scope].execute({
    unitId: user.unitId,
    userId: user.id,
    roles: user.roles.join(','),
    limit,
    offset,
  });
}
