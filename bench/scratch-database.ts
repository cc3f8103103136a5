// A throwaway database for a benchmark: on the server in DATABASE_URL, else on an embedded
// PostgreSQL of its own; dropped (and the embedded server stopped) when the benchmark ends.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.js';
import { freePort } from '../scripts/ports.js';

export interface ScratchDatabase {
  /** The server's administrative URL (the superuser that created the database). */
  adminUrl: string;
  /** The new database, as the same user. */
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database named `duban_bench_…`; `drop()` removes it. */
export async function createScratchDatabase(databaseUrl: string | undefined): Promise<ScratchDatabase> {
  let adminUrl = databaseUrl;
  let stopPostgres: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-pg-'));
    chmodSync(dir, 0o755); // PostgreSQL runs as the `postgres` OS user when we are root
    const pg = await startEmbeddedPostgres(join(dir, 'data'), await freePort());
    adminUrl = pg.url;
    stopPostgres = pg.stop;
  }
  const name = `duban_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    adminUrl,
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
      await stopPostgres?.();
    },
  };
}
