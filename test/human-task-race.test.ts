// Workflow logic of the human-task helper, with fake activities (the real ones are exercised by
// every process test): an answer that arrives the moment the task row exists — before the
// workflow has received the row's id from its activity — must be accepted, not refused.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { newTaskQueue } from './support/worker.js';
import { renderQueueOf } from '../domain/render-queue.js';
import {
  acknowledgeReceiptUpdate,
  noticeReceiptWorkflow,
  type NoticeReceiptInput,
} from '../workflows/notice-receipt.js';

describe('human task: an answer racing the task creation', () => {
  const taskQueue = newTaskQueue();
  let client: Client;
  let worker: Worker;
  let renderingWorker: Worker;
  let running: Promise<unknown>;
  let connection: NativeConnection;
  // createTask "commits" (the inbox could show the row) and then takes a while to report back.
  let rowVisible!: () => void;
  const rowCreated = new Promise<void>((resolve) => (rowVisible = resolve));
  const completed: string[] = [];
  const fakes = {
    computeDeadline: async () => ({ at: new Date(Date.now() + 86_400_000).toISOString(), calendarKnown: true }),
    issueDocument: async () => ({ documentId: 'doc-1', number: '金卫通〔2026〕1号', sha256: 'x', sizeBytes: 1 }),
    createTask: async () => {
      rowVisible();
      await new Promise((r) => setTimeout(r, 1500));
      return 'task-1';
    },
    completeTask: async (input: { taskId: string }) => void completed.push(input.taskId),
    remindTask: async () => {},
    markTaskOverdue: async () => {},
    cancelTask: async () => {},
    // The notice's own row (activities/notices.ts).
    recordNoticeDue: async () => {},
    recordNoticeIssued: async () => {},
    recordNoticeReceived: async () => {},
    markNoticeOverdue: async () => {},
    recordNoticeFailed: async () => {},
  };

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
      activities: fakes,
    });
    // The notice prints on the rendering queue (domain/render-queue.ts): the same fakes serve it.
    renderingWorker = await Worker.create({ connection, taskQueue: renderQueueOf(taskQueue), activities: fakes });
    running = Promise.all([worker.run(), renderingWorker.run()]);
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  });
  afterAll(async () => {
    worker?.shutdown();
    renderingWorker?.shutdown();
    await running;
    await connection?.close();
    await client?.connection.close();
  });

  it('accepts the completion by task key and records it once the id is known', async () => {
    const input: NoticeReceiptInput = {
      issuingUnitId: 1,
      recipientUnitId: 2,
      recipientName: '金水区总医院',
      title: '测试通知',
      paragraphs: ['正文'],
      deadlinePolicy: 'notice.receipt',
      remindBeforeMs: 0,
      issuedBy: { userId: 1, username: 'o', realName: '吴清', unitId: 1, roles: ['official'] },
    };
    const handle = await client.workflow.start(noticeReceiptWorkflow, {
      taskQueue,
      workflowId: `race-${taskQueue}`,
      args: [input],
    });
    await rowCreated;
    const actor = { userId: 2, username: 's', realName: '郑小兰', unitId: 2, roles: ['unit_staff'] };
    const result = await handle.executeUpdate(acknowledgeReceiptUpdate, {
      args: [{ taskId: 'task-1', taskKey: 'receipt', actor, input: { receiverName: '郑小兰' } }],
    });
    expect(result.receivedBy).toBe('郑小兰（郑小兰）');
    expect((await handle.result()).receivedBy).toBe('郑小兰（郑小兰）');
    expect(completed).toEqual(['task-1']);
  });
});
