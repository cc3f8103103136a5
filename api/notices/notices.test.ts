// Notices (签收) read from their circular's rows (a notice is the one-recipient circular); started once per Idempotency-Key; a failed start leaves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  auditEvents,
  circularRecipients,
  circulars,
  deadlinePolicies,
  documents,
  tasks,
  users,
} from '../../db/schema.js';
import { createApp } from '../app.js';
import { createLogger } from '../../config/logger.js';
import { createTestAppWithWorker, newTaskQueue, type TestAppWithWorker } from '../../test/support/worker.js';

describe('notices (公文签收)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
  const body = async (title: string) => ({
    recipientUnitId: await t.unitId('金水区总医院'),
    title,
    paragraphs: ['请按000 第十五条要求开展备份恢复演练。'],
    dueAt: inADay(),
    remindBeforeSeconds: 0,
  });
  const post = (app: { request: TestAppWithWorker['app']['request'] }, token: string, payload: unknown, key?: string) =>
    app.request('/notices', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-forwarded-for': '10.0.0.7',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(payload),
    });
  /** The same app with its deps swapped: another task queue, or a Temporal client that cannot start anything. */
  const appWith = (deps: Partial<Parameters<typeof createApp>[0]>) =>
    createApp({
      db: t.database.db,
      sql: t.database.sql,
      temporal: t.temporal,
      renderer: t.renderer,
      logger: createLogger('silent'),
      env: t.env,
      ...deps,
    });

  it('answers GET /notices/{id} from its table with no worker running, and for a workflow Temporal no longer has', async () => {
    const official = await t.as('jinshui.official');
    // Started on a task queue no worker polls: the process has not run a single step.
    const idle = appWith({ env: { ...t.env, TEMPORAL_TASK_QUEUE: newTaskQueue() } });
    const started = await post(idle, official.token, await body('关于无人处理队列的通知'));
    expect(started.status, await started.clone().text()).toBe(201);
    const { id: waiting } = await started.json();
    const unread = await official.get(`/notices/${waiting}`);
    expect(unread.status, await unread.clone().text()).toBe(200);
    expect(await unread.json()).toMatchObject({
      id: waiting,
      stage: 'issuing',
      title: '关于无人处理队列的通知',
      recipientUnitId: await t.unitId('金水区总医院'),
      documentId: null,
      overdue: false,
    });
    await t.temporal.workflow.getHandle(waiting).terminate('测试结束');

    // Received, then deleted from Temporal (as retention does): the page still tells the whole story.
    const res = await official.post('/notices', await body('关于开展数据备份恢复演练的通知'));
    // Created like every resource: 201, the notice itself, and where to read it again.
    expect(res.status).toBe(201);
    const issued = await res.json();
    const { id } = issued;
    expect(res.headers.get('location')).toBe(`/notices/${id}`);
    expect(issued).toMatchObject({
      id,
      title: '关于开展数据备份恢复演练的通知',
      recipientUnitId: await t.unitId('金水区总医院'),
    });
    let task: typeof tasks.$inferSelect | undefined;
    await expect
      .poll(async () => ([task] = await t.database.db.select().from(tasks).where(eq(tasks.workflowId, id))).length, {
        timeout: 30_000,
      })
      .toBe(1);
    const staff = await t.as('jshosp.staff');
    expect((await staff.post(`/tasks/${task!.id}/complete`, { input: { receiverName: '郑小兰' } })).status).toBe(200);
    // Received the moment the unit signs, before the process has closed its circular.
    expect(await (await staff.get(`/notices/${id}`)).json()).toMatchObject({ stage: 'received' });
    await t.temporal.workflow.getHandle(id).result();
    const received = await (await staff.get(`/notices/${id}`)).json();
    expect(received).toMatchObject({
      stage: 'received',
      number: expect.stringMatching(/^金卫通〔\d{4}〕\d+号$/),
      result: { receivedBy: '郑小兰（郑小兰）' },
    });
    expect(await (await official.get(`/notices/${id}`)).json()).toEqual(received);

    // A notice whose workflow Temporal no longer has (past retention): its rows are all the page needs.
    const purged = `notice-${crypto.randomUUID()}`;
    const db = t.database.db;
    await db
      .insert(circulars)
      .values({ ...(await db.select().from(circulars).where(eq(circulars.id, id)))[0]!, id: purged });
    await db.insert(circularRecipients).values({
      ...(await db.select().from(circularRecipients).where(eq(circularRecipients.circularId, id)))[0]!,
      circularId: purged,
    });
    await expect(t.temporal.workflow.getHandle(purged).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const after = await official.get(`/notices/${purged}`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ ...received, id: purged });

    // The list: issuer and recipient see it, a sibling unit and another city do not.
    expect(
      (await (await official.get('/notices?stage=received')).json()).items.map((n: { id: string }) => n.id),
    ).toContain(id);
    expect((await (await staff.get('/notices')).json()).items.map((n: { id: string }) => n.id)).toContain(id);
    for (const outsider of ['jscdc.staff', 'ly.official']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/notices/${id}`)).status, outsider).toBe(404);
      expect(await (await caller.get('/notices')).json(), outsider).toMatchObject({ items: [], total: 0 });
    }
  });

  it('the same Idempotency-Key issues one notice: same id, one workflow, one document number', async () => {
    const official = await t.as('jinshui.official');
    const payload = await body('关于重复提交的通知');
    const key = `notice-${crypto.randomUUID()}`;
    const first = await post(t.app, official.token, payload, key);
    expect(first.status, await first.clone().text()).toBe(201);
    const { id } = await first.json();
    await expect
      .poll(async () => (await (await official.get(`/notices/${id}`)).json()).stage, { timeout: 30_000 })
      .toBe('awaiting_receipt');
    const again = await post(t.app, official.token, payload, key);
    expect(again.status).toBe(201);
    expect((await again.json()).id).toBe(id);
    // A different key is a different notice: the key, not the content, identifies the request.
    const other = await post(t.app, official.token, payload, `notice-${crypto.randomUUID()}`);
    expect((await other.json()).id).not.toBe(id);

    // Two at once with one key (a client retrying before the first answer came): still one notice.
    const raceKey = `notice-${crypto.randomUUID()}`;
    // The second is told the first is still running (409) and, retried, gets the first's answer.
    const raced = await Promise.all([
      post(t.app, official.token, payload, raceKey),
      post(t.app, official.token, payload, raceKey),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    const busy = raced.find((r) => r.status === 409)!;
    expect((await busy.json()).error.code).toBe('idempotency_in_progress');
    const a = (await raced.find((r) => r.status === 201)!.json()).id as string;
    const b = (await (await post(t.app, official.token, payload, raceKey)).json()).id as string;
    expect(a).toBe(b);
    await expect
      .poll(async () => (await (await official.get(`/notices/${a}`)).json()).stage, { timeout: 30_000 })
      .toBe('awaiting_receipt');
    expect(await t.database.db.$count(documents, eq(documents.workflowId, a!))).toBe(1);

    expect((await t.temporal.workflow.count(`WorkflowId = "${id}"`)).count).toBe(1);
    expect(await t.database.db.$count(circulars, eq(circulars.id, id))).toBe(1);
    expect(await t.database.db.$count(documents, eq(documents.workflowId, id))).toBe(1);
    expect(await t.database.db.$count(tasks, eq(tasks.workflowId, id))).toBe(1);
    expect(
      await t.database.db.$count(auditEvents, and(eq(auditEvents.objectId, id), eq(auditEvents.action, 'create'))),
    ).toBe(1);
  });

  it('a due date in the past is a 422 on dueAt, and no notice, document or workflow is written', async () => {
    const official = await t.as('jinshui.official');
    const before = { notices: await t.database.db.$count(circulars), documents: await t.database.db.$count(documents) };
    const past = { ...(await body('关于期限已过的通知')), dueAt: new Date(Date.now() - 60_000).toISOString() };
    const res = await post(t.app, official.token, past);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.details.fields).toEqual([{ field: 'dueAt', message: '须晚于当前时间' }]);
    expect({
      notices: await t.database.db.$count(circulars),
      documents: await t.database.db.$count(documents),
    }).toEqual(before);
  });

  it('a workflow start that fails is a 503 and leaves no notice, no document and no workflow; the attempt is audited', async () => {
    const official = await t.as('jinshui.official');
    const broken = appWith({
      temporal: new Client({ connection: t.temporal.connection, namespace: 'no-such-namespace' }),
    });
    const before = { notices: await t.database.db.$count(circulars), documents: await t.database.db.$count(documents) };
    const res = await post(broken, official.token, await body('关于启动失败的通知'), `notice-${crypto.randomUUID()}`);
    expect(res.status, await res.clone().text()).toBe(503);
    expect((await res.json()).error.code).toBe('unavailable');
    expect({
      notices: await t.database.db.$count(circulars),
      documents: await t.database.db.$count(documents),
    }).toEqual(before);
    const [failure] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'notice'), eq(auditEvents.outcome, 'failure')));
    expect(failure).toMatchObject({
      action: 'create',
      detail: expect.objectContaining({ reason: 'workflow_start_failed' }),
    });
    await expect(t.temporal.workflow.getHandle(failure!.objectId!).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  it('a notice that can never be issued says `failed` on its page, not "issuing" for ever', async () => {
    const official = await t.as('jinshui.official');
    // Without its receipt deadline policy the process cannot compute a due date: a business failure.
    await t.database.db
      .update(deadlinePolicies)
      .set({ key: 'notice.receipt.withdrawn' })
      .where(eq(deadlinePolicies.key, 'notice.receipt'));
    try {
      const { dueAt: _omitted, ...payload } = await body('关于无期限策略的通知');
      void _omitted;
      const res = await official.post('/notices', payload);
      expect(res.status).toBe(201);
      const { id } = await res.json();
      await expect(t.temporal.workflow.getHandle(id).result()).rejects.toThrow();
      const page = await (await official.get(`/notices/${id}`)).json();
      expect(page).toMatchObject({ id, stage: 'failed', documentId: null, number: null });
      expect(await t.database.db.$count(documents, eq(documents.workflowId, id))).toBe(0);
      const [failure] = await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.objectId, id), eq(auditEvents.action, 'fail')));
      expect(failure).toMatchObject({
        outcome: 'failure',
        detail: { reason: expect.stringContaining('notice.receipt') },
      });
    } finally {
      await t.database.db
        .update(deadlinePolicies)
        .set({ key: 'notice.receipt' })
        .where(eq(deadlinePolicies.key, 'notice.receipt.withdrawn'));
    }
  });

  it('a notice issued before notices became circulars runs on in its own workflow and its page follows it', async () => {
    const official = await t.as('jinshui.official');
    const staff = await t.as('jshosp.staff');
    const hospital = await t.unitId('金水区总医院');
    const county = await t.unitId('郑州市金水区卫生健康委员会');
    const [issuer] = await t.database.db.select().from(users).where(eq(users.username, 'jinshui.official'));
    const id = `notice-${crypto.randomUUID()}`;
    // What the migration made of a notice still awaiting its number: its circular and recipient rows.
    await t.database.db.insert(circulars).values({
      id,
      issuingUnitId: county,
      kind: 'notice',
      title: '关于迁移前下发的通知',
      paragraphs: [],
      recipientText: '金水区总医院',
      recipientCount: 1,
      stage: 'issuing',
      drafterUserId: issuer!.id,
    });
    await t.database.db.insert(circularRecipients).values({ circularId: id, unitId: hospital });
    await t.temporal.workflow.start('noticeReceiptWorkflow', {
      workflowId: id,
      taskQueue: t.env.TEMPORAL_TASK_QUEUE,
      args: [
        {
          issuingUnitId: county,
          recipientUnitId: hospital,
          recipientName: '金水区总医院',
          title: '关于迁移前下发的通知',
          paragraphs: ['请按要求办理。'],
          deadlinePolicy: 'notice.receipt',
          remindBeforeMs: 0,
          issuedBy: {
            userId: issuer!.id,
            username: 'jinshui.official',
            realName: issuer!.realName,
            unitId: county,
            roles: ['official'],
          },
        },
      ],
    });
    let task: typeof tasks.$inferSelect | undefined;
    await expect
      .poll(async () => ([task] = await t.database.db.select().from(tasks).where(eq(tasks.workflowId, id))).length, {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await (await official.get(`/notices/${id}`)).json()).toMatchObject({
      stage: 'awaiting_receipt',
      number: expect.stringMatching(/^金卫通〔\d{4}〕\d+号$/),
      dueAt: expect.any(String),
    });
    expect((await staff.post(`/tasks/${task!.id}/complete`, { input: { receiverName: '郑小兰' } })).status).toBe(200);
    await t.temporal.workflow.getHandle(id).result();
    expect(await (await official.get(`/notices/${id}`)).json()).toMatchObject({
      stage: 'received',
      result: { receivedBy: '郑小兰（郑小兰）' },
    });
  });
});
