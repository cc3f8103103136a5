// Starts the system the way `npm start` runs it: database, migrations, demo data, Temporal, worker,
// renderer and API, and stops it again in reverse order. `npm run api` and `npm run worker` run the
// same code with one role each, against an external PostgreSQL and Temporal (README "At scale").
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Env } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import { connectDatabase } from '../db/client.js';
import { SessionCache } from '../api/auth/sessions.js';
import { prepareDatabase } from '../db/prepare.js';
import { APP_ROLE, ensureAppRole, excessPrivileges, withRole } from '../db/app-role.js';
import { startAuditSealer } from '../db/audit-seal.js';
import type { DemoLogin } from '../db/seed.js';
import { connectClient, connectWorker } from '../config/temporal.js';
import { Renderer } from '../activities/renderer.js';
import { createApp } from '../api/app.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { startTemporalDevServer } from './temporal-dev-server.js';
import { createWorker, installTemporalRuntime } from './worker.js';
import { assertPortFree } from './ports.js';
import { claimDataDir, stopLeftovers } from './leftover-processes.js';

/** The embedded cluster listens on 127.0.0.1 only; its roles' passwords are not secrets. */
const EMBEDDED_APP_PASSWORD = 'duban-local-app';

/** How long a part other than the worker may take to stop (the worker has its own limits, scripts/worker.ts). */
const PART_STOP_MS = 3_000;

/** What one process runs: everything (`npm start`), the API only or the worker only. */
export type Role = 'all' | 'api' | 'worker';

export interface RunningStack {
  role: Role;
  /** Undefined in the worker role. */
  apiUrl: string | undefined;
  temporalUiUrl: string | undefined;
  temporalAddress: string;
  /** Demo logins (demo mode only). */
  demo: { firstStart: boolean; logins: DemoLogin[]; password: string } | undefined;
  /** Whether any user exists; outside demo mode the first administrator comes from `npm run admin:create`. */
  hasUsers: boolean;
  stop(): Promise<void>;
}

/** Thrown when a role is started without what it needs; its message is the one line the operator sees. */
export class RoleError extends Error {}

type Stops = Array<[string, () => Promise<unknown>]>;

/**
 * Stops the parts started so far, last first. Each part gets a bounded time to stop, so one that
 * hangs (the audit sealer's last pass on a database that stopped answering, say) does not keep the
 * rest running: the next part still stops, the pool's end closes what is left, and the whole stop
 * ends inside the launcher's 30 s limit.
 */
async function stopInOrder(stops: Stops, logger: Logger): Promise<void> {
  for (const [name, stop] of stops.reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const limitMs = name === 'worker' ? 17_000 : PART_STOP_MS;
    try {
      const outcome = await Promise.race([
        stop().then(() => 'stopped' as const),
        new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), limitMs))),
      ]);
      if (outcome === 'late') logger.warn({ part: name, limitMs }, 'did not stop in time; going on');
      else logger.debug({ part: name }, 'stopped');
    } catch (err) {
      logger.warn({ part: name, err }, 'stop failed');
    } finally {
      clearTimeout(timer);
    }
  }
  stops.length = 0;
}

/** Several API and worker processes share one database and one Temporal cluster: none can own an embedded one. */
function assertExternalServices(env: Env, role: Role): void {
  if (role === 'all') return;
  const missing = (['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const).filter((name) => !env[name]);
  if (missing.length)
    throw new RoleError(
      `npm run ${role} needs ${missing.join(' and ')}: the ${role} role runs against an external PostgreSQL and ` +
        'Temporal (README "At scale"); `npm start` runs everything on this machine',
    );
}

/** The all-in-one claims DATA_DIR and first stops what a previous run on it left running (kill -9). */
async function claimData(dataDir: string, stops: Stops, logger: Logger): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const releaseDataDir = claimDataDir(dataDir);
  stops.push(['data directory claim', async () => releaseDataDir()]);
  for (const leftover of await stopLeftovers(dataDir))
    logger.warn({ part: leftover.part, pid: leftover.pid }, 'stopped a process left running by a previous start');
}

/** PostgreSQL (embedded unless DATABASE_URL is set), migrated and seeded, with the pool and the audit sealer. */
async function startDatabase(env: Env, dataDir: string, stops: Stops, logger: Logger) {
  let databaseUrl = env.DATABASE_URL;
  let ownerUrl = env.DATABASE_OWNER_URL;
  if (!databaseUrl) {
    await assertPortFree(env.EMBEDDED_PG_PORT, 'embedded PostgreSQL', 'EMBEDDED_PG_PORT');
    logger.info({ dir: join(dataDir, 'pg') }, 'starting embedded PostgreSQL');
    const pg = await startEmbeddedPostgres(join(dataDir, 'pg'), env.EMBEDDED_PG_PORT, (line) =>
      logger.trace({ part: 'postgres' }, line),
    );
    stops.push(['embedded postgres', pg.stop]);
    // The embedded superuser owns the tables and migrates; the system runs as the app role (db/app-role.ts).
    ownerUrl = pg.url;
    await ensureAppRole(pg.url, APP_ROLE, EMBEDDED_APP_PASSWORD);
    databaseUrl = withRole(pg.url, APP_ROLE, EMBEDDED_APP_PASSWORD);
  }
  const prepared = await prepareDatabase(env, ownerUrl ?? databaseUrl, databaseUrl);
  const database = connectDatabase(databaseUrl);
  stops.push(['database pool', database.close]);
  const excess = await excessPrivileges(database.sql);
  if (excess.length)
    logger.warn(
      { role: excess },
      "DATABASE_URL connects as a role that can lift the audit trail's protection: use a restricted role and " +
        'DATABASE_OWNER_URL (README)',
    );
  const sealer = startAuditSealer({
    db: database.db,
    key: env.AUDIT_KEY,
    onError: (err) => logger.error({ err }, 'audit sealing failed'),
  });
  stops.push(['audit sealer', sealer.stop]);
  return { databaseUrl, database, prepared };
}

/** Temporal's address: TEMPORAL_ADDRESS, or a dev server started here. */
async function startTemporal(env: Env, dataDir: string, stops: Stops, logger: Logger) {
  if (env.TEMPORAL_ADDRESS) return { temporalAddress: env.TEMPORAL_ADDRESS, temporalUiUrl: undefined };
  logger.info('starting the Temporal dev server');
  const server = await startTemporalDevServer({
    dataDir,
    port: env.TEMPORAL_DEV_PORT,
    uiPort: env.TEMPORAL_UI_PORT,
    namespace: env.TEMPORAL_NAMESPACE,
    log: (line) => logger.trace({ part: 'temporal' }, line),
  });
  stops.push(['temporal dev server', server.stop]);
  return { temporalAddress: server.address, temporalUiUrl: server.uiUrl as string | undefined };
}

/** The PDF renderer, warmed now (Chromium launched, fonts read) rather than on the first document or probe. */
function startRenderer(env: Env, dataDir: string, role: Role, stops: Stops, logger: Logger): Renderer {
  const renderer = new Renderer({
    executablePath: env.CHROMIUM_PATH,
    poolSize: env.RENDER_POOL_SIZE,
    processModel: env.RENDER_PROCESS_MODEL,
    // Replicas may share a machine and DATA_DIR: each takes a temporary profile of its own.
    profileDir: role === 'all' ? join(dataDir, 'chromium') : undefined,
  });
  stops.push(['renderer', () => renderer.close()]);
  void renderer.health().catch((err: unknown) => logger.error({ err }, 'Chromium could not start'));
  void renderer.documentFonts().then(
    (fonts) =>
      fonts.missing.length &&
      logger.warn(
        { missing: fonts.missing },
        'document fonts not installed: documents print with the system fonts, several times slower ' +
          '(apt-get install fonts-noto-cjk fontconfig)',
      ),
    (err: unknown) => logger.error({ err }, 'document fonts could not be loaded'),
  );
  return renderer;
}

const waitingFor = (logger: Logger, address: string) => (err: unknown) =>
  logger.warn({ err, address }, 'Temporal is not serving yet; waiting up to a minute');

interface Parts {
  env: Env;
  logger: Logger;
  stops: Stops;
  temporalAddress: string;
  database: ReturnType<typeof connectDatabase>;
  databaseUrl: string;
  renderer: Renderer;
}

async function startWorkerPart({ env, logger, stops, temporalAddress, database, renderer }: Parts): Promise<void> {
  const workerConnection = await connectWorker(env, temporalAddress, waitingFor(logger, temporalAddress));
  stops.push(['worker connection', () => workerConnection.close()]);
  const worker = await createWorker(
    env,
    workerConnection,
    { db: database.db, renderer, clock: () => new Date() },
    { log: (msg) => logger.info(msg) },
  );
  const running = worker.run();
  // Logged once here; the stop below awaits the same promise and must not throw it again.
  const ended = running.then(
    () => undefined,
    (err: unknown) => logger.error({ err }, 'worker stopped with an error'),
  );
  stops.push([
    'worker',
    async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await ended;
    },
  ]);
}

/** The API on PORT; answers its URL. */
async function startApiPart(parts: Parts): Promise<string> {
  const { env, logger, stops, temporalAddress, database, databaseUrl, renderer } = parts;
  const client = await connectClient(env, temporalAddress, waitingFor(logger, temporalAddress));
  stops.push(['temporal client', () => client.connection.close()]);
  const sessionCache = new SessionCache(databaseUrl, {
    onLost: (err) =>
      logger.warn({ err }, 'session cache: LISTEN connection lost; sessions are looked up until it is back'),
  });
  stops.push(['session cache', () => sessionCache.close()]);
  const app = createApp({ db: database.db, sql: database.sql, temporal: client, renderer, logger, env, sessionCache });
  const server = await new Promise<ServerType>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: '0.0.0.0' }, () => resolveServer(s));
    s.once('error', reject);
  });
  stops.push(['api', () => new Promise<void>((r) => server.close(() => r()))]);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts every part of `role`; if one fails, what already started is stopped before the error propagates. */
export async function startStack(env: Env, logger: Logger, role: Role = 'all'): Promise<RunningStack> {
  assertExternalServices(env, role);
  const stops: Stops = [];
  const stopAll = () => stopInOrder(stops, logger);
  try {
    const dataDir = resolve(env.DATA_DIR);
    if (role === 'all') await claimData(dataDir, stops, logger);
    if (role !== 'worker') await assertPortFree(env.PORT, 'the API', 'PORT');
    const { databaseUrl, database, prepared } = await startDatabase(env, dataDir, stops, logger);
    const { temporalAddress, temporalUiUrl } = await startTemporal(env, dataDir, stops, logger);
    const renderer = startRenderer(env, dataDir, role, stops, logger);
    installTemporalRuntime(env);
    const parts: Parts = { env, logger, stops, temporalAddress, database, databaseUrl, renderer };
    if (role !== 'api') await startWorkerPart(parts);
    const apiUrl = role !== 'worker' ? await startApiPart(parts) : undefined;
    return {
      role,
      apiUrl,
      temporalUiUrl,
      temporalAddress,
      demo: prepared.demo,
      hasUsers: prepared.hasUsers,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
