import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { units, users } from '../../db/schema.js';
import { auditContext, auditActor } from '../request-audit.js';
import { verifyPassword } from './password.js';
import { createSession, revokeSession } from './sessions.js';
import { clearAttempts, countAttempt, LOCKOUT_MS, MAX_FAILED_LOGINS, normaliseUsername } from './login-attempts.js';
import { ErrorBody, CurrentUserSchema } from '../schemas.js';

const LoginBody = z
  .strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
  .openapi('LoginRequest');
const LoginResult = z
  .object({ token: z.string(), expiresAt: z.string(), user: CurrentUserSchema })
  .openapi('LoginResult');

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with username and password; returns a bearer token',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: LoginResult } } },
    401: { description: 'Wrong username or password', content: { 'application/json': { schema: ErrorBody } } },
    423: {
      description: `Locked after ${MAX_FAILED_LOGINS} failures`,
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End this session (the token stops working at once)',
  security: [{ bearer: [] }],
  responses: { 204: { description: 'Signed out' } },
});

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user',
  security: [{ bearer: [] }],
  responses: { 200: { description: 'Current user', content: { 'application/json': { schema: CurrentUserSchema } } } },
});

const WRONG = '用户名或密码错误。';
// The same words for every locked name, real or not, and no end time (which would tell them apart).
const LOCKED = `该账号连续 ${MAX_FAILED_LOGINS} 次登录失败，已锁定 ${LOCKOUT_MS / 60_000} 分钟；请稍后再试，或请管理员解锁。`;
// The hash of a random password nobody kept: names without an account cost one scrypt check too.
const NO_ACCOUNT_HASH = 'scrypt$131072$8$1$oLgksF2464EI0tyQ8Ogc1A==$iAzZjIN/q8bWXGMDLRpDBn8wLs8X9h9/5wXiPp+tISg=';

export function authRoutes({ db, sessionCache }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(login, async (c) => {
      const { password } = c.req.valid('json');
      const username = normaliseUsername(c.req.valid('json').username);
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
      const { token, expiresAt, current } = signedIn!;
      // An answer carrying a token is never cached (RFC 6749 §5.1).
      c.header('Cache-Control', 'no-store');
      c.header('Pragma', 'no-cache');
      return c.json({ token, expiresAt: expiresAt.toISOString(), user: current }, 200);
    })
    .openapi(logout, async (c) => {
      const token = c.req.header('authorization')!.slice(7).trim();
      await db.transaction(async (tx) => {
        await revokeSession(tx, token);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'logout',
          objectType: 'session',
          objectId: c.get('user').id,
          outcome: 'success',
        });
      });
      // Other processes evict on the commit's notification; this one need not wait for it.
      sessionCache?.evictToken(token);
      return c.body(null, 204);
    })
    .openapi(me, (c) => c.json(c.get('user'), 200));
}
