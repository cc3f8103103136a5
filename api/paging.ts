// One page of a filtered list and the total the filter matches: what every list route answers.
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

export interface PageQuery {
  page: number;
  pageSize: number;
}

/** Runs `rows(limit, offset)` for the requested page beside a count of `table` rows matching `where`. */
export async function pageOf<T>(
  db: Db,
  table: PgTable,
  where: SQL | undefined,
  q: PageQuery,
  rows: (limit: number, offset: number) => Promise<T[]>,
) {
  const [items, [count]] = await Promise.all([
    rows(q.pageSize, (q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(where),
  ]);
  return { items, total: count!.n, page: q.page, pageSize: q.pageSize };
}
