// Starts the whole system the way `npm start` runs it: database, migrations, demo data, Temporal,
// worker, renderer and API, and stops it again in reverse order.
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Env } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import { connectDatabase } from '../db/client.js';
import { migrateAsOwner } from '../db/migrate.js';
import { APP_ROLE, ensureAppRole, excessPrivileges, withRole } from '../db/app-role.js';
import { startAuditSealer } from '../db/audit-seal.js';
import { seedDemoData, type DemoLogin } from '../db/seed.js';
import { ensureDefaultPolicies } from '../db/default-policies.js';
import { ensureDefaultChecklist } from '../db/default-checklist.js';
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

export interface RunningStack {
  apiUrl: string;
  temporalUiUrl: string | undefined;
  temporalAddress: string;
  demo: { firstStart: boolean; logins: DemoLogin[]; password: string };
  stop(): Promise<void>;
}

/** Starts every part; if one fails, what already started is stopped before the error propagates. */
export async function startStack(env: Env, logger: Logger): Promise<RunningStack> {
  const stops: Array<[string, () => Promise<unknown>]> = [];
  const stopAll = async () => {
    for (const [name, stop] of stops.reverse()) {
      try {
        await stop();
        logger.debug({ part: name }, 'stopped');
      } catch (err) {
        logger.warn({ part: name, err }, 'stop failed');
      }
    }
    stops.length = 0;
  };
  try {
    const dataDir = resolve(env.DATA_DIR);
    mkdirSync(dataDir, { recursive: true });
    const releaseDataDir = claimDataDir(dataDir);
    stops.push(['data directory claim', async () => releaseDataDir()]);
    // What a previous run on this DATA_DIR left running when it was killed (kill -9) goes first.
    for (const leftover of await stopLeftovers(dataDir))
      logger.warn({ part: leftover.part, pid: leftover.pid }, 'stopped a process left running by a previous start');
    await assertPortFree(env.PORT, 'the API', 'PORT');

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
    await migrateAsOwner(ownerUrl ?? databaseUrl, databaseUrl);
    const database = connectDatabase(databaseUrl);
    stops.push(['database pool', database.close]);
    const excess = await excessPrivileges(database.sql);
    if (excess.length)
      logger.warn(
        { role: excess },
        "DATABASE_URL connects as a role that can lift the audit trail's protection: use a restricted role and DATABASE_OWNER_URL (README)",
      );
    const sealer = startAuditSealer({
      db: database.db,
      key: env.AUDIT_KEY,
      onError: (err) => logger.error({ err }, 'audit sealing failed'),
    });
    stops.push(['audit sealer', sealer.stop]);
    await ensureDefaultPolicies(database.db);
    await ensureDefaultChecklist(database.db);
    const seeded = await seedDemoData(database.db);

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      logger.info('starting the Temporal dev server');
      const server = await startTemporalDevServer({
        dataDir,
        port: env.TEMPORAL_DEV_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        namespace: env.TEMPORAL_NAMESPACE,
        log: (line) => logger.trace({ part: 'temporal' }, line),
      });
      stops.push(['temporal dev server', server.stop]);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    const renderer = new Renderer({
      executablePath: env.CHROMIUM_PATH,
      poolSize: env.RENDER_POOL_SIZE,
      processModel: env.RENDER_PROCESS_MODEL,
      profileDir: join(dataDir, 'chromium'),
    });
    stops.push(['renderer', () => renderer.close()]);
    // Launch Chromium and print the health canary now rather than on the first document or probe.
    void renderer.health().catch((err: unknown) => logger.error({ err }, 'Chromium could not start'));
    // Read the Noto CJK files now rather than on the first document.
    void renderer.documentFonts().then(
      (fonts) =>
        fonts.missing.length &&
        logger.warn(
          { missing: fonts.missing },
          'document fonts not installed: documents print with the system fonts, several times slower (apt-get install fonts-noto-cjk fontconfig)',
        ),
      (err: unknown) => logger.error({ err }, 'document fonts could not be loaded'),
    );

    installTemporalRuntime(env);
    const client = await connectClient(env, temporalAddress);
    stops.push(['temporal client', () => client.connection.close()]);
    const workerConnection = await connectWorker(env, temporalAddress);
    stops.push(['worker connection', () => workerConnection.close()]);
    logger.info('bundling workflows and starting the worker');
    const worker = await createWorker(env, workerConnection, { db: database.db, renderer, clock: () => new Date() });
    const running = worker.run();
    stops.push([
      'worker',
      async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
    ]);
    running.catch((err) => logger.error({ err }, 'worker stopped with an error'));

    const app = createApp({ db: database.db, sql: database.sql, temporal: client, renderer, logger, env });
    const server = await new Promise<ServerType>((resolveServer, reject) => {
      const s = serve({ fetch: app.fetch, port: env.PORT, hostname: '0.0.0.0' }, () => resolveServer(s));
      s.once('error', reject);
    });
    stops.push(['api', () => new Promise<void>((r) => server.close(() => r()))]);
    const port = (server.address() as AddressInfo).port;

    return {
      apiUrl: `http://127.0.0.1:${port}`,
      temporalUiUrl,
      temporalAddress,
      demo: { firstStart: seeded.created > 0, logins: seeded.logins, password: seeded.password },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
