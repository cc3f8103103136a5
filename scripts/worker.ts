// The Temporal worker: every workflow in workflows/ and the activities with their real dependencies.
import { fileURLToPath } from 'node:url';
import { Worker, Runtime, DefaultLogger, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import type { Env } from '../config/env.js';

const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let runtimeInstalled = false;

/** Must run before the first Temporal connection of the process: it fixes the SDK's log level. */
export function installTemporalRuntime(env: Env): void {
  if (runtimeInstalled) return;
  // The SDK's own logger prints unstructured lines; keep only its warnings. No shutdown signals:
  // the launcher orders the shutdown (API, worker, Chromium, Temporal, PostgreSQL) itself.
  Runtime.install({
    logger: new DefaultLogger(env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN'),
    shutdownSignals: [],
  });
  runtimeInstalled = true;
}

/** Creates (bundling the workflows) a worker on the configured task queue. */
export async function createWorker(env: Env, connection: NativeConnection, deps: ActivityDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    workflowsPath,
    activities: createActivities(deps),
  });
}
