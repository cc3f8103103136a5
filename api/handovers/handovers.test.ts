// Handover (移交) end to end through the API with the real worker, PostgreSQL and Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ActivityFailure, Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { handoverWorkflow } from '../../workflows/handover.js';
import { auditEvents, dataHoldings, handoverRounds, handovers, tasks } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { pdfText } from '../../test/support/pdf.js';
import {
  complete,
  createHandoverParties,
  sha,
  openTask,
  sampleItems,
  signedHandover,
  verdicts,
  type HandoverParties,
} from '../../test/support/handovers.js';
import { createHandoverActivities } from '../../activities/handovers.js';
import { createApp } from '../../api/app.js';
import { createLogger } from '../../config/logger.js';
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
    const res = await caller.post('/handovers', {
      handingUnitId: await t.unitId(handing),
      receivingUnitId: await t.unitId(receiving),
      reason: 'merger',
      reasonDetail: '机构改革合并',
      dueAt: inAWeek(),
      ...extra,
    });
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

    await expect
      .poll(async () => (await (await official.get(`/handovers/${started.id}`)).json()).status, { timeout: 60_000 })
      .toBe('archived');
    const done = await (await official.get(`/handovers/${started.id}`)).json();
    await recordHistory(t.temporal, started.id, 'handover-archived');
    expect(done.listHash).toBe(listHash);
    expect(done.signatures.map((s: { party: string; signerName: string }) => [s.party, s.signerName]).sort()).toEqual([
      ['handing', '褚国栋'],
      ['receiving', '冯志强'],
    ]);
    expect(done.timeline.map((e: { step: string }) => e.step)).toEqual([
      'started',
      'transfer_list_submitted',
      'verification_accepted',
      'handing_signed',
      'receiving_signed',
      'confirmed',
      'archived',
    ]);
    expect(done.timeline.find((e: { step: string }) => e.step === 'handing_signed').actorName).toBe('褚国栋');
    expect(done.openTasks).toEqual([]);
    expect(done.documents).toHaveLength(1);

    const pdf = await official.get(`/documents/${done.documentId}`);
    expect(pdf.status).toBe(200);
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('金水区疾病预防控制中心健康信息移交清单');
    expect(text).toMatch(/金卫移〔\d{4}〕1号/);
    const flat = text.replace(/\s+/g, '');
    for (const expected of [
      '褚国栋',
      '冯志强',
      '移交方',
      '接收方',
      '根据《河南省全民健康信息管理实施细则》第十九条的规定',
      '介质编号：JS-007',
      '1,250,000',
      listHash,
    ])
      expect(flat).toContain(expected);
    // A Henan document cites no other province's text and no file code (docs/regulations.md).
    expect(flat).not.toMatch(/四川|00[0-4]第/);

    // The holdings now belong to the receiving unit; the hand-added backup joined its register.
    const hospHoldings = await (await hospStaff.get('/data-holdings')).json();
    expect(hospHoldings.items).toHaveLength(seeded + 3);
    const cdcId = await t.unitId('金水区疾病预防控制中心');
    expect(
      hospHoldings.items.map((h: { transferredFromUnitId: number; handoverId: string }) => [
        h.transferredFromUnitId,
        h.handoverId,
      ]),
    ).toEqual(Array(seeded + 3).fill([cdcId, started.id]));
    expect((await (await cdcStaff.get('/data-holdings')).json()).items).toEqual([]);
    expect(done.archive).toMatchObject({ holdingsMoved: seeded + 2, holdingsAdded: 1, holdingsNotListed: [] });
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'handover'), eq(auditEvents.objectId, started.id)));
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'submit', 'verify', 'sign', 'confirm', 'archive', 'read']),
    );
  });

  it('refuses an abroad item citing 000 第十八条, an empty list and a bad checksum, changing nothing; a discrepancy goes back for a second round', async () => {
    const started = await start('jinshui.official', '金水区总医院', '金水区疾病预防控制中心');
    const staff = await t.as('jshosp.staff');
    const listTask = await openTask(t, started.id, 'handover_transfer_list');
    const items = sampleItems('医院');

    const abroad = await complete(staff, listTask.id, {
      items: [items[0], { ...items[1], storageLocation: { country: 'SG', region: 'Singapore cloud region' } }],
    });
    expect(abroad.status).toBe(422);
    const abroadBody = await abroad.json();
    expect(abroadBody.error.message).toContain('《河南省全民健康信息管理实施细则》第十八条');
    expect(abroadBody.error.details.fields).toEqual([
      expect.objectContaining({ field: 'items.1.storageLocation.country' }),
    ]);
    expect((await complete(staff, listTask.id, { items: [] })).status).toBe(422);
    const badSum = await (await complete(staff, listTask.id, { items: [{ ...items[0], sha256: 'abc' }] })).json();
    expect(badSum.error.details.fields[0].field).toBe('items.0.sha256');
    const incomplete = await (
      await complete(staff, listTask.id, { items: [{ kind: 'storage_medium', description: '硬盘' }] })
    ).json();
    expect(incomplete.error.details.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining([
        'items.0.recordCount',
        'items.0.sha256',
        'items.0.serialNumber',
        'items.0.storageLocation',
      ]),
    );
    // Nothing changed: the task is open, no round was recorded, the timeline has only the start.
    const [stillOpen] = await t.database.db.select().from(tasks).where(eq(tasks.id, listTask.id));
    expect(stillOpen!.status).toBe('open');
    expect(await t.database.db.select().from(handoverRounds).where(eq(handoverRounds.handoverId, started.id))).toEqual(
      [],
    );
    const untouched = await (await staff.get(`/handovers/${started.id}`)).json();
    expect(untouched).toMatchObject({ status: 'drafting', round: 1 });
    expect(untouched.timeline.map((e: { step: string }) => e.step)).toEqual(['started']);

    // Round 1: the receiving unit finds item 2 does not match.
    expect((await complete(staff, listTask.id, { items })).status).toBe(200);
    const cdcStaff = await t.as('jscdc.staff');
    const verify1 = await openTask(t, started.id, 'handover_verification');
    const round1Hash = (verify1.payload as { listHash: string }).listHash;
    const missingRemark = await complete(cdcStaff, verify1.id, {
      listHash: round1Hash,
      results: [
        { item: 1, verdict: 'accepted' },
        { item: 2, verdict: 'discrepant' },
        { item: 3, verdict: 'accepted' },
      ],
    });
    expect(missingRemark.status).toBe(422);
    expect((await complete(cdcStaff, verify1.id, verdicts(verify1, { 2: '备份记录数与实物不符' }))).status).toBe(200);

    // Back to the handing unit, numbered round 2, with the remark to act on.
    const listTask2 = await openTask(t, started.id, 'handover_transfer_list');
    expect(listTask2.title).toContain('第2轮');
    expect(listTask2.payload).toMatchObject({
      round: 2,
      previousDiscrepancies: [{ item: 2, verdict: 'discrepant', remark: '备份记录数与实物不符' }],
    });
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
    expect((await complete(staff, sign.id, { listHash: round2Hash })).status).toBe(403); // the hospital's staff see the task; it is the leader's to sign
    expect((await complete(await t.as('jscdc.leader'), sign.id, { listHash: round2Hash })).status).toBe(404);
    const leader = await t.as('jshosp.leader');
    const outdated = await complete(leader, sign.id, { listHash: round1Hash });
    expect(outdated.status).toBe(422);
    expect((await outdated.json()).error.message).toContain('不是当前版本');
    expect(
      await t.database.db
        .select()
        .from(handovers)
        .where(and(eq(handovers.id, started.id), eq(handovers.currentStep, 'handing_signature'))),
    ).toHaveLength(1);

    const detail = await (await leader.get(`/handovers/${started.id}`)).json();
    expect(detail.rounds.map((r: { round: number; listHash: string }) => [r.round, r.listHash])).toEqual([
      [1, round1Hash],
      [2, round2Hash],
    ]);
    expect(detail.rounds[0].results.find((r: { item: number }) => r.item === 2)).toMatchObject({
      verdict: 'discrepant',
      remark: '备份记录数与实物不符',
    });
    expect(
      detail.timeline.map((e: { step: string; round: number | null }) => `${e.step}${e.round ? `@${e.round}` : ''}`),
    ).toEqual([
      'started',
      'transfer_list_submitted@1',
      'verification_discrepant@1',
      'transfer_list_submitted@2',
      'verification_accepted@2',
    ]);

    // The supervisor cancels with a reason: open tasks close, the unit may start a new handover.
    const official = await t.as('jinshui.official');
    expect((await official.post(`/handovers/${started.id}/cancel`, { reason: 'x' })).status).toBe(422);
    const cancelled = await official.post(`/handovers/${started.id}/cancel`, { reason: '合并方案调整，另行启动' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancelReason: '合并方案调整，另行启动',
      openTasks: [],
    });
    const [signTask] = await t.database.db.select().from(tasks).where(eq(tasks.id, sign.id));
    expect(signTask!.status).toBe('cancelled');
    expect((await official.post(`/handovers/${started.id}/cancel`, { reason: '再次取消' })).status).toBe(409);
  });

  it('refuses a second open handover of a unit, a receiving unit outside the jurisdiction, and a starter without authority; nothing is written', async () => {
    const first = await start('zz.official', '郑州市中心医院', '郑州市卫生健康委员会');
    const before = await t.database.db.select().from(handovers);
    const official = await t.as('zz.official');
    const body = {
      handingUnitId: await t.unitId('郑州市中心医院'),
      receivingUnitId: await t.unitId('郑州市疾病预防控制中心'),
      reason: 'merger',
      dueAt: inAWeek(),
    };
    const twice = await official.post('/handovers', body);
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.message).toContain(first.id);
    const farAway = await official.post('/handovers', {
      ...body,
      handingUnitId: await t.unitId('郑州市疾病预防控制中心'),
      receivingUnitId: await t.unitId('洛阳市中心医院'),
    });
    expect(farAway.status).toBe(422);
    expect((await farAway.json()).error.details.fields[0].field).toBe('receivingUnitId');
    const staffStart = await (
      await t.as('jshosp.staff')
    ).post('/handovers', {
      ...body,
      handingUnitId: await t.unitId('金水区总医院'),
      receivingUnitId: await t.unitId('郑州市金水区卫生健康委员会'),
    });
    expect(staffStart.status).toBe(403);
    const otherCity = await (
      await t.as('ly.official')
    ).post('/handovers', { ...body, handingUnitId: await t.unitId('郑州市疾病预防控制中心') });
    expect(otherCity.status).toBe(404);
    expect(
      (
        await official.post('/handovers', {
          ...body,
          handingUnitId: await t.unitId('郑州市疾病预防控制中心'),
          reason: 'moved',
        })
      ).status,
    ).toBe(422);
    expect(await t.database.db.select().from(handovers)).toEqual(before);
    await official.post(`/handovers/${first.id}/cancel`, { reason: '测试结束' });
  });

  it('a unit outside the handover cannot read it, its draft or its document; supervisors above can', async () => {
    const started = await start('jinshui.official', '金水区疾病预防控制中心', '郑州市金水区卫生健康委员会');
    for (const outsider of ['lyhosp.staff', 'ly.official', 'jshosp.staff']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/handovers/${started.id}`)).status, outsider).toBe(404);
      expect((await caller.put(`/handovers/${started.id}/draft`, { items: [] })).status, outsider).toBe(404);
      expect((await (await caller.get('/handovers')).json()).items.map((h: { id: string }) => h.id)).not.toContain(
        started.id,
      );
    }
    expect(
      (await (await t.as('ly.official')).post(`/handovers/${started.id}/cancel`, { reason: '越权取消' })).status,
    ).toBe(404);
    expect(
      (await (await t.as('jscdc.staff')).post(`/handovers/${started.id}/cancel`, { reason: '越权取消' })).status,
    ).toBe(403);
    expect((await (await t.as('zz.official')).get(`/handovers/${started.id}`)).status).toBe(200);
    expect((await (await t.as('jscdc.staff')).get(`/handovers/${started.id}`)).status).toBe(200);
    // A list row names both parties, though the unit's own staff cannot look the other unit up.
    const own = (await (await (await t.as('jscdc.staff')).get('/handovers')).json()).items.find(
      (h: { id: string }) => h.id === started.id,
    );
    expect(own).toMatchObject({
      handingUnitName: '金水区疾病预防控制中心',
      receivingUnitName: '郑州市金水区卫生健康委员会',
    });
    const listed = await (
      await t.as('prov.official')
    ).get(`/handovers?status=drafting&unitId=${await t.unitId('金水区疾病预防控制中心')}`);
    expect((await listed.json()).items.map((h: { id: string }) => h.id)).toEqual([started.id]);
    await (await t.as('jinshui.official')).post(`/handovers/${started.id}/cancel`, { reason: '测试结束' });
  });

  it('reminds before the due date, escalates to the supervisor when it passes (seconds-long due date); extending moves every timer', async () => {
    // Its own due date 4 s ahead: the shared handover.complete policy stays as every other test finds it.
    const official = await t.as('ly.official');
    const res = await official.post('/handovers', {
      handingUnitId: await t.unitId('洛阳市中心医院'),
      receivingUnitId: await t.unitId('洛阳市卫生健康委员会'),
      reason: 'function_transfer',
      dueAt: new Date(Date.now() + 4_000).toISOString(),
      remindBeforeSeconds: 2,
    });
    expect(res.status).toBe(201);
    const started = await res.json();
    expect(Date.parse(started.dueAt) - Date.now()).toBeLessThan(5_000);
    const listTask = await openTask(t, started.id, 'handover_transfer_list');

    // The reminder shows on the open task, then the deadline passes: overdue, escalated to 洛阳市卫健委.
    await expect
      .poll(
        async () => (await t.database.db.select().from(tasks).where(eq(tasks.id, listTask.id)))[0]!.lastRemindedAt,
        { timeout: 15_000 },
      )
      .not.toBeNull();
    const escalation = await openTask(t, started.id, 'handover_escalation', 15_000);
    expect(escalation).toMatchObject({
      assigneeUnitId: await t.unitId('洛阳市卫生健康委员会'),
      assigneeRole: 'official',
    });
    const inbox = await (await official.get('/tasks?type=handover_escalation')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(escalation.id);
    const overdue = await (await official.get(`/handovers/${started.id}`)).json();
    expect(overdue).toMatchObject({ overdue: true });
    expect(overdue.openTasks.find((o: { id: string }) => o.id === listTask.id)).toMatchObject({ overdue: true });
    expect((await (await t.as('lyhosp.staff')).get('/tasks?overdue=true')).status).toBe(200);

    // The supervisor extends: the handover and its task follow the new date, the escalation closes.
    const newDue = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect(
      (
        await official.post(`/handovers/${started.id}/extend`, {
          dueAt: new Date(Date.now() - 1000).toISOString(),
          reason: '延期',
        })
      ).status,
    ).toBe(422);
    const extended = await official.post(`/handovers/${started.id}/extend`, {
      dueAt: newDue,
      reason: '机构改革方案待批复，延期三天',
    });
    expect(extended.status).toBe(200);
    const after = await extended.json();
    expect(after).toMatchObject({ dueAt: newDue, overdue: false });
    expect(after.openTasks).toEqual([expect.objectContaining({ id: listTask.id, dueAt: newDue, overdue: false })]);
    const [closedEscalation] = await t.database.db.select().from(tasks).where(eq(tasks.id, escalation.id));
    expect(closedEscalation!.status).toBe('cancelled');
    expect(after.timeline.map((e: { step: string }) => e.step)).toEqual([
      'started',
      'reminded',
      'overdue',
      'due_extended',
    ]);
    expect(after.timeline.at(-1)).toMatchObject({
      actorName: '蒋洛',
      detail: { reason: '机构改革方案待批复，延期三天' },
    });
    await official.post(`/handovers/${started.id}/cancel`, { reason: '测试结束' });
  });

  describe('archive, cancellation and start (each test with its own two units)', () => {
    const holding = (tag: string) => ({
      kind: 'dataset',
      description: `${tag} 妇幼保健数据集`,
      recordCount: 482_310,
      volume: '12 GB',
      format: 'CSV',
      sha256: sha(`${tag}-mch`),
      storageLocation: { country: 'CN', region: '河南省郑州市金水区 机房B' },
      encryption: 'SM4',
    });
    const startFor = async (p: HandoverParties, extra: Record<string, unknown> = {}) => {
      const res = await p.official.post('/handovers', {
        handingUnitId: p.handingUnitId,
        receivingUnitId: p.receivingUnitId,
        reason: 'merger',
        dueAt: inAWeek(),
        ...extra,
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { id: string; draft: Array<Record<string, unknown>> };
    };
    const postWithKey = (
      app: { request: TestAppWithWorker['app']['request'] },
      token: string,
      path: string,
      body: unknown,
      key: string,
    ) =>
      app.request(path, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
          'x-forwarded-for': '10.0.0.7',
        },
        body: JSON.stringify(body),
      });
    const actor = { userId: 1, username: 'test', realName: '测试', unitId: 1, roles: ['unit_leader'] };

    it('the register takes exactly what both leaders signed: every field of a listed holding, and new rows for items not in it', async () => {
      const p = await createHandoverParties(t);
      const registered = await p.handingStaff.post('/data-holdings', holding(p.tag));
      expect(registered.status, await registered.clone().text()).toBe(201);
      const holdingId = (await registered.json()).id as number;
      const started = await startFor(p);
      expect(started.draft).toEqual([expect.objectContaining({ holdingId, recordCount: 482_310 })]);
      // The count and description corrected while drafting, every other field too; a backup added by hand.
      const signedItem = {
        ...started.draft[0]!,
        recordCount: 482_377,
        description: `${p.tag} 妇幼保健数据集（含2026年补录）`,
        volume: '12.4 GB',
        format: 'PostgreSQL 导出 (SQL)',
        sha256: sha(`${p.tag}-mch-v2`),
        storageLocation: { country: 'CN', region: '河南省郑州市 异地灾备中心' },
        encryption: 'SM4 + 国密 TLS',
      };
      const added = sampleItems(p.tag)[2];
      await signedHandover(t, p, started.id, [signedItem, added]);
      expect((await complete(p.official, (await openTask(t, started.id, 'handover_confirmation')).id, {})).status).toBe(
        200,
      );
      await expect
        .poll(
          async () => (await t.database.db.select().from(handovers).where(eq(handovers.id, started.id)))[0]!.status,
          { timeout: 60_000 },
        )
        .toBe('archived');

      const [row] = await t.database.db.select().from(dataHoldings).where(eq(dataHoldings.id, holdingId));
      expect(row).toMatchObject({
        unitId: p.receivingUnitId,
        transferredFromUnitId: p.handingUnitId,
        handoverId: started.id,
        kind: 'dataset',
        description: signedItem.description,
        recordCount: 482_377,
        volume: '12.4 GB',
        format: 'PostgreSQL 导出 (SQL)',
        sha256: signedItem.sha256,
        country: 'CN',
        region: '河南省郑州市 异地灾备中心',
        encryption: 'SM4 + 国密 TLS',
        serialNumber: null,
      });
      const register = await t.database.db.select().from(dataHoldings).where(eq(dataHoldings.handoverId, started.id));
      expect(register).toHaveLength(2);
      expect(register.find((r) => r.id !== holdingId)).toMatchObject({
        unitId: p.receivingUnitId,
        description: added.description,
        serialNumber: 'JS-007',
        sha256: added.sha256,
      });
    });

    it('refuses to cancel once the confirmation is recorded (409); the handover archives', async () => {
      const p = await createHandoverParties(t);
      const started = await startFor(p);
      await signedHandover(t, p, started.id, [holding(p.tag)]);
      expect(
        (
          await complete(p.official, (await openTask(t, started.id, 'handover_confirmation')).id, {
            remark: '同意归档',
          })
        ).status,
      ).toBe(200);
      const refused = await p.official.post(`/handovers/${started.id}/cancel`, { reason: '确认后又想取消' });
      expect(refused.status).toBe(409);
      expect((await refused.json()).error).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('不能再取消'),
      });
      await expect
        .poll(
          async () => (await t.database.db.select().from(handovers).where(eq(handovers.id, started.id)))[0]!.status,
          { timeout: 60_000 },
        )
        .toBe('archived');
      const done = await (await p.official.get(`/handovers/${started.id}`)).json();
      expect(done).toMatchObject({ status: 'archived', cancelReason: null, archive: { holdingsAdded: 1 } });
      expect(done.documents).toHaveLength(1);
    });

    it('a cancelled handover stays cancelled: step activities finishing after the cancel move neither the handover nor the register', async () => {
      const p = await createHandoverParties(t);
      const started = await startFor(p);
      const items = [holding(p.tag)];
      expect(
        (await complete(p.handingStaff, (await openTask(t, started.id, 'handover_transfer_list')).id, { items }))
          .status,
      ).toBe(200);
      const verify = await openTask(t, started.id, 'handover_verification');
      const cancelled = await p.official.post(`/handovers/${started.id}/cancel`, { reason: '合并方案调整' });
      expect(cancelled.status).toBe(200);
      // The activities of the later steps, as if each had still been running when the cancel was recorded.
      const acts = createHandoverActivities(t.database.db);
      const listHash = (verify.payload as { listHash: string }).listHash;
      await acts.recordVerification({
        handoverId: started.id,
        round: 1,
        results: [{ item: 1, verdict: 'accepted' }],
        actor,
      });
      await acts.recordSignature({ handoverId: started.id, party: 'receiving', listHash, actor });
      await acts.recordConfirmation({ handoverId: started.id, actor });
      await acts.archiveHandover({
        handoverId: started.id,
        documentId: crypto.randomUUID(),
        number: '金卫移〔2026〕999号',
        actor,
      });
      const [row] = await t.database.db.select().from(handovers).where(eq(handovers.id, started.id));
      expect(row).toMatchObject({
        status: 'cancelled',
        currentStep: 'cancelled',
        cancelReason: '合并方案调整',
        documentId: null,
        archive: null,
      });
      expect(await t.database.db.select().from(dataHoldings).where(eq(dataHoldings.handoverId, started.id))).toEqual(
        [],
      );
      expect(await t.database.db.$count(tasks, and(eq(tasks.workflowId, started.id), eq(tasks.status, 'open')))).toBe(
        0,
      );
    });

    it('the same Idempotency-Key starts one handover: same id, one row, one workflow', async () => {
      const p = await createHandoverParties(t);
      const body = {
        handingUnitId: p.handingUnitId,
        receivingUnitId: p.receivingUnitId,
        reason: 'merger',
        dueAt: inAWeek(),
      };
      const key = `handover-${p.tag}-${crypto.randomUUID()}`;
      const first = await postWithKey(t.app, p.official.token, '/handovers', body, key);
      expect(first.status, await first.clone().text()).toBe(201);
      const again = await postWithKey(t.app, p.official.token, '/handovers', body, key);
      expect(again.status, await again.clone().text()).toBe(201);
      const id = (await first.json()).id as string;
      expect((await again.json()).id).toBe(id);
      expect(await t.database.db.$count(handovers, eq(handovers.handingUnitId, p.handingUnitId))).toBe(1);
      const description = await t.temporal.workflow.getHandle(id).describe();
      expect(description.status.name).toBe('RUNNING');
      const runs = await t.temporal.workflow.count(`WorkflowId = "${id}"`);
      expect(runs.count).toBe(1);
      expect(
        await t.database.db.$count(auditEvents, and(eq(auditEvents.objectId, id), eq(auditEvents.action, 'create'))),
      ).toBe(1);
      await p.official.post(`/handovers/${id}/cancel`, { reason: '测试结束' });
    });

    it('a commit that fails starts no workflow', async () => {
      const p = await createHandoverParties(t);
      // A deferred check that fails at COMMIT, after every statement of the request succeeded.
      await t.database.ownerSql.unsafe(`
        create or replace function test_fail_at_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused for the test'; end $$;
        create constraint trigger test_fail_at_commit after insert on handovers deferrable initially deferred for each row when (new.reason_detail = 'COMMIT-FAILS-${p.tag}') execute function test_fail_at_commit();`);
      const since = new Date(Date.now() - 1_000).toISOString();
      const failed = await p.official.post('/handovers', {
        handingUnitId: p.handingUnitId,
        receivingUnitId: p.receivingUnitId,
        reason: 'merger',
        reasonDetail: `COMMIT-FAILS-${p.tag}`,
        dueAt: inAWeek(),
      });
      expect(failed.status).toBe(500);
      expect(await t.database.db.$count(handovers, eq(handovers.handingUnitId, p.handingUnitId))).toBe(0);
      // A handover started after it is seen by Temporal's visibility; the failed one never is.
      const after = await startFor(p);
      const query = `WorkflowType = "handoverWorkflow" AND TaskQueue = "${t.worker.taskQueue}" AND StartTime >= "${since}"`;
      const started = async () => {
        const ids: string[] = [];
        for await (const w of t.temporal.workflow.list({ query })) ids.push(w.workflowId);
        return ids;
      };
      await expect.poll(started, { timeout: 15_000 }).toContain(after.id);
      expect(await started()).toEqual([after.id]);
      await p.official.post(`/handovers/${after.id}/cancel`, { reason: '测试结束' });
    });

    it('a workflow start that fails leaves no handover row and no workflow; the refusal is a 503 and is audited', async () => {
      const p = await createHandoverParties(t);
      // The same app over a Temporal namespace that does not exist: every start is refused.
      const broken = createApp({
        db: t.database.db,
        sql: t.database.sql,
        temporal: new Client({ connection: t.temporal.connection, namespace: 'no-such-namespace' }),
        renderer: t.renderer,
        logger: createLogger('silent'),
        env: t.env,
      });
      const key = `broken-${p.tag}-${crypto.randomUUID()}`;
      const res = await postWithKey(
        broken,
        p.official.token,
        '/handovers',
        { handingUnitId: p.handingUnitId, receivingUnitId: p.receivingUnitId, reason: 'merger', dueAt: inAWeek() },
        key,
      );
      expect(res.status, await res.clone().text()).toBe(503);
      expect((await res.json()).error.code).toBe('unavailable');
      expect(await t.database.db.$count(handovers, eq(handovers.handingUnitId, p.handingUnitId))).toBe(0);
      const audited = await t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.objectType, 'handover'),
            eq(auditEvents.action, 'create'),
            eq(auditEvents.outcome, 'failure'),
          ),
        );
      expect(audited).toHaveLength(1);
      const id = audited[0]!.objectId!;
      await expect(t.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      // The same key on the working app starts it after all, under the same id.
      const retried = await postWithKey(
        t.app,
        p.official.token,
        '/handovers',
        { handingUnitId: p.handingUnitId, receivingUnitId: p.receivingUnitId, reason: 'merger', dueAt: inAWeek() },
        key,
      );
      expect(retried.status).toBe(201);
      expect((await retried.json()).id).toBe(id);
      await p.official.post(`/handovers/${id}/cancel`, { reason: '测试结束' });
    });

    it('a handover workflow without its row (a compensated start) fails at once and for good, creating no task', async () => {
      const p = await createHandoverParties(t);
      const id = `handover-${crypto.randomUUID()}`;
      const handle = await t.temporal.workflow.start(handoverWorkflow, {
        taskQueue: t.worker.taskQueue,
        workflowId: id,
        args: [
          {
            handoverId: id,
            handingUnitId: p.handingUnitId,
            handingUnitName: '甲',
            receivingUnitId: p.receivingUnitId,
            receivingUnitName: '乙',
            receivingVerifierRole: 'unit_staff',
            supervisingUnitId: await t.unitId('郑州市金水区卫生健康委员会'),
            reason: 'merger',
            dueAt: inAWeek(),
            remindBeforeMs: 0,
          },
        ],
      });
      const failure = await handle.result().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect(((failure as WorkflowFailedError).cause as ActivityFailure).cause).toMatchObject({
        type: 'ProcessRecordMissing',
        nonRetryable: true,
      });
      expect(await t.database.db.$count(tasks, eq(tasks.workflowId, id))).toBe(0);
    });
  });
});
