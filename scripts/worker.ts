// The Temporal worker: every workflow in workflows/ and the activities with their real dependencies.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, Runtime, DefaultLogger, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import type { Env } from '../config/env.js';
import { WORKFLOW_PRELOAD_MODULES } from './workflow-bundle-options.js';
import { renderQueueOf } from '../domain/render-queue.js';

// From source (tsx) this file is scripts/worker.ts and bundles workflows/index.ts at start; compiled
// (`npm run build`) it is dist/scripts/worker.js and loads dist/workflow-bundle.js, built once by
// scripts/build.ts, falling back to bundling dist/workflows/index.js when that file is missing.
const compiled = import.meta.url.endsWith('.js');
export const workflowsPath = fileURLToPath(new URL(`../workflows/index.${compiled ? 'js' : 'ts'}`, import.meta.url));
export const prebuiltBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));

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

export interface WorkerOptions {
  /** `prebuilt` demands the bundle `npm run build` wrote; `source` bundles now; default: prebuilt when present. */
  bundle?: 'prebuilt' | 'source';
  log?: (message: string) => void;
}

/** The process's workers: the main one and the rendering one (domain/render-queue.ts), run and stopped together. */
export interface ProcessWorker {
  run(): Promise<void>;
  shutdown(): void;
  getState(): ReturnType<Worker['getState']>;
}

/** Creates the workers on the configured task queue and its rendering queue; workflows from the prebuilt bundle or bundling now. */
export async function createWorker(
  env: Env,
  connection: NativeConnection,
  deps: ActivityDeps,
  options: WorkerOptions = {},
): Promise<ProcessWorker> {
  const main = await createMainWorker(env, connection, deps, options);
  const rendering = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: renderQueueOf(env.TEMPORAL_TASK_QUEUE),
    activities: createActivities(deps),
    // One slot per Chromium page: a waiting render stays on the queue, where another worker may take it.
    maxConcurrentActivityTaskExecutions: env.RENDER_POOL_SIZE,
    shutdownGraceTime: '10 s',
    shutdownForceTime: '15 s',
  });
  return {
    run: async () => {
      await Promise.all([main.run(), rendering.run()]);
    },
    shutdown() {
      for (const w of [main, rendering]) if (w.getState() === 'RUNNING') w.shutdown();
    },
    getState: () => main.getState(),
  };
}

async function createMainWorker(
  env: Env,
  connection: NativeConnection,
  deps: ActivityDeps,
  options: WorkerOptions,
): Promise<Worker> {
  const prebuilt = options.bundle === 'prebuilt' || (options.bundle !== 'source' && existsSync(prebuiltBundlePath));
  options.log?.(
    prebuilt ? 'starting the worker (prebuilt workflow bundle)' : 'bundling workflows and starting the worker',
  );
  return Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    ...(prebuilt
      ? { workflowBundle: { codePath: prebuiltBundlePath } }
      : { workflowsPath, bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES } }),
    activities: createActivities(deps),
    // On SIGTERM activities in flight get 10 s to finish (then they are cancelled; Temporal retries
    // them elsewhere), and the worker is given up on after 15 s: inside the launcher's 30 s limit.
    shutdownGraceTime: '10 s',
    shutdownForceTime: '15 s',
  });
}
