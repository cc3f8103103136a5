// npm run bench:api [seconds] — HTTP latency and throughput of the API over loopback, beside two
// floors measured in the same run on the same machine:
//   floor-json  a bare Hono route that answers the inbox's JSON (the price of HTTP + Hono);
//   floor-sql   a bare Hono route that runs the inbox rows' SQL once through postgres.js
//               (the price of one database round trip);
// and four routes of the real app (its middleware, session check, audit, the production pool):
//   inbox       GET /tasks for a unit staff member whose inbox is empty;
//   task        GET /tasks/{id} (a read that writes an audit event);
//   document    GET /documents/{id} (a 40 KB PDF; audited download);
//   audited     GET /users/{id} (an administrator's audited read).
// Each at a steady 200 requests/s (p50/p95/p99) and at saturation (50 connections), `seconds`
// (default 10) each, load from autocannon in a separate process (bench/load.ts); beside each, the
// server process's CPU time per request at saturation, which other load on the machine disturbs less. Set
// BENCH_API_ONLY=inbox,floor-sql to run some of them (e.g. under `node --cpu-prof --import tsx`).
// When both floor-sql and inbox run, BENCH_API_RATIO_ROUNDS (default 5) alternating saturation pairs
// of the two follow, for the inbox ÷ SQL floor ratio as a median.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { SessionCache } from '../api/auth/sessions.js';
import { Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { createScratchDatabase } from './scratch-database.js';
import { connectDatabase } from '../db/client.js';
import { migrateAsOwner } from '../db/migrate.js';
import { APP_ROLE, ensureAppRole, withRole } from '../db/app-role.js';
import { startAuditSealer } from '../db/audit-seal.js';
import { documents, tasks, users } from '../db/schema.js';
import { seedDemoData, DEMO_PASSWORD } from '../db/seed.js';
import type { LoadResult, LoadSpec } from './load.js';

const SECONDS = Number(process.argv[2] ?? 10);
const STEADY_RATE = 200;
const SATURATION_CONNECTIONS = 50;
/** Alternating floor/inbox saturation pairs for the ratio (BENCH_API_RATIO_ROUNDS; 0 skips them). */
const RATIO_ROUNDS = Number(process.env.BENCH_API_RATIO_ROUNDS ?? 5);
const only = process.env.BENCH_API_ONLY?.split(',');
const env = loadEnv({ DUBAN_DEMO: '1', ...process.env, LOG_LEVEL: 'silent' });
const log = (msg: string) => console.log(`[bench:api] ${msg}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// --- a fresh database as production uses it: the restricted role, the default pool, the sealer ---
const scratch = await createScratchDatabase(env.DATABASE_URL);
const appPassword = 'duban-bench-app';
await ensureAppRole(scratch.adminUrl, APP_ROLE, appPassword);
const appUrl = withRole(scratch.url, APP_ROLE, appPassword);
await migrateAsOwner(scratch.url, appUrl);
const database = connectDatabase(appUrl);
await seedDemoData(database.db);
const sealer = startAuditSealer({
  db: database.db,
  key: env.AUDIT_KEY,
  onError: (err) => log(`sealing failed: ${String(err)}`),
});
const { db } = database;
const userNamed = async (username: string) => (await db.select().from(users).where(eq(users.username, username)))[0]!;
const staff = await userNamed('jshosp.staff');
const emptyInbox = await userNamed('jscdc.staff');
const [task] = await db
  .insert(tasks)
  .values({
    workflowId: 'bench-api',
    taskKey: 'bench-api',
    type: 'notice_receipt',
    title: '压测：签收通知',
    assigneeUnitId: staff.unitId,
    assigneeRole: 'unit_staff',
    dueAt: new Date(Date.now() + 86_400_000),
    formSchema: { type: 'object', properties: {} },
    updateName: 'complete',
    payload: { note: '压测' },
  })
  .returning();
const pdf = Buffer.alloc(40 * 1024, 0x20);
pdf.write('%PDF-1.7\n');
const [document] = await db
  .insert(documents)
  .values({
    kind: 'notice',
    title: '压测文书',
    unitId: staff.unitId,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    sizeBytes: pdf.length,
    pdf,
  })
  .returning();

const sessionCache = new SessionCache(appUrl, { onLost: (err) => log(`session cache listener lost: ${String(err)}`) });
await sessionCache.ready;
// --- the app, served as scripts/stack.ts serves it (Temporal and Chromium are not touched by these reads) ---
const app = createApp({
  db,
  sql: database.sql,
  temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:7233' }) }),
  renderer: new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 }),
  logger: createLogger('silent'),
  env,
  sessionCache,
});
async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<[ServerType, string]> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve([server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`]),
    );
  });
}
const [appServer, appBase] = await listen(app.fetch);
const tokenOf = async (username: string) => {
  const res = await fetch(`${appBase}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const inboxHeaders = bearer(await tokenOf(emptyInbox.username));
const staffHeaders = bearer(await tokenOf(staff.username));
const adminHeaders = bearer(await tokenOf('admin'));
const inboxAnswer = await (await fetch(`${appBase}/tasks`, { headers: inboxHeaders })).text();

// --- the floors: bare Hono, same JSON; bare Hono + the inbox rows' SQL once through postgres.js ---
const bare = new Hono();
bare.get('/json', (c) => c.body(inboxAnswer, 200, { 'content-type': 'application/json' }));
bare.get('/sql', async (c) => {
  const rows = await database.sql`
    select * from tasks
    where status = 'open' and assignee_unit_id = ${emptyInbox.unitId}
      and (assignee_user_id = ${emptyInbox.id}
           or (assignee_user_id is null and (assignee_role is null or assignee_role = any(${emptyInbox.roles}))))
      and (claimed_by_user_id is null or claimed_by_user_id = ${emptyInbox.id})
    order by due_at, created_at limit 20 offset 0`;
  return c.json({ items: rows, total: rows.length, page: 1, pageSize: 20 });
});
const [bareServer, bareBase] = await listen(bare.fetch);

const targets: { name: string; url: string; headers: Record<string, string> }[] = [
  { name: 'floor-json', url: `${bareBase}/json`, headers: {} },
  { name: 'floor-sql', url: `${bareBase}/sql`, headers: {} },
  { name: 'inbox', url: `${appBase}/tasks`, headers: inboxHeaders },
  { name: 'task', url: `${appBase}/tasks/${task!.id}`, headers: staffHeaders },
  { name: 'document', url: `${appBase}/documents/${document!.id}`, headers: staffHeaders },
  { name: 'audited', url: `${appBase}/users/${staff.id}`, headers: adminHeaders },
].filter((t) => !only || only.includes(t.name));

const loader = fileURLToPath(new URL('./load.ts', import.meta.url));
async function run(spec: LoadSpec): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', loader, JSON.stringify(spec)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

/**
 * The inbox's saturation as a fraction of the SQL floor's, from `RATIO_ROUNDS` back-to-back pairs
 * (floor then inbox, then the other way round, so that neither always runs second). One pair is
 * at the mercy of whatever else the machine runs in those seconds; the median of several is not.
 */
async function ratioRounds(): Promise<number[]> {
  const [floor, inbox] = ['floor-sql', 'inbox'].map((name) => targets.find((t) => t.name === name)!);
  const saturate = async (t: typeof floor) => {
    const cpu0 = process.cpuUsage();
    const result = await run({
      url: t!.url,
      headers: t!.headers,
      connections: SATURATION_CONNECTIONS,
      seconds: SECONDS,
    });
    const cpu = process.cpuUsage(cpu0);
    return { rps: result.rps, cpu: (cpu.user + cpu.system) / Math.max(1, result.ok + result.non2xx) };
  };
  const ratios: number[] = [];
  for (let round = 1; round <= RATIO_ROUNDS; round++) {
    const loadBefore = load();
    const pair = round % 2 ? [floor, inbox] : [inbox, floor];
    const [first, second] = [await saturate(pair[0]), await saturate(pair[1])];
    const [f, i] = round % 2 ? [first, second] : [second, first];
    ratios.push(i.rps / f.rps);
    log(
      `ratio round ${round}/${RATIO_ROUNDS}: floor ${f.rps.toFixed(0)}/s (${f.cpu.toFixed(0)} µs), inbox ${i.rps.toFixed(0)}/s` +
        ` (${i.cpu.toFixed(0)} µs): ${(i.rps / f.rps).toFixed(2)}× | heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB` +
        ` | load ${loadBefore} → ${load()}`,
    );
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  log(
    `inbox saturation / SQL floor over ${RATIO_ROUNDS} alternating pairs: median ${median.toFixed(2)}× (${sorted.map((r) => r.toFixed(2)).join(', ')})`,
  );
  return ratios;
}

const rows: Record<string, unknown>[] = [];
const ms = (n: number) => `${n.toFixed(1)} ms`;
try {
  for (const t of targets) {
    const check = await fetch(t.url, { headers: t.headers });
    if (check.status !== 200) throw new Error(`${t.name}: ${check.status} ${await check.text()}`);
    await run({ url: t.url, headers: t.headers, connections: 10, seconds: 2 }); // warm-up
    const loadBefore = load();
    const steady = await run({ url: t.url, headers: t.headers, connections: 10, seconds: SECONDS, rate: STEADY_RATE });
    const cpu0 = process.cpuUsage();
    const saturated = await run({
      url: t.url,
      headers: t.headers,
      connections: SATURATION_CONNECTIONS,
      seconds: SECONDS,
    });
    const cpu = process.cpuUsage(cpu0);
    // The server process's own CPU per answered request: steadier than rates on a shared machine.
    const cpuPerRequest = (cpu.user + cpu.system) / Math.max(1, saturated.ok + saturated.non2xx);
    log(
      `${t.name.padEnd(10)} at ${STEADY_RATE}/s: ${steady.rps.toFixed(0)}/s p50 ${ms(steady.p50)} p95 ${ms(steady.p95)} p99 ${ms(steady.p99)}` +
        ` | saturation (${SATURATION_CONNECTIONS} conns): ${saturated.rps.toFixed(0)}/s p50 ${ms(saturated.p50)} p99 ${ms(saturated.p99)}` +
        ` | server CPU ${cpuPerRequest.toFixed(0)} µs/request` +
        ` | non-2xx ${steady.non2xx + saturated.non2xx}, errors ${steady.errors + saturated.errors}` +
        ` | load ${loadBefore} → ${load()}`,
    );
    rows.push({ target: t.name, steady, saturated, cpuPerRequest, loadavg: loadBefore });
  }
  const rate = (name: string) => (rows.find((r) => r.target === name)?.saturated as LoadResult | undefined)?.rps;
  const floor = rate('floor-sql');
  const inbox = rate('inbox');
  if (floor && inbox) log(`inbox saturation / SQL floor: ${(inbox / floor).toFixed(2)}×`);
  const ratios = floor && inbox ? await ratioRounds() : [];
  console.log(JSON.stringify({ seconds: SECONDS, steadyRate: STEADY_RATE, rows, ratios }));
} finally {
  await new Promise((r) => appServer.close(r));
  await new Promise((r) => bareServer.close(r));
  await sealer.stop();
  await sessionCache.close();
  await database.close();
  await scratch.drop();
}
