// Handover keeps protection (003 第三十一条): the transfer is encrypted in transit, and a system's
// graded protection (000 第二十七条) after the transfer is not lower than before. Real worker,
// PostgreSQL and Chromium; each test has its own two units.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { dataHoldings, handoverRounds, handovers, tasks } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { pdfText } from '../../test/support/pdf.js';
import {
  complete,
  createHandoverParties,
  openTask,
  sampleItems,
  sha,
  type HandoverParties,
} from '../../test/support/handovers.js';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('handover keeps protection (003 第三十一条)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const startFor = async (p: HandoverParties) => {
    const res = await p.official.post('/handovers', {
      handingUnitId: p.handingUnitId,
      receivingUnitId: p.receivingUnitId,
      reason: 'merger',
      dueAt: inAWeek(),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; draft: Array<Record<string, unknown>> };
  };
  const system = (tag: string) => ({
    kind: 'information_system',
    description: `${tag} 电子病历系统（含部署文档）`,
    recordCount: 0,
    volume: '6 GB',
    format: '源代码仓库 + 虚拟机镜像',
    sha256: sha(`${tag}-emr`),
    storageLocation: { country: 'CN', region: '河南省政务云 郑州节点' },
    encryption: 'TLS 传输，静态 SM4',
  });
  /** The handover's state that a refused answer must leave as it was. */
  const snapshot = async (handoverId: string) => ({
    handover: (await t.database.db.select().from(handovers).where(eq(handovers.id, handoverId)))[0],
    rounds: await t.database.db.select().from(handoverRounds).where(eq(handoverRounds.handoverId, handoverId)),
    openTasks: await t.database.db
      .select({ id: tasks.id, type: tasks.type })
      .from(tasks)
      .where(and(eq(tasks.workflowId, handoverId), eq(tasks.status, 'open'))),
  });

  it('refuses an unencrypted transfer item citing 003 第三十一条 and writes nothing; an encrypted list goes on', async () => {
    const p = await createHandoverParties(t);
    const started = await startFor(p);
    const listTask = await openTask(t, started.id, 'handover_transfer_list');
    const before = await snapshot(started.id);
    const [dataset, backup] = sampleItems(p.tag);
    for (const encryption of ['未加密', '无', '明文传输', 'none']) {
      const refused = await complete(p.handingStaff, listTask.id, { items: [dataset, { ...backup, encryption }] });
      expect(refused.status, encryption).toBe(422);
      const body = await refused.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toContain('《四川省健康医疗大数据应用管理办法（试行）》第三十一条');
      expect(body.error.details.fields).toEqual([
        {
          field: 'items.1.encryption',
          message: expect.stringContaining('《四川省健康医疗大数据应用管理办法（试行）》第三十一条'),
        },
      ]);
    }
    expect(await snapshot(started.id)).toEqual(before);
    expect((await complete(p.handingStaff, listTask.id, { items: [dataset, backup] })).status).toBe(200);
    await openTask(t, started.id, 'handover_verification');
    await p.official.post(`/handovers/${started.id}/cancel`, { reason: '测试结束' });
  });

  it('a system carries its graded protection; a receiver declaring a lower level is refused citing 003 第三十一条, an equal or higher one is archived with it', async () => {
    const p = await createHandoverParties(t);
    // 000 第二十七条: the register takes a system only with its level and filing number.
    const count = () => t.database.db.$count(dataHoldings, eq(dataHoldings.unitId, p.handingUnitId));
    const unfiled = await p.handingStaff.post('/data-holdings', system(p.tag));
    expect(unfiled.status).toBe(422);
    expect((await unfiled.json()).error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'filingNumber',
      'protectionLevel',
    ]);
    expect(await count()).toBe(0);
    const registered = await p.handingStaff.post('/data-holdings', {
      ...system(p.tag),
      protectionLevel: 3,
      filingNumber: `41010599001-${p.tag}`,
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    const holdingId = (await registered.json()).id as number;

    const started = await startFor(p);
    expect(started.draft).toEqual([expect.objectContaining({ holdingId, protectionLevel: 3 })]);
    const listTask = await openTask(t, started.id, 'handover_transfer_list');
    expect((await complete(p.handingStaff, listTask.id, { items: started.draft })).status).toBe(200);
    const verify = await openTask(t, started.id, 'handover_verification');
    const listHash = (verify.payload as { listHash: string }).listHash;
    const before = await snapshot(started.id);
    const answer = (protectionLevel?: number) =>
      complete(p.receivingStaff, verify.id, {
        listHash,
        results: [{ item: 1, verdict: 'accepted', ...(protectionLevel ? { protectionLevel } : {}) }],
      });

    const undeclared = await answer();
    expect(undeclared.status).toBe(422);
    expect((await undeclared.json()).error.details.fields).toEqual([
      {
        field: 'results[item=1].protectionLevel',
        message: expect.stringContaining('《四川省健康医疗大数据应用管理办法（试行）》第三十一条'),
      },
    ]);
    const lower = await answer(2);
    expect(lower.status).toBe(422);
    const lowerBody = await lower.json();
    expect(lowerBody.error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('低于移交前'),
    });
    expect(lowerBody.error.details.fields).toEqual([
      {
        field: 'results[item=1].protectionLevel',
        message: expect.stringContaining('《四川省健康医疗大数据应用管理办法（试行）》第三十一条'),
      },
    ]);
    // Nothing was written: no verdict recorded, the task still open, the handover still verifying.
    expect(await snapshot(started.id)).toEqual(before);
    expect(before.rounds[0]!.results).toBeNull();

    expect((await answer(4)).status).toBe(200);
    for (const leader of [p.handingLeader, p.receivingLeader])
      expect(
        (await complete(leader, (await openTask(t, started.id, 'handover_signature')).id, { listHash })).status,
      ).toBe(200);
    expect(
      (await complete(p.official, (await openTask(t, started.id, 'handover_confirmation')).id, { remark: '同意' }))
        .status,
    ).toBe(200);
    await expect
      .poll(async () => (await t.database.db.select().from(handovers).where(eq(handovers.id, started.id)))[0]!.status, {
        timeout: 60_000,
      })
      .toBe('archived');
    // The receiving unit holds the system at the level it declared, never lower than before.
    const [moved] = await t.database.db.select().from(dataHoldings).where(eq(dataHoldings.id, holdingId));
    expect(moved).toMatchObject({
      unitId: p.receivingUnitId,
      protectionLevel: 4,
      filingNumber: `41010599001-${p.tag}`,
    });
    // The signed 移交清单 shows the level before the transfer, its filing number and the level declared after.
    const done = await (await p.official.get(`/handovers/${started.id}`)).json();
    const pdf = await p.official.get(`/documents/${done.documentId}`);
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer())).replace(/\s+/g, '');
    // (Columns interleave in the text layer, so each phrase is checked on its own.)
    for (const phrase of ['等级保护：第3级', '接收后第4级']) expect(text).toContain(phrase);
  });
});
