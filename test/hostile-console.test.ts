// A hostile user against the console's additions (issue 14, item 2): the cookie session and its CSRF
// echo, sign-out races, the lockout through both sign-in doors, the console's files, and the
// administration changes (moving users between units, the audit outcome filter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, fromPeer, TEST_PROXY, type TestApp } from './support/app.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { MAX_FAILED_LOGINS } from '../api/auth/login-attempts.js';
import { auditEvents, sessions, users } from '../db/schema.js';

interface Browser {
  cookie: string;
  csrf: string;
  session: string;
}

describe('hostile use of the console session and administration', () => {
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
    const value = (name: string) =>
      res.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${name}=`))!
        .split(';')[0]!
        .split('=')[1]!;
    const session = value('duban_session');
    const csrf = value('duban_csrf');
    return { cookie: `duban_session=${session}; duban_csrf=${csrf}`, csrf, session };
  }

  const userRow = async (username: string) =>
    (await t.database.db.select().from(users).where(eq(users.username, username)))[0]!;

  it('refuses every way around the CSRF echo and changes nothing', async () => {
    const admin = await signIn('admin');
    const other = await signIn('prov.official');
    const target = await userRow('lyhosp.staff');
    const patch = (headers: Record<string, string>, method = 'PATCH') =>
      request(`/users/${target.id}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ realName: '被篡改的名字' }),
      });
    const attempts: [string, Response][] = [
      ['method override header', await patch({ cookie: admin.cookie, 'x-http-method-override': 'GET' })],
      ['method override as POST', await patch({ cookie: admin.cookie, 'x-http-method-override': 'GET' }, 'POST')],
      ['empty token', await patch({ cookie: admin.cookie, 'x-csrf-token': '' })],
      ['duplicated token', await patch({ cookie: admin.cookie, 'x-csrf-token': `${admin.csrf}, ${admin.csrf}` })],
      ['another session’s token', await patch({ cookie: admin.cookie, 'x-csrf-token': other.csrf })],
      ['a very long token', await patch({ cookie: admin.cookie, 'x-csrf-token': 'A'.repeat(60_000) })],
      [
        'two session cookies, the token of the second',
        await patch({
          cookie: `duban_session=${other.session}; duban_session=${admin.session}`,
          'x-csrf-token': admin.csrf,
        }),
      ],
      ['the csrf cookie sent as the token with no session', await patch({ cookie: `duban_csrf=${admin.csrf}` })],
    ];
    for (const [what, res] of attempts) {
      expect([what, res.status]).not.toEqual([what, 200]);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    // A bogus bearer beside a good cookie is judged as the bearer: refused, the cookie is not a fallback.
    const bogus = await patch({ cookie: admin.cookie, authorization: 'Bearer nope', 'x-csrf-token': admin.csrf });
    expect(bogus.status).toBe(401);
    const options = await request(`/users/${target.id}`, { method: 'OPTIONS', headers: { cookie: admin.cookie } });
    expect(options.status).not.toBe(200);
    expect((await userRow('lyhosp.staff')).realName).toBe(target.realName);
  });

  it('a planted cookie never becomes a session: refused, and signing in replaces it', async () => {
    const planted = 'attacker-chosen-session-value';
    const res = await request('/auth/me', { headers: { cookie: `duban_session=${planted}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/会话已结束/);
    const signed = await request('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `duban_session=${planted}` },
      body: JSON.stringify({ username: 'jshosp.staff', password: DEMO_PASSWORD }),
    });
    expect(signed.status).toBe(200);
    const set = signed.headers.getSetCookie().find((c) => c.startsWith('duban_session='))!;
    expect(set).not.toContain(planted);
  });

  it('signing in from another site with a form (text/plain) is refused', async () => {
    const res = await request('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ username: 'jshosp.staff', password: DEMO_PASSWORD }),
    });
    expect(res.status).not.toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('many concurrent sign-outs with one cookie end the session once: one logout audited, chain intact', async () => {
    const b = await signIn('jscdc.staff');
    const user = await userRow('jscdc.staff');
    const before = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'logout'), eq(auditEvents.actorUserId, user.id)));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 3 === 2
          ? request('/auth/me', { headers: { cookie: b.cookie } })
          : request('/auth/session', { method: 'DELETE', headers: { cookie: b.cookie } }),
      ),
    );
    for (const [i, res] of answers.entries()) expect(i % 3 === 2 ? [200, 401] : [204]).toContain(res.status);
    expect((await request('/auth/me', { headers: { cookie: b.cookie } })).status).toBe(401);
    const after = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'logout'), eq(auditEvents.actorUserId, user.id)));
    expect(after[0]!.n - before[0]!.n).toBe(1);
    const auditor = await t.as('prov.auditor');
    const verdict = (await (await auditor.get('/audit/verify')).json()) as { ok: boolean; code: string };
    expect(verdict).toMatchObject({ ok: true, code: 'audit_chain_intact' });
  });

  it('parallel wrong passwords through both sign-in doors count against one limit', async () => {
    const user = await userRow('jinshui.official');
    const tries = MAX_FAILED_LOGINS * 3;
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        request(i % 2 ? '/auth/session' : '/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'jinshui.official', password: `wrong-${i}` }),
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILED_LOGINS);
    expect(statuses.filter((s) => s === 423)).toHaveLength(tries - MAX_FAILED_LOGINS);
    for (const res of answers) expect(res.headers.getSetCookie()).toEqual([]);
    // The right password is refused too while locked, and no session was opened.
    const right = await request('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jinshui.official', password: DEMO_PASSWORD }),
    });
    expect(right.status).toBe(423);
    const open = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(open).toEqual([]);
    const failures = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'login'),
          eq(auditEvents.objectId, String(user.id)),
          eq(auditEvents.outcome, 'failure'),
        ),
      );
    expect(failures[0]!.n).toBe(MAX_FAILED_LOGINS);
  });

  it('API answers to a cookie session are never cached', async () => {
    const b = await signIn('prov.official');
    for (const path of ['/auth/me', '/users?pageSize=5', '/units']) {
      const res = await request(path, { headers: { cookie: b.cookie } });
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'no-store']);
    }
    const refused = await request('/users/1', {
      method: 'PATCH',
      headers: { cookie: b.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('no path out of /assets/: encoded dots and slashes, backslashes, NUL bytes, very long names', async () => {
    for (const path of [
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/..\\..\\package.json',
      '/assets/index.html',
      '/assets/%00',
      '/assets/a.js%00.png',
      `/assets/${'a'.repeat(5000)}.js`,
      '/assets/%ff',
    ]) {
      const res = await request(path);
      expect([path, res.status]).not.toEqual([path, 200]);
      const text = await res.text();
      expect(text).not.toContain('"name": "duban');
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  describe('administration', () => {
    const json = (b: Browser, method: string, path: string, body: unknown) =>
      request(path, {
        method,
        headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

    it('an admin of a city moves no one across its jurisdiction’s edge, nor itself upward; nothing is written', async () => {
      const root = await signIn('admin');
      const created = await json(root, 'POST', '/users', {
        username: 'zz.admin',
        realName: '郑州管理员',
        unitId: await t.unitId('郑州市卫生健康委员会'),
        roles: ['admin'],
        password: 'Quartz-Harbor-7319-Lamp',
      });
      expect(created.status).toBe(201);
      const zz = await signIn('zz.admin', 'Quartz-Harbor-7319-Lamp');
      const inside = await userRow('jshosp.staff');
      const outside = await userRow('lyhosp.staff');
      const self = await userRow('zz.admin');
      const attempts = [
        await json(zz, 'PATCH', `/users/${inside.id}`, { unitId: await t.unitId('洛阳市中心医院') }),
        await json(zz, 'PATCH', `/users/${outside.id}`, { unitId: await t.unitId('金水区总医院') }),
        await json(zz, 'PATCH', `/users/${self.id}`, { unitId: await t.unitId('河南省卫生健康委员会') }),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(404);
        expect((await errorOf(res)).message).toMatch(/[\u4e00-\u9fff]/);
      }
      for (const before of [inside, outside, self]) {
        const after = await userRow(before.username);
        expect({ unitId: after.unitId, updatedAt: after.updatedAt }).toEqual({
          unitId: before.unitId,
          updatedAt: before.updatedAt,
        });
      }
    });

    it('a user is not moved where their roles make no sense (staff into a commission, an official into a hospital)', async () => {
      const admin = await signIn('admin');
      const staff = await userRow('jscdc.leader');
      const official = await userRow('jinshui.official');
      const intoCommission = await json(admin, 'PATCH', `/users/${staff.id}`, {
        unitId: await t.unitId('郑州市金水区卫生健康委员会'),
      });
      expect(intoCommission.status).toBe(422);
      expect(await errorOf(intoCommission)).toMatchObject({
        code: 'validation_failed',
        message: expect.stringMatching(/单位负责人.*不相符/),
      });
      const intoHospital = await json(admin, 'PATCH', `/users/${official.id}`, {
        unitId: await t.unitId('金水区总医院'),
        realName: '不该写入',
      });
      expect(intoHospital.status).toBe(422);
      expect((await errorOf(intoHospital)).message).toMatch(/主管部门工作人员.*不相符/);
      expect(await userRow('jscdc.leader')).toEqual(staff);
      expect(await userRow('jinshui.official')).toEqual(official);
      // Moving with roles that fit the new unit is fine.
      const fits = await json(admin, 'PATCH', `/users/${staff.id}`, {
        unitId: await t.unitId('郑州市金水区卫生健康委员会'),
        roles: ['official'],
      });
      expect(fits.status).toBe(200);
      await json(admin, 'PATCH', `/users/${staff.id}`, { unitId: staff.unitId, roles: staff.roles });
    });

    it('NUL bytes and text in unitId are refused in Chinese; nothing is written', async () => {
      const admin = await signIn('admin');
      const target = await userRow('jshosp.leader');
      for (const unitId of ['1\u0000', '\u0000', '1 OR 1=1', 1.5, -1, '9'.repeat(40)]) {
        const res = await json(admin, 'PATCH', `/users/${target.id}`, { unitId });
        expect([unitId, res.status]).toEqual([unitId, 422]);
        expect((await errorOf(res)).message).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(await userRow('jshosp.leader')).toEqual(target);
    });

    it('the audit outcome filter refuses bad values and SQL-ish or NUL input in Chinese', async () => {
      const auditor = await signIn('prov.auditor');
      for (const query of [
        'outcome=bogus',
        "outcome=success'%20OR%201=1--",
        'outcome=SUCCESS',
        'outcome=',
        'outcome=success&outcome=denied',
        'objectType=%00',
        'action=login%00',
        'unitId=1%00',
      ]) {
        const res = await request(`/audit?${query}`, { headers: { cookie: auditor.cookie } });
        expect([query, res.status]).toEqual([query, 422]);
        expect((await errorOf(res)).message).toMatch(/[\u4e00-\u9fff]/);
      }
      const denied = await request('/audit?outcome=denied&pageSize=100', { headers: { cookie: auditor.cookie } });
      expect(denied.status).toBe(200);
      const { items } = (await denied.json()) as { items: { outcome: string }[] };
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.outcome))).toEqual(new Set(['denied']));
    });
  });
});
