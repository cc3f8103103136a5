// One page of a filtered list and the total the filter matches: what every list route answers.
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

export interface PageQuery {
  page: number;
  pageSize: number;
}

/**
 * Runs `rows(limit, offset)` for the requested page and, when the page alone cannot tell, a count of
 * `table` rows matching `where`. A page with fewer rows than asked for (and either some rows or
 * none before it) is the last one, so the total is known without a second query; an empty inbox,
 * the commonest answer, costs one query (README, Benchmarks). `where` may be a function, called only
 * for the count, when building the condition costs more than the rows' own query does.
 */
export async function pageOf<T>(
  db: Db,
  table: PgTable,
  where: SQL | undefined | (() => SQL | undefined),
  q: PageQuery,
  rows: (limit: number, offset: number) => Promise<T[]>,
) {
  const offset = (q.page - 1) * q.pageSize;
  const items = await rows(q.pageSize, offset);
  const lastPage = items.length < q.pageSize && (items.length > 0 || offset === 0);
  const total = lastPage
    ? offset + items.length
    : (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(table)
          .where(typeof where === 'function' ? where() : where)
      )[0]!.n;
  return { items, total, page: q.page, pageSize: q.pageSize };
}
