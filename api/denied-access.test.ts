// Denied access leaves a trace (000 第二十九条; 004 8.2.4): reads outside the jurisdiction (404),
// wrong-role actions (403) and lockouts each write a `denied` row naming who, what, why and from
// where; a county's auditor sees the failed sign-ins of its own units' users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, users } from '../db/schema.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { createTestApp, fromPeer, TEST_PROXY, type TestApp } from '../test/support/app.js';
import { sampleItems } from '../test/support/handovers.js';

describe('denied access is audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const deniedRows = (username: string) =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUsername, username), eq(auditEvents.outcome, 'denied')))
      .orderBy(desc(auditEvents.seq));

  it('a read outside the jurisdiction (404) names the actor, the object, the reason and the source IP', async () => {
    const [lyUser] = await t.database.db.select().from(users).where(eq(users.username, 'lyhosp.staff'));
    const official = await t.as('jinshui.official');
    const res = await official.get(`/users/${lyUser!.id}`);
    expect(res.status).toBe(404);
    const [row] = await deniedRows('jinshui.official');
    expect(row).toMatchObject({
      actorName: '吴清',
      actorUnitId: await t.unitId('郑州市金水区卫生健康委员会'),
      actorRoles: 'official',
      action: 'read',
      objectType: 'user',
      objectId: String(lyUser!.id),
      sourceIp: '10.0.0.7',
      outcome: 'denied',
      detail: { code: 'not_found', reason: '未找到该用户。' },
    });
    expect(row!.requestId).toBeTruthy();
  });

  it("a wrong-role action inside the jurisdiction (403) is recorded with the route's object and action", async () => {
    const staff = await t.as('jshosp.staff');
    const created = await staff.post('/data-holdings', sampleItems('越权')[0]);
    expect(created.status).toBe(201);
    const holding = await created.json();
    const official = await t.as('zz.official');
    const res = await official.patch(`/data-holdings/${holding.id}`, { recordCount: 1 });
    expect(res.status).toBe(403);
    const [row] = await deniedRows('zz.official');
    expect(row).toMatchObject({
      action: 'update',
      objectType: 'data_holding',
      objectId: String(holding.id),
      detail: { code: 'forbidden' },
      sourceIp: '10.0.0.7',
    });
    // A route that does not exist is no object anyone was refused.
    const before = await t.database.db.$count(auditEvents);
    expect((await official.get('/no-such-route')).status).toBe(404);
    expect(await t.database.db.$count(auditEvents)).toBe(before);
  });

  it('a task completion refused at the edge for unstorable text is recorded with the actor, the task, the reason and the source IP', async () => {
    const staff = await t.as('jscdc.staff');
    const taskId = '00000000-0000-4000-8000-00000000000a';
    for (const body of ['{"input":{"note":"a\\u0000b"}}', '{"input":{"note":"\\ud800"}}']) {
      const res = await t.app.request(
        `/tasks/${taskId}/complete`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${staff.token}`,
            'content-type': 'application/json',
            'x-forwarded-for': '10.0.0.7',
          },
          body,
        },
        fromPeer(TEST_PROXY),
      );
      expect(res.status).toBe(422);
      const [row] = await deniedRows('jscdc.staff');
      expect(row).toMatchObject({
        action: 'complete',
        objectType: 'task',
        objectId: taskId,
        sourceIp: '10.0.0.7',
        outcome: 'denied',
        detail: { code: 'validation_failed', reason: expect.stringContaining('input.note') },
      });
    }
    expect(
      await t.database.db.$count(
        auditEvents,
        and(
          eq(auditEvents.actorUsername, 'jscdc.staff'),
          eq(auditEvents.outcome, 'denied'),
          eq(auditEvents.objectId, taskId),
        ),
      ),
    ).toBe(2);
  });

  it("a lockout is recorded under the account's unit, and the county's auditor sees its users' failed sign-ins", async () => {
    const login = (password: string) =>
      t.app.request(
        '/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.20' },
          body: JSON.stringify({ username: 'jshosp.leader', password }),
        },
        fromPeer(TEST_PROXY),
      );
    for (let i = 0; i < 5; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    expect((await login(DEMO_PASSWORD)).status).toBe(423);
    const hospital = await t.unitId('金水区总医院');
    const [locked] = await deniedRows('jshosp.leader');
    expect(locked).toMatchObject({
      action: 'login',
      actorUnitId: hospital,
      sourceIp: '198.51.100.20',
      detail: { code: 'locked' },
    });

    const admin = await t.as('admin');
    const password = 'county-ledger-window';
    const created = await admin.post('/users', {
      username: 'jinshui.auditor',
      realName: '金审计',
      unitId: await t.unitId('郑州市金水区卫生健康委员会'),
      roles: ['auditor'],
      password,
    });
    expect(created.status).toBe(201);
    const auditor = await t.as('jinshui.auditor', password);
    const page = await (await auditor.get('/audit?action=login&pageSize=200')).json();
    const mine = page.items.filter((r: { actorUsername: string }) => r.actorUsername === 'jshosp.leader');
    expect(mine.map((r: { outcome: string }) => r.outcome)).toEqual([
      'denied',
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
    ]);
    expect(mine.every((r: { actorUnitId: number }) => r.actorUnitId === hospital)).toBe(true);
  });
});
