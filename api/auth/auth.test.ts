import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, sessions, users } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = (username: string, password: string) =>
    t.app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.2.3' }, body: JSON.stringify({ username, password }) });

  it('every route but login, /healthz and the docs needs a session', async () => {
    for (const path of ['/units', '/users', '/audit', '/auth/me']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/Sign in first/);
    }
    expect((await t.app.request('/openapi.json')).status).toBe(200);
    expect((await t.app.request('/docs')).status).toBe(200);
  });

  it('a wrong password is refused and audited as a failed login with the source IP', async () => {
    const res = await login('jshosp.staff', 'not-the-password');
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('Wrong username or password.');
    const [row] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.actorUsername, 'jshosp.staff'));
    expect(row).toMatchObject({ action: 'login', outcome: 'failure', sourceIp: '10.1.2.3' });
  });

  it('locks the account after five failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('lyhosp.staff', 'wrong-password')).status).toBe(401);
    const res = await login('lyhosp.staff', 'Duban-demo-2026');
    expect(res.status).toBe(423);
    expect((await res.json()).error.message).toMatch(/locked after 5 failed sign-ins/);
  });

  it('logout revokes the token at once', async () => {
    const caller = await t.as('jscdc.staff');
    expect((await caller.get('/auth/me')).status).toBe(200);
    expect((await caller.post('/auth/logout')).status).toBe(204);
    const after = await caller.get('/auth/me');
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toMatch(/session has ended/);
  });

  it('an admin disabling a user ends their sessions', async () => {
    const staff = await t.as('jscdc.leader');
    const admin = await t.as('admin');
    const [target] = await t.database.db.select().from(users).where(eq(users.username, 'jscdc.leader'));
    const res = await admin.patch(`/users/${target!.id}`, { status: 'disabled' });
    expect(res.status).toBe(200);
    expect((await staff.get('/auth/me')).status).toBe(401);
    expect((await login('jscdc.leader', 'Duban-demo-2026')).status).toBe(401);
  });

  it('an expired session no longer works', async () => {
    const caller = await t.as('jshosp.leader');
    await t.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await caller.get('/auth/me')).status).toBe(401);
  });
});
