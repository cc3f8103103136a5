import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { users } from '../../db/schema.js';
import { auditContext, auditActor } from '../request-audit.js';
import { verifyPassword } from './password.js';
import { createSession, LOCKOUT_MS, MAX_FAILED_LOGINS, revokeSession } from './sessions.js';
import { ErrorBody, CurrentUserSchema } from '../schemas.js';

const LoginBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).openapi('LoginRequest');
const LoginResult = z.object({ token: z.string(), expiresAt: z.string(), user: CurrentUserSchema }).openapi('LoginResult');

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with username and password; returns a bearer token',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: LoginResult } } },
    401: { description: 'Wrong username or password', content: { 'application/json': { schema: ErrorBody } } },
    423: { description: `Locked after ${MAX_FAILED_LOGINS} failures`, content: { 'application/json': { schema: ErrorBody } } },
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

const WRONG = 'Wrong username or password.';

export function authRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(login, async (c) => {
      const { username, password } = c.req.valid('json');
      const ctx = auditContext(c);
      const [user] = await db.select().from(users).where(eq(users.username, username));
      const now = new Date();
      if (user?.lockedUntil && user.lockedUntil > now) {
        await appendAudit(db, { ...ctx, attemptedUsername: username, action: 'login', objectType: 'session', outcome: 'denied', detail: { reason: 'locked' } });
        throw new AppError('locked', `This account is locked after ${MAX_FAILED_LOGINS} failed sign-ins until ${user.lockedUntil.toISOString()}; an administrator can unlock it.`);
      }
      const ok = user ? user.status === 'active' && (await verifyPassword(password, user.passwordHash)) : false;
      if (!user || !ok) {
        await db.transaction(async (tx) => {
          if (user) {
            await tx
              .update(users)
              .set({
                failedLogins: sql`${users.failedLogins} + 1`,
                lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} then ${new Date(now.getTime() + LOCKOUT_MS).toISOString()}::timestamptz else null end`,
              })
              .where(eq(users.id, user.id));
          }
          await appendAudit(tx, { ...ctx, attemptedUsername: username, action: 'login', objectType: 'session', outcome: 'failure', detail: { reason: user?.status === 'disabled' ? 'disabled' : 'wrong credentials' } });
        });
        throw new AppError('unauthenticated', WRONG);
      }
      const { token, expiresAt, current } = await db.transaction(async (tx) => {
        await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
        const session = await createSession(tx, user.id, c.get('sourceIp'));
        const [unit] = await tx.execute<{ path: string }>(sql`select path from units where id = ${user.unitId}`);
        const current = { id: user.id, username: user.username, realName: user.realName, unitId: user.unitId, unitPath: unit!.path, roles: user.roles };
        await appendAudit(tx, { ...ctx, actor: auditActor(current), action: 'login', objectType: 'session', objectId: user.id, outcome: 'success' });
        return { ...session, current };
      });
      return c.json({ token, expiresAt: expiresAt.toISOString(), user: current }, 200);
    })
    .openapi(logout, async (c) => {
      const token = c.req.header('authorization')!.slice(7).trim();
      await db.transaction(async (tx) => {
        await revokeSession(tx, token);
        await appendAudit(tx, { ...auditContext(c), action: 'logout', objectType: 'session', objectId: c.get('user').id, outcome: 'success' });
      });
      return c.body(null, 204);
    })
    .openapi(me, (c) => c.json(c.get('user'), 200));
}
