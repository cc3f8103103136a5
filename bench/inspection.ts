// npm run bench:inspection [units] — a plan over N (default 1,000) institutions, through the real
// API, worker, Temporal dev server and PostgreSQL. Reports: time until every unit's self-check task
// exists (fan-out; the run creates them in batches, the units' workflows start after), that the last
// unit can answer at once (its answer starts its workflow if need be), until every unit's workflow
// has started, the run's largest workflow history, and end-to-end
// per-unit completions per second with scripted answers (self-check all compliant → inspector
// review without findings → closed). Beside the fan-out, on the same server and worker settings,
// its floor (bench/fan-out-floor.ts): N trivial child workflows each running one activity that
// inserts one row; the report gives the fan-out's rate as a fraction of the floor's.
// BENCH_FAN_OUT_ONLY=1 stops after the fan-out (no scripted answers).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { and, eq, like, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../api/app.js';
import { createActivities } from '../activities/index.js';
import { Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createScratchDatabase } from './scratch-database.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { seedDemoData, DEMO_PASSWORD } from '../db/seed.js';
import { ensureDefaultPolicies } from '../db/default-policies.js';
import { DEFAULT_CHECKLIST, ensureDefaultChecklist } from '../db/default-checklist.js';
import { inspections, tasks } from '../db/schema.js';
import { findTemporalCli } from '../scripts/toolchain.mjs';
import { createManyUnits } from '../test/support/many-units.js';
import { WORKFLOW_PRELOAD_MODULES } from '../scripts/workflow-bundle-options.js';
import { renderQueueOf } from '../domain/render-queue.js';

const UNITS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = 16;
const env = loadEnv({
  DUBAN_DEMO: '1',
  ...process.env,
  LOG_LEVEL: 'silent',
  TEMPORAL_TASK_QUEUE: `bench-${randomBytes(3).toString('hex')}`,
});
const log = (msg: string) => console.log(`[bench:inspection] ${msg}`);
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

// --- the stack: Temporal dev server from the built CLI, a fresh database, worker, API ---
const cli = findTemporalCli();
if (!cli.path) throw new Error('Temporal CLI not found: run `node scripts/bootstrap.mjs` first.');
const temporalEnv = await TestWorkflowEnvironment.createLocal({
  server: {
    executable: { type: 'existing-path', path: cli.path },
    ip: '127.0.0.1',
    log: { format: 'pretty', level: 'error' },
  },
});
// CPU seconds spent by this process (worker, activities, API) and by the Temporal dev server, so
// the fan-out's cost can be told apart from the machine's load (/proc: utime + stime, 100 Hz).
const serverPid = readdirSync('/proc')
  .filter((d) => /^\d+$/.test(d))
  .find((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      return stat.includes('(temporal)') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
    } catch {
      return false;
    }
  });
const cpu = () => {
  const own = process.cpuUsage();
  const fields = serverPid
    ? readFileSync(`/proc/${serverPid}/stat`, 'utf8')
        .slice(readFileSync(`/proc/${serverPid}/stat`, 'utf8').lastIndexOf(')') + 2)
        .split(' ')
    : [];
  return {
    worker: (own.user + own.system) / 1e6,
    server: fields.length ? (Number(fields[11]) + Number(fields[12])) / 100 : NaN,
  };
};
const cpuSince = (c0: ReturnType<typeof cpu>) => {
  const c1 = cpu();
  return {
    worker_cpu_s: Number((c1.worker - c0.worker).toFixed(1)),
    server_cpu_s: Number((c1.server - c0.server).toFixed(1)),
  };
};
const scratch = await createScratchDatabase(env.DATABASE_URL);
const database = connectDatabase(scratch.url, { max: 30 });
await runMigrations(database.db);
await ensureDefaultPolicies(database.db);
await ensureDefaultChecklist(database.db);
await seedDemoData(database.db);
const many = await createManyUnits(database.db, '郑州市卫生健康委员会', '压测县卫生健康委员会', UNITS);
log(`${UNITS} institutions with staff sessions created`);

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
// Documents print on the rendering queue (domain/render-queue.ts), as in production.
const renderingWorker = await Worker.create({
  connection: workerConnection,
  taskQueue: renderQueueOf(env.TEMPORAL_TASK_QUEUE),
  activities: createActivities({ db: database.db, renderer, clock: () => new Date() }),
  maxConcurrentActivityTaskExecutions: 1,
});
const running = Promise.all([worker.run(), renderingWorker.run()]);
// The floor's worker: same server, same limits, its own task queue and the bare workflows.
const floorQueue = `${env.TEMPORAL_TASK_QUEUE}-floor`;
await database.db.execute(sql`create table bench_fan_out_floor (key text primary key, at timestamptz default now())`);
const floorWorker = await Worker.create({
  connection: workerConnection,
  taskQueue: floorQueue,
  workflowsPath: fileURLToPath(new URL('./fan-out-floor.ts', import.meta.url)),
  activities: {
    async floorInsert(key: string) {
      await database.db.execute(sql`insert into bench_fan_out_floor (key) values (${key}) on conflict do nothing`);
    },
  },
  maxConcurrentActivityTaskExecutions: 50,
  maxConcurrentWorkflowTaskExecutions: 50,
});
const floorRunning = floorWorker.run();
const temporal = new Client({ connection: await Connection.connect({ address: temporalEnv.address }) });
const app = createApp({ db: database.db, sql: database.sql, temporal, renderer, logger: createLogger('silent'), env });
const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const login = await app.request('/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'zz.official', password: DEMO_PASSWORD }),
});
const official = ((await login.json()) as { token: string }).token;

async function pool<T>(items: T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
const countTasks = async (prefix: string, type: string) =>
  (
    await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(and(like(tasks.workflowId, `${prefix}%`), eq(tasks.type, type)))
  )[0]!.n;

const selfCheckAnswers = {
  answers: DEFAULT_CHECKLIST.map((i) => ({
    itemKey: i.key,
    answer: i.evidenceRequired ? 'not_applicable' : 'compliant',
    note: i.evidenceRequired ? '压测脚本：不适用' : undefined,
  })),
};

try {
  // --- the floor: N trivial children, one activity and one row each ---
  const f0 = performance.now();
  const fc0 = cpu();
  await temporal.workflow.start('floorParentWorkflow', {
    taskQueue: floorQueue,
    workflowId: `bench-fan-out-floor-${randomBytes(3).toString('hex')}`,
    args: [UNITS],
  });
  for (let rows = 0; rows < UNITS;) {
    await new Promise((r) => setTimeout(r, 250));
    rows = (await database.db.execute<{ n: number }>(sql`select count(*)::int as n from bench_fan_out_floor`))[0]!.n;
  }
  const floor = Number(seconds(f0));
  const floorCpu = cpuSince(fc0);
  log(
    `floor: ${UNITS} trivial child workflows, one activity inserting one row each, in ${floor} s ` +
      `(CPU: worker ${floorCpu.worker_cpu_s} s, Temporal server ${floorCpu.server_cpu_s} s)`,
  );
  floorWorker.shutdown();
  await floorRunning;

  // --- fan-out ---
  const templateId = ((await call(official, 'GET', '/checklist-templates')) as { items: { id: number }[] }).items[0]!
    .id;
  const t0 = performance.now();
  const tc0 = cpu();
  const plan = (await call(official, 'POST', '/inspection-plans', {
    title: '压测：全县数据安全检查',
    templateId,
    targets: { subtreeOf: many.rootId },
  })) as { id: string };
  const prefix = `inspection-run-${plan.id}`;
  let created = 0;
  while (created < UNITS) {
    await new Promise((r) => setTimeout(r, 250));
    created = await countTasks(prefix, 'inspection_self_check');
  }
  const fanOut = Number(seconds(t0));
  const fanOutCpu = cpuSince(tc0);
  log(
    `fan-out: ${created} self-check tasks created in ${fanOut} s ` +
      `(CPU: worker and API ${fanOutCpu.worker_cpu_s} s, Temporal server ${fanOutCpu.server_cpu_s} s)`,
  );
  log(
    `fan-out rate / floor rate: ${(floor / fanOut).toFixed(2)}× (target ≥ 0.5×); load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // Completable at once: the last unit's self-check (its workflow most likely not started yet, which
  // the answer then starts on demand), answered through the API as the unit would.
  const [lastTask] = await database.db
    .select({ id: tasks.id, unitId: tasks.assigneeUnitId, workflowId: tasks.workflowId })
    .from(tasks)
    .where(
      and(
        like(tasks.workflowId, `${prefix}%`),
        eq(tasks.type, 'inspection_self_check'),
        eq(tasks.assigneeUnitId, many.unitIds[UNITS - 1]!),
      ),
    );
  const a0 = performance.now();
  const startedBefore = await temporal.workflow
    .getHandle(lastTask!.workflowId)
    .describe()
    .then(
      () => true,
      () => false,
    );
  await call(many.staffTokens.get(lastTask!.unitId)!, 'POST', `/tasks/${lastTask!.id}/complete`, {
    input: selfCheckAnswers,
  });
  const answered = Number(seconds(a0));
  log(
    `the last unit's self-check answered through the API ${answered} s after the fan-out ` +
      `(its workflow ${startedBefore ? 'had started' : 'not started yet: started by the answer'})`,
  );
  // The units' workflows (deadlines, reminders, escalation) start after their tasks exist.
  for (let startedCount = 0; startedCount < UNITS;) {
    await new Promise((r) => setTimeout(r, 250));
    startedCount = (
      await database.db.execute<{ n: number }>(
        sql`select started_count as n from inspection_runs where plan_id = ${plan.id}`,
      )
    )[0]!.n;
  }
  const allStarted = Number(seconds(t0));
  const allStartedCpu = cpuSince(tc0);
  log(
    `every unit's workflow started ${allStarted} s after the plan's start ` +
      `(CPU since the start: worker and API ${allStartedCpu.worker_cpu_s} s, Temporal server ${allStartedCpu.server_cpu_s} s)`,
  );
  // The same answer to a unit whose workflow runs already, for comparison at the same load.
  const [firstTask] = await database.db
    .select({ id: tasks.id, unitId: tasks.assigneeUnitId })
    .from(tasks)
    .where(
      and(
        like(tasks.workflowId, `${prefix}%`),
        eq(tasks.type, 'inspection_self_check'),
        eq(tasks.assigneeUnitId, many.unitIds[0]!),
      ),
    );
  const b0 = performance.now();
  await call(many.staffTokens.get(firstTask!.unitId)!, 'POST', `/tasks/${firstTask!.id}/complete`, {
    input: selfCheckAnswers,
  });
  const answeredRunning = Number(seconds(b0));
  log(`the first unit's self-check (its workflow running) answered in ${answeredRunning} s`);
  const runIds = new Set(
    (
      await database.db
        .select({ runId: inspections.runId })
        .from(inspections)
        .where(like(inspections.runId, `${prefix}%`))
        .limit(1)
    ).map((r) => r.runId),
  );
  const runId = [...runIds][0]!;
  // Each continue-as-new starts a fresh history; the largest one is the bound that matters.
  let maxEvents = 0;
  let runsOfRun = 0;
  for await (const execution of temporal.workflow.list({ query: `WorkflowId = "${runId}"` })) {
    const history = await temporal.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    maxEvents = Math.max(maxEvents, history.events?.length ?? 0);
    runsOfRun++;
  }
  log(`run workflow: ${runsOfRun} executions (continue-as-new), largest history ${maxEvents} events`);
  if (process.env.BENCH_FAN_OUT_ONLY) {
    console.log(
      JSON.stringify({
        units: UNITS,
        floor_s: floor,
        fan_out_s: fanOut,
        ratio: Number((floor / fanOut).toFixed(2)),
        floor_cpu: floorCpu,
        fan_out_cpu: fanOutCpu,
        last_answer_s: answered,
        running_answer_s: answeredRunning,
        all_workflows_started_s: allStarted,
        all_started_cpu: allStartedCpu,
      }),
    );
    process.exitCode = 0;
  } else {
    // --- scripted answers, end to end through the API ---
    const t1 = performance.now();
    const selfChecks = await database.db
      .select({ id: tasks.id, unitId: tasks.assigneeUnitId })
      .from(tasks)
      .where(
        and(like(tasks.workflowId, `${prefix}%`), eq(tasks.type, 'inspection_self_check'), eq(tasks.status, 'open')),
      );
    let closed = 0;
    const review = {
      items: DEFAULT_CHECKLIST.map((i) => ({
        itemKey: i.key,
        answer: i.evidenceRequired ? 'not_applicable' : 'compliant',
      })),
      findings: [],
    };
    const reviewed = new Set<string>();
    const reviewer = (async () => {
      // The inspector works through review tasks as they appear.
      while (reviewed.size < UNITS) {
        const open = await database.db
          .select({ id: tasks.id })
          .from(tasks)
          .where(
            and(like(tasks.workflowId, `${prefix}%`), eq(tasks.type, 'inspection_review'), eq(tasks.status, 'open')),
          );
        const fresh = open.filter((r) => !reviewed.has(r.id));
        fresh.forEach((r) => reviewed.add(r.id));
        await pool(fresh, async (r) => {
          await call(official, 'POST', `/tasks/${r.id}/complete`, { input: review });
        });
        if (!fresh.length) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await pool(selfChecks, async (task) => {
      await call(many.staffTokens.get(task.unitId)!, 'POST', `/tasks/${task.id}/complete`, { input: selfCheckAnswers });
    });
    await reviewer;
    while (closed < UNITS) {
      closed = (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(inspections)
          .where(and(like(inspections.runId, `${prefix}%`), eq(inspections.status, 'closed')))
      )[0]!.n;
      if (closed < UNITS) await new Promise((r) => setTimeout(r, 100));
    }
    const e2e = Number(seconds(t1));
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    console.log(
      JSON.stringify({
        units: UNITS,
        floor_s: floor,
        fan_out_s: fanOut,
        run_executions: runsOfRun,
        max_run_history_events: maxEvents,
        end_to_end_s: e2e,
        completions_per_s: Number((UNITS / e2e).toFixed(1)),
        api_concurrency: CONCURRENCY,
        rss_mib: rss,
      }),
    );
  }
} finally {
  worker.shutdown();
  renderingWorker.shutdown();
  await running;
  await workerConnection.close();
  await temporal.connection.close();
  await renderer.close();
  await database.close();
  await scratch.drop();
  await temporalEnv.teardown();
}
