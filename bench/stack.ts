// The whole system for a benchmark, in one process: a Temporal dev server from the built CLI, a
// throwaway database with the demo data, a real worker and Chromium, and the API app called in
// process. `stop()` tears everything down.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import { createApp } from '../api/app.js';
import { createActivities } from '../activities/index.js';
import { Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase, type Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { seedDemoData, DEMO_PASSWORD } from '../db/seed.js';
import { ensureDefaultPolicies } from '../db/default-policies.js';
import { ensureDefaultChecklist } from '../db/default-checklist.js';
import { users } from '../db/schema.js';
import { createSession, SessionCache } from '../api/auth/sessions.js';
import { findTemporalCli } from '../scripts/toolchain.mjs';
import { WORKFLOW_PRELOAD_MODULES } from '../scripts/workflow-bundle-options.js';
import { createScratchDatabase } from './scratch-database.js';
import { renderQueueOf } from '../domain/render-queue.js';

export interface BenchStack {
  database: Database;
  temporal: Client;
  app: ReturnType<typeof createApp>;
  /** Calls the API as `token`; throws on any answer ≥ 300. */
  call<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  /** A session token for a seeded user (demo password). */
  login(username: string): Promise<string>;
  /** A session token for user `userId` without scrypt (bench users share one hash). */
  session(userId: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchStack(name: string): Promise<BenchStack> {
  const env = loadEnv({
    DUBAN_DEMO: '1',
    ...process.env,
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: `bench-${name}-${randomBytes(3).toString('hex')}`,
  });
  const cli = findTemporalCli();
  if (!cli.path) throw new Error('Temporal CLI not found: run `node scripts/bootstrap.mjs` first.');
  const temporalEnv = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli.path },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
    },
  });
  const scratch = await createScratchDatabase(env.DATABASE_URL);
  const database = connectDatabase(scratch.url, { max: 30 });
  await runMigrations(database.db);
  await ensureDefaultPolicies(database.db);
  await ensureDefaultChecklist(database.db);
  await seedDemoData(database.db);

  const renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 });
  const workerConnection = await NativeConnection.connect({ address: temporalEnv.address });
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
    bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
    activities: createActivities({ db: database.db, renderer, clock: () => new Date() }),
    maxConcurrentActivityTaskExecutions: 50,
    maxConcurrentWorkflowTaskExecutions: 50,
  });
  const rendering = await Worker.create({
    connection: workerConnection,
    taskQueue: renderQueueOf(env.TEMPORAL_TASK_QUEUE),
    activities: createActivities({ db: database.db, renderer, clock: () => new Date() }),
    maxConcurrentActivityTaskExecutions: 1,
  });
  const running = Promise.all([worker.run(), rendering.run()]);
  const temporal = new Client({ connection: await Connection.connect({ address: temporalEnv.address }) });
  // As `npm start` and `npm run api` run it: sessions cached, invalidated by NOTIFY (api/auth/sessions.ts).
  const sessionCache = new SessionCache(scratch.url, { onLost: () => {} });
  const app = createApp({
    sessionCache,
    db: database.db,
    sql: database.sql,
    temporal,
    renderer,
    logger: createLogger('silent'),
    env,
  });

  const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    database,
    temporal,
    app,
    call,
    async login(username) {
      const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
      if (!user) throw new Error(`no user ${username}`);
      const res = await app.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return ((await res.json()) as { token: string }).token;
    },
    async session(userId) {
      return (await createSession(database.db, userId, '127.0.0.1')).token;
    },
    async stop() {
      worker.shutdown();
      rendering.shutdown();
      await running;
      await workerConnection.close();
      await temporal.connection.close();
      await sessionCache.close();
      await renderer.close();
      await database.close();
      await scratch.drop();
      await temporalEnv.teardown();
    },
  };
}
