// npm run bench:incident [incidents] — issue 12's two targets, through the real API, worker,
// Temporal dev server and PostgreSQL:
//  1. N (default 200) incidents reported at once by institutions of a three-level hierarchy
//     (province → four counties' cities → 50 institutions per county): p50/p95/p99 from sending
//     POST /incidents to the county's 签收 task being in the county official's inbox (target p99 ≤ 2 s).
//  2. An alert (预警通报) to 1,000 units: time until every unit's receipt task exists (target ≤ 30 s),
//     when BENCH_INCIDENT_ALERT_UNITS is not 0.
import { readdirSync, readFileSync } from 'node:fs';
import { and, inArray, isNotNull, like, sql } from 'drizzle-orm';
import { processStarts, tasks, users } from '../db/schema.js';
import { hashPassword } from '../api/auth/password.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { createManyUnits } from '../test/support/many-units.js';
import { startBenchStack } from './stack.js';
import { benchAlertFanOut } from './incident-alert.js';

const INCIDENTS = Number(process.argv[2] ?? 200);
const log = (msg: string) => console.log(`[bench:incident] ${msg}`);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** CPU seconds used so far by this process, the Temporal server and PostgreSQL (/proc, 100 Hz ticks). */
function cpuByProcess(): Record<string, number> {
  const totals: Record<string, number> = { node: 0, temporal: 0, postgres: 0, chromium: 0 };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = (Number(f[11]) + Number(f[12])) / 100;
      const kind =
        Number(pid) === process.pid
          ? 'node'
          : name === 'temporal'
            ? 'temporal'
            : name === 'postgres'
              ? 'postgres'
              : /chrom/.test(name)
                ? 'chromium'
                : undefined;
      if (kind) totals[kind]! += ticks;
    } catch {
      // exited
    }
  }
  return totals;
}
const cpuSince = (c0: Record<string, number>) => {
  const c1 = cpuByProcess();
  return Object.fromEntries(Object.keys(c0).map((k) => [k, Number((c1[k]! - c0[k]!).toFixed(2))]));
};

const stack = await startBenchStack('incident');
const { db } = stack.database;
try {
  // Four counties under two cities, each with its own official and N/4 institutions.
  const perCounty = Math.ceil(INCIDENTS / 4);
  const counties = [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [city, county] of [
    ['郑州市卫生健康委员会', '压测甲区卫生健康委员会'],
    ['郑州市卫生健康委员会', '压测乙区卫生健康委员会'],
    ['洛阳市卫生健康委员会', '压测丙区卫生健康委员会'],
    ['洛阳市卫生健康委员会', '压测丁区卫生健康委员会'],
  ] as const) {
    const many = await createManyUnits(db, city, county, perCounty);
    const [official] = await db
      .insert(users)
      .values({
        username: `bench.official.${many.rootId}`,
        realName: `压测官员${many.rootId}`,
        unitId: many.rootId,
        roles: ['official'],
        passwordHash,
      })
      .returning({ id: users.id });
    counties.push({ ...many, officialToken: await stack.session(official!.id) });
  }
  const reporters = counties.flatMap((c) => c.unitIds.map((unitId) => ({ unitId, token: c.staffTokens.get(unitId)! })));
  const chosen = reporters.slice(0, INCIDENTS);
  log(`${chosen.length} institutions in 4 counties of 2 cities; reporting one incident each, all at once`);

  // Warm the worker's workflow bundle and the API's prepared statements with one incident first.
  const levels = ['IV', 'IV', 'III', 'IV', 'III', 'II', 'IV', 'III', 'IV', 'III'] as const;
  const body = (i: number) => ({
    level: levels[i % levels.length],
    category: 'service_outage',
    title: `压测事件 ${i + 1}`,
    description: '核心业务系统中断。',
    systemsAffected: ['HIS'],
    criticalInfrastructure: i % 7 === 0,
    personalInfoAffected: 0,
    discoveredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    measuresTaken: '已切换备用系统。',
    contact: { name: '张值班', phone: '0371-88888888' },
  });
  await stack.call(chosen[0]!.token, 'POST', '/incidents', body(0));

  const c0 = cpuByProcess();
  const sent = new Map<string, number>();
  const answered: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    chosen.map(async (r, i) => {
      const at = Date.now();
      const started = performance.now();
      const incident = await stack.call<{ id: string }>(r.token, 'POST', '/incidents', body(i));
      answered.push(performance.now() - started);
      sent.set(incident.id, at);
    }),
  );
  const burstCpu = cpuSince(c0);
  log(`${chosen.length} POST /incidents answered in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ids = [...sent.keys()];
  let created: Array<{ workflowId: string; createdAt: Date }> = [];
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    created = await db
      .select({ workflowId: tasks.workflowId, createdAt: tasks.createdAt })
      .from(tasks)
      .where(and(inArray(tasks.workflowId, ids), like(tasks.taskKey, 'acknowledge-r1-%')));
    if (created.length === ids.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (created.length !== ids.length) throw new Error(`only ${created.length} of ${ids.length} 签收 tasks after 120 s`);
  // The inbox reads the same rows: every county official lists its units' tasks.
  let listed = 0;
  for (const c of counties) {
    const page = await stack.call<{ total: number }>(
      c.officialToken,
      'GET',
      '/tasks?type=incident_acknowledgement&pageSize=1',
    );
    listed += page.total;
  }
  // The workflows themselves start once the burst is over (api/process-starter.ts).
  let started = 0;
  for (const deadline = Date.now() + 120_000; started < ids.length && Date.now() < deadline;) {
    started = (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(processStarts)
        .where(and(inArray(processStarts.workflowId, ids), isNotNull(processStarts.startedAt)))
    )[0]!.n;
    if (started < ids.length) await new Promise((r) => setTimeout(r, 100));
  }
  const allStartedS = Number(((performance.now() - t0) / 1000).toFixed(1));
  const latencies = created.map((t) => t.createdAt.getTime() - sent.get(t.workflowId)!).sort((a, b) => a - b);
  const posts = answered.sort((a, b) => a - b);
  const result = {
    incidents: ids.length,
    listed_in_inboxes: listed,
    to_inbox_ms: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
    },
    post_answer_ms: { p50: Math.round(percentile(posts, 50)), p99: Math.round(percentile(posts, 99)) },
    target: 'p99 ≤ 2000 ms',
    burst_cpu_s: burstCpu,
    workflows_started: started,
    all_workflows_started_s: allStartedS,
  };
  log(JSON.stringify(result));
  const alertUnits = Number(process.env.BENCH_INCIDENT_ALERT_UNITS ?? 1000);
  if (alertUnits > 0) {
    const alert = await benchAlertFanOut(stack, { units: alertUnits, log });
    log(
      JSON.stringify({
        alert_units: alert.units,
        to_every_receipt_task_s: alert.seconds,
        documents: alert.documents,
        target: '≤ 30 s, one PDF',
      }),
    );
  }
} finally {
  await stack.stop();
}
