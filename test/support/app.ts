// The API app over a test file's own database, the shared Temporal dev server and a real Chromium.
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { createApp } from '../../api/app.js';
import { Renderer } from '../../activities/renderer.js';
import { loadEnv } from '../../config/env.js';
import { createLogger } from '../../config/logger.js';
import { seedDemoData, DEMO_PASSWORD } from '../../db/seed.js';
import { ensureDefaultPolicies } from '../../db/default-policies.js';
import { ensureDefaultChecklist } from '../../db/default-checklist.js';
import { units } from '../../db/schema.js';
import { startAuditSealer, type AuditSealer } from '../../db/audit-seal.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  temporal: Client;
  renderer: Renderer;
  env: ReturnType<typeof loadEnv>;
  /** The audit sealer the API process runs. */
  sealer: AuditSealer;
  /** Signs in a demo user and returns request helpers carrying the token. */
  as(username: string, password?: string): Promise<Caller>;
  unitId(name: string): Promise<number>;
  close(): Promise<void>;
}

export interface Caller {
  token: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  patch(path: string, body?: unknown): Promise<Response>;
  put(path: string, body?: unknown): Promise<Response>;
  del(path: string): Promise<Response>;
}

/** The reverse proxy every test request comes through (TRUSTED_PROXIES below), as a socket peer. */
export const TEST_PROXY = '127.0.0.1';

/** `app.request()`'s env for a request whose direct peer is `address` (what getConnInfo reads). */
export const fromPeer = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } },
});

/**
 * A JSON request as `token`'s holder sends it, through the test proxy, with an Idempotency-Key when
 * given: for tests that need the raw Response (status, headers) rather than a Caller.
 */
export function requestAs(
  app: { request: TestApp['app']['request'] },
  token: string,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<Response> {
  return Promise.resolve(
    app.request(
      path,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-forwarded-for': '10.0.0.7',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      },
      fromPeer(TEST_PROXY),
    ),
  );
}

export async function createTestApp(options: { taskQueue?: string; consoleDir?: string } = {}): Promise<TestApp> {
  const env = loadEnv({
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: options.taskQueue ?? 'duban-test',
    TRUSTED_PROXIES: TEST_PROXY,
  });
  const database = await createTestDatabase();
  await ensureDefaultPolicies(database.db);
  await ensureDefaultChecklist(database.db);
  await seedDemoData(database.db);
  const temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  const renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 2 });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const app = createApp({
    db: database.db,
    sql: database.sql,
    temporal,
    renderer,
    logger,
    env,
    consoleDir: options.consoleDir,
  });
  const sealer = startAuditSealer({
    db: database.db,
    key: env.AUDIT_KEY,
    onError: (err) => logger.error({ err }, 'audit sealing failed'),
  });

  const call = async (token: string, method: string, path: string, body?: unknown): Promise<Response> =>
    app.request(
      path,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          'x-forwarded-for': '10.0.0.7',
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      },
      fromPeer(TEST_PROXY),
    );

  return {
    app,
    database,
    temporal,
    renderer,
    env,
    sealer,
    async as(username, password = DEMO_PASSWORD) {
      const res = await app.request(
        '/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.7' },
          body: JSON.stringify({ username, password }),
        },
        fromPeer(TEST_PROXY),
      );
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      return {
        token,
        get: (p) => call(token, 'GET', p),
        post: (p, b) => call(token, 'POST', p, b ?? {}),
        patch: (p, b) => call(token, 'PATCH', p, b ?? {}),
        put: (p, b) => call(token, 'PUT', p, b ?? {}),
        del: (p) => call(token, 'DELETE', p),
      };
    },
    async unitId(name) {
      const [row] = await database.db.select({ id: units.id }).from(units).where(eq(units.name, name));
      if (!row) throw new Error(`no unit ${name}`);
      return row.id;
    },
    async close() {
      await sealer.stop();
      await renderer.close();
      await temporal.connection.close();
      await database.drop();
    },
  };
}
