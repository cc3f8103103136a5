// 责任追究 end to end (000 第三十五条; 001 第二十二条; 003 第三十六条): real worker, PostgreSQL and Chromium.
// Cases opened by hand and automatically start their process; the unit states its case or lets the
// window pass; a commission leader decides; the measure's document and process follow; who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, like } from 'drizzle-orm';
import {
  accountabilityCaseEvents,
  accountabilityCases,
  circulars,
  deadlinePolicies,
  documents,
  processStarts,
  tasks,
} from '../../db/schema.js';
import { DEFAULT_CHECKLIST } from '../../db/default-checklist.js';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { pdfText } from '../../test/support/pdf.js';
import { createTestAppWithWorker, newTaskQueue, type TestAppWithWorker } from '../../test/support/worker.js';
import type { Caller } from '../../test/support/app.js';
import { recordHistory } from '../../test/support/histories.js';
import { CASE_WORKFLOW_TYPE, SUMMARY_DOCUMENT_KIND } from '../../domain/accountability.js';
import { accountabilityCaseWorkflow } from '../../workflows/accountability-case.js';
import { waitForTask } from '../../test/support/tasks.js';
import { createApp } from '../app.js';
import { createLogger } from '../../config/logger.js';

const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n% 备份恢复演练记录\n%%EOF\n');

describe('accountability cases (责任追究)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const taskOf = (workflowId: string, key: string) => waitForTask(t.database.db, workflowId, key);
  /** The workflow of case `id`, as opened with it (its id is unique: domain/accountability.ts caseWorkflowId). */
  const caseWorkflow = async (id: number) =>
    (
      await t.database.db
        .select({ workflowId: accountabilityCases.workflowId })
        .from(accountabilityCases)
        .where(eq(accountabilityCases.id, id))
    )[0]!.workflowId!;
  const complete = async (who: Caller, taskId: string, input: unknown) => {
    const res = await who.post(`/tasks/${taskId}/complete`, { input });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const detail = async (who: Caller, id: number) => {
    const res = await who.get(`/accountability-cases/${id}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const stageOf = (id: number) => async () => (await detail(await t.as('jinshui.leader'), id)).stage;
  const open = async (facts = ['未按规定开展数据备份恢复演练，2026年全年无演练记录。']) => {
    const res = await (
      await t.as('jinshui.official')
    ).post('/accountability-cases', {
      unitId: await t.unitId('金水区总医院'),
      facts,
      responsiblePerson: { name: '张伟', position: '信息科科长' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return res.json() as Promise<{ id: number; caseNumber: string }>;
  };
  const investigation = (proposedMeasure: string) => ({
    facts: ['2026年全年未开展数据备份恢复演练。', '备份介质未登记。'],
    articles: ['000 第十五条', '000 第三十五条'],
    severity: 'serious',
    responsiblePerson: { name: '张伟', position: '信息科科长' },
    proposedMeasure,
    reasons: ['经两次督促仍未整改。'],
  });
  /** Opens a case by hand and takes it through the investigation to the party's statement task. */
  const investigated = async (proposedMeasure: string) => {
    const kase = await open();
    const wf = await caseWorkflow(kase.id);
    const task = await taskOf(wf, 'investigation');
    expect(task).toMatchObject({
      type: 'accountability_investigation',
      assigneeUnitId: await t.unitId('郑州市金水区卫生健康委员会'),
      assigneeRole: 'official',
    });
    await complete(await t.as('jinshui.official'), task.id, investigation(proposedMeasure));
    const statement = await taskOf(wf, 'statement');
    return { kase, wf, statement };
  };

  it('the workflow the outbox starts is the one the worker registers', () => {
    expect(accountabilityCaseWorkflow.name).toBe(CASE_WORKFLOW_TYPE);
  });

  it('no action: investigated, the unit waives its statement, the leader decides 不予追究 and the case closes at once', async () => {
    const { kase, wf, statement } = await investigated('criticism');
    expect(statement).toMatchObject({
      type: 'accountability_statement',
      assigneeUnitId: await t.unitId('金水区总医院'),
    });
    const staff = await t.as('jshosp.staff');
    const stated = await staff.post(`/accountability-cases/${kase.id}/statement`, { waived: true });
    expect(stated.status, await stated.clone().text()).toBe(200);
    const decision = await taskOf(wf, 'decision');
    expect(decision).toMatchObject({ assigneeRole: 'commission_leader' });
    // The leader sees the proposal and the unit's record of the year before (视情节轻重).
    expect(decision.payload).toMatchObject({
      proposal: { proposedMeasure: 'criticism', severity: 'serious' },
      repeatOffences: { count: expect.any(Number) },
    });
    const leader = await t.as('jinshui.leader');
    const res = await leader.post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'no_action',
      reasons: ['单位已自行完成演练并补登介质，情节轻微。'],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await expect.poll(async () => (await detail(leader, kase.id)).stage, { timeout: 30_000 }).toBe('closed');
    const read = await detail(leader, kase.id);
    expect(read).toMatchObject({
      decision: 'no_action',
      decisionName: '不予追究',
      proposedMeasure: 'criticism',
      severity: 'serious',
      statement: { outcome: 'waived' },
      responsiblePerson: { name: '张伟', position: '信息科科长' },
      repeatCount: expect.any(Number),
    });
    expect(read.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'investigated',
      'statement_waived',
      'decided',
    ]);
  });

  it('the statement window passing is a waiver: the case goes on to the decision without it', async () => {
    await t.database.db
      .update(deadlinePolicies)
      .set({ unit: 'seconds', amount: 2 })
      .where(eq(deadlinePolicies.key, 'accountability.statement'));
    try {
      const { kase, wf, statement } = await investigated('talk');
      await taskOf(wf, 'decision');
      const [lapsed] = await t.database.db.select().from(tasks).where(eq(tasks.id, statement.id));
      expect(lapsed).toMatchObject({ status: 'cancelled', overdue: true });
      expect((await detail(await t.as('jinshui.leader'), kase.id)).statement).toMatchObject({ outcome: 'lapsed' });
      // Too late: the window is closed.
      const late = await (
        await t.as('jshosp.staff')
      ).post(`/accountability-cases/${kase.id}/statement`, {
        waived: false,
        text: '我院已整改。',
      });
      expect(late.status).toBe(409);
    } finally {
      await t.database.db
        .update(deadlinePolicies)
        .set({ unit: 'working_days', amount: 5 })
        .where(eq(deadlinePolicies.key, 'accountability.statement'));
    }
  });

  it('who may do what: another unit gets 404, unit staff deciding 403, a leader of another commission 404', async () => {
    const { kase } = await investigated('talk');
    expect((await (await t.as('jscdc.staff')).get(`/accountability-cases/${kase.id}`)).status).toBe(404);
    expect((await (await t.as('lyhosp.staff')).get(`/accountability-cases/${kase.id}`)).status).toBe(404);
    expect((await (await t.as('ly.official')).get(`/accountability-cases/${kase.id}`)).status).toBe(404);
    // The party reads its own case and states it; it cannot decide it.
    const staff = await t.as('jshosp.staff');
    expect((await staff.get(`/accountability-cases/${kase.id}`)).status).toBe(200);
    const byStaff = await staff.post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'no_action',
      reasons: ['自行决定'],
    });
    expect(byStaff.status).toBe(403);
    expect((await byStaff.json()).error.code).toBe('forbidden');
    // An official (not a leader) may not decide either; an auditor above reads it.
    expect(
      (
        await (
          await t.as('jinshui.official')
        ).post(`/accountability-cases/${kase.id}/decision`, {
          decision: 'no_action',
          reasons: ['x'],
        })
      ).status,
    ).toBe(403);
    expect((await (await t.as('prov.auditor')).get(`/accountability-cases/${kase.id}`)).status).toBe(200);
    // Only the party's own list: the hospital sees its cases, the CDC none of them.
    const cdcList = await (await (await t.as('jscdc.staff')).get('/accountability-cases')).json();
    expect(cdcList.items.map((c: { id: number }) => c.id)).not.toContain(kase.id);
    const hospList = await (await staff.get(`/accountability-cases?stage=awaiting_statement`)).json();
    expect(hospList.items.map((c: { id: number }) => c.id)).toContain(kase.id);
  });

  it('bad input is a 422 naming the field, and nothing is written', async () => {
    const official = await t.as('jinshui.official');
    const before = async () => ({
      cases: (await t.database.db.select({ n: count() }).from(accountabilityCases))[0]!.n,
      starts: (await t.database.db.select({ n: count() }).from(processStarts))[0]!.n,
      events: (await t.database.db.select({ n: count() }).from(accountabilityCaseEvents))[0]!.n,
    });
    const counts = await before();
    const unitId = await t.unitId('金水区总医院');
    for (const [body, field] of [
      [{ unitId, facts: [] }, 'facts'],
      [{ unitId, facts: ['  '] }, 'facts.0'],
      [{ unitId, facts: ['x'], responsiblePerson: { position: '科长' } }, 'responsiblePerson.name'],
      [{ unitId, facts: ['x'], evidenceIds: ['00000000-0000-4000-8000-000000000000'] }, 'evidenceIds'],
      [{ unitId: await t.unitId('郑州市金水区卫生健康委员会'), facts: ['x'] }, 'unitId'],
    ] as const) {
      const res = await official.post('/accountability-cases', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    // A unit outside the jurisdiction is not found; unit staff may not open a case.
    const outside = await official.post('/accountability-cases', {
      unitId: await t.unitId('洛阳市中心医院'),
      facts: ['x'],
    });
    expect(outside.status).toBe(404);
    const byStaff = await (await t.as('jshosp.staff')).post('/accountability-cases', { unitId, facts: ['x'] });
    expect(byStaff.status).toBe(403);
    expect(await before()).toEqual(counts);

    // A decision lacking what its measure needs (约谈: time and place) is refused by the form; the case waits.
    const { kase, wf } = await investigated('talk');
    // Evidence the unit never uploaded is refused; the statement task stays open.
    const foreign = await (
      await t.as('jshosp.staff')
    ).post(`/accountability-cases/${kase.id}/statement`, {
      waived: false,
      text: '见附件。',
      evidenceIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).error.details.fields.map((f: { field: string }) => f.field)).toEqual(['evidenceIds']);
    expect((await detail(await t.as('jinshui.leader'), kase.id)).stage).toBe('awaiting_statement');
    await (await t.as('jshosp.staff')).post(`/accountability-cases/${kase.id}/statement`, { waived: true });
    await taskOf(wf, 'decision');
    const res = await (
      await t.as('jinshui.leader')
    ).post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'talk',
      reasons: ['情节较重'],
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.fields.map((f: { field: string }) => f.field)).toContain('meeting');
    expect((await detail(await t.as('jinshui.leader'), kase.id)).stage).toBe('awaiting_decision');
  });

  it('two leaders deciding at once: exactly one decision is taken', async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/users', {
      username: 'jinshui.leader2',
      realName: '陈静',
      unitId: await t.unitId('郑州市金水区卫生健康委员会'),
      roles: ['commission_leader'],
      password: 'a-long-password-2',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const [a, b] = [await t.as('jinshui.leader'), await t.as('jinshui.leader2', 'a-long-password-2')];
    const { kase, wf } = await investigated('talk');
    await (await t.as('jshosp.staff')).post(`/accountability-cases/${kase.id}/statement`, { waived: true });
    await taskOf(wf, 'decision');
    const answers = await Promise.all([
      a.post(`/accountability-cases/${kase.id}/decision`, { decision: 'no_action', reasons: ['甲：不予追究'] }),
      b.post(`/accountability-cases/${kase.id}/decision`, { decision: 'no_action', reasons: ['乙：不予追究'] }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    await expect.poll(stageOf(kase.id), { timeout: 30_000 }).toBe('closed');
    const decided = await t.database.db
      .select()
      .from(accountabilityCaseEvents)
      .where(and(eq(accountabilityCaseEvents.caseId, kase.id), eq(accountabilityCaseEvents.kind, 'decided')));
    expect(decided).toHaveLength(1);
  });

  /**
   * A one-off inspection of 金水区总医院 by the province (its inspector reviews) whose rectification window
   * is 3 seconds, driven to the 整改通知书; the case it opens is the county's to investigate (属地管理).
   */
  async function overdueRectification(): Promise<string> {
    const official = await t.as('prov.official');
    const templates = (await (await official.get('/checklist-templates')).json()).items;
    const plan = await official.post('/inspection-plans', {
      title: '2026年第四季度金水区总医院数据安全检查',
      templateId: templates[0].id,
      targets: { unitIds: [await t.unitId('金水区总医院')] },
      rectificationWindow: { unit: 'seconds', amount: 3 },
    });
    expect(plan.status, await plan.clone().text()).toBe(201);
    const planId = (await plan.json()).id;
    let selfCheck: typeof tasks.$inferSelect | undefined;
    await expect
      .poll(
        async () =>
          ([selfCheck] = await t.database.db
            .select()
            .from(tasks)
            .where(and(like(tasks.workflowId, `inspection-run-${planId}%`), eq(tasks.type, 'inspection_self_check'))))
            .length,
        { timeout: 30_000 },
      )
      .toBe(1);
    const inspectionId = selfCheck!.workflowId;
    const staff = await t.as('jshosp.staff');
    const form = new FormData();
    form.set('file', new Blob([PDF_BYTES], { type: 'application/pdf' }), 'e.pdf');
    const uploaded = await t.app.request(`/inspections/${encodeURIComponent(inspectionId)}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.token}` },
      body: form,
    });
    const evidence = (await uploaded.json()).id;
    await complete(staff, selfCheck!.id, {
      answers: DEFAULT_CHECKLIST.map((i) =>
        i.key === 'emergency-plan'
          ? { itemKey: i.key, answer: 'non_compliant', note: '未制定' }
          : { itemKey: i.key, answer: 'compliant', evidenceIds: i.evidenceRequired ? [evidence] : [] },
      ),
    });
    const review = await taskOf(inspectionId, 'review');
    await complete(await t.as('prov.inspector'), review.id, {
      items: DEFAULT_CHECKLIST.map((i) => ({
        itemKey: i.key,
        answer: i.key === 'emergency-plan' ? 'non_compliant' : 'compliant',
      })),
      findings: [
        {
          itemKey: 'emergency-plan',
          severity: 'critical',
          article: '000 第三十一条',
          description: '未制定应急预案',
          requirement: '制定并印发应急预案',
        },
      ],
    });
    return inspectionId;
  }

  it('an overdue rectification opens a case; the unit states its case; 通报批评 goes out as a circular; all signed, it closes', async () => {
    const inspectionId = await overdueRectification();
    let row: typeof accountabilityCases.$inferSelect | undefined;
    await expect
      .poll(
        async () =>
          ([row] = await t.database.db
            .select()
            .from(accountabilityCases)
            .where(
              and(
                eq(accountabilityCases.sourceType, 'rectification_overdue'),
                eq(accountabilityCases.sourceId, inspectionId),
              ),
            )).length,
        { timeout: 60_000 },
      )
      .toBe(1);
    const kase = row!;
    expect(kase).toMatchObject({ unitId: await t.unitId('金水区总医院'), stage: 'investigating' });
    // Its process was committed with the case (process_starts) and is started by the API's starter.
    const wf = await caseWorkflow(kase.id);
    expect((await t.database.db.select().from(processStarts).where(eq(processStarts.workflowId, wf))).length).toBe(1);
    const task = await taskOf(wf, 'investigation');
    await complete(await t.as('jinshui.official'), task.id, investigation('criticism'));
    await taskOf(wf, 'statement');
    const staff = await t.as('jshosp.staff');
    const stated = await staff.post(`/accountability-cases/${kase.id}/statement`, {
      waived: false,
      text: '我院应急预案已起草，正在院长办公会审议，请求从轻。',
    });
    expect(stated.status, await stated.clone().text()).toBe(200);
    await taskOf(wf, 'decision');
    const leader = await t.as('jinshui.leader');
    // A statement made must be answered.
    const unanswered = await leader.post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'criticism',
      reasons: ['逾期未整改，影响全区应急工作。'],
    });
    expect(unanswered.status).toBe(422);
    expect((await unanswered.json()).error.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'statementAdopted',
      'statementResponse',
    ]);
    const decided = await leader.post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'criticism',
      reasons: ['逾期未整改，影响全区应急工作。'],
      statementAdopted: false,
      statementResponse: '预案起草不能代替整改，期限届满仍未印发。',
    });
    expect(decided.status, await decided.clone().text()).toBe(200);
    await expect
      .poll(async () => (await detail(leader, kase.id)).circularId, { timeout: 30_000 })
      .toBe(`circular-${kase.workflowId}`);
    const read = await detail(staff, kase.id);
    expect(read).toMatchObject({
      source: 'rectification_overdue',
      decision: 'criticism',
      statement: { outcome: 'stated', text: expect.stringContaining('请求从轻') },
    });
    // 通报批评 goes out as the commission's circular (workflows/circular.ts), approved by the decision:
    // numbered, printed, a receipt task for each unit of the county; the case closes when all have signed.
    const circularId = `circular-${kase.workflowId}`;
    let circular: typeof circulars.$inferSelect | undefined;
    await expect
      .poll(
        async () =>
          ([circular] = await t.database.db.select().from(circulars).where(eq(circulars.id, circularId))).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    expect(circular).toMatchObject({
      kind: 'criticism',
      sourceType: 'accountability_case',
      sourceId: String(kase.id),
      issuingUnitId: await t.unitId('郑州市金水区卫生健康委员会'),
    });
    let receipts: (typeof tasks.$inferSelect)[] = [];
    await expect
      .poll(
        async () =>
          (receipts = await t.database.db
            .select()
            .from(tasks)
            .where(and(eq(tasks.workflowId, circularId), eq(tasks.type, 'circular_receipt')))).length,
        { timeout: 30_000 },
      )
      .toBe(2);
    const hosp = await t.unitId('金水区总医院');
    for (const r of receipts)
      await complete(r.assigneeUnitId === hosp ? staff : await t.as('jscdc.staff'), r.id, { receiverName: '王小明' });
    await expect.poll(stageOf(kase.id), { timeout: 30_000 }).toBe('closed');
    const closed = await detail(leader, kase.id);
    expect(closed.timeline.map((e: { kind: string }) => e.kind).slice(-3)).toEqual([
      'issued',
      'circular_closed',
      'closed',
    ]);
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.workflowId, circularId));
    expect(closed.documents.map((d: { id: string }) => d.id)).toContain(doc!.id);
    expect(closed.documentNumber).toBe(doc!.number);
    const text = pdfText(doc!.pdf);
    expect(text).toContain('通报批评');
    expect(text).toContain('金水区总医院');
    // An inspection, its deadline passing and the starter's sweep: longer than one process alone.
  }, 150_000);

  it('约谈: the 约谈通知书 is a numbered PDF with time and place; the party signs for it and the case closes', async () => {
    const { kase, wf } = await investigated('criticism');
    await (await t.as('jshosp.staff')).post(`/accountability-cases/${kase.id}/statement`, { waived: true });
    await taskOf(wf, 'decision');
    const leader = await t.as('jinshui.leader');
    const res = await leader.post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'talk',
      reasons: ['一年内再次违规，从重。'],
      meeting: { time: '2026-12-15T09:30:00+08:00', place: '金水区卫健委三楼会议室', attendees: '张伟、院长' },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const ack = await taskOf(wf, 'acknowledgement');
    const read = await detail(leader, kase.id);
    expect(read).toMatchObject({ decision: 'talk', proposedMeasure: 'criticism', documentNumber: expect.any(String) });
    expect(read.timeline.find((e: { kind: string }) => e.kind === 'decided').summary).toContain('从重');
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.id, read.documentId));
    const text = pdfText(doc!.pdf);
    for (const words of [
      '约谈通知书（金水区总医院）',
      read.documentNumber,
      '张伟（金水区总医院信息科科长）',
      '时间：2026年12月15日 09:30',
      '地点：金水区卫健委三楼会议室',
    ])
      expect(text).toContain(words);
    // The party downloads it and signs for it; the case closes.
    const staff = await t.as('jshosp.staff');
    expect((await staff.get(`/documents/${read.documentId}`)).status).toBe(200);
    await complete(staff, ack.id, { receiverName: '张伟' });
    await expect.poll(stageOf(kase.id), { timeout: 30_000 }).toBe('closed');
    await recordHistory(t.temporal, wf, 'accountability-case-closed');
  });

  it('the yearly summary counts the jurisdiction’s cases by measure, source and unit, and prints as a numbered PDF', async () => {
    const { kase } = await investigated('talk');
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const county = await (await t.as('jinshui.leader')).get(`/accountability-cases/summary?year=${year}`);
    expect(county.status, await county.clone().text()).toBe(200);
    const data = await county.json();
    const listed = await (
      await (await t.as('jinshui.official')).get(`/accountability-cases?year=${year}&pageSize=200`)
    ).json();
    expect(data.total).toBe(listed.total);
    expect(data.byUnit).toContainEqual(expect.objectContaining({ unitName: '金水区总医院' }));
    expect(data.bySource).toContainEqual({ source: '督导检查发现', count: expect.any(Number) });
    expect(data.byMeasure.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(data.total);
    // Another city sees none of them; the unit only its own.
    const ly = await (await (await t.as('ly.official')).get(`/accountability-cases/summary?year=${year}`)).json();
    expect(ly.byUnit.map((u: { unitName: string }) => u.unitName)).not.toContain('金水区总医院');
    const filtered = await (
      await (
        await t.as('jinshui.official')
      ).get(`/accountability-cases?stage=awaiting_statement&source=manual&unitId=${await t.unitId('金水区总医院')}`)
    ).json();
    expect(filtered.items.map((c: { id: number }) => c.id)).toContain(kase.id);
    expect(
      filtered.items.every(
        (c: { stage: string; source: string }) => c.stage === 'awaiting_statement' && c.source === 'manual',
      ),
    ).toBe(true);
    const pdf = await (await t.as('jinshui.leader')).get(`/accountability-cases/summary?year=${year}&format=pdf`);
    expect(pdf.status, await pdf.clone().text()).toBe(200);
    const issued = await pdf.json();
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.id, issued.documentId));
    const text = pdfText(doc!.pdf);
    expect(text).toContain(issued.number);
    expect(text).toContain('金水区总医院');
    // Unit staff may read their own unit's figures but not issue the document.
    const byStaff = await (await t.as('jshosp.staff')).get(`/accountability-cases/summary?year=${year}&format=pdf`);
    expect(byStaff.status).toBe(403);
  });

  it('the yearly summary’s PDF is printed by the worker: when none answers in time, a 503 in Chinese and no document', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const leader = await t.as('jinshui.leader');
    const summaries = async () =>
      (await t.database.db.select({ n: count() }).from(documents).where(eq(documents.kind, SUMMARY_DOCUMENT_KIND)))[0]!
        .n;
    const before = await summaries();
    // An API whose task queue no worker polls, waiting two seconds instead of two minutes.
    const unserved = createApp({
      db: t.database.db,
      sql: t.database.sql,
      temporal: t.temporal,
      renderer: t.renderer,
      logger: createLogger('silent'),
      env: { ...t.env, TEMPORAL_TASK_QUEUE: newTaskQueue() },
      documentIssueTimeout: '2 seconds',
    });
    const res = await unserved.request(`/accountability-cases/summary?year=${year}&format=pdf`, {
      headers: { authorization: `Bearer ${leader.token}` },
    });
    expect(res.status, await res.clone().text()).toBe(503);
    expect((await res.json()).error).toEqual({
      code: 'unavailable',
      message: `《${year}年度责任追究情况汇总》暂时无法出具（流程服务或文书打印不可用），请稍后重试。`,
      requestId: expect.any(String),
    });
    expect(await summaries()).toBe(before);
  });

  it('督导整改: the 督导整改通知书 with its requirements and deadline; a rejected report goes back; accepted, the case closes', async () => {
    const { kase, wf } = await investigated('supervised_rectification');
    const staff = await t.as('jshosp.staff');
    await staff.post(`/accountability-cases/${kase.id}/statement`, { waived: true });
    await taskOf(wf, 'decision');
    const leader = await t.as('jinshui.leader');
    const decided = await leader.post(`/accountability-cases/${kase.id}/decision`, {
      decision: 'supervised_rectification',
      reasons: ['首次违规，督导整改。'],
      rectification: { requirements: ['一个月内完成一次全量备份恢复演练并报送记录'] },
    });
    expect(decided.status, await decided.clone().text()).toBe(200);
    const first = await taskOf(wf, 'rectification-r1');
    expect(first).toMatchObject({
      type: 'accountability_rectification',
      assigneeUnitId: await t.unitId('金水区总医院'),
    });
    const read = await detail(leader, kase.id);
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.id, read.documentId));
    const text = pdfText(doc!.pdf);
    expect(text).toContain(read.documentNumber);
    expect(text).toContain('全量备份恢复演练');
    await complete(staff, first.id, { measures: '已制定演练方案。' });
    const official = await t.as('jinshui.official');
    // A rejection needs its reason.
    const verify = await taskOf(wf, 'verification-r1');
    const bare = await official.post(`/tasks/${verify.id}/complete`, { input: { verdict: 'rejected' } });
    expect(bare.status).toBe(422);
    await complete(official, verify.id, { verdict: 'rejected', reason: '方案不能代替演练记录。' });
    await complete(staff, (await taskOf(wf, 'rectification-r2')).id, { measures: '已完成演练，附记录。' });
    await complete(official, (await taskOf(wf, 'verification-r2')).id, { verdict: 'accepted' });
    await expect.poll(stageOf(kase.id), { timeout: 30_000 }).toBe('closed');
    const kinds = (await detail(leader, kase.id)).timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(-6)).toEqual([
      'issued',
      'rectification_reported',
      'rectification_rejected',
      'rectification_reported',
      'rectification_accepted',
      'closed',
    ]);
  });

  it('a failed yearly appraisal opens a case through its entry point, once per unit and year, and the case runs', async () => {
    // No appraisal process exists yet: this is the activity it will call (activities/accountability-cases.ts).
    const acts = createActivities({ db: t.database.db, renderer: t.renderer, clock: () => new Date() });
    const env = new MockActivityEnvironment({ taskQueue: t.worker.taskQueue });
    const input = {
      unitId: await t.unitId('金水区疾病预防控制中心'),
      year: 2026,
      score: 52,
      reason: '2026年度考核不合格',
    };
    const id = (await env.run(acts.openAppraisalCase, input)) as number | undefined;
    expect(id).toEqual(expect.any(Number));
    expect(await env.run(acts.openAppraisalCase, input)).toBeUndefined();
    const task = await taskOf(await caseWorkflow(id!), 'investigation');
    expect(task.assigneeUnitId).toBe(await t.unitId('郑州市金水区卫生健康委员会'));
    expect(await detail(await t.as('jscdc.staff'), id!)).toMatchObject({
      source: 'appraisal',
      facts: ['2026年度考核不合格', '考核得分：52'],
    });
    expect((await (await t.as('jshosp.staff')).get(`/accountability-cases/${id}`)).status).toBe(404);
  });

  it('opening by hand is idempotent: the same Idempotency-Key gives one case and one process', async () => {
    const official = await t.as('jinshui.official');
    const body = JSON.stringify({ unitId: await t.unitId('金水区总医院'), facts: ['门诊系统弱口令未整改。'] });
    const send = () =>
      t.app.request('/accountability-cases', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${official.token}`,
          'content-type': 'application/json',
          'idempotency-key': 'case-retry-0001',
        },
        body,
      });
    const first = await send();
    expect(first.status, await first.clone().text()).toBe(201);
    const again = await send();
    expect(again.status).toBe(201);
    const [a, b] = [await first.json(), await again.json()];
    expect(b.id).toBe(a.id);
    const rows = await t.database.db
      .select()
      .from(accountabilityCases)
      .where(eq(accountabilityCases.sourceId, a.sourceId));
    expect(rows).toHaveLength(1);
    const starts = await t.database.db
      .select()
      .from(processStarts)
      .where(eq(processStarts.workflowId, await caseWorkflow(a.id)));
    expect(starts).toHaveLength(1);
    await taskOf(await caseWorkflow(a.id), 'investigation');
  });
});
