// The single sealer that links committed audit events into the append-only chain `audit_seals`.
//
// Sealing runs in one short transaction under a transaction-level advisory lock taken with
// pg_try_advisory_xact_lock: a second sealer (another process, or the same one) skips instead of
// queueing, so no writer ever waits on it and there is no lock order to deadlock on. The lock only
// keeps sealers from doing the work twice; the chain cannot fork even without it, because
// `position` is the primary key and `prev_hash` is unique (db/migrations, audit_seals).
import { createHmac } from 'node:crypto';
import { and, asc, desc, gt, notExists, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { onAuditAppended } from './audit.js';
import { auditEvents, auditSeals, type AuditEvent } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The canonical text of an event as read back from the database (never as the writer meant it). */
export function auditContent(row: AuditEvent): string {
  return canonicalJson([
    row.seq,
    row.at.toISOString(),
    row.actorUserId,
    row.actorName,
    row.actorUsername,
    row.actorUnitId,
    row.actorRoles,
    row.action,
    row.objectType,
    row.objectId,
    row.requestId,
    row.sourceIp,
    row.outcome,
    row.detail ?? null,
  ]);
}

/**
 * HMAC-SHA256(key, prev ‖ content). The key (AUDIT_KEY) lives outside the database: someone who can
 * edit rows and recompute the chain without it produces hashes verification rejects.
 */
export function sealHash(key: string, prevHash: string, row: AuditEvent): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(auditContent(row)).digest('hex');
}

/**
 * How far below the highest sealed event a normal pass looks for events committed late (a writer
 * whose transaction took its seq earlier but committed after later ones): it bounds the cost of a
 * pass. A full pass, which the sealer runs every minute and verification always runs first, looks
 * at every event, so a later straggler is still sealed.
 */
const LATE_COMMIT_WINDOW = 10_000;

export interface SealOptions {
  /** Look at every event rather than the recent window (before verification). */
  full?: boolean;
  /** Wait for another sealer's short pass rather than skip (verification needs every event sealed). */
  wait?: boolean;
  batchSize?: number;
}

/** Seals every visible unsealed event in one short transaction per batch; returns how many, or null if another sealer holds the lock. */
export async function sealAuditEvents(db: Db, key: string, options: SealOptions = {}): Promise<number | null> {
  const batchSize = options.batchSize ?? 2_000;
  let total = 0;
  for (;;) {
    const sealed = await db.transaction(async (tx) => {
      if (options.wait) await tx.execute(sql`select pg_advisory_xact_lock(hashtext('audit_seals'))`);
      else {
        const [lock] = await tx.execute<{ ok: boolean }>(
          sql`select pg_try_advisory_xact_lock(hashtext('audit_seals')) as ok`,
        );
        if (!lock?.ok) return null;
      }
      const [last] = await tx
        .select({ position: auditSeals.position, hash: auditSeals.hash })
        .from(auditSeals)
        .orderBy(desc(auditSeals.position))
        .limit(1);
      const [{ highest } = { highest: 0 }] = await tx
        .select({ highest: sql<number>`coalesce(max(${auditSeals.eventSeq}), 0)::bigint`.mapWith(Number) })
        .from(auditSeals);
      const from = options.full ? 0 : Math.max(0, highest - LATE_COMMIT_WINDOW);
      const pending = await tx
        .select()
        .from(auditEvents)
        .where(
          and(
            gt(auditEvents.seq, from),
            notExists(
              tx
                .select({ one: sql`1` })
                .from(auditSeals)
                .where(sql`${auditSeals.eventSeq} = ${auditEvents.seq}`),
            ),
          ),
        )
        .orderBy(asc(auditEvents.seq))
        .limit(batchSize);
      if (pending.length === 0) return 0;
      let position = last?.position ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const seals = pending.map((event) => {
        const hash = sealHash(key, prevHash, event);
        const seal = { position: ++position, eventSeq: event.seq, prevHash, hash };
        prevHash = hash;
        return seal;
      });
      await tx.insert(auditSeals).values(seals);
      return seals.length;
    });
    if (sealed === null) return total === 0 ? null : total;
    total += sealed;
    if (sealed < batchSize) return total;
  }
}

export interface AuditSealer {
  /** Seals now (or waits for the pass under way) and resolves when done. */
  flush(options?: SealOptions): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Seals shortly after each append in this process (debounced) and every `intervalMs` (for events
 * of other processes and of transactions that committed after the debounced pass). Every process
 * that writes audit events (API, worker) runs one; they skip each other through the lock.
 */
export function startAuditSealer(options: {
  db: Db;
  key: string;
  debounceMs?: number;
  intervalMs?: number;
  fullEveryMs?: number;
  onError?: (err: unknown) => void;
}): AuditSealer {
  const { db, key, debounceMs = 25, intervalMs = 1_000, fullEveryMs = 60_000, onError = () => {} } = options;
  let running: Promise<void> = Promise.resolve();
  let debounce: NodeJS.Timeout | undefined;
  let stopped = false;
  const pass = (sealOptions?: SealOptions): Promise<void> => {
    running = running
      .then(async () => {
        // Skipped because another sealer held the lock: it may have missed our rows; try again soon.
        if ((await sealAuditEvents(db, key, sealOptions)) === null && !stopped) schedule();
      })
      .catch(onError);
    return running;
  };
  const schedule = () => {
    if (stopped || debounce) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      void pass();
    }, debounceMs);
    debounce.unref();
  };
  const unsubscribe = onAuditAppended(schedule);
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  const fullTimer = setInterval(() => void pass({ full: true }), fullEveryMs);
  fullTimer.unref();
  return {
    flush: (sealOptions) => pass(sealOptions),
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      clearInterval(fullTimer);
      clearTimeout(debounce);
      await running;
    },
  };
}
