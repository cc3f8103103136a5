// A workflow waiting on a timer survives a full stop and restart of the stack.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/ports.js';
import { platformSelfCheckWorkflow, selfCheckStageQuery } from '../workflows/platform-self-check.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  DEPLOYMENT_KEYS,
  launchStack,
  processesMentioning,
  stackEnv,
  waitForHealthy,
  withClient,
  type LaunchedStack,
} from './support/processes.js';

describe('durability across a restart of the whole stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-durable-'));
  chmodSync(dataDir, 0o755);
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A signal to the launcher alone (as a service manager sends it): it must stop its children itself. */
  async function stop(stack: LaunchedStack, signal: NodeJS.Signals) {
    stack.child.kill(signal);
    const exit = await stack.exited;
    await expect.poll(() => processesMentioning(dataDir), { timeout: 15_000 }).toEqual([]);
    return exit;
  }

  it(
    'a timer started before the stop fires after the restart and the workflow returns its result',
    { timeout: 240_000 },
    async () => {
      const ports = { PORT: await freePort(), TEMPORAL_DEV_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort() };
      const env = stackEnv({
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        DATABASE_OWNER_URL: database.ownerUrl,
        ...DEPLOYMENT_KEYS,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      });
      const workflowId = `durability-${Date.now()}`;

      const first = launchStack(env);
      await waitForHealthy(`http://127.0.0.1:${ports.PORT}`, first);
      await withClient(ports.TEMPORAL_DEV_PORT, async (client) => {
        const handle = await client.workflow.start(platformSelfCheckWorkflow, {
          taskQueue: 'duban',
          workflowId,
          args: [4_000],
        });
        await expect.poll(() => handle.query(selfCheckStageQuery), { timeout: 30_000 }).toBe('waiting');
      });
      expect(await stop(first, 'SIGINT')).toEqual({ code: 0, signal: null });

      const second = launchStack(env);
      try {
        await waitForHealthy(`http://127.0.0.1:${ports.PORT}`, second);
        const result = await withClient(ports.TEMPORAL_DEV_PORT, (client) =>
          client.workflow.getHandle(workflowId).result(),
        );
        expect(result.waitedMs).toBe(4_000);
        expect(new Date(result.databaseTime).getTime()).toBeGreaterThan(Date.now() - 60_000);
      } finally {
        expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
      }
    },
  );
});
