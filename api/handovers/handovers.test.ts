// Handover (移交) end to end through the API with the real worker, PostgreSQL and Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, handoverRounds, handovers, tasks } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { pdfText } from '../../test/support/pdf.js';
import { complete, openTask, sampleItems, verdicts } from '../../test/support/handovers.js';
import { recordHistory } from '../../test/support/histories.js';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('handover (移交)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  async function start(by: string, handing: string, receiving: string, extra: Record<string, unknown> = {}) {
    const caller = await t.as(by);
    const res = await caller.post('/handovers', { handingUnitId: await t.unitId(handing), receivingUnitId: await t.unitId(receiving), reason: 'merger', reasonDetail: '机构改革合并', dueAt: inAWeek(), ...extra });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; draft: unknown[]; status: string };
  }

  it('runs from the register-prefilled draft to a signed, numbered 移交清单 PDF; holdings change owner', async () => {
    const cdcStaff = await t.as('jscdc.staff');
    const seeded = (await (await cdcStaff.get('/data-holdings')).json()).total as number;
    const [dataset, , medium] = sampleItems('疾控');
    for (const item of [dataset, medium]) expect((await cdcStaff.post('/data-holdings', item)).status).toBe(201);

    const started = await start('jinshui.official', '金水区疾病预防控制中心', '金水区总医院');
    expect(started.status).toBe('drafting');
    expect(started.draft).toHaveLength(seeded + 2); // pre-filled from the register

    // The draft is saved as it is edited: add the backup, save, read it back.
    const draft = [...(started.draft as object[]), sampleItems('疾控')[1]];
    expect((await cdcStaff.put(`/handovers/${started.id}/draft`, { items: draft })).status).toBe(200);
    const saved = await (await cdcStaff.get(`/handovers/${started.id}`)).json();
    expect(saved.draft).toHaveLength(seeded + 3);

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
    await recordHistory(t.temporal, started.id, 'handover-archived');
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
    expect(hospHoldings.items).toHaveLength(seeded + 3);
    const cdcId = await t.unitId('金水区疾病预防控制中心');
    expect(hospHoldings.items.map((h: { transferredFromUnitId: number; handoverId: string }) => [h.transferredFromUnitId, h.handoverId])).toEqual(Array(seeded + 3).fill([cdcId, started.id]));
    expect((await (await cdcStaff.get('/data-holdings')).json()).items).toEqual([]);
    expect(done.archive).toMatchObject({ holdingsMoved: seeded + 2, holdingsAdded: 1, holdingsNotListed: [] });
    const audited = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'handover'), eq(auditEvents.objectId, started.id)));
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'submit', 'verify', 'sign', 'confirm', 'archive', 'read']));
  });

  it('refuses an abroad item citing 000 第十八条, an empty list and a bad checksum, changing nothing; a discrepancy goes back for a second round', async () => {
    const started = await start('jinshui.official', '金水区总医院', '金水区疾病预防控制中心');
    const staff = await t.as('jshosp.staff');
    const listTask = await openTask(t, started.id, 'handover_transfer_list');
    const items = sampleItems('医院');

    const abroad = await complete(staff, listTask.id, { items: [items[0], { ...items[1], storageLocation: { country: 'SG', region: 'Singapore cloud region' } }] });
    expect(abroad.status).toBe(422);
    const abroadBody = await abroad.json();
    expect(abroadBody.error.message).toContain('000 第十八条');
    expect(abroadBody.error.details.fields).toEqual([expect.objectContaining({ field: 'items.1.storageLocation.country' })]);
    expect((await complete(staff, listTask.id, { items: [] })).status).toBe(422);
    const badSum = await (await complete(staff, listTask.id, { items: [{ ...items[0], sha256: 'abc' }] })).json();
    expect(badSum.error.details.fields[0].field).toBe('items.0.sha256');
    const incomplete = await (await complete(staff, listTask.id, { items: [{ kind: 'storage_medium', description: '硬盘' }] })).json();
    expect(incomplete.error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['items.0.recordCount', 'items.0.sha256', 'items.0.serialNumber', 'items.0.storageLocation']));
    // Nothing changed: the task is open, no round was recorded, the timeline has only the start.
    const [stillOpen] = await t.database.db.select().from(tasks).where(eq(tasks.id, listTask.id));
    expect(stillOpen!.status).toBe('open');
    expect(await t.database.db.select().from(handoverRounds).where(eq(handoverRounds.handoverId, started.id))).toEqual([]);
    const untouched = await (await staff.get(`/handovers/${started.id}`)).json();
    expect(untouched).toMatchObject({ status: 'drafting', round: 1 });
    expect(untouched.timeline.map((e: { step: string }) => e.step)).toEqual(['started']);

    // Round 1: the receiving unit finds item 2 does not match.
    expect((await complete(staff, listTask.id, { items })).status).toBe(200);
    const cdcStaff = await t.as('jscdc.staff');
    const verify1 = await openTask(t, started.id, 'handover_verification');
    const round1Hash = (verify1.payload as { listHash: string }).listHash;
    const missingRemark = await complete(cdcStaff, verify1.id, { listHash: round1Hash, results: [{ item: 1, verdict: 'accepted' }, { item: 2, verdict: 'discrepant' }, { item: 3, verdict: 'accepted' }] });
    expect(missingRemark.status).toBe(422);
    expect((await complete(cdcStaff, verify1.id, verdicts(verify1, { 2: '备份记录数与实物不符' }))).status).toBe(200);

    // Back to the handing unit, numbered round 2, with the remark to act on.
    const listTask2 = await openTask(t, started.id, 'handover_transfer_list');
    expect(listTask2.title).toContain('第2轮');
    expect(listTask2.payload).toMatchObject({ round: 2, previousDiscrepancies: [{ item: 2, verdict: 'discrepant', remark: '备份记录数与实物不符' }] });
    const corrected = items.map((item, i) => (i === 1 ? { ...item, recordCount: 1_249_800 } : item));
    expect((await complete(staff, listTask2.id, { items: corrected })).status).toBe(200);
    const verify2 = await openTask(t, started.id, 'handover_verification');
    const round2Hash = (verify2.payload as { listHash: string }).listHash;
    expect(round2Hash).not.toBe(round1Hash);
    // A verdict against the old version is refused.
    expect((await complete(cdcStaff, verify2.id, { ...verdicts(verify2), listHash: round1Hash })).status).toBe(422);
    expect((await complete(cdcStaff, verify2.id, verdicts(verify2))).status).toBe(200);

    // Signing: a non-leader and another unit's leader cannot; the outdated round-1 hash is refused.
    const sign = await openTask(t, started.id, 'handover_signature');
    expect((await complete(staff, sign.id, { listHash: round2Hash })).status).toBe(404);
    expect((await complete(await t.as('jscdc.leader'), sign.id, { listHash: round2Hash })).status).toBe(404);
    const leader = await t.as('jshosp.leader');
    const outdated = await complete(leader, sign.id, { listHash: round1Hash });
    expect(outdated.status).toBe(422);
    expect((await outdated.json()).error.message).toContain('不是当前版本');
    expect(await t.database.db.select().from(handovers).where(and(eq(handovers.id, started.id), eq(handovers.currentStep, 'handing_signature')))).toHaveLength(1);

    const detail = await (await leader.get(`/handovers/${started.id}`)).json();
    expect(detail.rounds.map((r: { round: number; listHash: string }) => [r.round, r.listHash])).toEqual([[1, round1Hash], [2, round2Hash]]);
    expect(detail.rounds[0].results.find((r: { item: number }) => r.item === 2)).toMatchObject({ verdict: 'discrepant', remark: '备份记录数与实物不符' });
    expect(detail.timeline.map((e: { step: string; round: number | null }) => `${e.step}${e.round ? `@${e.round}` : ''}`)).toEqual(['started', 'transfer_list_submitted@1', 'verification_discrepant@1', 'transfer_list_submitted@2', 'verification_accepted@2']);

    // The supervisor cancels with a reason: open tasks close, the unit may start a new handover.
    const official = await t.as('jinshui.official');
    expect((await official.post(`/handovers/${started.id}/cancel`, { reason: 'x' })).status).toBe(422);
    const cancelled = await official.post(`/handovers/${started.id}/cancel`, { reason: '合并方案调整，另行启动' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '合并方案调整，另行启动', openTasks: [] });
    const [signTask] = await t.database.db.select().from(tasks).where(eq(tasks.id, sign.id));
    expect(signTask!.status).toBe('cancelled');
    expect((await official.post(`/handovers/${started.id}/cancel`, { reason: '再次取消' })).status).toBe(409);
  });

  it('refuses a second open handover of a unit, a receiving unit outside the jurisdiction, and a starter without authority; nothing is written', async () => {
    const first = await start('zz.official', '郑州市中心医院', '郑州市卫生健康委员会');
    const before = await t.database.db.select().from(handovers);
    const official = await t.as('zz.official');
    const body = { handingUnitId: await t.unitId('郑州市中心医院'), receivingUnitId: await t.unitId('郑州市疾病预防控制中心'), reason: 'merger', dueAt: inAWeek() };
    const twice = await official.post('/handovers', body);
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.message).toContain(first.id);
    const farAway = await official.post('/handovers', { ...body, handingUnitId: await t.unitId('郑州市疾病预防控制中心'), receivingUnitId: await t.unitId('洛阳市中心医院') });
    expect(farAway.status).toBe(422);
    expect((await farAway.json()).error.details.fields[0].field).toBe('receivingUnitId');
    const staffStart = await (await t.as('jshosp.staff')).post('/handovers', { ...body, handingUnitId: await t.unitId('金水区总医院'), receivingUnitId: await t.unitId('郑州市金水区卫生健康委员会') });
    expect(staffStart.status).toBe(403);
    const otherCity = await (await t.as('ly.official')).post('/handovers', { ...body, handingUnitId: await t.unitId('郑州市疾病预防控制中心') });
    expect(otherCity.status).toBe(404);
    expect((await official.post('/handovers', { ...body, handingUnitId: await t.unitId('郑州市疾病预防控制中心'), reason: 'moved' })).status).toBe(422);
    expect(await t.database.db.select().from(handovers)).toEqual(before);
    await official.post(`/handovers/${first.id}/cancel`, { reason: '测试结束' });
  });

  it('a unit outside the handover cannot read it, its draft or its document; supervisors above can', async () => {
    const started = await start('jinshui.official', '金水区疾病预防控制中心', '郑州市金水区卫生健康委员会');
    for (const outsider of ['lyhosp.staff', 'ly.official', 'jshosp.staff']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/handovers/${started.id}`)).status, outsider).toBe(404);
      expect((await caller.put(`/handovers/${started.id}/draft`, { items: [] })).status, outsider).toBe(404);
      expect((await (await caller.get('/handovers')).json()).items.map((h: { id: string }) => h.id)).not.toContain(started.id);
    }
    expect((await (await t.as('ly.official')).post(`/handovers/${started.id}/cancel`, { reason: '越权取消' })).status).toBe(404);
    expect((await (await t.as('jscdc.staff')).post(`/handovers/${started.id}/cancel`, { reason: '越权取消' })).status).toBe(403);
    expect((await (await t.as('zz.official')).get(`/handovers/${started.id}`)).status).toBe(200);
    expect((await (await t.as('jscdc.staff')).get(`/handovers/${started.id}`)).status).toBe(200);
    const listed = await (await t.as('prov.official')).get(`/handovers?status=drafting&unitId=${await t.unitId('金水区疾病预防控制中心')}`);
    expect((await listed.json()).items.map((h: { id: string }) => h.id)).toEqual([started.id]);
    await (await t.as('jinshui.official')).post(`/handovers/${started.id}/cancel`, { reason: '测试结束' });
  });

  it('reminds before the due date, escalates to the supervisor when it passes (seconds-long policy); extending moves every timer', async () => {
    const admin = await t.as('admin');
    expect((await admin.patch('/deadline-policies/handover.complete', { unit: 'seconds', amount: 4 })).status).toBe(200);
    const official = await t.as('ly.official');
    const res = await official.post('/handovers', { handingUnitId: await t.unitId('洛阳市中心医院'), receivingUnitId: await t.unitId('洛阳市卫生健康委员会'), reason: 'function_transfer', remindBeforeSeconds: 2 });
    expect(res.status).toBe(201);
    const started = await res.json();
    expect(Date.parse(started.dueAt) - Date.now()).toBeLessThan(5_000);
    const listTask = await openTask(t, started.id, 'handover_transfer_list');

    // The reminder shows on the open task, then the deadline passes: overdue, escalated to 洛阳市卫健委.
    await expect.poll(async () => (await t.database.db.select().from(tasks).where(eq(tasks.id, listTask.id)))[0]!.lastRemindedAt, { timeout: 15_000 }).not.toBeNull();
    const escalation = await openTask(t, started.id, 'handover_escalation', 15_000);
    expect(escalation).toMatchObject({ assigneeUnitId: await t.unitId('洛阳市卫生健康委员会'), assigneeRole: 'official' });
    const inbox = await (await official.get('/tasks?type=handover_escalation')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(escalation.id);
    const overdue = await (await official.get(`/handovers/${started.id}`)).json();
    expect(overdue).toMatchObject({ overdue: true });
    expect(overdue.openTasks.find((o: { id: string }) => o.id === listTask.id)).toMatchObject({ overdue: true });
    expect((await (await t.as('lyhosp.staff')).get('/tasks?overdue=true')).status).toBe(200);

    // The supervisor extends: the handover and its task follow the new date, the escalation closes.
    const newDue = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await official.post(`/handovers/${started.id}/extend`, { dueAt: new Date(Date.now() - 1000).toISOString(), reason: '延期' })).status).toBe(422);
    const extended = await official.post(`/handovers/${started.id}/extend`, { dueAt: newDue, reason: '机构改革方案待批复，延期三天' });
    expect(extended.status).toBe(200);
    const after = await extended.json();
    expect(after).toMatchObject({ dueAt: newDue, overdue: false });
    expect(after.openTasks).toEqual([expect.objectContaining({ id: listTask.id, dueAt: newDue, overdue: false })]);
    const [closedEscalation] = await t.database.db.select().from(tasks).where(eq(tasks.id, escalation.id));
    expect(closedEscalation!.status).toBe('cancelled');
    expect(after.timeline.map((e: { step: string }) => e.step)).toEqual(['started', 'reminded', 'overdue', 'due_extended']);
    expect(after.timeline.at(-1)).toMatchObject({ actorName: '蒋洛', detail: { reason: '机构改革方案待批复，延期三天' } });
    await official.post(`/handovers/${started.id}/cancel`, { reason: '测试结束' });
  });
});

