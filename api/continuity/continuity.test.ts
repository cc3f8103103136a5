// Backups and restore drills (000 第十四条, 第十五条; 001 第九条) through the API with the real
// PostgreSQL, and (for the checklist evidence) the real worker running an inspection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { auditEvents, backups, dataHoldings, evidenceFiles, restoreDrills, tasks, type Task } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { TEST_PROXY, fromPeer } from '../../test/support/app.js';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

describe('backups and restore drills (000 第十四条、第十五条; 001 第九条)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const backup = {
    scope: '居民健康档案库、电子病历库全量',
    frequency: 'daily',
    offSiteLocation: { country: 'CN', region: '河南省洛阳市 异地灾备中心' },
    lastPerformedOn: daysAgo(1),
  };
  const drill = {
    drilledOn: daysAgo(3),
    restored: '电子病历库 2026-10 全量备份恢复至演练环境',
    durationMinutes: 95,
    result: 'succeeded',
    evidence: '演练报告 JSYY-DR-2026-04，校验和一致，存档于信息科',
  };
  const postWithKey = (token: string, path: string, body: unknown, key: string) =>
    t.app.request(
      path,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
          'x-forwarded-for': '10.0.0.7',
        },
        body: JSON.stringify(body),
      },
      fromPeer(TEST_PROXY),
    );

  it('a unit records backups and drills once per Idempotency-Key, audited; supervisors read them, other jurisdictions get 404, other roles 403', async () => {
    const staff = await t.as('jshosp.staff');
    const unitId = await t.unitId('金水区总医院');
    const key = `backup-${crypto.randomUUID()}`;
    const first = await postWithKey(staff.token, '/backups', backup, key);
    expect(first.status, await first.clone().text()).toBe(201);
    const again = await postWithKey(staff.token, '/backups', backup, key);
    expect(again.status).toBe(201);
    const created = await first.json();
    expect(await again.json()).toEqual(created);
    expect(created).toMatchObject({ unitId, frequency: 'daily', offSiteLocation: backup.offSiteLocation });
    expect(await t.database.db.$count(backups, eq(backups.unitId, unitId))).toBe(1);

    const drillKey = `drill-${crypto.randomUUID()}`;
    const recorded = await postWithKey(staff.token, '/restore-drills', drill, drillKey);
    expect(recorded.status, await recorded.clone().text()).toBe(201);
    expect((await postWithKey(staff.token, '/restore-drills', drill, drillKey)).status).toBe(201);
    const drillRow = await recorded.json();
    expect(drillRow).toMatchObject({ ...drill, unitId, followUpOn: null });
    expect(await t.database.db.$count(restoreDrills, eq(restoreDrills.unitId, unitId))).toBe(1);
    const audited = await t.database.db
      .select({ objectType: auditEvents.objectType, objectId: auditEvents.objectId })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'create'));
    expect(audited).toEqual(
      expect.arrayContaining([
        { objectType: 'backup', objectId: String(created.id) },
        { objectType: 'restore_drill', objectId: String(drillRow.id) },
      ]),
    );
    // Once each: the repeats with the same key were answered from the stored response.
    expect(audited.filter((a) => a.objectType === 'restore_drill' && a.objectId === String(drillRow.id))).toHaveLength(
      1,
    );

    for (const supervisor of ['jinshui.official', 'zz.official', 'prov.inspector']) {
      const caller = await t.as(supervisor);
      const page = await (await caller.get(`/restore-drills?unitId=${unitId}`)).json();
      expect(page, supervisor).toMatchObject({ total: 1, page: 1, pageSize: 50, items: [{ id: drillRow.id }] });
      expect((await (await caller.get('/backups')).json()).items.map((b: { id: number }) => b.id)).toContain(
        created.id,
      );
      expect((await caller.get(`/restore-drills/${drillRow.id}`)).status).toBe(200);
    }
    // Supervisors read but do not record: 403; another unit's staff in the same county: 404 for the record.
    const official = await t.as('jinshui.official');
    const before = await t.database.db.select().from(restoreDrills);
    expect((await official.post('/restore-drills', { ...drill, unitId })).status).toBe(403);
    expect((await official.post('/backups', { ...backup, unitId })).status).toBe(403);
    for (const outsider of ['jscdc.staff', 'lyhosp.staff', 'ly.official']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/restore-drills/${drillRow.id}`)).status, outsider).toBe(404);
      expect((await caller.post('/restore-drills', { ...drill, unitId })).status, outsider).toBe(404);
      expect((await caller.post('/backups', { ...backup, unitId })).status, outsider).toBe(404);
      expect((await (await caller.get('/restore-drills')).json()).items, outsider).not.toContainEqual(
        expect.objectContaining({ id: drillRow.id }),
      );
    }
    expect(await t.database.db.select().from(restoreDrills)).toEqual(before);
  });

  it('refuses a failed drill without a follow-up date and an off-site copy abroad (000 第十八条), writing nothing', async () => {
    const staff = await t.as('jscdc.staff');
    const unitId = await t.unitId('金水区疾病预防控制中心');
    const count = async () => ({
      drills: await t.database.db.$count(restoreDrills, eq(restoreDrills.unitId, unitId)),
      backups: await t.database.db.$count(backups, eq(backups.unitId, unitId)),
    });
    const before = await count();

    const failed = await staff.post('/restore-drills', { ...drill, result: 'failed' });
    expect(failed.status).toBe(422);
    const body = await failed.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.fields).toEqual([{ field: 'followUpOn', message: expect.stringContaining('跟进日期') }]);
    const backwards = await staff.post('/restore-drills', { ...drill, result: 'partial', followUpOn: daysAgo(10) });
    expect((await backwards.json()).error.details.fields).toEqual([
      { field: 'followUpOn', message: expect.stringContaining('不能早于演练日期') },
    ]);
    const badDate = await staff.post('/restore-drills', { ...drill, drilledOn: '2026-02-30' });
    expect((await badDate.json()).error.details.fields.map((f: { field: string }) => f.field)).toEqual(['drilledOn']);
    const abroad = await staff.post('/backups', { ...backup, offSiteLocation: { country: 'SG', region: '新加坡云' } });
    expect(abroad.status).toBe(422);
    expect((await abroad.json()).error.details.fields).toEqual([
      {
        field: 'offSiteLocation.country',
        message: expect.stringContaining('《河南省全民健康信息管理实施细则》第十八条'),
      },
    ]);
    expect(await count()).toEqual(before);

    const followedUp = await staff.post('/restore-drills', { ...drill, result: 'failed', followUpOn: daysAgo(-14) });
    expect(followedUp.status).toBe(201);
    expect(await followedUp.json()).toMatchObject({ result: 'failed', followUpOn: daysAgo(-14) });
  });

  it('a drill carries evidence files (checked like inspection evidence); supervisors download them; a fake file is refused and nothing stored', async () => {
    const staff = await t.as('jshosp.staff');
    const recorded = await staff.post('/restore-drills', { ...drill, restored: '带证据的恢复演练' });
    expect(recorded.status).toBe(201);
    const drillId = (await recorded.json()).id as number;
    const upload = (token: string, bytes: Uint8Array<ArrayBuffer>, type: string) => {
      const form = new FormData();
      form.set('file', new Blob([bytes], { type }), '恢复演练记录.pdf');
      return t.app.request(
        `/restore-drills/${drillId}/evidence`,
        { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.0.0.7' }, body: form },
        fromPeer(TEST_PROXY),
      );
    };
    const pdf = new TextEncoder().encode('%PDF-1.4\n% 恢复演练记录\n%%EOF\n');
    const stored = await upload(staff.token, pdf, 'application/pdf');
    expect(stored.status, await stored.clone().text()).toBe(201);
    const file = await stored.json();
    expect(file).toMatchObject({ filename: '恢复演练记录.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });

    const count = () => t.database.db.$count(evidenceFiles, eq(evidenceFiles.restoreDrillId, drillId));
    const fake = await upload(staff.token, new TextEncoder().encode('not a pdf'), 'application/pdf');
    expect(fake.status).toBe(415);
    expect((await fake.json()).error.message).toContain('不符');
    const official = await t.as('jinshui.official');
    expect((await upload(official.token, pdf, 'application/pdf')).status).toBe(403);
    expect((await upload((await t.as('lyhosp.staff')).token, pdf, 'application/pdf')).status).toBe(404);
    expect(await count()).toBe(1);

    const read = await (await official.get(`/restore-drills/${drillId}`)).json();
    expect(read.evidenceFiles).toEqual([expect.objectContaining({ id: file.id, sha256: file.sha256 })]);
    const download = await official.get(`/evidence/${file.id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect((await (await t.as('ly.official')).get(`/evidence/${file.id}`)).status).toBe(404);
  });

  it('officials list the units of their jurisdiction with no drill in the policy period, with its basis', async () => {
    // 洛阳市中心医院 drilled today, 洛龙区人民医院 400 days ago (before the period), the others never.
    const lyRecent = await t.as('lyhosp.staff'); // 洛阳市中心医院
    expect((await lyRecent.post('/restore-drills', { ...drill, drilledOn: today() })).status).toBe(201);
    const longAgo = await t.unitId('洛龙区人民医院');
    await t.database.db.insert(restoreDrills).values({
      unitId: longAgo,
      drilledOn: daysAgo(400),
      restored: '旧演练',
      durationMinutes: 30,
      result: 'succeeded',
      evidence: '旧报告',
    });

    const official = await t.as('ly.official');
    const res = await official.get('/restore-drills/units-without-drill?pageSize=200');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.period).toMatchObject({
      policyKey: 'continuity.restore_drill',
      unit: 'calendar_days',
      amount: 365,
      basis: expect.stringContaining('000 第十五条'),
      since: daysAgo(365),
    });
    const names = body.items.map((u: { unitName: string }) => u.unitName);
    expect(names).toEqual(
      expect.arrayContaining(['洛阳市全民健康信息中心', '西工区人民医院', '洛龙区人民医院', '洛龙区疾病预防控制中心']),
    );
    expect(names).not.toContain('洛阳市中心医院'); // drilled today
    expect(names).not.toContain('洛阳市卫生健康委员会'); // commissions supervise; they are not listed
    expect(names.some((n: string) => n.startsWith('金水区'))).toBe(false); // another jurisdiction
    expect(body.items.find((u: { unitName: string }) => u.unitName === '洛龙区人民医院')).toMatchObject({
      unitId: longAgo,
      lastDrilledOn: daysAgo(400),
    });
    expect(body).toMatchObject({ total: body.items.length, page: 1, pageSize: 200 });

    // A unit's own staff do not see the list.
    expect((await lyRecent.get('/restore-drills/units-without-drill')).status).toBe(403);
  });

  it("an inspection's checklist shows the unit's register, backups and drills beside the items citing 000 第十四条、第十五条、第十八条", async () => {
    const staff = await t.as('jshosp.staff');
    expect((await staff.post('/backups', { ...backup, scope: '检查前登记的备份' })).status).toBe(201);
    const drilled = await staff.post('/restore-drills', { ...drill, drilledOn: today(), restored: '检查前的恢复演练' });
    expect(drilled.status).toBe(201);
    const official = await t.as('zz.official'); // an official and inspector above 金水区
    const {
      items: [template],
    } = await (await official.get('/checklist-templates')).json();
    const plan = await official.post('/inspection-plans', {
      title: '2026年第四季度金水区总医院容灾备份检查',
      templateId: template.id,
      targets: { unitIds: [await t.unitId('金水区总医院')] },
      rectificationWindow: { unit: 'working_days', amount: 20 },
    });
    expect(plan.status, await plan.clone().text()).toBe(201);
    const planId = (await plan.json()).id;
    let selfCheck: Task | undefined;
    await expect
      .poll(
        async () => {
          [selfCheck] = await t.database.db
            .select()
            .from(tasks)
            .where(and(like(tasks.workflowId, `inspection-run-${planId}%`), eq(tasks.type, 'inspection_self_check')));
          return selfCheck !== undefined;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    const inspection = await (await official.get(`/inspections/${encodeURIComponent(selfCheck!.workflowId)}`)).json();
    const item = (key: string) => inspection.checklist.find((i: { key: string }) => i.key === key);

    const register = await t.database.db.$count(
      dataHoldings,
      and(eq(dataHoldings.unitId, await t.unitId('金水区总医院')), eq(dataHoldings.status, 'active')),
    );
    expect(item('no-storage-abroad').unitRecords).toEqual({
      register: {
        activeHoldings: register,
        byCountry: register ? [{ country: 'CN', count: register }] : [],
        abroad: [],
      },
    });
    expect(item('backup').unitRecords.backups.total).toBeGreaterThanOrEqual(1);
    expect(item('backup').unitRecords.backups.latest[0]).toMatchObject({ scope: '检查前登记的备份' });
    expect(item('restore-drill').unitRecords.restoreDrills).toMatchObject({
      period: { policyKey: 'continuity.restore_drill', since: daysAgo(365) },
      drilledInPeriod: true,
    });
    expect(item('restore-drill').unitRecords.restoreDrills.latest[0]).toMatchObject({
      restored: '检查前的恢复演练',
      drilledOn: today(),
    });
    expect(item('restore-drill').unitRecords.register).toBeUndefined();
    expect(item('responsible-department').unitRecords).toBeUndefined();
  });
});
