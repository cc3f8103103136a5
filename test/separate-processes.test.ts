// The topology of README "At scale" on one machine, as production runs it: `npm run build` once, then
// the compiled migrate step, then the API and the worker as separate compiled processes
// (`node dist/scripts/start.js api|worker`, the worker loading the prebuilt workflow bundle) against
// one PostgreSQL and one Temporal. A notice sent through the API process reaches the hospital's inbox
// only through the worker process.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { units, users } from '../db/schema.js';
import { connectDatabase } from '../db/client.js';
import { prepareDatabase } from '../db/prepare.js';
import { APP_ROLE, withRole } from '../db/app-role.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { freePort } from '../scripts/ports.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { launch, stackEnv, waitForHealthy, type LaunchedStack } from './support/processes.js';

describe('API and worker as separate processes', () => {
  let database: TestDatabase;
  const started: LaunchedStack[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    // What production runs: compiled JavaScript and the workflow bundle built ahead of time (dist/).
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { encoding: 'utf8' });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
  }, 600_000);
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await database?.drop();
  });

  it('migrate, then api and worker processes run a notice to its receipt', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const env = stackEnv({
      DATABASE_URL: database.url,
      DATABASE_OWNER_URL: database.ownerUrl,
      DUBAN_DEMO: '1',
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `separate-${randomBytes(4).toString('hex')}`,
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    const node = (...args: string[]) => {
      const p = launch(process.execPath, args, env);
      started.push(p);
      return p;
    };

    const migrate = node('dist/scripts/migrate.js');
    expect(await migrate.exited, migrate.output()).toEqual({ code: 0, signal: null });

    const api = node('dist/scripts/start.js', 'api');
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(url, api, 180_000);
    // The console it serves is React's and Ant Design's production build, whatever NODE_ENV built it
    // (Vitest's is `test`): the development build warns in every user's browser console.
    const page = await (await fetch(`${url}/`)).text();
    const entry = page.match(/<script[^>]+src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(entry, page).toBeDefined();
    const code = await (await fetch(`${url}${entry}`)).text();
    expect(code).toContain('督办');
    expect(code).not.toContain('Download the React DevTools');
    expect(code).not.toContain('can not consume context like dynamic theme');
    const login = async (username: string) => {
      const res = await fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
      const token = ((await res.json()) as { token: string }).token;
      return (path: string, body?: unknown) =>
        fetch(`${url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
    };
    const official = await login('jinshui.official');
    const staff = await login('jshosp.staff');
    const [hospital] = await database.db.select().from(units).where(eq(units.name, '金水区总医院'));
    const sent = await official('/notices', {
      recipientUnitId: hospital!.id,
      title: '关于开展数据备份恢复演练的通知',
      paragraphs: ['请按要求开展备份恢复演练。'],
    });
    expect(sent.status).toBe(201);
    const notice = (await sent.json()) as { id: string };

    // Only a worker turns the started workflow into a task; the API process runs none.
    const inbox = async () => ((await (await staff('/tasks')).json()) as { items: { id: string }[] }).items;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await inbox()).toEqual([]);

    const worker = node('dist/scripts/start.js', 'worker');
    await expect.poll(() => worker.output(), { timeout: 120_000 }).toContain('(worker) is up');
    expect(worker.output()).toContain('starting the worker (prebuilt workflow bundle)');
    await expect.poll(async () => (await inbox()).length, { timeout: 60_000 }).toBe(1);
    const [task] = await inbox();
    expect((await staff(`/tasks/${task!.id}/claim`, {})).status).toBe(200);
    const done = await staff(`/tasks/${task!.id}/complete`, { input: { receiverName: '郑小兰' } });
    expect(done.status).toBe(200);
    await expect
      .poll(async () => ((await (await official(`/notices/${notice.id}`)).json()) as { stage: string }).stage, {
        timeout: 30_000,
      })
      .toBe('received');

    for (const p of [api, worker]) process.kill(p.child.pid!, 'SIGTERM');
    for (const p of [api, worker]) expect(await p.exited, p.output().slice(-3000)).toEqual({ code: 0, signal: null });
  });

  it('processes starting together on an empty database migrate and seed it once', { timeout: 120_000 }, async () => {
    const adminUrl = inject('postgresAdminUrl');
    const name = `duban_t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const ownerUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
    const appUrl = withRole(ownerUrl, APP_ROLE, 'duban-app-test');
    try {
      const results = await Promise.all([1, 2, 3].map(() => prepareDatabase({ DUBAN_DEMO: true }, ownerUrl, appUrl)));
      expect(results.filter((r) => r.demo!.firstStart)).toHaveLength(1);
      const app = connectDatabase(appUrl, { max: 1 });
      try {
        expect(await app.db.select().from(units)).toHaveLength(19);
        expect((await app.db.select().from(users)).length).toBe(results[0]!.demo!.logins.length);
      } finally {
        await app.close();
      }
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
