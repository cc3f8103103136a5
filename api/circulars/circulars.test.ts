// 通报 (issue 13) through the real API, worker, Temporal, PostgreSQL and Chromium: the leader's
// approval, one numbered PDF for every recipient, receipts and reads in the sender's table, the
// reminder and the deadline, a returned draft that never takes a number, who sees what, refusals
// that write nothing, and many answers at once.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  auditEvents,
  circularRecipients,
  circulars,
  documentNumberReservations,
  documents,
  evidenceFiles,
  restoreDrills,
  tasks,
  users,
} from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { requestAs } from '../../test/support/app.js';
import { createManyUnits, type ManyUnits } from '../../test/support/many-units.js';
import { pdfText } from '../../test/support/pdf.js';
import { recordHistory } from '../../test/support/histories.js';
import { circularWorkflow } from '../../workflows/circular.js';

describe('circulars (通报)', () => {
  let t: TestAppWithWorker;
  let area: ManyUnits;
  let crowd: ManyUnits;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
    // Under 金水区: four hospitals for the walk-through, twenty for the races.
    area = await createManyUnits(t.database.db, '郑州市金水区卫生健康委员会', '金水区通报片区', 4);
    crowd = await createManyUnits(t.database.db, '郑州市金水区卫生健康委员会', '金水区并发片区', 20);
  }, 60_000);
  afterAll(() => t?.close());

  const request = (token: string, method: string, path: string, body?: unknown, key?: string) =>
    requestAs(t.app, token, method, path, body, key);
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const circularBody = (overrides: Record<string, unknown> = {}) => ({
    kind: 'work',
    title: '关于2026年第四季度网络安全检查情况的通报',
    paragraphs: ['2026年第四季度，我委对辖区医疗卫生机构开展了网络安全检查。', '各单位要对照问题清单逐项整改。'],
    recipients: { unitIds: area.unitIds },
    ...overrides,
  });
  const tasksOf = (workflowId: string, type: string) =>
    t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workflowId, workflowId), eq(tasks.type, type)));
  const rowOf = async (id: string) => (await t.database.db.select().from(circulars).where(eq(circulars.id, id)))[0];
  const complete = (token: string, taskId: string, input: unknown) =>
    request(token, 'POST', `/tasks/${taskId}/complete`, { input });
  /** The id POST /circulars derives from an Idempotency-Key (api/idempotency.ts). */
  const idFor = async (username: string, key: string) => {
    const [user] = await t.database.db.select().from(users).where(eq(users.username, username));
    const hex = createHash('sha256').update(`${user!.id}\nPOST\n/circulars\n${key}`).digest('hex');
    return `circular-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
  /** The leader's approval task of round `round`, once it exists. */
  const approvalTask = async (id: string, round = 1) => {
    await expect
      .poll(async () => (await tasksOf(id, 'circular_approval')).filter((x) => x.taskKey === `approval-${round}`), {
        timeout: 20_000,
      })
      .toHaveLength(1);
    return (await tasksOf(id, 'circular_approval')).find((x) => x.taskKey === `approval-${round}`)!;
  };

  it('approved by the leader: one numbered PDF to the units, receipts and reads in the table, reminder, overdue', async () => {
    const official = await t.as('jinshui.official');
    const leader = await t.as('jinshui.leader');
    const [u1, u2, u3, u4] = area.unitIds as [number, number, number, number];
    const staff = (unit: number) => area.staffTokens.get(unit)!;

    const res = await request(
      official.token,
      'POST',
      '/circulars',
      circularBody({ receiptDueAt: inSeconds(40), remindBeforeSeconds: 20 }),
      `circular-walk-${crypto.randomUUID()}`,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const created = await res.json();
    expect(res.headers.get('location')).toBe(`/circulars/${created.id}`);
    expect(created).toMatchObject({ stage: 'awaiting_approval', number: null, recipientCount: 4 });
    // Not sent yet: the units see nothing, and the official may not approve it.
    expect((await request(staff(u1), 'GET', `/circulars/${created.id}`)).status).toBe(404);
    const approval = await approvalTask(created.id);
    expect(approval).toMatchObject({ assigneeRole: 'commission_leader' });
    expect((await complete(official.token, approval.id, { decision: 'approve' })).status).toBe(403);
    const approved = await complete(leader.token, approval.id, { decision: 'approve', comment: '同意印发' });
    expect(approved.status, await approved.clone().text()).toBe(200);

    await expect.poll(async () => (await tasksOf(created.id, 'circular_receipt')).length, { timeout: 30_000 }).toBe(4);
    const receipts = await tasksOf(created.id, 'circular_receipt');
    expect(receipts.map((r) => r.assigneeUnitId).sort((a, b) => a - b)).toEqual([u1, u2, u3, u4]);
    const row = (await rowOf(created.id))!;
    expect(row).toMatchObject({ stage: 'distributed', approvedByUserId: expect.any(Number) });
    expect(row.number).toMatch(/^金卫通〔\d{4}〕\d+号$/);
    // One document for all: its text shows the number, the title (with the kind) and the 主送 units.
    const docs = await t.database.db.select().from(documents).where(eq(documents.workflowId, created.id));
    expect(docs).toHaveLength(1);
    const text = pdfText(docs[0]!.pdf).replace(/\s+/g, '');
    expect(text).toContain(row.number!);
    expect(text).toContain('关于2026年第四季度网络安全检查情况的通报（工作通报）');
    for (const i of [1, 2, 3, 4]) expect(text).toContain(`金水区通报片区第${i}医院`);

    // u4 reads the PDF; u1–u3 sign (a bad receipt is a 422 naming the field; a second one, 409).
    expect((await request(staff(u4), 'GET', `/documents/${docs[0]!.id}`)).status).toBe(200);
    const receiptOf = (unit: number) => receipts.find((r) => r.assigneeUnitId === unit)!;
    const bad = await complete(staff(u1), receiptOf(u1).id, { receiverName: '' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.fields[0].field).toBe('receiverName');
    for (const unit of [u1, u2, u3]) {
      const signed = await complete(staff(unit), receiptOf(unit).id, { receiverName: `签收人${unit}` });
      expect(signed.status, await signed.clone().text()).toBe(200);
    }
    expect((await complete(staff(u1), receiptOf(u1).id, { receiverName: '再签一次' })).status).toBe(409);
    // u1 opens the circular: its own row only.
    const own = await (await request(staff(u1), 'GET', `/circulars/${created.id}`)).json();
    expect(own.receipts).toEqual([expect.objectContaining({ unitId: u1, state: 'received' })]);

    // u4 is reminded automatically before the deadline, then by hand (audited with who asked).
    await expect
      .poll(
        async () =>
          (
            await t.database.db
              .select()
              .from(tasks)
              .where(eq(tasks.id, receiptOf(u4).id))
          )[0]!.lastRemindedAt,
        {
          timeout: 40_000,
        },
      )
      .not.toBeNull();
    const reminded = await request(official.token, 'POST', `/circulars/${created.id}/reminders`);
    expect(reminded.status, await reminded.clone().text()).toBe(200);
    expect(await reminded.json()).toEqual({ reminded: 1 });
    expect((await request(staff(u1), 'POST', `/circulars/${created.id}/reminders`)).status).toBe(403);
    const byHand = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, created.id), eq(auditEvents.action, 'remind')));
    expect(byHand.some((e) => e.actorUsername === 'jinshui.official')).toBe(true);

    // At the deadline: u4 overdue, one escalation task for the sender.
    await expect
      .poll(async () => (await tasksOf(created.id, 'circular_escalation')).length, { timeout: 40_000 })
      .toBe(1);
    const [escalation] = await tasksOf(created.id, 'circular_escalation');
    expect(escalation!.title).toContain('1 个单位未签收');
    const detail = await (await official.get(`/circulars/${created.id}`)).json();
    expect(detail).toMatchObject({
      stage: 'distributed',
      number: row.number,
      counts: { recipients: 4, received: 3, read: 2, replied: 0, overdue: 1, reminded: 1 },
    });
    expect(detail.receipts.find((r: { unitId: number }) => r.unitId === u4)).toMatchObject({
      state: 'overdue',
      overdue: true,
      readBy: expect.stringContaining('压测员'),
      remindedAt: expect.any(String),
    });
    expect(detail.receipts.find((r: { unitId: number }) => r.unitId === u2)).toMatchObject({
      state: 'received',
      receivedBy: expect.stringContaining(`签收人${u2}`),
    });
    const sent = await (await official.get('/circulars?box=sent')).json();
    expect(sent.items.map((c: { id: string }) => c.id)).toContain(created.id);
    const inbox = await (await request(staff(u2), 'GET', '/circulars?box=received')).json();
    expect(inbox).toMatchObject({ total: 1, page: 1 });

    // The sender acknowledges the escalation: the circular closes, u4's task is withdrawn.
    const noted = await complete(official.token, escalation!.id, { note: '已电话督促第4医院' });
    expect(noted.status, await noted.clone().text()).toBe(200);
    expect(await t.temporal.workflow.getHandle(created.id).result()).toMatchObject({
      outcome: 'escalation_noted',
      number: row.number,
      recipients: 4,
      received: 3,
    });
    expect((await rowOf(created.id))!.stage).toBe('closed');
    expect(
      (
        await t.database.db
          .select()
          .from(tasks)
          .where(eq(tasks.id, receiptOf(u4).id))
      )[0]!.status,
    ).toBe('cancelled');
    await recordHistory(t.temporal, created.id, 'circular-distributed');
  }, 150_000);

  it('a returned draft takes no number; resubmitted and approved, it does, and replies are collected', async () => {
    const official = await t.as('jinshui.official');
    const leader = await t.as('jinshui.leader');
    const before = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(documentNumberReservations)
      .where(like(documentNumberReservations.number, '金卫通%'));

    // Returned, then withdrawn: no document, no number, the comment kept.
    const first = await (await official.post('/circulars', circularBody({ kind: 'commendation' }))).json();
    const noComment = await complete(leader.token, (await approvalTask(first.id)).id, { decision: 'return' });
    expect(noComment.status).toBe(422);
    expect((await noComment.json()).error.details.fields[0].field).toBe('comment');
    const returned = await complete(leader.token, (await approvalTask(first.id)).id, {
      decision: 'return',
      comment: '请补充受表扬单位的具体做法',
    });
    expect(returned.status, await returned.clone().text()).toBe(200);
    expect(await rowOf(first.id)).toMatchObject({ stage: 'returned', returnComment: '请补充受表扬单位的具体做法' });
    await expect.poll(async () => (await tasksOf(first.id, 'circular_revision')).length, { timeout: 20_000 }).toBe(1);
    const [revision] = await tasksOf(first.id, 'circular_revision');
    expect(revision!.assigneeUserId).toBe((await (await official.get('/auth/me')).json()).id);
    expect((await complete(official.token, revision!.id, { action: 'withdraw', comment: '暂不印发' })).status).toBe(
      200,
    );
    expect(await t.temporal.workflow.getHandle(first.id).result()).toMatchObject({ outcome: 'withdrawn' });
    expect(await rowOf(first.id)).toMatchObject({ stage: 'withdrawn', number: null, documentId: null });
    expect(await t.database.db.select().from(documents).where(eq(documents.workflowId, first.id))).toEqual([]);
    const after = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(documentNumberReservations)
      .where(like(documentNumberReservations.number, '金卫通%'));
    expect(after[0]!.n).toBe(before[0]!.n);

    // Returned, revised and resubmitted, approved in round 2: numbered with the revised title; a reply is asked.
    const [u1] = area.unitIds as [number];
    const second = await (
      await official.post('/circulars', circularBody({ recipients: { unitIds: [u1] }, replyRequired: true }))
    ).json();
    await complete(leader.token, (await approvalTask(second.id)).id, { decision: 'return', comment: '标题过长' });
    await expect.poll(async () => (await tasksOf(second.id, 'circular_revision')).length, { timeout: 20_000 }).toBe(1);
    const [rev] = await tasksOf(second.id, 'circular_revision');
    const resubmitted = await complete(official.token, rev!.id, {
      action: 'resubmit',
      title: '关于第四季度检查的通报',
    });
    expect(resubmitted.status, await resubmitted.clone().text()).toBe(200);
    expect((await complete(leader.token, (await approvalTask(second.id, 2)).id, { decision: 'approve' })).status).toBe(
      200,
    );
    await expect.poll(async () => (await tasksOf(second.id, 'circular_receipt')).length, { timeout: 30_000 }).toBe(1);
    const row = (await rowOf(second.id))!;
    expect(row).toMatchObject({ round: 2, title: '关于第四季度检查的通报' });
    expect(row.number).toMatch(/^金卫通〔\d{4}〕\d+号$/);
    const staff = area.staffTokens.get(u1)!;
    const [receipt] = await tasksOf(second.id, 'circular_receipt');
    expect((await complete(staff, receipt!.id, { receiverName: '回复人' })).status).toBe(200);
    await expect.poll(async () => (await tasksOf(second.id, 'circular_reply')).length, { timeout: 20_000 }).toBe(1);
    const [reply] = await tasksOf(second.id, 'circular_reply');
    expect((await complete(staff, reply!.id, { content: '已逐项整改完毕。' })).status).toBe(200);
    expect(await t.temporal.workflow.getHandle(second.id).result()).toMatchObject({ outcome: 'completed', replied: 1 });
    const detail = await (await official.get(`/circulars/${second.id}`)).json();
    expect(detail.receipts).toEqual([
      expect.objectContaining({
        unitId: u1,
        state: 'replied',
        reply: '已逐项整改完毕。',
        repliedBy: expect.any(String),
      }),
    ]);
  }, 120_000);

  it('refuses unit staff (403) and bad or out-of-jurisdiction input (422 naming the field), writing nothing', async () => {
    const official = await t.as('jinshui.official');
    const staff = await t.as('jshosp.staff');
    const luoyangHospital = await t.unitId('洛阳市中心医院');
    const attempts: { who: string; token: string; body: unknown; status: number; field?: string }[] = [
      { who: 'jshosp.staff', token: staff.token, body: circularBody(), status: 403 },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ kind: 'notice' }),
        status: 422,
        field: 'kind',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ recipients: { unitIds: [area.unitIds[0], luoyangHospital] } }),
        status: 422,
        field: 'recipients.unitIds.1',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ recipients: { subtreeOf: await t.unitId('洛阳市卫生健康委员会') } }),
        status: 422,
        field: 'recipients.subtreeOf',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ recipients: { unitKind: 'hospital', unitIds: [area.unitIds[0]] } }),
        status: 422,
        field: 'recipients',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ replyWorkingDays: 3 }),
        status: 422,
        field: 'replyRequired',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ attachmentIds: [crypto.randomUUID()] }),
        status: 422,
        field: 'attachmentIds.0',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: circularBody({ paragraphs: [] }),
        status: 422,
        field: 'paragraphs',
      },
    ];
    const [{ n: before }] = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(circulars)) as [
      { n: number },
    ];
    for (const [i, a] of attempts.entries()) {
      const key = `circular-bad-${i}-${crypto.randomUUID()}`;
      const res = await request(a.token, 'POST', '/circulars', a.body, key);
      const answer = await res.json();
      expect(res.status, `${i} ${JSON.stringify(answer)}`).toBe(a.status);
      if (a.field)
        expect(
          answer.error.details.fields.map((f: { field: string }) => f.field),
          `${i}`,
        ).toContain(a.field);
      await expect(t.temporal.workflow.getHandle(await idFor(a.who, key)).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
    }
    const [{ n: after }] = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(circulars)) as [
      { n: number },
    ];
    expect(after).toBe(before);
    // Unit staff have no sent box.
    expect((await staff.get('/circulars?box=sent')).status).toBe(403);
  });

  it('a unit or another county cannot read a circular not sent to it (404, audited as denied)', async () => {
    const official = await t.as('jinshui.official');
    const leader = await t.as('jinshui.leader');
    const res = await official.post('/circulars', circularBody({ recipients: { unitIds: [area.unitIds[0]] } }));
    const { id } = await res.json();
    await complete(leader.token, (await approvalTask(id)).id, { decision: 'approve' });
    await expect.poll(async () => (await rowOf(id))!.stage, { timeout: 30_000 }).toBe('distributed');
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.workflowId, id));
    for (const [who, token] of [
      ['area unit 2', area.staffTokens.get(area.unitIds[1]!)!],
      ['ly.official', (await t.as('ly.official')).token],
      ['jshosp.staff', (await t.as('jshosp.staff')).token],
    ] as const) {
      expect((await request(token, 'GET', `/circulars/${id}`)).status, who).toBe(404);
      expect((await request(token, 'GET', `/documents/${doc!.id}`)).status, who).toBe(404);
      expect((await request(token, 'POST', `/circulars/${id}/reminders`)).status, who).toBe(404);
      const received = await (await request(token, 'GET', '/circulars?box=received')).json();
      expect(
        received.items.map((c: { id: string }) => c.id),
        who,
      ).not.toContain(id);
    }
    const denied = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, id), eq(auditEvents.outcome, 'denied')));
    expect(denied[0]!.n).toBeGreaterThanOrEqual(6);
    // Nobody read it yet: 404s leave the table untouched.
    expect(
      (await t.database.db.select().from(circularRecipients).where(eq(circularRecipients.circularId, id)))[0]!.readAt,
    ).toBeNull();
    await t.temporal.workflow.getHandle(id).terminate('测试结束');
  }, 60_000);

  it('20 concurrent POSTs with one key make one circular; 20 units signing at once are all recorded once', async () => {
    const official = await t.as('jinshui.official');
    const leader = await t.as('jinshui.leader');
    const key = `circular-race-${crypto.randomUUID()}`;
    const body = circularBody({ kind: 'situation', recipients: { subtreeOf: crowd.rootId } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => request(official.token, 'POST', '/circulars', body, key)),
    );
    const statuses = answers.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).toBe(true);
    const ids = new Set(
      await Promise.all(answers.filter((r) => r.status === 201).map(async (r) => (await r.json()).id as string)),
    );
    expect([...ids]).toEqual([await idFor('jinshui.official', key)]);
    const [id] = [...ids] as [string];
    expect(await rowOf(id)).toMatchObject({ recipientCount: 20, recipientText: '金水区并发片区所属各医疗卫生机构' });
    await complete(leader.token, (await approvalTask(id)).id, { decision: 'approve' });
    await expect.poll(async () => (await tasksOf(id, 'circular_receipt')).length, { timeout: 30_000 }).toBe(20);
    const receipts = await tasksOf(id, 'circular_receipt');
    // Each unit signs twice at the same moment: 20 accepted, 20 refused as already signed.
    const signed = await Promise.all(
      receipts.flatMap((r) =>
        [1, 2].map(() => complete(crowd.staffTokens.get(r.assigneeUnitId)!, r.id, { receiverName: '并发签收' })),
      ),
    );
    const counts = signed.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 200: 20, 409: 20 });
    expect(await t.temporal.workflow.getHandle(id).result()).toMatchObject({ outcome: 'completed', received: 20 });
    const detail = await (await official.get(`/circulars/${id}`)).json();
    expect(detail.counts).toMatchObject({ recipients: 20, received: 20, overdue: 0 });
    const receiveAudits = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, id), eq(auditEvents.action, 'receive')));
    expect(receiveAudits[0]!.n).toBe(20);
    expect(await t.database.db.select().from(documents).where(eq(documents.workflowId, id))).toHaveLength(1);
  }, 90_000);
  it('started by another process, approved already and with no row written by the API: it writes its own and issues', async () => {
    const [official] = await t.database.db.select().from(users).where(eq(users.username, 'jinshui.official'));
    const [leader] = await t.database.db.select().from(users).where(eq(users.username, 'jinshui.leader'));
    const actor = (u: typeof official) => ({
      userId: u!.id,
      username: u!.username,
      realName: u!.realName,
      unitId: u!.unitId,
      roles: u!.roles,
    });
    const id = `circular-${crypto.randomUUID()}`;
    const [u1, u2] = area.unitIds as [number, number];
    const handle = await t.temporal.workflow.start(circularWorkflow, {
      workflowId: id,
      taskQueue: t.worker.taskQueue,
      args: [
        {
          issuingUnitId: official!.unitId,
          kind: 'criticism',
          title: '关于金水区通报片区第1医院数据泄露问题的通报批评',
          paragraphs: ['经查，该院未按要求落实数据安全管理制度。'],
          recipientUnitIds: [u1, u2],
          replyRequired: false,
          drafter: actor(official),
          preApproved: { by: actor(leader), at: new Date().toISOString(), basis: '问责决定' },
          source: { type: 'accountability_case', id: '9001' },
        },
      ],
    });
    await expect.poll(async () => (await tasksOf(id, 'circular_receipt')).length, { timeout: 30_000 }).toBe(2);
    expect(await tasksOf(id, 'circular_approval')).toEqual([]);
    const row = (await rowOf(id))!;
    expect(row).toMatchObject({
      stage: 'distributed',
      kind: 'criticism',
      sourceType: 'accountability_case',
      sourceId: '9001',
      approvedByUserId: leader!.id,
      recipientCount: 2,
    });
    expect(row.number).toMatch(/^金卫通〔\d{4}〕\d+号$/);
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.workflowId, id));
    expect(pdfText(doc!.pdf).replace(/\s+/g, '')).toContain('通报批评');
    // The sender reads it as any other: both units pending.
    const detail = await (await (await t.as('jinshui.official')).get(`/circulars/${id}`)).json();
    expect(detail.counts).toMatchObject({ recipients: 2, received: 0 });
    await handle.terminate('测试结束');
  }, 60_000);

  it("a circular's 附件 is readable by the units it was sent to once distributed, and by no other unit", async () => {
    const official = await t.as('jinshui.official');
    const leader = await t.as('jinshui.leader');
    const [u1] = area.unitIds as [number];
    // The 附件: another hospital's restore-drill record, which the recipient could not read otherwise.
    const hospital = await t.unitId('金水区总医院');
    const [drill] = await t.database.db
      .insert(restoreDrills)
      .values({
        unitId: hospital,
        drilledOn: '2026-11-20',
        restored: '门诊数据库',
        durationMinutes: 45,
        result: 'succeeded',
        evidence: '恢复演练记录',
      })
      .returning();
    const bytes = Buffer.from('%PDF-1.4 检查问题清单');
    const [file] = await t.database.db
      .insert(evidenceFiles)
      .values({
        restoreDrillId: drill!.id,
        unitId: hospital,
        filename: '检查问题清单.pdf',
        contentType: 'application/pdf',
        sizeBytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        data: bytes,
      })
      .returning();
    const res = await request(
      official.token,
      'POST',
      '/circulars',
      circularBody({ recipients: { unitIds: [u1] }, attachmentIds: [file!.id] }),
      `circular-attachment-${crypto.randomUUID()}`,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await res.json();
    const recipient = area.staffTokens.get(u1)!;
    // Not sent yet: the unit cannot open the attachment any more than the circular.
    expect((await request(recipient, 'GET', `/evidence/${file!.id}`)).status).toBe(404);
    const approval = await approvalTask(id);
    expect((await complete(leader.token, approval.id, { decision: 'approve' })).status).toBe(200);
    await expect.poll(async () => (await tasksOf(id, 'circular_receipt')).length, { timeout: 30_000 }).toBe(1);
    const download = await request(recipient, 'GET', `/evidence/${file!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-sha256')).toBe(file!.sha256);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    // A unit the circular was not sent to (another hospital of the district, another city) still gets 404.
    for (const outsider of ['jscdc.staff', 'lyhosp.staff'])
      expect((await (await t.as(outsider)).get(`/evidence/${file!.id}`)).status, outsider).toBe(404);
  });
});
