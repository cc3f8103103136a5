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
import { freezeProcessGroup, isAlive } from './support/processes.js';

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
    // Chromium's first launch can take longer than a probe's 3 s on a busy machine.
    await renderer.health();
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
    expect(body).toMatchObject({
      status: 'up',
      failing: [],
      degraded: [],
      parts: { database: { status: 'up' }, temporal: { status: 'up' }, renderer: { status: 'up' } },
    });
    expect(body.parts.renderer.detail).toMatch(/Chrome/);
  });

  it('is 503 naming the database when PostgreSQL is unreachable', async () => {
    const down = connectDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/nothing`);
    try {
      const app = createApp({ db: down.db, sql: down.sql, temporal, renderer, logger, env });
      const res = await app.request('/healthz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'down',
        failing: ['database'],
        parts: { database: { status: 'down' }, temporal: { status: 'up' } },
      });
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

  it('says the renderer is degraded while Chromium is frozen, from a real canary render, and up again once the watchdog replaced it', async () => {
    // No canary cache, so each probe renders; a canary deadline of 2 s (within /healthz's 3 s per part)
    // and a watchdog of 10 s: with 4 s, on a CI machine loaded by other suites, the replacement's first
    // canary outlasted the watchdog and the healthy replacement was killed as hung too.
    const watched = new Renderer({
      executablePath: env.CHROMIUM_PATH,
      poolSize: 1,
      canaryCacheMs: 0,
      canaryDeadlineMs: 2_000,
      hangAfterMs: 10_000,
    });
    try {
      const app = createApp({ db: database.db, sql: database.sql, temporal, renderer: watched, logger, env });
      await expect
        .poll(async () => (await (await app.request('/healthz')).json()).status, { timeout: 30_000 })
        .toBe('up');
      const frozen = freezeProcessGroup(watched.browserPid!);

      const res = await app.request('/healthz');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        status: 'degraded',
        failing: [],
        degraded: ['renderer'],
        parts: { renderer: { status: 'degraded' }, database: { status: 'up' } },
      });
      expect(body.parts.renderer.detail).toMatch(/试印文档未在 2000 ms 内完成/);

      // The canary's page stays stuck, so the watchdog kills the frozen browser; the next canary prints.
      // (The renderer's part is compared whole, so a failure shows why the canary did not print.)
      await expect
        .poll(
          async () => {
            const { status, parts } = await (await app.request('/healthz')).json();
            return { status, renderer: parts.renderer };
          },
          { timeout: 30_000 },
        )
        .toMatchObject({ status: 'up', renderer: { status: 'up' } });
      expect(watched.hungBrowsers).toBe(1);
      await expect.poll(() => frozen.filter(isAlive), { timeout: 5_000 }).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('answers probes from the cached canary rather than rendering for each', async () => {
    const cached = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1, canaryCacheMs: 60_000 });
    try {
      const app = createApp({ db: database.db, sql: database.sql, temporal, renderer: cached, logger, env });
      // The first canary (Chromium's launch included) can outlast its 2.5 s on a busy machine; only a
      // good result is cached, so this waits for one.
      await expect.poll(async () => (await cached.health()).status, { timeout: 30_000 }).toBe('up');
      const first = await (await app.request('/healthz')).json();
      expect(first.parts.renderer.status).toBe('up');
      // Frozen now, but within the cache period the probe neither renders nor waits.
      freezeProcessGroup(cached.browserPid!);
      const second = await (await app.request('/healthz')).json();
      expect(second.parts.renderer).toEqual(first.parts.renderer);
    } finally {
      await cached.close();
    }
  });
});
