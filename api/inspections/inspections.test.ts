// Supervision inspections with rectification, end to end with the real worker, PostgreSQL and
// Chromium: plan → per-unit child workflow → self-check → review → 整改通知书 → report → verify.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../app.js';
import { createLogger } from '../../config/logger.js';
import {
  documents,
  evidenceFiles,
  inspectionFindings,
  inspectionPlans,
  inspectionRuns,
  tasks,
  users,
  type Task,
} from '../../db/schema.js';
import { DEFAULT_CHECKLIST } from '../../db/default-checklist.js';
import { INSPECTION_ROW_MISSING } from '../../domain/inspections.js';
import { InspectionRunReportSchema } from '../../domain/inspection-report.js';
import { inspectionRunWorkflow } from '../../workflows/inspection-run.js';
import type { Caller } from '../../test/support/app.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { pdfText } from '../../test/support/pdf.js';
import { Renderer } from '../../activities/renderer.js';
import { complete } from '../../test/support/handovers.js';
import { recordHistory, recordListedHistory } from '../../test/support/histories.js';

const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n% 备份恢复演练记录\n%%EOF\n');

describe('supervision inspections (监督检查) with rectification (整改)', () => {
  let t: TestAppWithWorker;
  let templateId: number;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
    const templates = (await (await (await t.as('zz.official')).get('/checklist-templates')).json()).items;
    templateId = templates[0].id;
  });
  afterAll(() => t?.close());

  /** What createApp needs to serve another API process on the same database (its own Temporal client). */
  const appDeps = (temporal: Client) => ({
    db: t.database.db,
    sql: t.database.sql,
    temporal,
    renderer: t.renderer,
    logger: createLogger('silent'),
    env: t.env,
  });

  /** The open task of `type` in any inspection of `unit` whose workflow id starts with `prefix`. */
  async function taskFor(prefix: string, type: string, timeout = 30_000): Promise<Task> {
    let found: Task | undefined;
    await expect
      .poll(
        async () => {
          [found] = await t.database.db
            .select()
            .from(tasks)
            .where(and(like(tasks.workflowId, `${prefix}%`), eq(tasks.type, type), eq(tasks.status, 'open')));
          return found !== undefined;
        },
        { timeout, interval: 100 },
      )
      .toBe(true);
    return found!;
  }

  async function upload(
    caller: Caller,
    inspectionId: string,
    file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> },
  ): Promise<Response> {
    const form = new FormData();
    form.set('file', new Blob([file.bytes], { type: file.type }), file.name);
    return t.app.request(`/inspections/${encodeURIComponent(inspectionId)}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caller.token}` },
      body: form,
    });
  }

  /**
   * Starts a one-off plan over `unit` and returns its inspection's id and self-check task. Each
   * test gives its plan the deadlines it needs (`options`), never changing the global policies,
   * so the tests pass in any order and any subset.
   */
  async function inspect(official: string, unit: string, options: Record<string, unknown> = {}) {
    const caller = await t.as(official);
    const res = await caller.post('/inspection-plans', {
      title: `2026年第四季度${unit}数据安全检查`,
      templateId,
      targets: { unitIds: [await t.unitId(unit)] },
      rectificationWindow: { unit: 'working_days', amount: 20 },
      ...options,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const plan = await res.json();
    const selfCheck = await taskFor(`inspection-run-${plan.id}`, 'inspection_self_check');
    return { plan, inspectionId: selfCheck.workflowId, selfCheck, official: caller };
  }

  /** Answers every item; `nonCompliant` keys are answered 不符合, the rest 符合 with `evidence`. */
  const answers = (evidence: string, nonCompliant: string[] = []) => ({
    answers: DEFAULT_CHECKLIST.map((i) =>
      nonCompliant.includes(i.key)
        ? { itemKey: i.key, answer: 'non_compliant', note: '演练未开展' }
        : { itemKey: i.key, answer: 'compliant', evidenceIds: i.evidenceRequired ? [evidence] : [] },
    ),
  });
  const confirmAll = (findings: unknown[] = [], nonCompliant: string[] = []) => ({
    items: DEFAULT_CHECKLIST.map((i) => ({
      itemKey: i.key,
      answer: nonCompliant.includes(i.key) ? 'non_compliant' : 'compliant',
    })),
    findings,
  });

  it('seeds a versioned default checklist of at least 12 items, each citing its article; a new version leaves the old one intact', async () => {
    const official = await t.as('prov.inspector'); // the default checklist is the province's to revise
    const {
      items: [template],
    } = await (await official.get('/checklist-templates')).json();
    expect(template.items.length).toBeGreaterThanOrEqual(12);
    for (const article of [
      '第七条',
      '第十三条',
      '第十四条',
      '第十五条',
      '第十七条',
      '第十八条',
      '第二十四条',
      '第二十五条',
      '第二十七条',
      '第二十九条',
      '第三十条',
      '第三十一条',
    ]) {
      expect(template.items.map((i: { article: string }) => i.article)).toContain(`000 ${article}`);
    }
    const v2 = await official.post(`/checklist-templates/${template.code}/versions`, {
      items: [
        ...template.items,
        {
          key: 'data-classification',
          text: '实行分级分类存储和管理',
          article: '000 第十四条',
          guidance: '',
          evidenceRequired: false,
        },
      ],
    });
    expect(v2.status).toBe(201);
    expect((await v2.json()).version).toBe(template.version + 1);
    expect(
      await (
        await official.get(`/checklist-templates/${template.id}`)
      )
        .json()
        .then((x: { items: unknown[] }) => x.items.length),
    ).toBe(template.items.length);
    expect(
      (
        await (
          await t.as('jshosp.staff')
        ).post('/checklist-templates', { code: 'mine', title: '自定义', items: template.items })
      ).status,
    ).toBe(403);
    expect((await official.post(`/checklist-templates/${template.code}/versions`, { items: [] })).status).toBe(422);
  });

  it('a unit with no findings closes without a notice; evidence is stored with its sha256', async () => {
    const { inspectionId, selfCheck, official, plan } = await inspect('zz.official', '金水区总医院');
    // The id goes into a URL as it is: nothing in it needs percent-encoding.
    expect(encodeURIComponent(inspectionId)).toBe(inspectionId);
    expect(inspectionId).toBe(`inspection-run-${plan.id}.unit-${await t.unitId('金水区总医院')}`);
    const staff = await t.as('jshosp.staff');
    const evidence = await upload(staff, inspectionId, {
      name: '备份恢复演练记录.pdf',
      type: 'application/pdf',
      bytes: PDF_BYTES,
    });
    expect(evidence.status).toBe(201);
    const stored = await evidence.json();
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);

    const missingEvidence = await complete(staff, selfCheck.id, {
      answers: answers(stored.id).answers.map((a) => ({ ...a, evidenceIds: [] })),
    });
    expect(missingEvidence.status).toBe(422);
    expect(JSON.stringify(await missingEvidence.json())).toContain('须附佐证材料');
    // Evidence must have been uploaded to this inspection: another inspection's file is refused.
    const foreign = await complete(staff, selfCheck.id, answers('00000000-0000-4000-8000-000000000000'));
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).error.message).toContain('不是本次检查上传的证据');
    expect((await complete(staff, selfCheck.id, answers(stored.id))).status).toBe(200);

    const review = await taskFor(inspectionId, 'inspection_review');
    expect(review.payload).toMatchObject({ selfCheck: expect.any(Array) });
    expect((await complete(official, review.id, confirmAll())).status).toBe(200);
    await expect
      .poll(async () => (await (await staff.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json()).status, {
        timeout: 20_000,
      })
      .toBe('closed');
    const detail = await (await staff.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(detail).toMatchObject({
      noticeDocumentId: null,
      noticeNumber: null,
      planTitle: plan.title,
      findings: [],
      selfCheckedByName: '郑小兰',
      reviewedByName: '周正',
    });
    expect(detail.evidence).toEqual([
      expect.objectContaining({ id: stored.id, filename: '备份恢复演练记录.pdf', sha256: stored.sha256 }),
    ]);
    expect(
      await t.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.workflowId, inspectionId), eq(tasks.type, 'rectification_report'))),
    ).toEqual([]);

    const planDetail = await (await official.get(`/inspection-plans/${plan.id}`)).json();
    expect(planDetail.latestRunUnits).toEqual([
      expect.objectContaining({ unitName: '金水区总医院', status: 'closed' }),
    ]);
    const report = await (
      await official.get(`/inspection-runs/${encodeURIComponent(planDetail.runs[0].id)}/report`)
    ).json();
    expect(report).toMatchObject({ unitCount: 1, selfChecked: 1, reviewed: 1, overallRate: 1, findings: { total: 0 } });
  });

  it('findings → numbered notice listing them and the deadline → rectification rejected once → accepted → closed (销号); the plan report counts it', async () => {
    const { inspectionId, selfCheck, official, plan } = await inspect('zz.official', '金水区疾病预防控制中心');
    const staff = await t.as('jscdc.staff');
    const evidence = (
      await (await upload(staff, inspectionId, { name: 'plan.pdf', type: 'application/pdf', bytes: PDF_BYTES })).json()
    ).id;
    expect((await complete(staff, selfCheck.id, answers(evidence, ['restore-drill']))).status).toBe(200);

    const review = await taskFor(inspectionId, 'inspection_review');
    const badFinding = await complete(
      official,
      review.id,
      confirmAll([{ itemKey: 'restore-drill', severity: 'huge', description: '', requirement: '' }], ['restore-drill']),
    );
    expect(badFinding.status).toBe(422);
    const findings = [
      {
        itemKey: 'restore-drill',
        severity: 'major',
        article: '000 第十五条',
        description: '本年度未开展备份数据恢复演练',
        requirement: '制定演练方案并完成一次全量恢复演练',
      },
      {
        itemKey: 'storage-media',
        severity: 'minor',
        article: '000 第三十条',
        description: '存储介质台账缺少2块移动硬盘的编号',
        requirement: '补登介质编号并张贴标识',
      },
    ];
    expect((await complete(official, review.id, confirmAll(findings, ['restore-drill', 'storage-media']))).status).toBe(
      200,
    );

    const report1 = await taskFor(inspectionId, 'rectification_report', 60_000);
    const detail = await (await staff.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(detail.status).toBe('rectifying');
    const pdf = await staff.get(`/documents/${detail.noticeDocumentId}`);
    expect(pdf.status).toBe(200);
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer())).replace(/\s+/g, '');
    expect(text).toMatch(/郑卫整〔\d{4}〕\d+号/);
    // The notice's number as the page shows it beside the PDF, the same as printed on it.
    expect(detail.noticeNumber).toMatch(/^郑卫整〔\d{4}〕\d+号$/);
    expect(text).toContain(detail.noticeNumber);
    expect(text).toContain('关于金水区疾病预防控制中心限期整改的通知');
    expect(text).toContain('根据《河南省全民健康信息管理实施细则》第三十三条');
    expect(text).not.toMatch(/四川|00[0-4]第/);
    for (const f of findings) expect(text).toContain(f.description);
    const due = new Date(Date.parse(detail.rectificationDueAt) + 8 * 3_600_000);
    expect(text).toContain(`${due.getUTCFullYear()}年${due.getUTCMonth() + 1}月${due.getUTCDate()}日前完成整改`);

    const [f1, f2] = detail.findings.map((f: { id: number }) => f.id);
    expect(
      (
        await complete(staff, report1.id, {
          reports: [{ findingId: f1, measures: '已制定演练方案', evidenceIds: [evidence] }],
        })
      ).status,
    ).toBe(422); // f2 missing
    expect(
      (
        await complete(staff, report1.id, {
          reports: [
            { findingId: f1, measures: '已制定演练方案', evidenceIds: [evidence] },
            { findingId: f2, measures: '已补登编号' },
          ],
        })
      ).status,
    ).toBe(200);
    const verify1 = await taskFor(inspectionId, 'rectification_verification');
    expect(
      (
        await complete(official, verify1.id, {
          results: [
            { findingId: f1, verdict: 'rejected' },
            { findingId: f2, verdict: 'accepted' },
          ],
        })
      ).status,
    ).toBe(422); // no reason
    expect(
      (
        await complete(official, verify1.id, {
          results: [
            { findingId: f1, verdict: 'rejected', reason: '仅有方案，未见演练记录' },
            { findingId: f2, verdict: 'accepted' },
          ],
        })
      ).status,
    ).toBe(200);

    // Back to the unit for the rejected finding only.
    const report2 = await taskFor(inspectionId, 'rectification_report');
    expect(report2.id).not.toBe(report1.id);
    expect((report2.payload as { findings: { id: number; rejections: unknown[] }[] }).findings).toEqual([
      expect.objectContaining({
        id: f1,
        rejections: [expect.objectContaining({ reason: '仅有方案，未见演练记录', by: '周正' })],
      }),
    ]);
    expect(
      (
        await complete(staff, report2.id, {
          reports: [{ findingId: f1, measures: '11月20日完成全量恢复演练，记录附后', evidenceIds: [evidence] }],
        })
      ).status,
    ).toBe(200);
    const verify2 = await taskFor(inspectionId, 'rectification_verification');
    expect((await complete(official, verify2.id, { results: [{ findingId: f1, verdict: 'accepted' }] })).status).toBe(
      200,
    );

    await expect
      .poll(async () => (await (await staff.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json()).status, {
        timeout: 20_000,
      })
      .toBe('closed');
    await recordHistory(t.temporal, inspectionId, 'unit-inspection-rectified');
    const closed = await t.database.db
      .select()
      .from(inspectionFindings)
      .where(eq(inspectionFindings.inspectionId, inspectionId));
    expect(closed.map((f) => f.status)).toEqual(['accepted', 'accepted']);

    const runId = (await (await official.get(`/inspection-plans/${plan.id}`)).json()).runs[0].id;
    await recordHistory(t.temporal, runId, 'inspection-run-opened');
    const report = await (await official.get(`/inspection-runs/${encodeURIComponent(runId)}/report`)).json();
    // The documented shape (the console's types come from it), nothing more and nothing less.
    expect(InspectionRunReportSchema.strict().safeParse(report).error).toBeUndefined();
    expect(report).toMatchObject({
      findings: { total: 2, bySeverity: { major: 1, minor: 1, critical: 0 } },
      rectification: { accepted: 2, pending: 0, overdueUnits: 0 },
    });
    expect(report.overallRate).toBeCloseTo(11 / 13, 3);
    expect(report.items.find((i: { key: string }) => i.key === 'restore-drill')).toMatchObject({
      compliant: 0,
      nonCompliant: 1,
      rate: 0,
    });
    const issued = await official.post(`/inspection-runs/${encodeURIComponent(runId)}/report`);
    expect(issued.status).toBe(201);
    const first = await issued.json();
    const reportPdf = pdfText(
      new Uint8Array(await (await official.get(`/documents/${first.documentId}`)).arrayBuffer()),
    ).replace(/\s+/g, '');
    expect(reportPdf).toContain('金水区疾病预防控制中心');
    expect(reportPdf).toContain('84.6%');
    await recordListedHistory(
      t.temporal,
      `WorkflowType = 'issueDocumentWorkflow' AND TaskQueue = '${t.worker.taskQueue}'`,
      'document-issued',
    );

    // Asked again with nothing changed (a retry): the same document and number, none spent.
    const again = await official.post(`/inspection-runs/${encodeURIComponent(runId)}/report`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(
      await t.database.db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.workflowId, runId), eq(documents.kind, 'inspection-report'))),
    ).toHaveLength(1);
    // A report (报告) names no 主送: the title is followed straight by the body.
    expect(reportPdf).toMatch(/的报告根据/);
    // Re-posted with new Idempotency-Keys, ten at once: still the one document and number.
    const reissue = (key: string, query = '') =>
      t.app.request(`/inspection-runs/${encodeURIComponent(runId)}/report${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${official.token}`, 'idempotency-key': key },
      });
    const reposts = await Promise.all(Array.from({ length: 10 }, (_, i) => reissue(`repost-2026-11-23-${i}`)));
    expect(reposts.map((r) => r.status)).toEqual(Array(10).fill(200));
    for (const r of reposts) expect(await r.json()).toEqual(first);
    // A new edition is asked for with ?edition=new: a new number; its Idempotency-Key again returns it.
    const second = await reissue('reissue-2026-11-23-a', '?edition=new');
    expect(second.status).toBe(201);
    const secondBody = await second.json();
    expect(secondBody.number).not.toBe(first.number);
    expect(await (await reissue('reissue-2026-11-23-a', '?edition=new')).json()).toEqual(secondBody);
    // Asked again without ?edition=new, the same content is now that latest edition.
    const latest = await reissue('reissue-2026-11-23-b');
    expect(latest.status).toBe(200);
    expect(await latest.json()).toEqual(secondBody);
    expect(
      await t.database.db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.workflowId, runId), eq(documents.kind, 'inspection-report'))),
    ).toHaveLength(2);

    // The worker prints it (workflows/issue-document.ts): an API replica without Chromium issues a
    // third edition, a readable PDF with the figures.
    const noChromium = new Renderer({ executablePath: '/nonexistent/chromium', poolSize: 1 });
    const replica = createApp({ ...appDeps(t.temporal), renderer: noChromium });
    const third = await replica.request(`/inspection-runs/${encodeURIComponent(runId)}/report?edition=new`, {
      method: 'POST',
      headers: { authorization: `Bearer ${official.token}`, 'idempotency-key': 'replica-2026-12-07' },
    });
    expect(third.status, await third.clone().text()).toBe(201);
    const thirdBody = await third.json();
    expect(thirdBody.number).not.toBe(secondBody.number);
    expect(
      pdfText(new Uint8Array(await (await official.get(`/documents/${thirdBody.documentId}`)).arrayBuffer())),
    ).toContain('84.6%');
    await noChromium.close();

    // Temporal unreachable: a 503 in Chinese, and no document, no number spent.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const unreachable = new Client({ connection });
    await connection.close();
    const down = await createApp(appDeps(unreachable)).request(
      `/inspection-runs/${encodeURIComponent(runId)}/report?edition=new`,
      { method: 'POST', headers: { authorization: `Bearer ${official.token}`, 'idempotency-key': 'down-2026-12-07' } },
    );
    expect(down.status).toBe(503);
    expect((await down.json()).error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('报告') });
    expect(
      await t.database.db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.workflowId, runId), eq(documents.kind, 'inspection-report'))),
    ).toHaveLength(3);
  });

  it('an overdue rectification opens an accountability case and shows as overdue (seconds-long policy)', async () => {
    const { inspectionId, selfCheck, official } = await inspect('ly.official', '洛阳市中心医院', {
      rectificationWindow: { unit: 'seconds', amount: 3 },
    });
    const staff = await t.as('lyhosp.staff');
    const evidence = (
      await (await upload(staff, inspectionId, { name: 'e.pdf', type: 'application/pdf', bytes: PDF_BYTES })).json()
    ).id;
    expect((await complete(staff, selfCheck.id, answers(evidence, ['emergency-plan']))).status).toBe(200);
    const review = await taskFor(inspectionId, 'inspection_review');
    expect(
      (
        await complete(
          official,
          review.id,
          confirmAll(
            [
              {
                itemKey: 'emergency-plan',
                severity: 'critical',
                article: '000 第三十一条',
                description: '未制定应急预案',
                requirement: '制定并印发应急预案',
              },
            ],
            ['emergency-plan'],
          ),
        )
      ).status,
    ).toBe(200);

    await expect
      .poll(
        async () =>
          (await (await official.get('/accountability-cases')).json()).items.filter(
            (c: { sourceId: string }) => c.sourceId === inspectionId,
          ),
        { timeout: 60_000 },
      )
      .toEqual([
        expect.objectContaining({
          unitId: await t.unitId('洛阳市中心医院'),
          sourceType: 'rectification_overdue',
          status: 'open',
          reason: expect.stringContaining('未在期限'),
        }),
      ]);
    const detail = await (await official.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(detail).toMatchObject({
      overdue: true,
      overdueStep: 'rectification',
      overdueResolvedAt: null,
      status: 'rectifying',
    });
    expect(await taskFor(inspectionId, 'inspection_escalation')).toMatchObject({
      assigneeUnitId: await t.unitId('洛阳市卫生健康委员会'),
      assigneeRole: 'official',
      payload: expect.objectContaining({ step: 'rectification' }),
    });
    const overdueTasks = await (await staff.get('/tasks?overdue=true&type=rectification_report')).json();
    expect(overdueTasks.items.filter((task: Task) => task.workflowId === inspectionId)).toHaveLength(1);
    expect((await (await t.as('zz.official')).get('/accountability-cases')).status).toBe(200);
    expect(
      (await (await (await t.as('zz.official')).get('/accountability-cases')).json()).items.map(
        (c: { sourceId: string }) => c.sourceId,
      ),
    ).not.toContain(inspectionId);
  });

  it('a recurring plan creates runs on its schedule (seconds interval); it can be paused, resumed and deleted', async () => {
    const official = await t.as('zz.official');
    const res = await official.post('/inspection-plans', {
      title: '周期性抽查',
      templateId,
      targets: { unitIds: [await t.unitId('郑州市中心医院')] },
      recurrence: { kind: 'interval', everySeconds: 2 },
    });
    expect(res.status).toBe(201);
    const plan = await res.json();
    expect(plan.schedule).toMatchObject({ paused: false });
    await expect
      .poll(async () => (await (await official.get(`/inspection-plans/${plan.id}`)).json()).runs.length, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(2);
    const paused = await (await official.post(`/inspection-plans/${plan.id}/pause`)).json();
    expect(paused).toMatchObject({ status: 'paused', schedule: { paused: true } });
    expect((await (await official.post(`/inspection-plans/${plan.id}/resume`)).json()).schedule.paused).toBe(false);
    const deleted = await (await official.del(`/inspection-plans/${plan.id}`)).json();
    expect(deleted).toMatchObject({ status: 'deleted', schedule: null });
    expect((await official.post(`/inspection-plans/${plan.id}/pause`)).status).toBe(409);
    const bad = await official.post('/inspection-plans', {
      title: '越权检查',
      templateId,
      targets: { unitIds: [await t.unitId('洛阳市中心医院')] },
    });
    expect(bad.status).toBe(422);
    expect(
      (
        await official.post('/inspection-plans', {
          title: '无效周期',
          templateId,
          targets: { subtreeOf: await t.unitId('郑州市卫生健康委员会') },
          recurrence: { kind: 'cron' },
        })
      ).status,
    ).toBe(422);
    // Someone must review: a unit without inspectors names one, from its own jurisdiction.
    const noInspector = await (
      await t.as('jinshui.official')
    ).post('/inspection-plans', {
      title: '无人复核',
      templateId,
      targets: { unitIds: [await t.unitId('金水区总医院')] },
    });
    expect(noInspector.status).toBe(422);
    expect((await noInspector.json()).error.details.fields[0].field).toBe('inspectorUserId');
    const [provInspector] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'prov.inspector'));
    expect(
      (
        await official.post('/inspection-plans', {
          title: '越级复核',
          templateId,
          targets: { unitIds: [await t.unitId('金水区总医院')] },
          inspectorUserId: provInspector!.id,
        })
      ).status,
    ).toBe(422);
  });

  it("unit A cannot read unit B's checklist, evidence or notice; oversized or disallowed evidence is refused and nothing is stored", async () => {
    const { inspectionId, selfCheck, official } = await inspect('zz.official', '金水区总医院');
    const staff = await t.as('jshosp.staff');
    const before = await t.database.db.select({ id: evidenceFiles.id }).from(evidenceFiles);
    const tooBig = await upload(staff, inspectionId, {
      name: 'huge.pdf',
      type: 'application/pdf',
      bytes: new Uint8Array(11 * 1024 * 1024),
    });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toContain('10 MiB');
    const html = await upload(staff, inspectionId, {
      name: 'x.html',
      type: 'text/html',
      bytes: new TextEncoder().encode('<script>alert(1)</script>'),
    });
    expect(html.status).toBe(415);
    expect((await html.json()).error.message).toContain('text/html');
    expect(await t.database.db.select({ id: evidenceFiles.id }).from(evidenceFiles)).toEqual(before);

    const evidence = (
      await (await upload(staff, inspectionId, { name: 'ok.pdf', type: 'application/pdf', bytes: PDF_BYTES })).json()
    ).id;
    expect((await complete(staff, selfCheck.id, answers(evidence, ['backup']))).status).toBe(200);
    const review = await taskFor(inspectionId, 'inspection_review');
    expect(
      (
        await complete(
          official,
          review.id,
          confirmAll(
            [
              {
                itemKey: 'backup',
                severity: 'major',
                article: '000 第十四条',
                description: '无异地备份',
                requirement: '建立异地备份',
              },
            ],
            ['backup'],
          ),
        )
      ).status,
    ).toBe(200);
    await taskFor(inspectionId, 'rectification_report', 60_000);
    const { noticeDocumentId } = await (await staff.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(noticeDocumentId).toBeTruthy();

    for (const outsider of ['jscdc.staff', 'lyhosp.staff', 'ly.official']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/inspections/${encodeURIComponent(inspectionId)}`)).status, outsider).toBe(404);
      expect((await caller.get(`/evidence/${evidence}`)).status, outsider).toBe(404);
      expect((await caller.get(`/documents/${noticeDocumentId}`)).status, outsider).toBe(404);
      expect(
        (await upload(caller, inspectionId, { name: 'x.pdf', type: 'application/pdf', bytes: PDF_BYTES })).status,
        outsider,
      ).toBe(404);
      expect(
        (await (await caller.get('/inspections')).json()).items.map((i: { id: string }) => i.id),
        outsider,
      ).not.toContain(inspectionId);
    }
    const download = await staff.get(`/evidence/${evidence}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF_BYTES);
    expect(
      (await (await t.as('jinshui.official')).get(`/inspections/${encodeURIComponent(inspectionId)}`)).status,
    ).toBe(200);
    expect(await t.database.db.select({ id: evidenceFiles.id }).from(evidenceFiles)).toHaveLength(before.length + 1);
  });
  it('a confirmed non-compliance needs a finding: without one the review is refused (422 naming the item) and stays open; an override needs its reason; with a finding the notice is issued', async () => {
    const { inspectionId, selfCheck, official } = await inspect('zz.official', '金水区疾病预防控制中心');
    const staff = await t.as('jscdc.staff');
    const evidence = (
      await (await upload(staff, inspectionId, { name: 'drill.pdf', type: 'application/pdf', bytes: PDF_BYTES })).json()
    ).id;
    expect((await complete(staff, selfCheck.id, answers(evidence, ['restore-drill']))).status).toBe(200);
    const review = await taskFor(inspectionId, 'inspection_review');

    // The repro: 不符合 confirmed, no finding.
    const repro = await complete(official, review.id, confirmAll([], ['restore-drill']));
    expect(repro.status).toBe(422);
    const refused = await repro.json();
    expect(refused.error.code).toBe('validation_failed');
    expect(refused.error.details.fields).toEqual([
      { field: 'items[restore-drill]', message: expect.stringContaining('确认为不符合，须至少登记一条引用该项的问题') },
    ]);
    // A finding about another item does not cover it.
    const other = {
      itemKey: 'backup',
      severity: 'minor',
      article: '000 第十四条',
      description: '备份策略未成文',
      requirement: '制定备份策略',
    };
    expect(
      (
        await (await complete(official, review.id, confirmAll([other], ['restore-drill', 'backup']))).json()
      ).error.details.fields.map((f: { field: string }) => f.field),
    ).toEqual(['items[restore-drill]']);
    // Overridden to 符合 without a reason: refused too, at the item's remark.
    const silentOverride = await complete(official, review.id, confirmAll());
    expect(silentOverride.status).toBe(422);
    expect((await silentOverride.json()).error.details.fields).toEqual([
      { field: 'items[restore-drill].remark', message: expect.stringContaining('须说明理由') },
    ]);

    // Nothing was recorded: the inspection is still at review, its task open, no finding, no notice.
    const pending = await (await official.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(pending).toMatchObject({ status: 'review', findings: [], noticeDocumentId: null, reviewedByName: null });
    expect(
      (await t.database.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, review.id)))[0]!.status,
    ).toBe('open');

    const finding = {
      itemKey: 'restore-drill',
      severity: 'major',
      article: '000 第十五条',
      description: '本年度未开展备份数据恢复演练',
      requirement: '完成一次全量恢复演练',
    };
    expect((await complete(official, review.id, confirmAll([finding], ['restore-drill']))).status).toBe(200);
    await expect
      .poll(async () => await (await official.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json(), {
        timeout: 60_000,
      })
      .toMatchObject({
        status: 'rectifying',
        noticeDocumentId: expect.any(String),
        findings: [expect.objectContaining({ itemKey: 'restore-drill' })],
      });

    // The unit's 不符合 judged 符合 with the inspector's reason: accepted, closed without a notice.
    const second = await inspect('zz.official', '金水区总医院');
    const hospital = await t.as('jshosp.staff');
    const file = (
      await (
        await upload(hospital, second.inspectionId, { name: 'drill.pdf', type: 'application/pdf', bytes: PDF_BYTES })
      ).json()
    ).id;
    expect((await complete(hospital, second.selfCheck.id, answers(file, ['restore-drill']))).status).toBe(200);
    const review2 = await taskFor(second.inspectionId, 'inspection_review');
    const overridden = confirmAll();
    overridden.items = overridden.items.map((i) =>
      i.itemKey === 'restore-drill' ? { ...i, remark: '现场查验11月演练记录完整，单位自查填报有误' } : i,
    );
    expect((await complete(official, review2.id, overridden)).status).toBe(200);
    await expect
      .poll(async () => await (await official.get(`/inspections/${encodeURIComponent(second.inspectionId)}`)).json(), {
        timeout: 20_000,
      })
      .toMatchObject({ status: 'closed', noticeDocumentId: null });
  });

  it('an overdue self-check reaches the inspection, the plan and the run report (JSON and PDF) at step self_check and escalates to the plan’s officials; done late, the process goes on', async () => {
    const { plan, inspectionId, selfCheck, official } = await inspect('zz.official', '金水区总医院', {
      selfCheckWindow: { unit: 'seconds', amount: 2 },
    });
    // The escalation is the event that says the deadline passed.
    const escalation = await taskFor(inspectionId, 'inspection_escalation');
    expect(escalation).toMatchObject({
      assigneeUnitId: await t.unitId('郑州市卫生健康委员会'),
      assigneeRole: 'official',
      payload: expect.objectContaining({ inspectionId, step: 'self_check' }),
    });
    expect(
      (await t.database.db.select({ overdue: tasks.overdue }).from(tasks).where(eq(tasks.id, selfCheck.id)))[0]!
        .overdue,
    ).toBe(true);

    const detail = await (await official.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(detail).toMatchObject({
      status: 'self_check',
      overdue: true,
      overdueStep: 'self_check',
      overdueResolvedAt: null,
      overdueDays: 0,
    });
    expect(Date.parse(detail.overdueDueAt)).toBe(selfCheck.dueAt.getTime());
    const planDetail = await (await official.get(`/inspection-plans/${plan.id}`)).json();
    expect(planDetail.latestRunUnits).toEqual([
      expect.objectContaining({ inspectionId, overdue: true, overdueStep: 'self_check', overdueDays: 0 }),
    ]);
    const runId = planDetail.runs[0].id;
    const report = await (await official.get(`/inspection-runs/${encodeURIComponent(runId)}/report`)).json();
    expect(report.units).toEqual([
      expect.objectContaining({ status: 'self_check', overdue: true, overdueStep: 'self_check' }),
    ]);
    expect(report.overdue).toEqual({
      units: 1,
      byStep: { self_check: 1, review: 0, rectification: 0, verification: 0 },
    });
    const issued = await official.post(`/inspection-runs/${encodeURIComponent(runId)}/report`);
    expect(issued.status).toBe(201);
    const pdf = pdfText(
      new Uint8Array(await (await official.get(`/documents/${(await issued.json()).documentId}`)).arrayBuffer()),
    ).replace(/\s+/g, '');
    expect(pdf).toContain('自查逾期1家');
    expect(pdf.match(/自查逾期/g)).toHaveLength(2); // the summary and the unit's row

    // The official acts on it: a note is required, then the escalation is done.
    expect(
      (await official.get('/tasks?type=inspection_escalation').then((r) => r.json())).items.map((i: Task) => i.id),
    ).toContain(escalation.id);
    expect((await complete(official, escalation.id, { note: '' })).status).toBe(422);
    expect((await complete(official, escalation.id, { note: '已电话督促该院三日内完成自查' })).status).toBe(200);

    // Late, the unit still completes it; the process goes on and the record keeps the lateness.
    const staff = await t.as('jshosp.staff');
    const evidence = (
      await (await upload(staff, inspectionId, { name: 'late.pdf', type: 'application/pdf', bytes: PDF_BYTES })).json()
    ).id;
    expect((await complete(staff, selfCheck.id, answers(evidence))).status).toBe(200);
    const review = await taskFor(inspectionId, 'inspection_review');
    expect(review.dueAt.getTime()).toBeGreaterThan(Date.now() + 86_400_000); // the inspector's full handling time
    const late = await (await official.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json();
    expect(late).toMatchObject({
      status: 'review',
      overdue: true,
      overdueStep: 'self_check',
      overdueResolvedAt: expect.any(String),
    });
    expect((await complete(official, review.id, confirmAll())).status).toBe(200);
    await expect
      .poll(
        async () => (await (await official.get(`/inspections/${encodeURIComponent(inspectionId)}`)).json()).status,
        { timeout: 20_000 },
      )
      .toBe('closed');
    expect(await t.temporal.workflow.getHandle(inspectionId).result()).toMatchObject({
      status: 'closed',
      overdue: true,
    });
  });
  it('plan creation is idempotent and starts Temporal only after its row commits: the same Idempotency-Key gives one plan and one run; a start Temporal cannot take leaves no plan', async () => {
    const official = await t.as('zz.official');
    const title = `幂等创建检查计划-${Date.now()}`;
    const body = { title, templateId, targets: { unitIds: [await t.unitId('金水区疾病预防控制中心')] } };
    const create = (app: { request: TestAppWithWorker['app']['request'] }, key?: string, payload: unknown = body) =>
      app.request('/inspection-plans', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${official.token}`,
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(payload),
      });
    const plansTitled = async (x: string) =>
      t.database.db.select({ id: inspectionPlans.id }).from(inspectionPlans).where(eq(inspectionPlans.title, x));

    const first = await create(t.app, 'plan-key-0001');
    expect(first.status, await first.clone().text()).toBe(201);
    const plan = await first.json();
    // A repeat is answered with the first answer (api/idempotency.ts), not run again.
    const retried = await create(t.app, 'plan-key-0001');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect((await retried.json()).id).toBe(plan.id);
    // Once its run has started the unit's inspection (and finished), the key still starts nothing new.
    await taskFor(`inspection-run-${plan.id}`, 'inspection_self_check');
    await t.temporal.workflow.getHandle(`inspection-run-${plan.id}`).result();
    expect((await create(t.app, 'plan-key-0001')).status).toBe(201);
    expect(await plansTitled(title)).toEqual([{ id: plan.id }]);
    expect(
      await t.database.db
        .select({ id: inspectionRuns.id })
        .from(inspectionRuns)
        .where(eq(inspectionRuns.planId, plan.id)),
    ).toEqual([{ id: `inspection-run-${plan.id}` }]);
    expect(
      await t.database.db
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(like(tasks.workflowId, `inspection-run-${plan.id}%`), eq(tasks.type, 'inspection_self_check'))),
    ).toHaveLength(1);
    // Another key is another plan.
    expect((await create(t.app, 'plan-key-0002')).status).toBe(201);
    expect(await plansTitled(title)).toHaveLength(2);

    // Temporal unreachable: the committed row is taken back, whether the plan runs once or on a schedule.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const unreachable = new Client({ connection });
    await connection.close();
    const broken = createApp({
      db: t.database.db,
      sql: t.database.sql,
      temporal: unreachable,
      renderer: t.renderer,
      logger: createLogger('silent'),
      env: t.env,
    });
    for (const recurrence of [{ kind: 'once' }, { kind: 'interval', everySeconds: 3600 }]) {
      const failedTitle = `启动失败的检查计划-${recurrence.kind}-${Date.now()}`;
      const failed = await create(broken, `plan-down-${recurrence.kind}`, { ...body, title: failedTitle, recurrence });
      expect(failed.status, await failed.clone().text()).toBe(503);
      expect((await failed.json()).error).toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('检查计划未创建'),
      });
      expect(await plansTitled(failedTitle)).toEqual([]);
    }
    // The schedule was never made: the same request through the working app creates it afresh.
    const recovered = await create(t.app, 'plan-down-interval', {
      ...body,
      title: `恢复后-${title}`,
      recurrence: { kind: 'interval', everySeconds: 3600 },
    });
    expect(recovered.status).toBe(201);
    const recoveredPlan = await recovered.json();
    expect(recoveredPlan.schedule).toMatchObject({ paused: false });
    await official.del(`/inspection-plans/${recoveredPlan.id}`);

    // A cron Temporal refuses is the caller's to fix (422 at the field), and leaves no plan either.
    const badCron = await create(t.app, undefined, {
      ...body,
      title: `无效周期-${title}`,
      recurrence: { kind: 'cron', cron: '99 9 1 * *' },
    });
    expect(badCron.status, await badCron.clone().text()).toBe(422);
    expect((await badCron.json()).error.details.fields).toEqual([
      { field: 'recurrence.cron', message: expect.any(String) },
    ]);
    expect(await plansTitled(`无效周期-${title}`)).toEqual([]);

    // Had a start reached Temporal after all, its run finds no plan and fails at once, without retrying.
    const orphan = await t.temporal.workflow.start(inspectionRunWorkflow, {
      taskQueue: t.worker.taskQueue,
      workflowId: `inspection-run-orphan-${Date.now()}`,
      args: [{ planId: 'plan-00000000-0000-4000-8000-000000000000' }],
    });
    await expect(orphan.result()).rejects.toMatchObject({ cause: { cause: { type: INSPECTION_ROW_MISSING } } });
  });
});
