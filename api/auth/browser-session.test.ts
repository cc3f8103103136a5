// The console's cookie session (issue 14, item 2): httpOnly SameSite=Strict, the CSRF echo on every
// state-changing request, sign-out that ends the session for real, bearer clients unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, fromPeer, TEST_PROXY, type TestApp } from '../../test/support/app.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { MAX_FAILED_LOGINS } from './login-attempts.js';
import { auditEvents, sessions, users } from '../../db/schema.js';

interface Browser {
  cookie: string;
  csrf: string;
  setCookies: string[];
  body: { expiresAt: string; user: { username: string; unitName: string }; token?: string };
}

describe('console session cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const request = (path: string, init: RequestInit = {}) =>
    t.app.request(
      path,
      { ...init, headers: { 'x-forwarded-for': '10.0.0.9', ...(init.headers as Record<string, string>) } },
      fromPeer(TEST_PROXY),
    );

  async function signIn(username: string, password = DEMO_PASSWORD): Promise<Browser> {
    const res = await request('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    const setCookies = res.headers.getSetCookie();
    const value = (name: string) =>
      setCookies
        .find((c) => c.startsWith(`${name}=`))!
        .split(';')[0]!
        .split('=')[1]!;
    return {
      cookie: `duban_session=${value('duban_session')}; duban_csrf=${value('duban_csrf')}`,
      csrf: value('duban_csrf'),
      setCookies,
      body: await res.json(),
    };
  }

  it('signs in with an httpOnly SameSite=Strict cookie and never shows the token to script', async () => {
    const b = await signIn('jshosp.staff');
    const session = b.setCookies.find((c) => c.startsWith('duban_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(b.setCookies.find((c) => c.startsWith('duban_csrf='))).not.toMatch(/HttpOnly/);
    expect(b.body.token).toBeUndefined();
    expect(b.body.user).toMatchObject({ username: 'jshosp.staff', unitName: '金水区总医院' });
    const me = await request('/auth/me', { headers: { cookie: b.cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'jshosp.staff', unitName: '金水区总医院' });
  });

  it('refuses a wrong password in Chinese and sets no cookie', async () => {
    const res = await request('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jshosp.staff', password: 'wrong-password' }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('用户名或密码错误。');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a state-changing request without the CSRF echo, or with another session’s, and changes nothing', async () => {
    const b = await signIn('jshosp.staff');
    const other = await signIn('jscdc.staff');
    for (const token of [undefined, other.csrf, 'x'.repeat(43)]) {
      const res = await request('/auth/logout', {
        method: 'POST',
        headers: { cookie: b.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
      });
      expect(res.status).toBe(403);
      const { error } = await res.json();
      expect(error.code).toBe('csrf_failed');
      expect(error.message).toMatch(/防伪令牌/);
    }
    // Still signed in: the refused sign-out did nothing.
    expect((await request('/auth/me', { headers: { cookie: b.cookie } })).status).toBe(200);
    // Reads need no echo; bearer clients never do.
    const bearer = await t.as('jshosp.staff');
    expect((await bearer.post('/auth/logout')).status).toBe(204);
  });

  it('signs out: the cookies are cleared, the session ends at once, and the sign-out is audited', async () => {
    const b = await signIn('jscdc.staff');
    const res = await request('/auth/session', {
      method: 'DELETE',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
    });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie();
    expect(cleared.some((c) => c.startsWith('duban_session=;') && /Max-Age=0/.test(c))).toBe(true);
    expect(cleared.some((c) => c.startsWith('duban_csrf=;') && /Max-Age=0/.test(c))).toBe(true);
    expect((await request('/auth/me', { headers: { cookie: b.cookie } })).status).toBe(401);
    const logouts = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'logout'), eq(auditEvents.actorUsername, 'jscdc.staff')));
    expect(logouts).toHaveLength(1);
    // Signing out without a session (a stale tab) still clears the cookies and fails nothing.
    const again = await request('/auth/session', { method: 'DELETE', headers: { cookie: b.cookie } });
    expect(again.status).toBe(204);
  });

  // Below the lockout's limit: attempts in flight count against it (api/auth/login-attempts.ts).
  it('keeps concurrent console sign-ins of one user as separate sessions, each with its own CSRF token', async () => {
    const n = MAX_FAILED_LOGINS - 1;
    const signIns = await Promise.all(Array.from({ length: n }, () => signIn('lyhosp.staff')));
    expect(new Set(signIns.map((b) => b.csrf)).size).toBe(n);
    const [user] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'lyhosp.staff'));
    expect(await t.database.db.$count(sessions, eq(sessions.userId, user!.id))).toBe(n);
    for (const b of signIns) expect((await request('/auth/me', { headers: { cookie: b.cookie } })).status).toBe(200);
  });
});
