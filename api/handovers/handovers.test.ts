// Handover (移交) end to end through the API with the real worker, PostgreSQL and Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, dataHoldings, handoverRounds, handovers, tasks } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { newTaskQueue, startTestWorker, type TestWorker } from '../../test/support/worker.js';
import { pdfText } from '../../test/support/pdf.js';
import { complete, openTask, sampleItems, verdicts } from '../../test/support/handovers.js';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('handover (移交)', () => {
  let t: TestApp;
  let worker: TestWorker;
  beforeAll(async () => {
    const taskQueue = newTaskQueue();
    t = await createTestApp({ taskQueue });
    worker = await startTestWorker(t.database.db, t.renderer, taskQueue);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  async function start(by: string, handing: string, receiving: string, extra: Record<string, unknown> = {}) {
    const caller = await t.as(by);
    const res = await caller.post('/handovers', { handingUnitId: await t.unitId(handing), receivingUnitId: await t.unitId(receiving), reason: 'merger', reasonDetail: '机构改革合并', dueAt: inAWeek(), ...extra });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; draft: unknown[]; status: string };
  }

  it('runs from the register-prefilled draft to a signed, numbered 移交清单 PDF; holdings change owner', async () => {
    const cdcStaff = await t.as('jscdc.staff');
    const [dataset, , medium] = sampleItems('疾控');
    for (const item of [dataset, medium]) expect((await cdcStaff.post('/data-holdings', item)).status).toBe(201);

    const started = await start('jinshui.official', '金水区疾病预防控制中心', '金水区总医院');
    expect(started.status).toBe('drafting');
    expect(started.draft).toHaveLength(2); // pre-filled from the register

    // The draft is saved as it is edited: add the backup, save, read it back.
    const draft = [...(started.draft as object[]), sampleItems('疾控')[1]];
    expect((await cdcStaff.put(`/handovers/${started.id}/draft`, { items: draft })).status).toBe(200);
    const saved = await (await cdcStaff.get(`/handovers/${started.id}`)).json();
    expect(saved.draft).toHaveLength(3);

    const listTask = await openTask(t, started.id, 'handover_transfer_list');
    expect((await complete(cdcStaff, listTask.id, { items: saved.draft })).status).toBe(200);

    const hospStaff = await t.as('jshosp.staff');
    const verifyTask = await openTask(t, started.id, 'handover_verification');
    expect((await complete(hospStaff, verifyTask.id, verdicts(verifyTask))).status).toBe(200);

    const listHash = (verifyTask.payload as { listHash: string }).listHash;
    const cdcLeader = await t.as('jscdc.leader');
    const handingSign = await openTask(t, started.id, 'handover_signature');
    expect((await complete(cdcLeader, handingSign.id, { listHash })).status).toBe(200);
    const hospLeader = await t.as('jshosp.leader');
    const receivingSign = await openTask(t, started.id, 'handover_signature');
    expect(receivingSign.assigneeUnitId).toBe(await t.unitId('金水区总医院'));
    expect((await complete(hospLeader, receivingSign.id, { listHash })).status).toBe(200);

    const official = await t.as('jinshui.official');
    const confirmTask = await openTask(t, started.id, 'handover_confirmation');
    expect((await complete(official, confirmTask.id, { remark: '同意归档' })).status).toBe(200);

    await expect.poll(async () => (await (await official.get(`/handovers/${started.id}`)).json()).status, { timeout: 60_000 }).toBe('archived');
    const done = await (await official.get(`/handovers/${started.id}`)).json();
    expect(done.listHash).toBe(listHash);
    expect(done.signatures.map((s: { party: string; signerName: string }) => [s.party, s.signerName]).sort()).toEqual([['handing', '褚国栋'], ['receiving', '冯志强']]);
    expect(done.timeline.map((e: { step: string }) => e.step)).toEqual(['started', 'transfer_list_submitted', 'verification_accepted', 'handing_signed', 'receiving_signed', 'confirmed', 'archived']);
    expect(done.timeline.find((e: { step: string }) => e.step === 'handing_signed').actorName).toBe('褚国栋');
    expect(done.openTasks).toEqual([]);
    expect(done.documents).toHaveLength(1);

    const pdf = await official.get(`/documents/${done.documentId}`);
    expect(pdf.status).toBe(200);
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('金水区疾病预防控制中心健康信息移交清单');
    expect(text).toMatch(/金卫移〔\d{4}〕1号/);
    const flat = text.replace(/\s+/g, '');
    for (const expected of ['褚国栋', '冯志强', '移交方', '接收方', '第十九条', '介质编号：JS-007', '1,250,000', listHash]) expect(flat).toContain(expected);

    // The holdings now belong to the receiving unit; the hand-added backup joined its register.
    const hospHoldings = await (await hospStaff.get('/data-holdings')).json();
    expect(hospHoldings.items).toHaveLength(3);
    const cdcId = await t.unitId('金水区疾病预防控制中心');
    expect(hospHoldings.items.map((h: { transferredFromUnitId: number; handoverId: string }) => [h.transferredFromUnitId, h.handoverId])).toEqual(Array(3).fill([cdcId, started.id]));
    expect((await (await cdcStaff.get('/data-holdings')).json()).items).toEqual([]);
    expect(done.archive).toMatchObject({ holdingsMoved: 2, holdingsAdded: 1, holdingsNotListed: [] });
    const audited = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'handover'), eq(auditEvents.objectId, started.id)));
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'submit', 'verify', 'sign', 'confirm', 'archive', 'read']));
  });
});
