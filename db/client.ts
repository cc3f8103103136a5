import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;

/** A connection pool plus its Drizzle handle; `close()` ends the pool. */
export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** Above this many parameters a query is a bulk write whose text rarely repeats: not worth a server-side statement. */
const PREPARE_MAX_PARAMETERS = 100;

/**
 * `sql` as Drizzle sees it: its queries become named prepared statements (postgres.js keeps one per
 * connection and query text), so a repeated query is parsed and planned once per connection rather
 * than on every call. Drizzle asks for that only for queries
 * given a name with `.prepare(name)`; every other query was sent unnamed, parsed and planned anew. README, Benchmarks (bench:api) has the measurement.
 */
function preparingClient(sql: postgres.Sql): postgres.Sql {
  const unsafe: postgres.Sql['unsafe'] = (query, args, options) =>
    sql.unsafe(
      query,
      args,
      args && args.length > 0 && args.length <= PREPARE_MAX_PARAMETERS ? { ...options, prepare: true } : options,
    );
  return new Proxy(sql, {
    get: (target, key) => (key === 'unsafe' ? unsafe : key === 'begin' ? reservedBegin(sql) : Reflect.get(target, key)),
  });
}

/**
 * `sql.begin` on a connection reserved before BEGIN is sent. postgres.js 3.4 may pipeline a BEGIN
 * onto a busy connection without marking it reserved (porsager/postgres#823, still open): the
 * transaction then fails with UNSAFE_TRANSACTION and the connection can go back to the pool inside
 * an open transaction. A reserved connection is never shared, so neither can happen. Drizzle's
 * `db.transaction` calls this with its callback; nested transactions (savepoints) are not used here.
 */
function reservedBegin(sql: postgres.Sql) {
  return async function begin(...args: unknown[]): Promise<unknown> {
    const fn = args.at(-1) as (tx: postgres.Sql) => unknown;
    const mode = typeof args[0] === 'string' && args.length > 1 ? args[0].replace(/[^a-z ]/gi, '') : '';
    const reserved = await sql.reserve();
    let open = false;
    try {
      await reserved.unsafe(`begin ${mode}`);
      open = true;
      const result = await fn(reserved);
      open = false; // COMMIT ends the transaction whether or not it succeeds
      await reserved.unsafe('commit');
      return result;
    } catch (err) {
      if (open) await reserved.unsafe('rollback').catch(() => undefined);
      throw err;
    } finally {
      reserved.release();
    }
  };
}

export function connectDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzle(preparingClient(sql), { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
