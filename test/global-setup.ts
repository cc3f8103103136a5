// One Temporal dev server (from the same CLI binary `npm start` uses) and one PostgreSQL server
// for the whole run; each test file then builds its own database from the committed migrations.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalCli } from '../scripts/toolchain.mjs';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.js';
import { freePort } from '../scripts/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cli = findTemporalCli();
  if (!cli.path)
    throw new Error('Temporal CLI not found: run `npm test` (its bootstrap builds it) or set TEMPORAL_CLI_PATH.');
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli.path },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
    },
  });

  let postgresAdminUrl = process.env.DATABASE_URL;
  let stopPostgres: (() => Promise<void>) | undefined;
  let pgDir: string | undefined;
  if (!postgresAdminUrl) {
    pgDir = mkdtempSync(join(tmpdir(), 'duban-test-pg-'));
    chmodSync(pgDir, 0o755); // PostgreSQL runs as the `postgres` OS user when we are root
    const pg = await startEmbeddedPostgres(join(pgDir, 'data'), await freePort());
    postgresAdminUrl = pg.url;
    stopPostgres = pg.stop;
  }

  project.provide('temporalAddress', temporal.address);
  project.provide('postgresAdminUrl', postgresAdminUrl);

  return async () => {
    await temporal.teardown();
    await stopPostgres?.();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  };
}
