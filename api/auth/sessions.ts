// Server-side sessions: revocable (logout, admin disable) and expiring. Only token hashes are stored.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/audit.js';
import { sessions, units, users } from '../../db/schema.js';
import type { CurrentUser } from '../context.js';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

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

/** The active user behind a live, unrevoked, unexpired session token, or undefined. */
export async function userForToken(db: Db, token: string): Promise<CurrentUser | undefined> {
  let query = sessionUserQueries.get(db);
  if (!query) sessionUserQueries.set(db, (query = sessionUserQuery(db)));
  const [row] = await query.execute({ tokenHash: hashToken(token), now: new Date().toISOString() });
  return row;
}

export async function revokeSession(tx: Tx, token: string): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(eq(sessions.tokenHash, hashToken(token)));
}

export async function revokeUserSessions(tx: Tx, userId: number): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
