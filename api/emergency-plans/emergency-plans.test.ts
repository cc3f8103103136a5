// Emergency plans and drills (000 第三十一条 应急预案) through the API with the real PostgreSQL, and
// (for the checklist evidence) the real worker running an inspection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import {
  auditEvents,
  emergencyDrills,
  emergencyPlans,
  evidenceFiles,
  idempotencyKeys,
  tasks,
  type Task,
} from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { TEST_PROXY, fromPeer } from '../../test/support/app.js';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('emergency plans and drills (000 第三十一条)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const plan = {
    title: '网络与信息安全事件应急预案',
    version: '2026版',
    approvedOn: daysAgo(30),
    nextDrillOn: daysAgo(-150),
    scope: '院内信息系统：HIS、EMR、PACS；勒索病毒、数据泄露、核心系统宕机三类事件',
    summary: '信息科牵头，分级响应，重大事件 1 小时内报告上级卫生健康行政部门',
  };
  const drill = (planId: number) => ({
    planId,
    drilledOn: daysAgo(3),
    scenario: '勒索病毒加密 HIS 数据库服务器',
    result: 'succeeded' as const,
    findings: '隔离、切换备机、恢复数据均在预案时限内完成',
    nextDrillOn: daysAgo(-180),
  });
  const post = (token: string, path: string, body: unknown, key?: string) =>
    t.app.request(
      path,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
          'x-forwarded-for': '10.0.0.7',
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      },
      fromPeer(TEST_PROXY),
    );
  const upload = (token: string, planId: number, bytes: Uint8Array<ArrayBuffer>, type: string, name: string) => {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type }), name);
    return t.app.request(
      `/emergency-plans/${planId}/document`,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.0.0.7' }, body: form },
      fromPeer(TEST_PROXY),
    );
  };
  const pdf = new TextEncoder().encode('%PDF-1.4\n% 网络与信息安全事件应急预案\n%%EOF\n');

  it('a unit records its plan and uploads the document (PDF or DOCX only), audited; supervisors read it, another county 404, other roles 403', async () => {
    const staff = await t.as('jshosp.staff');
    const unitId = await t.unitId('金水区总医院');
    const created = await staff.post('/emergency-plans', plan);
    expect(created.status, await created.clone().text()).toBe(201);
    const row = await created.json();
    expect(row).toMatchObject({ ...plan, unitId });
    expect(created.headers.get('location')).toBe(`/emergency-plans/${row.id}`);

    const stored = await upload(staff.token, row.id, pdf, 'application/pdf', '应急预案2026版.pdf');
    expect(stored.status, await stored.clone().text()).toBe(201);
    const file = await stored.json();
    expect(file).toMatchObject({
      filename: '应急预案2026版.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
    });
    // Evidence types that are not a plan document (an image), and a fake PDF, are refused; nothing stored.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const image = await upload(staff.token, row.id, png, 'image/png', '预案截图.png');
    expect(image.status).toBe(415);
    expect((await image.json()).error.message).toContain('PDF 或 DOCX');
    expect((await upload(staff.token, row.id, new TextEncoder().encode('no'), DOCX, 'x.docx')).status).toBe(415);
    const official = await t.as('jinshui.official');
    expect((await upload(official.token, row.id, pdf, 'application/pdf', 'a.pdf')).status).toBe(403);
    expect((await upload((await t.as('lyhosp.staff')).token, row.id, pdf, 'application/pdf', 'a.pdf')).status).toBe(
      404,
    );
    expect(await t.database.db.$count(evidenceFiles, eq(evidenceFiles.emergencyPlanId, row.id))).toBe(1);

    for (const supervisor of ['jinshui.official', 'zz.official', 'prov.inspector', 'prov.auditor']) {
      const caller = await t.as(supervisor);
      const read = await caller.get(`/emergency-plans/${row.id}`);
      expect(read.status, supervisor).toBe(200);
      expect(await read.json()).toMatchObject({
        ...row,
        documents: [{ id: file.id, sha256: file.sha256, contentType: 'application/pdf' }],
      });
    }
    const download = await official.get(`/evidence/${file.id}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);

    // Supervisors read but do not record: 403. Another county's official, another unit's staff: 404.
    const before = await t.database.db.select().from(emergencyPlans);
    expect((await official.post('/emergency-plans', { ...plan, unitId })).status).toBe(403);
    for (const outsider of ['ly.official', 'jscdc.staff', 'lyhosp.staff']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/emergency-plans/${row.id}`)).status, outsider).toBe(404);
      expect((await caller.get(`/evidence/${file.id}`)).status, outsider).toBe(404);
      expect((await caller.post('/emergency-plans', { ...plan, unitId })).status, outsider).toBe(404);
      expect((await caller.post('/emergency-drills', drill(row.id))).status, outsider).toBe(404);
      expect((await (await caller.get('/emergency-plans')).json()).items, outsider).not.toContainEqual(
        expect.objectContaining({ id: row.id }),
      );
    }
    expect(await t.database.db.select().from(emergencyPlans)).toEqual(before);

    const audited = await t.database.db
      .select({ action: auditEvents.action, objectType: auditEvents.objectType, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.objectId, String(row.id)));
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'create', objectType: 'emergency_plan', outcome: 'success' },
        { action: 'read', objectType: 'emergency_plan', outcome: 'success' },
        { action: 'read', objectType: 'emergency_plan', outcome: 'denied' },
      ]),
    );
    expect(
      await t.database.db.$count(
        auditEvents,
        and(eq(auditEvents.objectType, 'evidence'), eq(auditEvents.objectId, file.id)),
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('lists plans and drills a page at a time, newest approval first', async () => {
    const leader = await t.as('jscdc.leader');
    const unitId = await t.unitId('金水区疾病预防控制中心');
    const ids: number[] = [];
    for (const [version, approvedOn] of [
      ['2024版', daysAgo(700)],
      ['2026版', daysAgo(10)],
      ['2025版', daysAgo(300)],
    ] as const) {
      const res = await leader.post('/emergency-plans', { ...plan, version, approvedOn });
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push((await res.json()).id);
    }
    const first = await (await leader.get(`/emergency-plans?unitId=${unitId}&page=1&pageSize=2`)).json();
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.items.map((p: { version: string }) => p.version)).toEqual(['2026版', '2025版']);
    const second = await (await leader.get(`/emergency-plans?unitId=${unitId}&page=2&pageSize=2`)).json();
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ id: ids[0], version: '2024版' }] });

    const drilled = await leader.post('/emergency-drills', drill(ids[1]!));
    expect(drilled.status, await drilled.clone().text()).toBe(201);
    const drillRow = await drilled.json();
    expect(drilled.headers.get('location')).toBe(`/emergency-drills/${drillRow.id}`);
    expect(await (await leader.get(`/emergency-drills/${drillRow.id}`)).json()).toEqual(drillRow);
    const drills = await (
      await (await t.as('zz.official')).get(`/emergency-drills?unitId=${unitId}&pageSize=1`)
    ).json();
    expect(drills).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 1,
      items: [{ id: drillRow.id, unitId, planId: ids[1] }],
    });
    expect((await (await t.as('ly.official')).get(`/emergency-drills/${drillRow.id}`)).status).toBe(404);
  });

  it('refuses bad input with 422 naming the field (413 for a 10 MB field), writing nothing', async () => {
    const staff = await t.as('lyhosp.staff');
    const unitId = await t.unitId('洛阳市中心医院');
    const count = async () => ({
      plans: await t.database.db.$count(emergencyPlans, eq(emergencyPlans.unitId, unitId)),
      drills: await t.database.db.$count(emergencyDrills, eq(emergencyDrills.unitId, unitId)),
    });
    const before = await count();
    const fieldsOf = async (res: Response) => {
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.error.code).toBe('validation_failed');
      return body.error.details.fields as { field: string; message: string }[];
    };

    expect(await fieldsOf(await staff.post('/emergency-plans', { ...plan, approvedOn: daysAgo(-1) }))).toEqual([
      { field: 'approvedOn', message: expect.stringContaining('不能晚于今天') },
    ]);
    expect(await fieldsOf(await staff.post('/emergency-plans', { ...plan, nextDrillOn: daysAgo(31) }))).toEqual([
      { field: 'nextDrillOn', message: expect.stringContaining('须晚于预案批准日期') },
    ]);
    expect(await fieldsOf(await staff.post('/emergency-plans', { ...plan, nextDrillOn: plan.approvedOn }))).toEqual([
      { field: 'nextDrillOn', message: expect.stringContaining('须晚于预案批准日期') },
    ]);
    const unknown = await fieldsOf(await staff.post('/emergency-plans', { ...plan, approvedBy: '院长' }));
    expect(unknown.map((f) => f.field)).toEqual(['']);
    expect(unknown[0]!.message).toContain('approvedBy');
    expect(await fieldsOf(await staff.post('/emergency-plans', { ...plan, title: '预'.repeat(201) }))).toEqual([
      { field: 'title', message: expect.any(String) },
    ]);
    expect(
      (await fieldsOf(await staff.post('/emergency-plans', { ...plan, version: undefined }))).map((f) => f.field),
    ).toEqual(['version']);
    // A 10 MB text field never reaches the form: the 1 MB edge limit answers 413 before anything is read.
    const huge = await post(staff.token, '/emergency-plans', { ...plan, summary: 'x'.repeat(10 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('payload_too_large');
    // Just under the edge limit, the form's own limit names the field.
    expect(await fieldsOf(await staff.post('/emergency-plans', { ...plan, summary: 'x'.repeat(900_000) }))).toEqual([
      { field: 'summary', message: expect.any(String) },
    ]);

    const created = await staff.post('/emergency-plans', plan);
    expect(created.status).toBe(201);
    const planId = (await created.json()).id as number;
    const afterPlan = await count();
    expect(afterPlan.plans).toBe(before.plans + 1);
    expect(await fieldsOf(await staff.post('/emergency-drills', { ...drill(planId), result: 'failed' }))).toEqual([
      { field: 'followUpOn', message: expect.stringContaining('跟进日期') },
    ]);
    expect(
      await fieldsOf(await staff.post('/emergency-drills', { ...drill(planId), nextDrillOn: daysAgo(4) })),
    ).toEqual([{ field: 'nextDrillOn', message: expect.stringContaining('须晚于本次演练日期') }]);
    expect(await fieldsOf(await staff.post('/emergency-drills', { ...drill(planId), drilledOn: daysAgo(-2) }))).toEqual(
      [{ field: 'drilledOn', message: expect.stringContaining('不能晚于今天') }],
    );
    expect(await fieldsOf(await staff.post('/emergency-drills', { ...drill(planId), drilledOn: daysAgo(60) }))).toEqual(
      [{ field: 'drilledOn', message: expect.stringContaining('批准日期') }],
    );
    expect(await count()).toEqual(afterPlan);

    const followedUp = await staff.post('/emergency-drills', {
      ...drill(planId),
      result: 'partial',
      followUpOn: daysAgo(-14),
    });
    expect(followedUp.status).toBe(201);
    expect(await followedUp.json()).toMatchObject({ result: 'partial', followUpOn: daysAgo(-14) });
  });

  it('20 concurrent POSTs with one Idempotency-Key create one plan', async () => {
    const staff = await t.as('jshosp.leader');
    const key = `plan-${crypto.randomUUID()}`;
    const body = { ...plan, version: `并发-${key}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(staff.token, '/emergency-plans', body, key)),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    ).toBe(true);
    expect(statuses).toContain(201);
    expect(await t.database.db.$count(emergencyPlans, eq(emergencyPlans.version, body.version))).toBe(1);
    const ids = new Set(
      await Promise.all(answers.filter((a) => a.status === 201).map(async (a) => (await a.json()).id as number)),
    );
    expect(ids.size).toBe(1);
    // A retry once the first has finished gets the same plan and its Location.
    const again = await post(staff.token, '/emergency-plans', body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe([...ids][0]);
    expect(again.headers.get('location')).toBe(`/emergency-plans/${[...ids][0]}`);
    expect(await t.database.db.$count(idempotencyKeys, eq(idempotencyKeys.key, key))).toBe(1);
  });

  it('officials and auditors list the units of their jurisdiction with no plan or an overdue drill; unit staff get 403', async () => {
    // 洛阳: 西工区人民医院 has no plan; 洛龙区人民医院's plan was due a drill 10 days ago; 洛龙区疾控's plan
    // was due too but a drill since set the next one in the future; 洛阳市中心医院 has a current plan.
    const db = t.database.db;
    const lyhosp = await t.as('lyhosp.staff');
    expect((await lyhosp.post('/emergency-plans', { ...plan, version: '现行版' })).status).toBe(201);
    const overdue = await t.unitId('洛龙区人民医院');
    const [overduePlan] = await db
      .insert(emergencyPlans)
      .values({ ...plan, unitId: overdue, approvedOn: daysAgo(400), nextDrillOn: daysAgo(10) })
      .returning();
    const drilledUnit = await t.unitId('洛龙区疾病预防控制中心');
    const [drilledPlan] = await db
      .insert(emergencyPlans)
      .values({ ...plan, unitId: drilledUnit, approvedOn: daysAgo(400), nextDrillOn: daysAgo(10) })
      .returning();
    await db.insert(emergencyDrills).values({ ...drill(drilledPlan!.id), unitId: drilledUnit, drilledOn: daysAgo(5) });
    // An older drill of the overdue unit, before its plan's approval, does not count.
    await db
      .insert(emergencyDrills)
      .values({ ...drill(overduePlan!.id), unitId: overdue, drilledOn: daysAgo(500), nextDrillOn: daysAgo(-30) });

    for (const username of ['ly.official', 'prov.auditor']) {
      const caller = await t.as(username);
      const res = await caller.get('/emergency-plans/units-without-current-plan?pageSize=200');
      expect(res.status, username).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ total: body.items.length, page: 1, pageSize: 200, today: today() });
      const byName = new Map(body.items.map((u: { unitName: string }) => [u.unitName, u]));
      expect(byName.get('西工区人民医院'), username).toMatchObject({
        reason: 'no_plan',
        currentPlanId: null,
        nextDrillDue: null,
      });
      expect(byName.get('洛龙区人民医院'), username).toMatchObject({
        unitId: overdue,
        reason: 'drill_overdue',
        currentPlanId: overduePlan!.id,
        approvedOn: daysAgo(400),
        lastDrilledOn: null,
        nextDrillDue: daysAgo(10),
      });
      expect(byName.has('洛龙区疾病预防控制中心'), username).toBe(false); // drilled since; next drill ahead
      expect(byName.has('洛阳市中心医院'), username).toBe(false); // current plan, drill ahead
      expect(byName.has('洛阳市卫生健康委员会'), username).toBe(false); // commissions supervise; not listed
      if (username === 'ly.official')
        expect(body.items.some((u: { unitName: string }) => u.unitName.startsWith('金水区'))).toBe(false);
    }
    const paged = await (
      await t.as('ly.official')
    ).get('/emergency-plans/units-without-current-plan?page=2&pageSize=1');
    const page2 = await paged.json();
    expect(page2).toMatchObject({ page: 2, pageSize: 1 });
    expect(page2.items).toHaveLength(1);
    expect(page2.total).toBeGreaterThanOrEqual(2);

    // Unit staff do not see the list; the refusal is in the audit trail.
    const deniedRows = () =>
      db.$count(auditEvents, and(eq(auditEvents.objectType, 'emergency_plan'), eq(auditEvents.outcome, 'denied')));
    const deniedBefore = await deniedRows();
    expect((await lyhosp.get('/emergency-plans/units-without-current-plan')).status).toBe(403);
    expect(await deniedRows()).toBe(deniedBefore + 1);
  });

  it("an inspection's item citing 000 第三十一条 shows the unit's current plan, latest drills and next drill date", async () => {
    const staff = await t.as('jshosp.staff');
    const current = await staff.post('/emergency-plans', { ...plan, version: '检查前现行版', approvedOn: today() });
    expect(current.status).toBe(201);
    const currentPlan = await current.json();
    const drilled = await staff.post('/emergency-drills', {
      ...drill(currentPlan.id),
      drilledOn: today(),
      scenario: '检查前的应急演练',
      nextDrillOn: daysAgo(-90),
    });
    expect(drilled.status, await drilled.clone().text()).toBe(201);
    const official = await t.as('zz.official');
    const {
      items: [template],
    } = await (await official.get('/checklist-templates')).json();
    const inspectionPlan = await official.post('/inspection-plans', {
      title: '2026年第四季度金水区总医院应急预案检查',
      templateId: template.id,
      targets: { unitIds: [await t.unitId('金水区总医院')] },
      rectificationWindow: { unit: 'working_days', amount: 20 },
    });
    expect(inspectionPlan.status, await inspectionPlan.clone().text()).toBe(201);
    const planId = (await inspectionPlan.json()).id;
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
    expect(item('emergency-plan').article).toBe('000 第三十一条');
    const records = item('emergency-plan').unitRecords;
    expect(Object.keys(records)).toEqual(['emergencyPlans']);
    expect(records.emergencyPlans).toMatchObject({
      currentPlan: { id: currentPlan.id, version: '检查前现行版', approvedOn: today() },
      nextDrillDue: daysAgo(-90),
      drillOverdue: false,
    });
    expect(records.emergencyPlans.versions).toBeGreaterThanOrEqual(2);
    expect(records.emergencyPlans.latestDrills[0]).toMatchObject({ scenario: '检查前的应急演练', drilledOn: today() });
    expect(item('restore-drill').unitRecords.emergencyPlans).toBeUndefined();
  });
});
