// npm run bench:circular [units] — issue 13's circular targets through the real API, worker,
// Temporal dev server, PostgreSQL and Chromium (bench/stack.ts):
//  1. A circular (通报) to N (default 1,000) institutions: time from the leader's approval to every
//     unit's receipt task existing — numbering, one PDF, a few multi-row INSERTs (target ≤ 30 s).
//  2. The sender's receipt table for those N units, a fifth of them signed: the query alone
//     (db/circular-reads.ts receiptTable) and the whole GET /circulars/{id} (session, jurisdiction
//     check, table, audit row, JSON), p50/p95 over repeated reads (target p95 ≤ 100 ms).
import { and, eq, sql } from 'drizzle-orm';
import { tasks, users } from '../db/schema.js';
import { hashPassword } from '../api/auth/password.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { createManyUnits } from '../test/support/many-units.js';
import { receiptTable } from '../db/circular-reads.js';
import { startBenchStack } from './stack.js';

const UNITS = Number(process.argv[2] ?? 1000);
const READS = 200;
const log = (msg: string) => console.log(`[bench:circular] ${msg}`);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const stack = await startBenchStack('circular');
const { db } = stack.database;
const countTasks = async (workflowId: string, type: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(and(eq(tasks.workflowId, workflowId), eq(tasks.type, type)))
  )[0]!.n;
const waitFor = async (what: string, done: () => Promise<boolean>, timeoutMs = 300_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
try {
  const many = await createManyUnits(db, '郑州市卫生健康委员会', '压测通报县卫生健康委员会', UNITS);
  log(`${UNITS} institutions created under one county`);
  const [commission] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.username, 'zz.official'));
  const [leader] = await db
    .insert(users)
    .values({
      username: 'bench.zz.leader',
      realName: '压测委领导',
      unitId: commission!.unitId,
      roles: ['commission_leader'],
      passwordHash: await hashPassword(DEMO_PASSWORD),
    })
    .returning({ id: users.id });
  const leaderToken = await stack.session(leader!.id);
  const official = await stack.login('zz.official');

  const { id } = await stack.call<{ id: string }>(official, 'POST', '/circulars', {
    kind: 'situation',
    title: '关于全市医疗卫生机构网络安全检查情况的通报',
    paragraphs: ['压测：检查发现的问题及整改要求。'],
    recipients: { subtreeOf: many.rootId },
    remindBeforeSeconds: 0,
  });
  await waitFor('the approval task', async () => (await countTasks(id, 'circular_approval')) === 1);
  const [approval] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.workflowId, id), eq(tasks.type, 'circular_approval')));
  const t0 = performance.now();
  await stack.call(leaderToken, 'POST', `/tasks/${approval!.id}/complete`, { input: { decision: 'approve' } });
  await waitFor('every receipt task', async () => (await countTasks(id, 'circular_receipt')) === UNITS);
  const fanOut = Number(((performance.now() - t0) / 1000).toFixed(2));
  log(`approval → ${UNITS} receipt tasks: ${fanOut} s`);

  // A fifth of the units sign, twenty at a time, so the table has both kinds of rows.
  const receipts = await db
    .select({ id: tasks.id, unitId: tasks.assigneeUnitId })
    .from(tasks)
    .where(and(eq(tasks.workflowId, id), eq(tasks.type, 'circular_receipt')));
  const signing = receipts.slice(0, Math.floor(UNITS / 5));
  for (let i = 0; i < signing.length; i += 20)
    await Promise.all(
      signing.slice(i, i + 20).map((r) =>
        stack.call(many.staffTokens.get(r.unitId)!, 'POST', `/tasks/${r.id}/complete`, {
          input: { receiverName: '压测签收' },
        }),
      ),
    );
  log(`${signing.length} units signed`);

  /** Sorted durations (ms) of `READS` calls of `read`, after 10 that warm the caches. */
  const timed = async (read: () => Promise<{ receipts: unknown[] }>) => {
    const times: number[] = [];
    for (let i = 0; i < READS + 10; i++) {
      const s = performance.now();
      const table = await read();
      if (i >= 10) times.push(performance.now() - s);
      if (table.receipts.length !== UNITS) throw new Error(`receipt table has ${table.receipts.length} rows`);
    }
    return times.sort((a, b) => a - b);
  };
  const query = await timed(() => receiptTable(db, id));
  const times = await timed(() => stack.call<{ receipts: unknown[] }>(official, 'GET', `/circulars/${id}`));
  const ms = (v: number) => Number(v.toFixed(1));
  console.log(
    JSON.stringify(
      {
        units: UNITS,
        approval_to_every_receipt_task_s: fanOut,
        receipt_table_reads: READS,
        receipt_table_query_p50_ms: ms(percentile(query, 50)),
        receipt_table_query_p95_ms: ms(percentile(query, 95)),
        get_circular_p50_ms: ms(percentile(times, 50)),
        get_circular_p95_ms: ms(percentile(times, 95)),
        get_circular_max_ms: ms(times.at(-1)!),
      },
      null,
      2,
    ),
  );
  await stack.temporal.workflow.getHandle(id).terminate('压测结束');
} finally {
  await stack.stop();
}
