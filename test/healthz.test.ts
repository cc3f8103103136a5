// /healthz against the real parts: 200 when all are up; 503 naming the part that is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../db/client.js';
import { freePort } from '../scripts/ports.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('GET /healthz', () => {
  const env = loadEnv({ LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  let database: TestDatabase;
  let temporal: Client;
  let renderer: Renderer;
  beforeAll(async () => {
    database = await createTestDatabase();
    temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 });
  });
  afterAll(async () => {
    await renderer?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  it('is 200 with every part up', async () => {
    const app = createApp({ db: database.db, sql: database.sql, temporal, renderer, logger, env });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'up', failing: [], parts: { database: { status: 'up' }, temporal: { status: 'up' }, renderer: { status: 'up' } } });
    expect(body.parts.renderer.detail).toMatch(/Chrome/);
  });

  it('is 503 naming the database when PostgreSQL is unreachable', async () => {
    const down = connectDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/nothing`);
    try {
      const app = createApp({ db: down.db, sql: down.sql, temporal, renderer, logger, env });
      const res = await app.request('/healthz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'down', failing: ['database'], parts: { database: { status: 'down' }, temporal: { status: 'up' } } });
    } finally {
      await down.close();
    }
  });

  it('is 503 naming the renderer when Chromium cannot start', async () => {
    const broken = new Renderer({ executablePath: '/nonexistent/chromium', poolSize: 1 });
    try {
      const app = createApp({ db: database.db, sql: database.sql, temporal, renderer: broken, logger, env });
      const res = await app.request('/healthz');
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.failing).toEqual(['renderer']);
      expect(body.parts.renderer.detail).toMatch(/nonexistent/);
    } finally {
      await broken.close();
    }
  });
});
