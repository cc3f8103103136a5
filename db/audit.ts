// The hash-chained audit trail (000 第二十九条 real-name trace; 004 8.2.4 log audit).
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { auditEvents, type AuditEvent } from './schema.js';
import type { AuditOutcome } from '../domain/identity.js';

/** A transaction or the database: audit rows are written inside the caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export const GENESIS_HASH = '0'.repeat(64);

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

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type Hashed = Pick<AuditEvent, 'at' | 'actorUserId' | 'actorName' | 'actorUsername' | 'actorUnitId' | 'actorRoles' | 'action' | 'objectType' | 'objectId' | 'requestId' | 'sourceIp' | 'outcome' | 'detail'>;

/** sha256(prev ‖ canonical content): any edit of a row, or removal of one, breaks the chain there. */
export function auditHash(prevHash: string, row: Hashed): string {
  const content = canonicalJson([
    row.at.toISOString(), row.actorUserId, row.actorName, row.actorUsername, row.actorUnitId, row.actorRoles,
    row.action, row.objectType, row.objectId, row.requestId, row.sourceIp, row.outcome, row.detail ?? null,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Appends one row to the chain inside `tx`; concurrent writers are serialised by an advisory lock. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('audit_events'))`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: Hashed = {
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
  };
  await tx.insert(auditEvents).values({ ...row, prevHash, hash: auditHash(prevHash, row) });
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAtSeq: number; reason: string };

/** Walks the chain in order and names the first row whose link or content does not match. */
export async function verifyAuditChain(db: Db, batchSize = 5_000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let rows = 0;
  for (;;) {
    const batch = await db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(batchSize);
    if (batch.length === 0) return { ok: true, rows };
    for (const row of batch) {
      if (row.prevHash !== prevHash) return { ok: false, rows, brokenAtSeq: row.seq, reason: 'the link to the previous row does not match (a row was removed or inserted)' };
      if (auditHash(prevHash, row) !== row.hash) return { ok: false, rows, brokenAtSeq: row.seq, reason: 'the row content does not match its hash (the row was altered)' };
      prevHash = row.hash;
      afterSeq = row.seq;
      rows++;
    }
  }
}
