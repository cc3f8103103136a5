// Signing in, for both the bearer-token login (POST /auth/login) and the console's cookie session
// (POST /auth/session): the lockout, the audit of every outcome and the session row are the same.
import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { units, users } from '../../db/schema.js';
import { auditContext, auditActor } from '../request-audit.js';
import { verifyPassword } from './password.js';
import { createSession } from './sessions.js';
import { clearAttempts, countAttempt, LOCKOUT_MS, MAX_FAILED_LOGINS, normaliseUsername } from './login-attempts.js';

const WRONG = '用户名或密码错误。';
// The same words for every locked name, real or not, and no end time (which would tell them apart).
const LOCKED = `该账号连续 ${MAX_FAILED_LOGINS} 次登录失败，已锁定 ${LOCKOUT_MS / 60_000} 分钟；请稍后再试，或请管理员解锁。`;
// The hash of a random password nobody kept: names without an account cost one scrypt check too.
const NO_ACCOUNT_HASH = 'scrypt$131072$8$1$oLgksF2464EI0tyQ8Ogc1A==$iAzZjIN/q8bWXGMDLRpDBn8wLs8X9h9/5wXiPp+tISg=';

/** Checks the credentials and opens a session, or throws the Chinese refusal (wrong, locked). */
export async function signIn(db: Db, c: Context<AppEnv>, given: { username: string; password: string }) {
  const username = normaliseUsername(given.username);
  const { password } = given;
  const ctx = auditContext(c);
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const unit = user && (await db.select({ path: units.path }).from(units).where(eq(units.id, user.unitId)))[0];
  // A real account's failures are recorded under it (its unit's auditors see them); a name
  // without an account under the name tried.
  const who = user ? { actor: auditActor({ ...user, unitPath: unit!.path }) } : { attemptedUsername: username };
  const refuseLocked = async (): Promise<never> => {
    await appendAudit(db, {
      ...ctx,
      ...who,
      action: 'login',
      objectType: 'session',
      objectId: user?.id,
      outcome: 'denied',
      detail: { code: 'locked', reason: LOCKED },
    });
    throw new AppError('locked', LOCKED);
  };
  // Counted before the check: parallel guesses beyond the limit are never checked.
  const { mayCheck } = await countAttempt(db, user ? { userId: user.id } : { username });
  if (!mayCheck) await refuseLocked();
  // The same scrypt work whether or not the account exists, so timing does not tell either.
  const matches = await verifyPassword(password, user?.passwordHash ?? NO_ACCOUNT_HASH);
  if (!user || !matches || user.status !== 'active') {
    const reason = !user ? 'no such account' : user.status !== 'active' ? 'disabled' : 'wrong credentials';
    await appendAudit(db, {
      ...ctx,
      ...who,
      action: 'login',
      objectType: 'session',
      objectId: user?.id,
      outcome: 'failure',
      detail: { reason },
    });
    throw new AppError('unauthenticated', WRONG);
  }
  const signedIn = await db.transaction(async (tx) => {
    if (!(await clearAttempts(tx, user.id))) return undefined;
    const session = await createSession(tx, user.id, c.get('sourceIp'));
    const current = {
      id: user.id,
      username: user.username,
      realName: user.realName,
      unitId: user.unitId,
      unitPath: unit!.path,
      roles: user.roles,
    };
    await appendAudit(tx, {
      ...ctx,
      actor: auditActor(current),
      action: 'login',
      objectType: 'session',
      objectId: user.id,
      outcome: 'success',
    });
    return { ...session, current };
  });
  if (!signedIn) await refuseLocked();
  return signedIn!;
}
