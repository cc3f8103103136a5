// The officials' dashboard and the documents list over real rows in PostgreSQL: the figures a
// jurisdiction's official sees, each matching the list it links to; another jurisdiction's tasks,
// inspections and documents never counted; a clerk or an auditor refused.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  checklistTemplates,
  documents,
  inspectionFindings,
  inspectionPlans,
  inspectionRuns,
  inspections,
  tasks,
} from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { DOCUMENT_KINDS } from '../../activities/official-documents.js';
import { DOCUMENT_KIND_NAMES } from '../../domain/document-kinds.js';
import type { Answer } from '../../domain/inspections.js';

const DAY = 86_400_000;

describe('dashboard (首页) and documents list', () => {
  let t: TestApp;
  const unit: Record<string, number> = {};
  const docIds: Record<string, string> = {};
  let keys: string[];

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of [
      '郑州市金水区卫生健康委员会',
      '金水区总医院',
      '金水区疾病预防控制中心',
      '中原区人民医院',
      '洛阳市卫生健康委员会',
      '洛阳市中心医院',
      '河南省卫生健康委员会',
    ])
      unit[name] = await t.unitId(name);
    const db = t.database.db;
    const now = Date.now();
    const task = (unitName: string, n: number, dueInDays: number, extra: Partial<typeof tasks.$inferInsert> = {}) => ({
      workflowId: `dashboard-test-${unitName}`,
      taskKey: `task-${n}`,
      type: 'inspection_self_check',
      title: `${unitName}自查任务${n}`,
      assigneeUnitId: unit[unitName]!,
      dueAt: new Date(now + dueInDays * DAY),
      formSchema: {},
      updateName: 'submitSelfCheck',
      ...extra,
    });
    await db.insert(tasks).values([
      task('金水区总医院', 1, 3, { overdue: true }), // flagged overdue by its timer (due moved later)
      task('金水区总医院', 2, -2), // past due, timer not yet fired
      task('金水区总医院', 3, 5),
      task('金水区总医院', 4, -5, { status: 'completed', completedAt: new Date() }),
      task('金水区疾病预防控制中心', 1, 4),
      task('中原区人民医院', 1, -1),
      task('洛阳市中心医院', 1, -3, { overdue: true }),
      task('洛阳市中心医院', 2, -3),
    ]);

    const [template] = await db.select().from(checklistTemplates).limit(1);
    keys = template!.items.slice(0, 4).map((i) => i.key);
    const answers = (...given: Answer[]) => given.map((answer, i) => ({ itemKey: keys[i]!, answer }));
    for (const [plan, owner] of [
      ['plan-dash-js', '郑州市金水区卫生健康委员会'],
      ['plan-dash-ly', '洛阳市卫生健康委员会'],
    ] as const) {
      await db.insert(inspectionPlans).values({
        id: plan,
        title: `${owner}数据安全检查`,
        templateId: template!.id,
        ownerUnitId: unit[owner]!,
        targets: { subtreeOf: unit[owner]! },
        selfCheckWindow: { unit: 'working_days', amount: 10 },
        recurrence: { kind: 'once' },
      });
      for (const run of ['old', 'new'])
        await db.insert(inspectionRuns).values({
          id: `${plan}-${run}`,
          planId: plan,
          templateId: template!.id,
          unitIds: [],
          selfCheckDueAt: new Date(now + DAY),
        });
    }
    const inspection = (
      id: string,
      run: string,
      unitName: string,
      at: number,
      extra: Partial<typeof inspections.$inferInsert>,
    ) => ({
      id,
      runId: run,
      planId: run.replace(/-(old|new)$/, ''),
      unitId: unit[unitName]!,
      ownerUnitId: unit[run.startsWith('plan-dash-ly') ? '洛阳市卫生健康委员会' : '郑州市金水区卫生健康委员会']!,
      templateId: template!.id,
      selfCheckedAt: new Date(at),
      ...extra,
    });
    await db.insert(inspections).values([
      // An earlier run, all 不符合: superseded by the unit's latest answered inspection.
      inspection('insp-js-hosp-old', 'plan-dash-js-old', '金水区总医院', now - 60 * DAY, {
        status: 'closed',
        selfCheck: answers('non_compliant', 'non_compliant', 'non_compliant', 'non_compliant'),
      }),
      // The inspector's review overrides the self-check: 2 符合, 1 不符合, 1 不适用 → 2/3.
      inspection('insp-js-hosp', 'plan-dash-js-new', '金水区总医院', now - 20 * DAY, {
        status: 'rectifying',
        selfCheck: answers('compliant', 'compliant', 'compliant', 'compliant'),
        review: answers('compliant', 'non_compliant', 'not_applicable', 'compliant'),
        reviewedAt: new Date(now - 15 * DAY),
        rectificationDueAt: new Date(now - 3 * DAY - 3_600_000),
      }),
      // Self-check only: 3 符合, 1 不符合 → 3/4; rectifying, but not yet due.
      inspection('insp-js-cdc', 'plan-dash-js-new', '金水区疾病预防控制中心', now - 18 * DAY, {
        status: 'rectifying',
        selfCheck: answers('compliant', 'compliant', 'compliant', 'non_compliant'),
        rectificationDueAt: new Date(now + 5 * DAY),
      }),
      // A cancelled inspection never counts, however recent.
      inspection('insp-js-cdc-cancelled', 'plan-dash-js-old', '金水区疾病预防控制中心', now - DAY, {
        status: 'cancelled',
        selfCheck: answers('non_compliant', 'non_compliant', 'non_compliant', 'non_compliant'),
      }),
      // Luoyang's: all 不符合 and overdue, outside 金水区.
      inspection('insp-ly-hosp', 'plan-dash-ly-new', '洛阳市中心医院', now - 20 * DAY, {
        status: 'rectifying',
        selfCheck: answers('non_compliant', 'non_compliant', 'non_compliant', 'non_compliant'),
        rectificationDueAt: new Date(now - 10 * DAY),
      }),
    ]);
    const finding = (inspectionId: string, status: 'open' | 'accepted') => ({
      inspectionId,
      itemKey: keys[1]!,
      severity: 'major' as const,
      article: '000 第十四条',
      description: '未开展备份恢复演练',
      requirement: '开展一次恢复演练并留存记录',
      status,
    });
    await db
      .insert(inspectionFindings)
      .values([finding('insp-js-hosp', 'open'), finding('insp-js-hosp', 'accepted'), finding('insp-ly-hosp', 'open')]);

    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const doc = (key: string, kind: string, issuer: string, recipients: string[], title: string, daysAgo: number) => ({
      kind,
      number: `${key}〔2026〕1号`,
      title,
      unitId: unit[issuer]!,
      recipientUnitIds: recipients.map((r) => unit[r]!),
      sha256: createHash('sha256').update(key).digest('hex'),
      sizeBytes: pdf.length,
      pdf,
      createdAt: new Date(Date.parse('2026-11-20T10:00:00+08:00') - daysAgo * DAY),
    });
    const rows = await db
      .insert(documents)
      .values([
        doc(
          '金卫',
          'rectification-notice',
          '郑州市金水区卫生健康委员会',
          ['金水区总医院'],
          '关于金水区总医院整改的通知书',
          0,
        ),
        doc('洛卫', 'circular', '洛阳市卫生健康委员会', ['郑州市金水区卫生健康委员会'], '关于数据安全情况的通报', 5),
        doc('洛卫乙', 'circular', '洛阳市卫生健康委员会', ['金水区总医院'], '洛阳发给金水区总医院的通报', 3),
        doc('豫卫', 'notice', '河南省卫生健康委员会', ['洛阳市卫生健康委员会'], '省委发洛阳的通知', 1),
      ])
      .returning({ id: documents.id, number: documents.number });
    for (const r of rows) docIds[r.number!.split('〔')[0]!] = r.id;
  }, 120_000);
  afterAll(() => t?.close());

  it('shows the district official their jurisdiction only, each number the total of the list it links to', async () => {
    const official = await t.as('jinshui.official');
    const res = await official.get('/dashboard');
    expect(res.status, await res.clone().text()).toBe(200);
    const d = await res.json();
    const hosp = unit['金水区总医院']!;
    const cdc = unit['金水区疾病预防控制中心']!;

    expect(d.tasks).toEqual({
      open: 4,
      overdue: 2,
      units: [
        { unitId: hosp, name: '金水区总医院', open: 3, overdue: 2 },
        { unitId: cdc, name: '金水区疾病预防控制中心', open: 1, overdue: 0 },
      ],
    });
    // The inbox's jurisdiction list, filtered to the unit, holds exactly those tasks.
    const listed = async (query: string) =>
      (await (await official.get(`/tasks?scope=jurisdiction&unitId=${hosp}${query}`)).json()).total;
    expect(await listed('')).toBe(3);
    expect(await listed('&overdue=true')).toBe(2);

    expect(d.compliance.overallRate).toBe(0.714); // (2 + 3) / (2 + 3 + 1 + 1)
    expect(d.compliance.units).toEqual([
      {
        unitId: hosp,
        name: '金水区总医院',
        inspectionId: 'insp-js-hosp',
        compliant: 2,
        nonCompliant: 1,
        notApplicable: 1,
        rate: 0.667,
      },
      {
        unitId: cdc,
        name: '金水区疾病预防控制中心',
        inspectionId: 'insp-js-cdc',
        compliant: 3,
        nonCompliant: 1,
        notApplicable: 0,
        rate: 0.75,
      },
    ]);
    expect(d.compliance.items.map((i: { key: string; rate: number }) => [i.key, i.rate])).toEqual([
      [keys[1], 0.5],
      [keys[3], 0.5],
      [keys[0], 1],
      [keys[2], 1],
    ]);
    expect(d.compliance.items[0].text.length).toBeGreaterThan(4);
    expect(d.compliance.items[0].article).toMatch(/第.+条/);

    expect(d.rectificationsOverdue).toEqual([
      {
        inspectionId: 'insp-js-hosp',
        unitId: hosp,
        name: '金水区总医院',
        dueAt: expect.any(String),
        daysOverdue: 3,
        openFindings: 1,
      },
    ]);
    // What GET /documents/{id} would hand them: their own and the one sent to their unit.
    expect(d.recentDocuments.map((x: { number: string }) => x.number)).toEqual(['金卫〔2026〕1号', '洛卫〔2026〕1号']);
  });

  it('counts the city over all its districts, and the province leader over the whole province', async () => {
    const city = await (await (await t.as('zz.official')).get('/dashboard')).json();
    expect(city.tasks.open).toBe(5);
    expect(city.tasks.overdue).toBe(3);
    expect(city.tasks.units.map((u: { name: string }) => u.name)).toEqual([
      '金水区总医院',
      '中原区人民医院',
      '金水区疾病预防控制中心',
    ]);
    expect(city.rectificationsOverdue).toHaveLength(1);

    const province = await (await (await t.as('prov.leader')).get('/dashboard')).json();
    expect(province.tasks).toMatchObject({ open: 7, overdue: 5 });
    expect(province.compliance.units.map((u: { name: string }) => u.name)).toEqual([
      '洛阳市中心医院',
      '金水区总医院',
      '金水区疾病预防控制中心',
    ]);
    expect(province.rectificationsOverdue.map((r: { name: string }) => r.name)).toEqual([
      '洛阳市中心医院',
      '金水区总医院',
    ]);
  });

  it('refuses a unit clerk and an auditor in Chinese', async () => {
    for (const username of ['jshosp.staff', 'prov.auditor']) {
      const res = await (await t.as(username)).get('/dashboard');
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toContain('查看首页统计');
    }
  });

  it('lists exactly the documents the reader may download, with filters, and audits the listing', async () => {
    const official = await t.as('jinshui.official');
    const page = await (await official.get('/documents?pageSize=10')).json();
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 10 });
    expect(page.items[0]).toMatchObject({
      kind: 'rectification-notice',
      kindName: '整改通知书',
      number: '金卫〔2026〕1号',
      unitName: '郑州市金水区卫生健康委员会',
      recipients: [{ id: unit['金水区总医院'], name: '金水区总医院' }],
      sha256: createHash('sha256').update('金卫').digest('hex'),
      sizeBytes: 15,
    });
    // The list and the download agree for every document.
    const listed = new Set(page.items.map((i: { id: string }) => i.id));
    for (const id of Object.values(docIds))
      expect((await official.get(`/documents/${id}/meta`)).status, id).toBe(listed.has(id) ? 200 : 404);
    for (const id of Object.values(docIds))
      expect((await official.get(`/documents/${id}`)).status, id).toBe(listed.has(id) ? 200 : 404);

    // The hospital reads what was sent to it, and nothing of its commission's own.
    const clerk = await (await (await t.as('jshosp.staff')).get('/documents')).json();
    expect(clerk.items.map((i: { number: string }) => i.number)).toEqual(['金卫〔2026〕1号', '洛卫乙〔2026〕1号']);

    const totalOf = async (query: string) => (await (await official.get(`/documents?${query}`)).json()).total;
    expect(await totalOf('kind=circular')).toBe(1);
    expect(await totalOf(`text=${encodeURIComponent('整改')}`)).toBe(1);
    expect(await totalOf(`text=${encodeURIComponent('洛卫')}`)).toBe(1);
    expect(await totalOf(`text=${encodeURIComponent('%')}`)).toBe(0);
    expect(await totalOf('from=2026-11-20&to=2026-11-20')).toBe(1);
    expect(await totalOf('from=2026-11-10&to=2026-11-19')).toBe(1);

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'document'), eq(auditEvents.action, 'list')));
    expect(audited.length).toBeGreaterThanOrEqual(7);
  });

  it('refuses bad filters with the field named, in Chinese', async () => {
    const official = await t.as('jinshui.official');
    for (const [query, field] of [
      ['from=2026-13-01', 'from'],
      ['from=2026-11-20&to=2026-11-01', 'to'],
      ['kind=memo', 'kind'],
      ['color=red', ''],
    ]) {
      const res = await official.get(`/documents?${query}`);
      expect(res.status, query).toBe(422);
      const body = await res.json();
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('names every kind of document in Chinese', () => {
    expect(Object.keys(DOCUMENT_KIND_NAMES).sort()).toEqual([...DOCUMENT_KINDS].sort());
  });
});
