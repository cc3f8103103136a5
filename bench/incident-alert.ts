// tsx bench/incident-alert.ts [units] — an alert (预警通报) to N (default 1,000) institutions through
// the real API, worker, Temporal dev server, PostgreSQL and Chromium. Reports the time from the
// POST to every unit's receipt task existing: one PDF, then a few multi-row INSERTs (no child
// workflow per unit). Target: under 30 s for 1,000 units on 2 cores.
// `benchAlertFanOut` is exported for a combined benchmark script to call.
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../api/app.js';
import { createActivities } from '../activities/index.js';
import { Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { createScratchDatabase } from './scratch-database.js';
import { connectDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { seedDemoData, DEMO_PASSWORD } from '../db/seed.js';
import { ensureDefaultPolicies } from '../db/default-policies.js';
import { documents, tasks } from '../db/schema.js';
import { findTemporalCli } from '../scripts/toolchain.mjs';
import { createManyUnits } from '../test/support/many-units.js';
import { insertIncident } from '../test/support/incidents.js';
import { WORKFLOW_PRELOAD_MODULES } from '../scripts/workflow-bundle-options.js';

export interface AlertFanOutOptions {
  /** Institutions alerted (default 1,000). */
  units?: number;
  /** A running Temporal server; default: a dev server of the benchmark's own. */
  temporalAddress?: string;
  /** Give up after this long (default 300 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/** Time from POST /incidents/{id}/alerts to all `units` receipt tasks existing. */
export async function benchAlertFanOut(opts: AlertFanOutOptions = {}): Promise<{ units: number; seconds: number }> {
  const units = opts.units ?? 1000;
  const log = opts.log ?? (() => {});
  const env = loadEnv({
    DUBAN_DEMO: '1',
    ...process.env,
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: `bench-alert-${randomBytes(3).toString('hex')}`,
  });
  let temporalEnv: TestWorkflowEnvironment | undefined;
  let address = opts.temporalAddress;
  if (!address) {
    const cli = findTemporalCli();
    if (!cli.path) throw new Error('Temporal CLI not found: run `node scripts/bootstrap.mjs` first.');
    temporalEnv = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli.path },
        ip: '127.0.0.1',
        log: { format: 'pretty', level: 'error' },
      },
    });
    address = temporalEnv.address;
  }
  const scratch = await createScratchDatabase(env.DATABASE_URL);
  const database = connectDatabase(scratch.url, { max: 30 });
  const renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 });
  const workerConnection = await NativeConnection.connect({ address });
  const temporal = new Client({ connection: await Connection.connect({ address }) });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    await runMigrations(database.db);
    await ensureDefaultPolicies(database.db);
    await seedDemoData(database.db);
    const many = await createManyUnits(database.db, '郑州市卫生健康委员会', '压测县卫生健康委员会', units);
    const incidentId = await insertIncident(database.db, many.unitIds[0]!);
    log(`${units} institutions created`);
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
      bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
      activities: createActivities({ db: database.db, renderer, clock: () => new Date() }),
    });
    running = worker.run();
    const app = createApp({
      db: database.db,
      sql: database.sql,
      temporal,
      renderer,
      logger: createLogger('silent'),
      env,
    });
    const login = await app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zz.official', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    // Chromium's first page is warm before the clock starts, as in a running system.
    await renderer.renderPdf('<p>warm</p>');

    const t0 = performance.now();
    const res = await app.request(`/incidents/${incidentId}/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '关于防范勒索软件攻击的预警通报',
        paragraphs: ['压测：某医院遭受勒索软件攻击。'],
        measures: ['排查远程桌面端口', '核查离线备份'],
        rootUnitId: many.rootId,
      }),
    });
    if (res.status !== 201) throw new Error(`POST alert: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
    for (let created = 0; created < units;) {
      if (Date.now() > deadline) throw new Error(`only ${created} of ${units} receipt tasks after the timeout`);
      await new Promise((r) => setTimeout(r, 100));
      created = (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(tasks)
          .where(and(eq(tasks.workflowId, id), eq(tasks.type, 'incident_alert_receipt')))
      )[0]!.n;
    }
    const seconds = Number(((performance.now() - t0) / 1000).toFixed(2));
    const docs = await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workflowId, id));
    if (docs.length !== 1) throw new Error(`expected one document for the alert, found ${docs.length}`);
    log(`${units} receipt tasks in ${seconds} s, one document`);
    await temporal.workflow.getHandle(id).terminate('压测结束');
    return { units, seconds };
  } finally {
    worker?.shutdown();
    await running;
    await workerConnection.close();
    await temporal.connection.close();
    await renderer.close();
    await database.close();
    await scratch.drop();
    await temporalEnv?.teardown();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchAlertFanOut({
    units: Number(process.argv[2] ?? 1000),
    log: (m) => console.log(`[bench:incident-alert] ${m}`),
  });
  console.log(JSON.stringify(result));
}
