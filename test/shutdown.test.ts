// SIGTERM to a worker whose activity keeps failing and retrying must end in an orderly stop: exit 0,
// "stopped" logged, and no uncaught error (it once ended in "Channel has been shut down").
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { grantAppRole, withRole } from '../db/app-role.js';
import { platformSelfCheckWorkflow } from '../workflows/platform-self-check.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { DEPLOYMENT_KEYS, launch, stackEnv, type LaunchedStack } from './support/processes.js';

const temporalStarted = proto.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
// Until the activity reaches the worker. Twice on a loaded CI machine (runs of 14:21 and 16:21 on
// 2026-12-07) it stayed SCHEDULED for the whole 60 s this once allowed, while the worker had just run
// the workflow's tasks; the cause is not established (a poll waiting on a task queue the dev server's
// matching reloaded sees new tasks only on its next long poll, about a minute later, is one candidate).
// What the test is about starts once the activity is in flight, however long that takes.
const ACTIVITY_DISPATCH = { timeout: 150_000 };

describe('worker shutdown', () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  let temporal: Client;
  // The worker's own database role, so the test can lock it out without touching other test files.
  const role = `duban_shutdown_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    database = await createTestDatabase();
    admin = postgres(inject('postgresAdminUrl'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${role} login password 'shutdown-test' noinherit`);
    await grantAppRole(database.ownerSql, role);
    temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  });
  afterAll(async () => {
    await temporal?.connection.close();
    await database?.drop();
    await admin?.unsafe(`drop role if exists ${role}`);
    await admin?.end();
  });

  const startWorker = (taskQueue: string): LaunchedStack =>
    launch(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', 'worker'],
      stackEnv({
        DATABASE_URL: withRole(database.ownerUrl, role, 'shutdown-test'),
        DATABASE_OWNER_URL: database.ownerUrl,
        ...DEPLOYMENT_KEYS,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: taskQueue,
        LOG_LEVEL: 'debug',
      }),
    );

  /** SIGTERM, then what an orderly stop shows: exit 0, "stopped", no uncaught or worker error. */
  async function expectOrderlyStop(worker: LaunchedStack) {
    process.kill(worker.child.pid!, 'SIGTERM');
    const { code, signal } = await worker.exited;
    const output = worker.output();
    expect(output).not.toMatch(/Channel has been shut down|Uncaught|unhandled|worker stopped with an error/i);
    expect({ code, signal }, output.slice(-4000)).toEqual({ code: 0, signal: null });
    expect(output).toContain('"msg":"stopped"');
  }

  it('SIGTERM while an activity is retrying stops the worker in order, exit 0', { timeout: 330_000 }, async () => {
    const taskQueue = `shutdown-${randomBytes(4).toString('hex')}`;
    const worker = startWorker(taskQueue);
    try {
      await expect.poll(() => worker.output(), { timeout: 120_000 }).toContain('is up');

      // The database turns the worker away from now on: its databaseTime activity fails and is retried.
      await admin.unsafe(`alter role ${role} nologin`);
      // Until none is left: a connection still authenticating when the role was altered survives one pass.
      await expect
        .poll(async () => {
          await admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`;
          return (await admin`select count(*)::int as n from pg_stat_activity where usename = ${role}`)[0]!.n;
        })
        .toBe(0);
      const handle = await temporal.workflow.start(platformSelfCheckWorkflow, {
        args: [0],
        taskQueue,
        workflowId: `shutdown-${randomBytes(4).toString('hex')}`,
      });
      await expect
        .poll(async () => (await handle.describe()).raw.pendingActivities?.[0]?.attempt ?? 0, ACTIVITY_DISPATCH)
        .toBeGreaterThanOrEqual(2);

      await expectOrderlyStop(worker);
      await handle.terminate('test over');
    } finally {
      if (worker.child.exitCode === null) process.kill(worker.child.pid!, 'SIGKILL');
      await admin.unsafe(`alter role ${role} login`);
    }
  });

  it('SIGTERM while an activity hangs in flight stops the worker in order, exit 0', { timeout: 330_000 }, async () => {
    const taskQueue = `shutdown-${randomBytes(4).toString('hex')}`;
    const worker = startWorker(taskQueue);
    let frozen: number[] = [];
    try {
      await expect.poll(() => worker.output(), { timeout: 120_000 }).toContain('is up');
      // The server processes of the worker's open connections stop answering: the next query on them hangs.
      // No new connection either (the pool would otherwise open one and the activity would just succeed).
      const backends = await admin<{ pid: number }[]>`select pid from pg_stat_activity where usename = ${role}`;
      expect(backends.length).toBeGreaterThan(0);
      await admin.unsafe(`alter role ${role} connection limit ${backends.length}`);
      frozen = backends.map((b) => b.pid);
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      const handle = await temporal.workflow.start(platformSelfCheckWorkflow, {
        args: [0],
        taskQueue,
        workflowId: `shutdown-${randomBytes(4).toString('hex')}`,
      });
      await expect
        .poll(async () => (await handle.describe()).raw.pendingActivities?.[0]?.state, ACTIVITY_DISPATCH)
        .toBe(temporalStarted);
      await expectOrderlyStop(worker);
      await handle.terminate('test over');
    } finally {
      if (worker.child.exitCode === null) process.kill(worker.child.pid!, 'SIGKILL');
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
      await admin.unsafe(`alter role ${role} connection limit -1`);
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`;
    }
  });
});
