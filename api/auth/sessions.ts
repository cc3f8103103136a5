// Server-side sessions: revocable (logout, admin disable) and expiring. Only token hashes are stored.
import { hash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/audit.js';
import { sessions, units, users } from '../../db/schema.js';
import type { CurrentUser } from '../context.js';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day

// One-shot hash: every request hashes its token, and a Hash object per call cost ~2 µs of it.
const hashToken = (token: string) => hash('sha256', token, 'hex');

/** Creates a session and returns the bearer token (shown once, never stored). */
export async function createSession(
  tx: Tx,
  userId: number,
  sourceIp: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await tx.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt, sourceIp });
  return { token, expiresAt };
}

/** The session lookup every authenticated request runs, built once per pool (README, Benchmarks). */
function sessionUserQuery(db: Db) {
  return db
    .select({
      id: users.id,
      username: users.username,
      realName: users.realName,
      unitId: users.unitId,
      unitPath: units.path,
      roles: users.roles,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
        eq(users.status, 'active'),
      ),
    )
    .prepare('session_user');
}
const sessionUserQueries = new WeakMap<Db, ReturnType<typeof sessionUserQuery>>();

/** The active user behind a live, unrevoked, unexpired session token, or undefined (from `cache` when it may answer). */
/**
 * The signed-in user of `token`, or undefined when its session has ended. A session this process
 * has cached answers at once, without a promise (most requests: authenticate stays synchronous).
 */
export function userForToken(
  db: Db,
  token: string,
  cache?: SessionCache,
): CurrentUser | undefined | Promise<CurrentUser | undefined> {
  const tokenHash = hashToken(token);
  return cache?.get(tokenHash) ?? lookUpSession(db, tokenHash, cache);
}

async function lookUpSession(db: Db, tokenHash: string, cache?: SessionCache): Promise<CurrentUser | undefined> {
  const ticket = cache?.ticket();
  let query = sessionUserQueries.get(db);
  if (!query) sessionUserQueries.set(db, (query = sessionUserQuery(db)));
  const [row] = await query.execute({ tokenHash, now: new Date().toISOString() });
  if (!row) return undefined;
  const { expiresAt, ...user } = row;
  if (ticket !== undefined) cache!.put(ticket, tokenHash, user, expiresAt.getTime());
  return user;
}

/** The channel `db/migrations/0015_session_grants_notify.sql` notifies: 'u<user id>' or '*'. */
export const SESSION_GRANTS_CHANNEL = 'session_grants';

export interface SessionCacheOptions {
  /** Longest an entry answers without the database, whatever the notifications say (a backstop). */
  ttlMs?: number;
  maxEntries?: number;
  /** Told when the listening connection is lost (the cache then answers nothing until it is back). */
  onLost?: (err: unknown) => void;
}

interface CachedSession {
  user: CurrentUser;
  validUntil: number;
}

/**
 * Validated sessions kept in this process, so most requests skip the session lookup
 * (README, Benchmarks: bench:api). Revocation stays immediate across processes: every change to
 * what a session grants (logout, password reset, a user disabled or edited, a unit's path, any
 * delete or truncate) fires a trigger that NOTIFYs `session_grants` at commit, and every process
 * LISTENs on its own connection and evicts. The cache answers only while that connection listens:
 * when it is lost the cache empties and every request asks the database until LISTEN is back. A
 * lookup that raced a notification is not kept (`ticket`). Entries also end at the session's own
 * expiry and after `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  private readonly listener: postgres.Sql;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly onLost: (err: unknown) => void;
  /** Bumped by every eviction: a lookup started under an older epoch is not cached. */
  private epoch = 0;
  private listening = false;
  private closing = false;
  private retry?: NodeJS.Timeout;
  hits = 0;
  readonly ready: Promise<void>;

  constructor(url: string, options: SessionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.onLost = options.onLost ?? (() => {});
    // `onnotify` is the option postgres.js's own `sql.listen` passes its connection (not in its types);
    // listening on a connection of our own gives us `onclose`, which `sql.listen` keeps to itself.
    const listenerOptions = {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      connect_timeout: 10,
      onnotice: () => {},
      onnotify: (_channel: string, payload: string) => this.notified(payload),
      onclose: () => this.lost(new Error('session_grants listener closed')),
    } as postgres.Options<Record<string, never>>;
    this.listener = postgres(url, listenerOptions);
    this.ready = this.listen();
  }

  /** Whether the cache may answer now (its LISTEN connection is up). */
  get isListening(): boolean {
    return this.listening;
  }

  get(tokenHash: string): CurrentUser | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (Date.now() >= entry.validUntil) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    this.hits++;
    return entry.user;
  }

  /** Taken before a lookup; `put` keeps its result only if nothing was evicted meanwhile. */
  ticket(): number | undefined {
    return this.listening ? this.epoch : undefined;
  }

  put(ticket: number, tokenHash: string, user: CurrentUser, expiresAt: number): void {
    if (!this.listening || ticket !== this.epoch) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { user, validUntil: Math.min(expiresAt, Date.now() + this.ttlMs) });
  }

  /** Evicts one user's sessions in this process (the notification does it everywhere, a moment later). */
  evictUser(userId: number): void {
    this.epoch++;
    for (const [key, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(key);
  }

  evictToken(token: string): void {
    this.epoch++;
    this.entries.delete(hashToken(token));
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retry);
    this.listening = false;
    this.clear();
    await this.listener.end({ timeout: 5 });
  }

  private notified(payload: string): void {
    if (payload.startsWith('u') && /^u\d+$/.test(payload)) this.evictUser(Number(payload.slice(1)));
    else this.clear();
  }

  private lost(err: unknown): void {
    const was = this.listening;
    this.listening = false;
    this.clear();
    if (this.closing) return;
    if (was) this.onLost(err);
    if (!this.retry) this.retry = setTimeout(() => void this.listen(), 1000).unref();
  }

  private async listen(): Promise<void> {
    this.retry = undefined;
    if (this.closing) return;
    try {
      await this.listener.unsafe(`LISTEN ${SESSION_GRANTS_CHANNEL}`);
      if (this.closing) return;
      // Whatever happened while nobody listened is unknown: start empty.
      this.clear();
      this.listening = true;
    } catch (err) {
      this.lost(err);
    }
  }
}

/** Ends a session; false when it had already ended (a concurrent sign-out got there first). */
export async function revokeSession(tx: Tx, token: string): Promise<boolean> {
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  return ended.length > 0;
}

export async function revokeUserSessions(tx: Tx, userId: number): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
