// The human-task mechanism end to end: a real worker runs noticeReceiptWorkflow (started as notices
// were before they became circulars: test/support/notice-receipt.ts) against the dev server; the
// inbox API lists, claims and completes its task through the workflow's Update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, tasks } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { recordHistory } from '../../test/support/histories.js';
import { startNoticeReceipt } from '../../test/support/notice-receipt.js';

describe('human tasks', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  async function sendNotice(dueInMs: number, remindBeforeSeconds = 0) {
    const official = await t.as('jinshui.official');
    const { id } = await startNoticeReceipt(t, {
      recipientUnitId: await t.unitId('金水区总医院'),
      title: '关于开展数据备份恢复演练的通知',
      paragraphs: ['请按000 第十五条要求开展备份恢复演练。'],
      dueAt: new Date(Date.now() + dueInMs).toISOString(),
      remindBeforeSeconds,
    });
    await expect
      .poll(async () => (await t.database.db.select().from(tasks).where(eq(tasks.workflowId, id))).length, {
        timeout: 30_000,
      })
      .toBe(1);
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.workflowId, id));
    return { id, task: task!, official };
  }

  it('lists the task for the unit, soonest due first; claim, complete, and the process finishes', async () => {
    const later = await sendNotice(3 * 86_400_000);
    const sooner = await sendNotice(86_400_000);
    const staff = await t.as('jshosp.staff');
    const inbox = await (await staff.get('/tasks?type=notice_receipt')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toEqual([sooner.task.id, later.task.id]);
    expect(inbox.items[0].title).toMatch(/^签收：关于开展数据备份恢复演练的通知（金卫通〔\d{4}〕\d+号）$/);

    expect((await staff.post(`/tasks/${sooner.task.id}/claim`)).status).toBe(200);
    const leader = await t.as('jshosp.leader');
    // The leader sees the hospital's task but it is addressed to unit_staff: 403, not 404.
    const wrongRole = await leader.post(`/tasks/${sooner.task.id}/claim`);
    expect(wrongRole.status).toBe(403);
    expect((await wrongRole.json()).error.code).toBe('forbidden');
    expect((await (await staff.get('/tasks?scope=mine')).json()).items.map((i: { id: string }) => i.id)).toEqual([
      sooner.task.id,
    ]);

    const done = await staff.post(`/tasks/${sooner.task.id}/complete`, {
      input: { receiverName: '郑小兰', remark: '已收悉' },
    });
    expect(done.status).toBe(200);
    const body = await done.json();
    expect(body.result.receivedBy).toBe('郑小兰（郑小兰）');
    expect(body.task.status).toBe('completed');
    const status = await (await sooner.official.get(`/notices/${sooner.id}`)).json();
    await recordHistory(t.temporal, sooner.id, 'notice-received');
    expect(status).toMatchObject({ stage: 'received', result: { receivedBy: '郑小兰（郑小兰）' } });

    // Completing twice: 409, nothing changes.
    const again = await staff.post(`/tasks/${sooner.task.id}/complete`, { input: { receiverName: '郑小兰' } });
    expect(again.status).toBe(409);

    // The task's trail, as an auditor reads it: created by the process, claimed by 郑小兰, the
    // leader's refused claim, 郑小兰's receipt, the refused second completion — each from the
    // client's address.
    const trail = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'task'), eq(auditEvents.objectId, sooner.task.id)))
      .orderBy(auditEvents.seq);
    expect(
      trail.map((r) => [r.action, r.actorName, r.outcome, (r.detail as { code?: string } | null)?.code ?? null]),
    ).toEqual([
      ['create', null, 'success', null],
      ['claim', '郑小兰', 'success', null],
      ['claim', '冯志强', 'denied', 'forbidden'],
      ['complete', '郑小兰', 'success', null],
      ['complete', '郑小兰', 'denied', 'conflict'],
    ]);
    expect(trail.slice(1).every((r) => r.sourceIp === '10.0.0.7')).toBe(true);
  });

  it('invalid input is a 422 with field errors from the validator; the task stays open and history untouched', async () => {
    const { id, task } = await sendNotice(86_400_000);
    const handle = t.temporal.workflow.getHandle(id);
    const staff = await t.as('jshosp.staff');
    const res = await staff.post(`/tasks/${task.id}/complete`, { input: { receiverName: 'x' } });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.details.fields).toEqual([{ field: 'receiverName', message: expect.stringMatching(/真实姓名/) }]);
    // The refused answer is on the trail as denied, with the validator's reason.
    const [denied] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, task.id), eq(auditEvents.outcome, 'denied')));
    expect(denied).toMatchObject({
      action: 'complete',
      objectType: 'task',
      actorUsername: 'jshosp.staff',
      sourceIp: '10.0.0.7',
      detail: { code: 'validation_failed', reason: expect.stringMatching(/真实姓名/) },
    });
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row!.status).toBe('open');
    // A refused update leaves no trace in history (the validator ran before acceptance)…
    const events = (await handle.fetchHistory()).events!;
    expect(
      events.some(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes,
      ),
    ).toBe(false);
    // …and the process still takes a valid answer afterwards.
    const ok = await staff.post(`/tasks/${task.id}/complete`, { input: { receiverName: '郑小兰' } });
    expect(ok.status).toBe(200);
    expect(await handle.result()).toMatchObject({ receivedBy: '郑小兰（郑小兰）' });
  });

  it('a notice is readable by its issuer and recipient only; bad or unauthorised starts write nothing', async () => {
    const { id } = await sendNotice(86_400_000);
    expect((await (await t.as('jshosp.staff')).get(`/notices/${id}`)).status).toBe(200);
    expect((await (await t.as('jscdc.staff')).get(`/notices/${id}`)).status).toBe(404);
    expect((await (await t.as('ly.official')).get(`/notices/${id}`)).status).toBe(404);
    const before = await t.database.db.$count(tasks);
    const staff = await t.as('jshosp.staff');
    expect(
      (
        await staff.post('/notices', {
          recipientUnitId: await t.unitId('金水区疾病预防控制中心'),
          title: '越权通知',
          paragraphs: ['x'],
        })
      ).status,
    ).toBe(404);
    const official = await t.as('jinshui.official');
    const bad = await official.post('/notices', {
      recipientUnitId: await t.unitId('金水区总医院'),
      title: '',
      paragraphs: [],
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'title',
      'paragraphs',
    ]);
    expect(
      (
        await official.post('/notices', {
          recipientUnitId: await t.unitId('洛阳市中心医院'),
          title: '越界通知',
          paragraphs: ['x'],
        })
      ).status,
    ).toBe(404);
    expect(await t.database.db.$count(tasks)).toBe(before);
  });

  it("a task a colleague holds is a 409 task_claimed naming the holder, on claim and on complete; the claim stays the holder's", async () => {
    const { task } = await sendNotice(2 * 86_400_000);
    const admin = await t.as('admin');
    const created = await admin.post('/users', {
      username: 'jshosp.staff2',
      realName: '韩雪',
      unitId: await t.unitId('金水区总医院'),
      roles: ['unit_staff'],
      password: '窗外的梧桐树又长高了一截',
    });
    expect(created.status).toBe(201);
    const holder = await t.as('jshosp.staff');
    const colleague = await t.as('jshosp.staff2', '窗外的梧桐树又长高了一截');
    expect((await holder.post(`/tasks/${task.id}/claim`)).status).toBe(200);
    for (const attempt of [
      () => colleague.post(`/tasks/${task.id}/claim`),
      () => colleague.post(`/tasks/${task.id}/complete`, { input: { receiverName: '韩雪' } }),
    ]) {
      const res = await attempt();
      expect(res.status).toBe(409);
      const { error } = await res.json();
      expect(error.code).toBe('task_claimed');
      expect(error.message).toContain('郑小兰（jshosp.staff）');
      expect(error.details.claimedBy).toMatchObject({ username: 'jshosp.staff', realName: '郑小兰' });
    }
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row).toMatchObject({ status: 'open', claimedByUserId: expect.any(Number) });
    expect(row!.claimedByUserId).toBe((await holder.get('/auth/me').then((r) => r.json())).id);
  });

  it('a user outside the jurisdiction gets 404 on read, claim and complete; a supervisor who sees it gets 403; nothing is written', async () => {
    const { task } = await sendNotice(86_400_000);
    const other = await t.as('jscdc.staff'); // sibling institution
    const ly = await t.as('lyhosp.staff');
    for (const caller of [other, ly]) {
      expect((await caller.get(`/tasks/${task.id}`)).status).toBe(404);
      expect((await caller.post(`/tasks/${task.id}/claim`)).status).toBe(404);
      expect((await caller.post(`/tasks/${task.id}/complete`, { input: { receiverName: '陈静' } })).status).toBe(404);
    }
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row).toMatchObject({ status: 'open', claimedByUserId: null });
    // The supervising official can read it, but it is not theirs to claim or complete: 403.
    const official = await t.as('jinshui.official');
    expect((await official.get(`/tasks/${task.id}`)).status).toBe(200);
    expect((await official.post(`/tasks/${task.id}/claim`)).status).toBe(403);
    expect((await official.post(`/tasks/${task.id}/complete`, { input: { receiverName: '吴清' } })).status).toBe(403);
    const [after] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(after).toMatchObject({ status: 'open', claimedByUserId: null });
  });

  it('reminds before the deadline, marks the task overdue and escalates to the issuing official', async () => {
    const { id, task } = await sendNotice(12_000, 5); // reminder 5 s before a 12 s deadline
    await expect
      .poll(async () => (await t.database.db.select().from(tasks).where(eq(tasks.id, task.id)))[0]!.lastRemindedAt, {
        timeout: 20_000,
      })
      .not.toBeNull();
    await expect
      .poll(async () => (await t.database.db.select().from(tasks).where(eq(tasks.id, task.id)))[0]!.overdue, {
        timeout: 20_000,
      })
      .toBe(true);
    const official = await t.as('jinshui.official');
    await expect
      .poll(
        async () =>
          (await (await official.get('/tasks?type=escalation')).json()).items.filter(
            (i: { workflowId: string }) => i.workflowId === id,
          ).length,
        { timeout: 20_000 },
      )
      .toBe(1);
    const staff = await t.as('jshosp.staff');
    const overdue = await (await staff.get('/tasks?overdue=true')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(task.id);
    // Receipt after the deadline still completes the process and settles the escalation.
    expect((await staff.post(`/tasks/${task.id}/complete`, { input: { receiverName: '郑小兰' } })).status).toBe(200);
    await expect
      .poll(
        async () =>
          (await (await official.get('/tasks?type=escalation')).json()).items.filter(
            (i: { workflowId: string }) => i.workflowId === id,
          ).length,
        { timeout: 20_000 },
      )
      .toBe(0);
  });
});
