// A real worker on its own task queue, with the real activities, for a test file.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../../activities/index.js';
import type { Renderer } from '../../activities/renderer.js';
import type { Db } from '../../db/client.js';
import { ensureDefaultPolicies } from '../../db/default-policies.js';
import { WORKFLOW_PRELOAD_MODULES } from '../../scripts/workflow-bundle-options.js';
import { createTestApp, type TestApp } from './app.js';
import { renderQueueOf } from '../../domain/render-queue.js';

export interface TestWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

export const newTaskQueue = () => `test-${randomBytes(4).toString('hex')}`;

export async function startTestWorker(db: Db, renderer: Renderer, taskQueue: string): Promise<TestWorker> {
  await ensureDefaultPolicies(db);
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
    bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
    activities: createActivities({ db, renderer, clock: () => new Date() }),
  });
  // Documents print on their own queue, as in production (scripts/worker.ts).
  const rendering = await Worker.create({
    connection,
    taskQueue: renderQueueOf(taskQueue),
    activities: createActivities({ db, renderer, clock: () => new Date() }),
    maxConcurrentActivityTaskExecutions: 2,
  });
  const running = Promise.all([worker.run(), rendering.run()]);
  return {
    taskQueue,
    async stop() {
      worker.shutdown();
      rendering.shutdown();
      await running;
      await connection.close();
    },
  };
}

export interface TestAppWithWorker extends TestApp {
  worker: TestWorker;
}

/** A test file's app and a real worker on their own task queue; `close()` stops both. */
export async function createTestAppWithWorker(): Promise<TestAppWithWorker> {
  const taskQueue = newTaskQueue();
  const app = await createTestApp({ taskQueue });
  const worker = await startTestWorker(app.database.db, app.renderer, taskQueue);
  return {
    ...app,
    worker,
    async close() {
      await worker.stop();
      await app.close();
    },
  };
}
