// Sign-in and sign-out. Programs sign in at /auth/login and send the bearer token; the console signs
// in at /auth/session, which keeps the token in an httpOnly SameSite=Strict cookie and gives the page
// only the CSRF token its state-changing requests must echo (browser-session.ts).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { appendAudit } from '../../db/audit.js';
import { units } from '../../db/schema.js';
import { auditContext } from '../request-audit.js';
import { revokeSession, userForToken } from './sessions.js';
import { MAX_FAILED_LOGINS } from './login-attempts.js';
import { signIn } from './sign-in.js';
import { clearBrowserSession, sessionCookieOf, setBrowserSession } from './browser-session.js';
import { ErrorBody, CurrentUserSchema } from '../schemas.js';

const LoginBody = z
  .strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
  .openapi('LoginRequest');
const LoginResult = z
  .object({ token: z.string(), expiresAt: z.string(), user: CurrentUserSchema })
  .openapi('LoginResult');
const MeSchema = CurrentUserSchema.extend({ unitName: z.string() }).openapi('Me');
const BrowserSession = z.object({ expiresAt: z.string(), user: MeSchema }).openapi('BrowserSession');

const refusals = {
  401: { description: 'Wrong username or password', content: { 'application/json': { schema: ErrorBody } } },
  423: {
    description: `Locked after ${MAX_FAILED_LOGINS} failures`,
    content: { 'application/json': { schema: ErrorBody } },
  },
};

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with username and password; returns a bearer token',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: LoginResult } } },
    ...refusals,
  },
});

const openBrowserSession = createRoute({
  method: 'post',
  path: '/auth/session',
  tags: ['auth'],
  summary: 'Sign in from the console: the session is kept in an httpOnly cookie, never shown to script',
  description:
    'Sets `duban_session` (httpOnly, SameSite=Strict) and `duban_csrf` (readable); every request other than ' +
    'GET/HEAD made with the cookie must send the latter back in `X-CSRF-Token`.',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: BrowserSession } } },
    ...refusals,
  },
});

const closeBrowserSession = createRoute({
  method: 'delete',
  path: '/auth/session',
  tags: ['auth'],
  summary: "Sign out of the console: ends the cookie's session and clears both cookies",
  responses: { 204: { description: 'Signed out (also when no session was open)' } },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End this session (the token stops working at once)',
  responses: { 204: { description: 'Signed out' } },
});

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user, with the name of their unit',
  responses: { 200: { description: 'Current user', content: { 'application/json': { schema: MeSchema } } } },
});

export function authRoutes({ db, sessionCache }: AppDeps) {
  const unitNameOf = async (unitId: number) =>
    (await db.select({ name: units.name }).from(units).where(eq(units.id, unitId)))[0]?.name ?? '';
  const endSession = async (c: Parameters<typeof auditContext>[0], token: string, userId: number) => {
    await db.transaction(async (tx) => {
      // Concurrent sign-outs with one cookie: only the one that ended the session records it.
      if (!(await revokeSession(tx, token))) return;
      await appendAudit(tx, {
        ...auditContext(c),
        action: 'logout',
        objectType: 'session',
        objectId: userId,
        outcome: 'success',
      });
    });
    // Other processes evict on the commit's notification; this one need not wait for it.
    sessionCache?.evictToken(token);
  };
  return new OpenAPIHono<AppEnv>()
    .openapi(login, async (c) => {
      const { token, expiresAt, current } = await signIn(db, c, c.req.valid('json'));
      // An answer carrying a token is never cached (RFC 6749 §5.1).
      c.header('Cache-Control', 'no-store');
      c.header('Pragma', 'no-cache');
      return c.json({ token, expiresAt: expiresAt.toISOString(), user: current }, 200);
    })
    .openapi(openBrowserSession, async (c) => {
      const { token, expiresAt, current } = await signIn(db, c, c.req.valid('json'));
      setBrowserSession(c, token);
      c.header('Cache-Control', 'no-store');
      const user = { ...current, unitName: await unitNameOf(current.unitId) };
      return c.json({ expiresAt: expiresAt.toISOString(), user }, 200);
    })
    .openapi(closeBrowserSession, async (c) => {
      // A public path (a stale cookie must still be cleared), so the session is looked up here.
      const token = sessionCookieOf(c);
      const user = token && (await userForToken(db, token, sessionCache));
      if (token && user) {
        c.set('user', user);
        await endSession(c, token, user.id);
      }
      clearBrowserSession(c);
      return c.body(null, 204);
    })
    .openapi(logout, async (c) => {
      await endSession(c, c.get('sessionToken')!, c.get('user').id);
      return c.body(null, 204);
    })
    .openapi(me, async (c) => {
      const user = c.get('user');
      return c.json({ ...user, unitName: await unitNameOf(user.unitId) }, 200);
    });
}
