// The audit trail (000 第二十九条 real-name trace; 004 8.2.4 log audit): writers append events here;
// db/audit-seal.ts links them into the chain, db/audit-verify.ts checks it.
//
// Why writers do not link rows themselves: a writer that reads the last hash and inserts the next
// one needs a global lock held until its transaction commits, i.e. across whole business
// transactions, and without a transaction (reads, downloads, logins) the lock protects nothing, so
// concurrent writers forked the chain. Here a writer only INSERTs (no lock, no read), and a single
// sealer links committed rows in the order they became visible, computing each hash over the row
// as the database returns it, so whatever storage does to a value cannot break verification.
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { auditEvents } from './schema.js';
import type { AuditOutcome } from '../domain/identity.js';

/** A transaction or the database: audit rows are written inside the caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface AuditActor {
  userId: number;
  realName: string;
  username: string;
  unitId: number;
  roles: string[];
}

export interface AuditEntry {
  actor?: AuditActor | null;
  /** For failed logins: the username that was tried, when no user is known. */
  attemptedUsername?: string;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  requestId?: string | null;
  sourceIp?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown> | null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Lone surrogates become U+FFFD, as PostgreSQL's UTF-8 would store them in text anyway; in jsonb
 * they are refused outright, and the row recording a hostile request must still be written.
 */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd') as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)])) as T;
  }
  return value;
}

const appendListeners = new Set<() => void>();

/** Called after each append in this process (the sealer uses it to seal soon after). Returns the unsubscribe. */
export function onAuditAppended(listener: () => void): () => void {
  appendListeners.add(listener);
  return () => appendListeners.delete(listener);
}

/** The columns an append writes. */
const APPEND_COLUMNS = [
  'at',
  'actorUserId',
  'actorName',
  'actorUsername',
  'actorUnitId',
  'actorRoles',
  'action',
  'objectType',
  'objectId',
  'requestId',
  'sourceIp',
  'outcome',
  'detail',
] as const;

/**
 * The INSERT of an append outside a transaction (reads, downloads, logins: the commonest), built
 * once per pool and prepared on the server; building it per call cost about as much as the
 * request's own query (README, Benchmarks). Inside a transaction the usual builder runs.
 */
function appendStatement(db: Db) {
  // Drizzle maps a column's placeholder value as it maps a value (Date → ISO text), except that it
  // would turn a null detail into the JSON `null`: detail is a bare placeholder, sent as JSON text or NULL.
  const values = Object.fromEntries(
    APPEND_COLUMNS.map((c) => [c, c === 'detail' ? sql`${sql.placeholder(c)}` : sql.placeholder(c)]),
  );
  return db
    .insert(auditEvents)
    .values(values as unknown as typeof auditEvents.$inferInsert)
    .prepare('audit_append');
}
const appendStatements = new WeakMap<Db, ReturnType<typeof appendStatement>>();

const auditRow = (entry: AuditEntry) =>
  wellFormed({
    at: new Date(),
    actorUserId: entry.actor?.userId ?? null,
    actorName: entry.actor?.realName ?? null,
    actorUsername: entry.actor?.username ?? entry.attemptedUsername ?? null,
    actorUnitId: entry.actor?.unitId ?? null,
    actorRoles: entry.actor?.roles.join(',') ?? null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId == null ? null : String(entry.objectId),
    requestId: entry.requestId ?? null,
    sourceIp: entry.sourceIp ?? null,
    outcome: entry.outcome,
    detail: entry.detail ?? null,
  });

/** Appends one event inside `tx`: a single INSERT, no lock; the sealer chains it once it is committed. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const row = auditRow(entry);
  if (tx instanceof PgTransaction) {
    await tx.insert(auditEvents).values(row);
  } else {
    let statement = appendStatements.get(tx);
    if (!statement) appendStatements.set(tx, (statement = appendStatement(tx)));
    await statement.execute({ ...row, detail: row.detail === null ? null : JSON.stringify(row.detail) });
  }
  for (const listener of appendListeners) listener();
}

/** Appends many events in one INSERT (a batch of tasks created together, each audited as one would be). */
export async function appendAudits(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditEvents).values(entries.map(auditRow));
  for (const listener of appendListeners) listener();
}
