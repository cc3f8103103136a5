import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('records a login with real name, unit, role, request id and source IP, and a change in the same transaction', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/units', { orgCode: '12410105MB0000199X', name: '金水区第二医院', kind: 'hospital', parentId: await t.unitId('郑州市金水区卫生健康委员会') });
    expect(res.status).toBe(201);
    const unit = await res.json();
    const [login] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'login')).orderBy(asc(auditEvents.seq));
    expect(login).toMatchObject({ actorName: '王建国', actorRoles: 'admin', outcome: 'success', sourceIp: '10.0.0.7' });
    expect(login!.actorUnitId).toBe(await t.unitId('河南省卫生健康委员会'));
    const [created] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectId, String(unit.id)));
    expect(created).toMatchObject({ action: 'create', objectType: 'unit', actorUsername: 'admin' });
    expect(created!.requestId).toBeTruthy();
  });

  it('a refused write leaves no audit row and no record', async () => {
    const before = await t.database.db.$count(auditEvents);
    const admin = await t.as('admin');
    const afterLogin = await t.database.db.$count(auditEvents);
    const res = await admin.post('/units', { orgCode: 'bad code', name: 'x', kind: 'hospital', parentId: 1 });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.fields[0]).toMatchObject({ field: 'orgCode' });
    expect(await t.database.db.$count(auditEvents)).toBe(afterLogin);
    expect(afterLogin).toBe(before + 1);
  });

  it('only auditors read it; filters and CSV export work', async () => {
    const official = await t.as('prov.official');
    expect((await official.get('/audit')).status).toBe(403);
    const auditor = await t.as('prov.auditor');
    const page = await (await auditor.get('/audit?action=login&pageSize=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.items.every((r: { action: string }) => r.action === 'login')).toBe(true);
    const csv = await auditor.get('/audit?format=csv&action=login');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain('actorName');
    expect(text).toContain('王建国');
  });

  it("a city auditor sees only its jurisdiction's rows, and cannot write to the trail", async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/users', { username: 'ly.auditor', realName: '审计员', unitId: await t.unitId('洛阳市卫生健康委员会'), roles: ['auditor'], password: 'ly-audit-lantern-river' });
    expect(created.status).toBe(201);
    await t.as('zz.official'); // a login in 郑州, outside 洛阳's jurisdiction
    const lyAuditor = await t.as('ly.auditor', 'ly-audit-lantern-river');
    const page = await (await lyAuditor.get('/audit?pageSize=200')).json();
    const zz = await t.unitId('郑州市卫生健康委员会');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.some((r: { actorUnitId: number | null }) => r.actorUnitId === zz || r.actorUnitId === null)).toBe(false);
    expect((await lyAuditor.post('/audit', {})).status).toBe(404);
  });

  it('the database refuses UPDATE and DELETE on audit rows', async () => {
    await expect(t.database.sql`update audit_events set action = 'x'`).rejects.toThrow(/append-only/);
    await expect(t.database.sql`delete from audit_events`).rejects.toThrow(/append-only/);
  });

  it('verify passes on an intact chain and names exactly the altered row after tampering', async () => {
    const auditor = await t.as('prov.auditor');
    expect(await (await auditor.get('/audit/verify')).json()).toMatchObject({ ok: true });
    const rows = await t.database.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(asc(auditEvents.seq));
    const victim = rows[2]!.seq;
    // Lift the protection as an attacker with superuser rights would, alter one row, restore it.
    await t.database.sql.begin(async (tx) => {
      await tx`alter table audit_events disable trigger audit_events_append_only`;
      await tx`update audit_events set actor_name = '张三' where seq = ${victim}`;
      await tx`alter table audit_events enable trigger audit_events_append_only`;
    });
    const verdict = await (await auditor.get('/audit/verify')).json();
    expect(verdict).toMatchObject({ ok: false, brokenAtSeq: victim });
    expect(verdict.reason).toMatch(/altered/);
  });
});
