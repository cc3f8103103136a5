import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditEvents, auditSeals, units } from '../../db/schema.js';
import { excessPrivileges } from '../../db/app-role.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('records a login with real name, unit, role, request id and source IP, and a change in the same transaction', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/units', {
      orgCode: '12410105MB0000199X',
      name: '金水区第二医院',
      kind: 'hospital',
      parentId: await t.unitId('郑州市金水区卫生健康委员会'),
    });
    expect(res.status).toBe(201);
    const unit = await res.json();
    const [login] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'login'))
      .orderBy(asc(auditEvents.seq));
    expect(login).toMatchObject({ actorName: '王建国', actorRoles: 'admin', outcome: 'success', sourceIp: '10.0.0.7' });
    expect(login!.actorUnitId).toBe(await t.unitId('河南省卫生健康委员会'));
    const [created] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.objectId, String(unit.id)));
    expect(created).toMatchObject({ action: 'create', objectType: 'unit', actorUsername: 'admin' });
    expect(created!.requestId).toBeTruthy();
    // Same transaction: the unit row and its audit row were written by one transaction id.
    const [unitRow] = await t.database.sql`select xmin::text as xid from units where id = ${unit.id}`;
    const [auditRow] = await t.database.sql`select xmin::text as xid from audit_events where seq = ${created!.seq}`;
    expect(auditRow!.xid).toBe(unitRow!.xid);
  });

  it('a change whose audit row the database refuses is not made either, and the answer says so', async () => {
    // The database refuses this one audit row (as a full disk or a broken trigger would), after the
    // unit row is already inserted in the same transaction.
    await t.database
      .ownerSql`alter table audit_events add constraint refuse_one_unit check (detail->>'name' is distinct from '审计失败医院') not valid`;
    try {
      const admin = await t.as('admin');
      const before = await t.database.db.$count(auditEvents);
      const res = await admin.post('/units', {
        orgCode: '12410105MB0000197X',
        name: '审计失败医院',
        kind: 'hospital',
        parentId: await t.unitId('郑州市金水区卫生健康委员会'),
      });
      expect(res.status).toBe(500);
      expect((await res.json()).error.code).toBe('internal');
      expect(await t.database.db.$count(units, eq(units.orgCode, '12410105MB0000197X'))).toBe(0);
      expect(await t.database.db.$count(auditEvents)).toBe(before);
    } finally {
      await t.database.ownerSql`alter table audit_events drop constraint refuse_one_unit`;
    }
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
    // A refused sign-in is found by its outcome.
    await t.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jshosp.staff', password: 'not-the-password' }),
    });
    const refused = await (await auditor.get('/audit?outcome=failure&pageSize=200')).json();
    expect(refused.total).toBeGreaterThanOrEqual(1);
    expect(refused.items.every((r: { outcome: string }) => r.outcome === 'failure')).toBe(true);
    expect(refused.items.map((r: { actorUsername: string }) => r.actorUsername)).toContain('jshosp.staff');
    const bad = await auditor.get('/audit?outcome=maybe');
    expect(bad.status).toBe(422);
  });

  it('the CSV export neutralises spreadsheet formulas in user-controlled fields', async () => {
    const official = await t.as('prov.official');
    const formula = "=cmd|' /C calc'!A0";
    expect((await official.get(`/inspections/${encodeURIComponent(formula)}`)).status).toBe(404);
    const auditor = await t.as('prov.auditor');
    const text = await (await auditor.get('/audit?format=csv&objectType=inspection')).text();
    expect(text).toContain(`'${formula}`);
    expect(text).not.toMatch(/(^|,)=cmd/m);
  });

  it("a city auditor sees only its jurisdiction's rows, and cannot write to the trail", async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/users', {
      username: 'ly.auditor',
      realName: '审计员',
      unitId: await t.unitId('洛阳市卫生健康委员会'),
      roles: ['auditor'],
      password: 'ly-audit-lantern-river',
    });
    expect(created.status).toBe(201);
    await t.as('zz.official'); // a login in 郑州, outside 洛阳's jurisdiction
    const lyAuditor = await t.as('ly.auditor', 'ly-audit-lantern-river');
    const page = await (await lyAuditor.get('/audit?pageSize=200')).json();
    const zz = await t.unitId('郑州市卫生健康委员会');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.some((r: { actorUnitId: number | null }) => r.actorUnitId === zz || r.actorUnitId === null)).toBe(
      false,
    );
    expect((await lyAuditor.post('/audit', {})).status).toBe(404);
  });

  it('the application role may only insert and read the audit tables: it cannot change rows, truncate, or lift the triggers', async () => {
    await t.as('admin'); // rows in both tables, so the row triggers below have something to refuse
    await t.sealer.flush();
    expect(await excessPrivileges(t.database.sql)).toEqual([]);
    for (const [table, column] of [
      ['audit_events', 'action'],
      ['audit_seals', 'hash'],
    ]) {
      await expect(t.database.sql.unsafe(`update ${table} set ${column} = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(t.database.sql.unsafe(`delete from ${table}`)).rejects.toThrow(/permission denied/);
      await expect(t.database.sql.unsafe(`truncate ${table}`)).rejects.toThrow(/permission denied/);
      await expect(t.database.sql.unsafe(`alter table ${table} disable trigger all`)).rejects.toThrow(/must be owner/);
      await expect(t.database.sql.unsafe(`alter table ${table} disable trigger ${table}_append_only`)).rejects.toThrow(
        /must be owner/,
      );
    }
    // Even the owner meets the append-only trigger.
    await expect(t.database.ownerSql`update audit_events set action = 'x'`).rejects.toThrow(
      /audit_events is append-only/,
    );
    await expect(t.database.ownerSql`delete from audit_seals`).rejects.toThrow(/audit_seals is append-only/);
    await expect(t.database.ownerSql`truncate audit_seals`).rejects.toThrow(/append-only/);
  });

  it('verify passes on an intact chain; after two separate rows are altered it reports both (paged) and the ranges between them verify', async () => {
    for (const who of [
      'prov.official',
      'zz.official',
      'jinshui.official',
      'ly.official',
      'jscdc.staff',
      'lyhosp.staff',
    ])
      await t.as(who);
    // Item 2: a lone surrogate (which storage turns into U+FFFD) must not break verification, whatever the edge answers.
    const hostile = await t.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'a\ud800', password: 'x' }),
    });
    expect(hostile.status).toBeGreaterThanOrEqual(400);
    const auditor = await t.as('prov.auditor');
    const intact = await (await auditor.get('/audit/verify')).json();
    expect(intact).toMatchObject({
      ok: true,
      code: 'audit_chain_intact',
      broken: { total: 0 },
      verifiedRanges: { total: 1 },
    });
    expect(intact.message).toMatch(/审计链完整/);
    const seals = await t.database.db.select().from(auditSeals).orderBy(asc(auditSeals.position));
    expect(seals.length).toBeGreaterThanOrEqual(7);
    const [first, second] = [seals[2]!, seals[5]!];
    // Lift the protection as the owner of the tables would, alter two rows, restore it.
    await t.database.ownerSql.begin(async (tx) => {
      await tx`alter table audit_events disable trigger audit_events_append_only`;
      await tx`update audit_events set actor_name = '张三' where seq = ${first.eventSeq}`;
      await tx`update audit_events set source_ip = '192.0.2.1' where seq = ${second.eventSeq}`;
      await tx`alter table audit_events enable trigger audit_events_append_only`;
    });
    const verdict = await (await auditor.get('/audit/verify')).json();
    const altered = [{ code: 'row_altered', message: expect.stringMatching(/被修改/) }];
    expect(verdict).toMatchObject({
      ok: false,
      code: 'audit_chain_broken',
      broken: {
        total: 2,
        page: 1,
        items: [
          { position: 3, seq: first.eventSeq, problems: altered },
          { position: 6, seq: second.eventSeq, problems: altered },
        ],
      },
      verifiedRanges: {
        total: 3,
        items: [
          { fromPosition: 1, toPosition: 2, rows: 2 },
          { fromPosition: 4, toPosition: 5, fromSeq: seals[3]!.eventSeq, toSeq: seals[4]!.eventSeq, rows: 2 },
          { fromPosition: 7 },
        ],
      },
    });
    expect(verdict.verifiedRanges.items[2].toPosition).toBe(verdict.rows);
    expect(verdict.message).toMatch(/2 条记录未通过验证/);
    const page2 = await (await auditor.get('/audit/verify?page=2&pageSize=1')).json();
    expect(page2).toMatchObject({
      broken: { total: 2, page: 2, pageSize: 1, items: [{ position: 6 }] },
      verifiedRanges: { total: 3, items: [{ fromPosition: 4, toPosition: 5 }] },
    });
  });
});
