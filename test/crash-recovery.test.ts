// `npm start` after a crash: the launcher is killed with SIGKILL (nothing of it runs, so its
// embedded PostgreSQL, Temporal dev server and Chromium are orphaned) while a workflow waits on a
// timer; the next start on the same DATA_DIR stops those leftovers itself, comes up, and the
// workflow finishes. No process of that DATA_DIR remains at the end.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/ports.js';
import { findLeftovers } from '../scripts/leftover-processes.js';
import { platformSelfCheckWorkflow, selfCheckStageQuery } from '../workflows/platform-self-check.js';
import {
  isAlive,
  launchStack,
  processesMentioning,
  stackEnv,
  waitForHealthy,
  withClient,
  type LaunchedStack,
} from './support/processes.js';

describe('npm start after the launcher was killed (kill -9)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-crash-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the `postgres` OS user under root
  afterAll(() => {
    // Whatever a failed run left behind, so it does not outlive the test.
    for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'stops the orphans of the killed run, comes up on the same DATA_DIR, and the workflow in flight finishes',
    { timeout: 300_000 },
    async () => {
      const ports = {
        PORT: await freePort(),
        TEMPORAL_DEV_PORT: await freePort(),
        TEMPORAL_UI_PORT: await freePort(),
        EMBEDDED_PG_PORT: await freePort(),
      };
      const env = stackEnv({
        DATA_DIR: dataDir,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      });
      const workflowId = `crash-recovery-${Date.now()}`;

      const first = launchStack(env);
      await waitForHealthy(`http://127.0.0.1:${ports.PORT}`, first, 200_000);
      await withClient(ports.TEMPORAL_DEV_PORT, async (client) => {
        const handle = await client.workflow.start(platformSelfCheckWorkflow, {
          taskQueue: 'duban',
          workflowId,
          args: [5_000],
        });
        await expect.poll(() => handle.query(selfCheckStageQuery), { timeout: 30_000 }).toBe('waiting');
      });
      // SIGKILL to the launcher alone: no handler of it runs.
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const orphans = processesMentioning(dataDir);
      // PostgreSQL and the Temporal dev server (at least) outlive it, holding their ports.
      expect(orphans.length).toBeGreaterThanOrEqual(2);

      let second: LaunchedStack | undefined = launchStack(env);
      try {
        await waitForHealthy(`http://127.0.0.1:${ports.PORT}`, second, 200_000);
        expect(second.output()).toContain('stopped a process left running by a previous start');
        for (const pid of orphans) expect(processesMentioning(dataDir)).not.toContain(pid);
        const result = await withClient(ports.TEMPORAL_DEV_PORT, (client) =>
          client.workflow.getHandle(workflowId).result(),
        );
        expect(result.waitedMs).toBe(5_000);

        second.child.kill('SIGTERM');
        expect(await second.exited).toEqual({ code: 0, signal: null });
        second = undefined;
        await expect.poll(() => processesMentioning(dataDir), { timeout: 15_000 }).toEqual([]);
      } finally {
        second?.child.kill('SIGKILL');
      }
    },
  );

  it(
    'refuses to start on a DATA_DIR a live launcher holds, and leaves that launcher running',
    { timeout: 300_000 },
    async () => {
      const ports = {
        PORT: await freePort(),
        TEMPORAL_DEV_PORT: await freePort(),
        TEMPORAL_UI_PORT: await freePort(),
        EMBEDDED_PG_PORT: await freePort(),
      };
      const env = stackEnv({
        DATA_DIR: dataDir,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      });
      const running = launchStack(env);
      try {
        await waitForHealthy(`http://127.0.0.1:${ports.PORT}`, running, 200_000);
        // The running instance's long-lived parts (Chromium's helper processes come and go by themselves).
        const parts = findLeftovers(dataDir).map((part) => part.pid);
        expect(parts).toHaveLength(3);
        const other = { ...env, PORT: String(await freePort()) };
        const intruder = launchStack(other);
        expect((await intruder.exited).code).toBe(1);
        expect(intruder.output()).toContain(`正由另一个督办实例（进程 ${running.child.pid}）使用`);
        expect([running.child.pid!, ...parts].filter((pid) => !isAlive(pid))).toEqual([]);
        expect((await fetch(`http://127.0.0.1:${ports.PORT}/healthz`)).status).toBe(200);
      } finally {
        running.child.kill('SIGTERM');
        await running.exited;
      }
    },
  );
});
