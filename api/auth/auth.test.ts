import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, sessions, users } from '../../db/schema.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { createTestApp, fromPeer, TEST_PROXY, type TestApp } from '../../test/support/app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = async (
    username: string,
    password: string,
    { peer = TEST_PROXY, forwardedFor = '10.1.2.3' } = {},
  ): Promise<Response> =>
    t.app.request(
      '/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ username, password }),
      },
      fromPeer(peer),
    );
  const answer = async (res: Response) => {
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    return { status: res.status, code: error.code, message: error.message };
  };
  const userId = async (username: string) =>
    (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  const loginRows = (username: string) =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUsername, username), eq(auditEvents.action, 'login')));

  it('every route but login, /healthz and the docs needs a session', async () => {
    for (const path of ['/units', '/users', '/audit', '/auth/me']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/请先登录/);
    }
    expect((await t.app.request('/openapi.json')).status).toBe(200);
    expect((await t.app.request('/docs')).status).toBe(200);
  });

  it("a wrong password is refused and audited as a failed login with the source IP and the account's unit", async () => {
    const res = await login('jshosp.staff', 'not-the-password');
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('用户名或密码错误。');
    const [row] = await loginRows('jshosp.staff');
    expect(row).toMatchObject({
      action: 'login',
      outcome: 'failure',
      sourceIp: '10.1.2.3',
      actorUnitId: await t.unitId('金水区总医院'),
    });
  });

  it('locks the account after five failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('lyhosp.staff', 'wrong-password')).status).toBe(401);
    const res = await login('lyhosp.staff', DEMO_PASSWORD);
    expect(res.status).toBe(423);
    expect((await res.json()).error).toMatchObject({
      code: 'locked',
      message: expect.stringMatching(/连续 5 次登录失败，已锁定 15 分钟/),
    });
  });

  it('thirty guesses at once: only the first five are checked, the rest are refused as locked, and then so is the right password', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login('infocenter.staff', `wrong-guess-${i}`).then(answer)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 423)).toHaveLength(25);
    // One audit row per attempt: five checked and failed, twenty-five refused unchecked.
    const rows = await loginRows('infocenter.staff');
    expect(rows.filter((r) => r.outcome === 'failure')).toHaveLength(5);
    expect(rows.filter((r) => r.outcome === 'denied')).toHaveLength(25);
    expect((await login('infocenter.staff', DEMO_PASSWORD)).status).toBe(423);
    expect(await t.database.db.$count(sessions, eq(sessions.userId, await userId('infocenter.staff')))).toBe(0);
  });

  it('nineteen wrong guesses and the right password at once do not sign in', async () => {
    const guesses = Array.from({ length: 19 }, (_, i) => login('prov.inspector', `wrong-guess-${i}`));
    const answers = await Promise.all([...guesses, login('prov.inspector', DEMO_PASSWORD)]);
    expect(answers.map((r) => r.status)).not.toContain(200);
    expect(answers.at(-1)!.status).toBe(423);
    expect(await t.database.db.$count(sessions, eq(sessions.userId, await userId('prov.inspector')))).toBe(0);
  });

  it('an unknown username answers exactly as a real one, lockout included', async () => {
    const real: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      real.push(await answer(await login('lyhosp.leader', `wrong-password-${i}`)));
      unknown.push(await answer(await login('nobody.here', `wrong-password-${i}`)));
    }
    expect(unknown).toEqual(real);
    expect(real.at(-1)).toMatchObject({ status: 423, code: 'locked' });
    expect(await answer(await login('nobody.here', DEMO_PASSWORD))).toEqual(
      await answer(await login('lyhosp.leader', DEMO_PASSWORD)),
    );
    // A differently written name is the same name.
    expect((await login(' NoBody.Here ', 'x')).status).toBe(423);
  });

  it('records X-Forwarded-For only from a trusted proxy, and then the right-most address the proxies did not add', async () => {
    // Straight from an untrusted peer: the forged header is ignored, the peer is recorded.
    expect((await login('zz.official', 'wrong-1', { peer: '203.0.113.9', forwardedFor: '6.6.6.6' })).status).toBe(401);
    // Through the trusted proxy, the client forged a first entry; the proxy appended the real one.
    expect(
      (await login('zz.official', 'wrong-2', { peer: TEST_PROXY, forwardedFor: '6.6.6.6, 198.51.100.4' })).status,
    ).toBe(401);
    // A dual-stack socket reports the proxy as ::ffff:127.0.0.1; still the trusted proxy.
    expect(
      (await login('zz.official', 'wrong-3', { peer: `::ffff:${TEST_PROXY}`, forwardedFor: '198.51.100.5' })).status,
    ).toBe(401);
    const rows = await t.database.db
      .select({ sourceIp: auditEvents.sourceIp })
      .from(auditEvents)
      .where(eq(auditEvents.actorUsername, 'zz.official'))
      .orderBy(auditEvents.seq);
    expect(rows.map((r) => r.sourceIp)).toEqual(['203.0.113.9', '198.51.100.4', '198.51.100.5']);
  });

  it('logout revokes the token at once', async () => {
    const caller = await t.as('jscdc.staff');
    expect((await caller.get('/auth/me')).status).toBe(200);
    expect((await caller.post('/auth/logout')).status).toBe(204);
    const after = await caller.get('/auth/me');
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toMatch(/会话已结束/);
  });

  it('an admin disabling a user ends their sessions', async () => {
    const staff = await t.as('jscdc.leader');
    const admin = await t.as('admin');
    const [target] = await t.database.db.select().from(users).where(eq(users.username, 'jscdc.leader'));
    const res = await admin.patch(`/users/${target!.id}`, { status: 'disabled' });
    expect(res.status).toBe(200);
    expect((await staff.get('/auth/me')).status).toBe(401);
    expect((await login('jscdc.leader', DEMO_PASSWORD)).status).toBe(401);
  });

  it('an expired session no longer works; other sessions are untouched', async () => {
    const caller = await t.as('jshosp.leader');
    const bystander = await t.as('jinshui.official');
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, await userId('jshosp.leader')));
    expect((await caller.get('/auth/me')).status).toBe(401);
    expect((await bystander.get('/auth/me')).status).toBe(200);
  });
});
