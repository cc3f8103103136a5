// A task's answer that the database refuses (issue 10, item 8): the activity fails non-retryably,
// the Update answers the person with the error at once, and the task stays open for a corrected
// answer instead of a process that can never be completed again. The refusal is real: the first
// completion reaches PostgreSQL with a NUL in its result (a fake of the same activity swaps it in,
// as the validators now stop every such input before it gets this far).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { CompleteTaskInput } from '../activities/tasks.js';
import { tasks, type Task } from '../db/schema.js';
import { createTestApp, type TestApp } from './support/app.js';
import { renderQueueOf } from '../domain/render-queue.js';
import { newTaskQueue } from './support/worker.js';
import { startNoticeReceipt } from './support/notice-receipt.js';

describe('human task: an answer the database refuses', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  const taskQueue = newTaskQueue();
  const refusedOnce = { pending: true };

  beforeAll(async () => {
    t = await createTestApp({ taskQueue });
    const real = createActivities({ db: t.database.db, renderer: t.renderer, clock: () => new Date() });
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
      activities: {
        ...real,
        async completeTask(input: CompleteTaskInput) {
          if (!refusedOnce.pending) return real.completeTask(input);
          refusedOnce.pending = false;
          return real.completeTask({ ...input, result: { receivedBy: '郑小\u0000兰' } });
        },
      },
    });
    // The notice prints on the rendering queue (domain/render-queue.ts), as in production.
    const rendering = await Worker.create({ connection, taskQueue: renderQueueOf(taskQueue), activities: real });
    const running = Promise.all([worker.run(), rendering.run()]);
    stop = async () => {
      worker.shutdown();
      rendering.shutdown();
      await running;
      await connection.close();
    };
  });
  afterAll(async () => {
    await stop?.();
    await t?.close();
  });

  it('answers 422 at once, leaves the task open, and takes the next answer', async () => {
    const { id } = await startNoticeReceipt(t, {
      recipientUnitId: await t.unitId('金水区总医院'),
      title: '关于保存失败测试的通知',
      paragraphs: ['请签收。'],
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    let task: Task | undefined;
    await expect
      .poll(async () => ([task] = await t.database.db.select().from(tasks).where(eq(tasks.workflowId, id))).length, {
        timeout: 30_000,
        interval: 100,
      })
      .toBe(1);
    const staff = await t.as('jshosp.staff');

    const refused = await staff.post(`/tasks/${task!.id}/complete`, { input: { receiverName: '郑小兰' } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toContain('无法保存该答复');
    expect(refusedOnce.pending).toBe(false);
    expect((await t.database.db.select().from(tasks).where(eq(tasks.id, task!.id)))[0]!.status).toBe('open');

    const ok = await staff.post(`/tasks/${task!.id}/complete`, { input: { receiverName: '郑小兰' } });
    expect(ok.status).toBe(200);
    expect(await t.temporal.workflow.getHandle(id).result()).toMatchObject({ receivedBy: '郑小兰（郑小兰）' });
  });
});
