// npm run bench:audit [appends] — audited writes per second and how far the audit sealer lags.
// Through the real pool as the restricted application role, on a fresh database: (1) N concurrent
// appendAudit calls outside any transaction (reads, downloads, logins write this way), (2) the same
// inside short transactions, (3) audited API requests (GET /users/{id}) through the app, then the
// sealer's lag (commit of an event → its seal) and the time a full verification takes.
import { sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createScratchDatabase } from './scratch-database.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../db/client.js';
import { migrateAsOwner } from '../db/migrate.js';
import { APP_ROLE, ensureAppRole, withRole } from '../db/app-role.js';
import { appendAudit, type AuditEntry } from '../db/audit.js';
import { sealAuditEvents, startAuditSealer } from '../db/audit-seal.js';
import { verifyAuditChain } from '../db/audit-verify.js';
import { auditEvents, auditSeals } from '../db/schema.js';
import { seedDemoData, DEMO_PASSWORD } from '../db/seed.js';

const APPENDS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 50;
const env = loadEnv({ DUBAN_DEMO: '1', ...process.env, LOG_LEVEL: 'silent' });
const log = (msg: string) => console.log(`[bench:audit] ${msg}`);

const scratch = await createScratchDatabase(env.DATABASE_URL);
const appPassword = 'duban-bench-app';
await ensureAppRole(scratch.adminUrl, APP_ROLE, appPassword);
const appUrl = withRole(scratch.url, APP_ROLE, appPassword);
await migrateAsOwner(scratch.url, appUrl);
const database = connectDatabase(appUrl, { max: 20 });
await seedDemoData(database.db);
const sealer = startAuditSealer({
  db: database.db,
  key: env.AUDIT_KEY,
  onError: (err) => log(`sealing failed: ${String(err)}`),
});

/** Runs `count` tasks with at most CONCURRENCY at once; returns tasks per second. */
async function rate(count: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

const entry = (tag: string, i: number): AuditEntry => ({
  action: 'read',
  objectType: 'bench',
  objectId: i,
  requestId: `${tag}-${i}`,
  sourceIp: '127.0.0.1',
  outcome: 'success',
  detail: { i, tag },
});

const plain = await rate(APPENDS, (i) => appendAudit(database.db, entry('plain', i)));
log(`appendAudit without a transaction: ${APPENDS} appends, ${CONCURRENCY} at once: ${plain.toFixed(0)} appends/s`);
const inTx = await rate(APPENDS, (i) => database.db.transaction((tx) => appendAudit(tx, entry('tx', i))));
log(`appendAudit in a short transaction: ${APPENDS} appends, ${CONCURRENCY} at once: ${inTx.toFixed(0)} appends/s`);

const app = createApp({
  db: database.db,
  sql: database.sql,
  temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:7233' }) }),
  renderer: new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 }),
  logger: createLogger('silent'),
  env,
});
const login = await app.request('/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
});
const { token } = (await login.json()) as { token: string };
const requests = Math.max(1_000, Math.floor(APPENDS / 5));
const api = await rate(requests, async (i) => {
  const res = await app.request(`/users/${(i % 10) + 1}`, {
    headers: { authorization: `Bearer ${token}`, 'x-request-id': `api-${i}` },
  });
  if (res.status !== 200) throw new Error(`GET /users: ${res.status}`);
});
log(
  `audited API requests (GET /users/{id}): ${requests} requests, ${CONCURRENCY} at once: ${api.toFixed(0)} requests/s`,
);

// Lag: until every event is sealed, then per event (sealed_at − at) as the database saw it.
const t0 = performance.now();
for (;;) {
  const [pending] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(sql`not exists (select 1 from ${auditSeals} where ${auditSeals.eventSeq} = ${auditEvents.seq})`);
  if (pending!.n === 0) break;
  await new Promise((r) => setTimeout(r, 20));
}
log(`all events sealed ${((performance.now() - t0) / 1000).toFixed(2)} s after the last request returned`);
const [lag] = await database.db
  .select({
    p50: sql<number>`percentile_cont(0.5) within group (order by extract(epoch from ${auditSeals.sealedAt} - ${auditEvents.at}))`.mapWith(
      Number,
    ),
    p95: sql<number>`percentile_cont(0.95) within group (order by extract(epoch from ${auditSeals.sealedAt} - ${auditEvents.at}))`.mapWith(
      Number,
    ),
    max: sql<number>`max(extract(epoch from ${auditSeals.sealedAt} - ${auditEvents.at}))`.mapWith(Number),
    n: sql<number>`count(*)::int`,
  })
  .from(auditEvents)
  .innerJoin(auditSeals, sql`${auditSeals.eventSeq} = ${auditEvents.seq}`);
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
log(`sealer lag (append → seal) over ${lag!.n} events: p50 ${ms(lag!.p50)}, p95 ${ms(lag!.p95)}, max ${ms(lag!.max)}`);

const s0 = performance.now();
const sealed = await sealAuditEvents(database.db, env.AUDIT_KEY, { full: true, wait: true });
const v0 = performance.now();
const verdict = await verifyAuditChain(database.db, env.AUDIT_KEY);
log(
  `full sealing pass with nothing pending: ${(v0 - s0).toFixed(0)} ms (${sealed} sealed); ` +
    `verification of ${verdict.rows} rows: ${((performance.now() - v0) / 1000).toFixed(2)} s, ok=${verdict.ok}`,
);

await sealer.stop();
await database.close();
await scratch.drop();
