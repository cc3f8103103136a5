// Who an alert (预警通报) goes to: the institutions (every unit kind but a commission) of a subtree,
// or of an explicit list. One query, shared by the API (which checks the scope and counts it before
// anything is written) and the workflow's activity (which distributes to it).
import { and, asc, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { units } from './schema.js';

export type AlertScope = { rootPath: string } | { unitIds: number[] };

/** Ids of the institutions in `scope`, ascending. */
export async function alertRecipientIds(db: Pick<Db, 'select'>, scope: AlertScope): Promise<number[]> {
  const within =
    'rootPath' in scope
      ? sql`${units.path} like ${`${scope.rootPath}%`}`
      : scope.unitIds.length
        ? inArray(units.id, scope.unitIds)
        : sql`false`;
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(within, ne(units.kind, 'commission')))
    .orderBy(asc(units.id));
  return rows.map((r) => r.id);
}
