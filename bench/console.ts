// npm run bench:console — what the console costs a user, in Debian's Chromium over loopback:
//   (1) the JS and CSS the login page and the inbox load on a cold cache (gzip bytes as served;
//       target ≤ 400 KB each, routes code-split);
//   (2) from navigation to an interactive inbox listing a clerk's 1,000 open tasks (paginated):
//       performance.now() when the first task row is in the page and the main thread is free
//       (target ≤ 1.5 s), cold and warm cache, five runs each.
// The API runs in this process on a scratch database (DATABASE_URL when set, else an embedded
// PostgreSQL) with the console's current build (built first when stale).
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import puppeteer, { type Browser, type HTTPResponse } from 'puppeteer-core';
import { createApp } from '../api/app.js';
import { SessionCache } from '../api/auth/sessions.js';
import { chromiumArgs, Renderer } from '../activities/renderer.js';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../db/client.js';
import { migrateAsOwner } from '../db/migrate.js';
import { APP_ROLE, ensureAppRole, withRole } from '../db/app-role.js';
import { tasks, users } from '../db/schema.js';
import { seedDemoData, DEMO_PASSWORD } from '../db/seed.js';
import { buildConsole } from '../scripts/console-build.js';
import { chromiumPath } from '../scripts/toolchain.mjs';
import { createScratchDatabase } from './scratch-database.js';

const TASKS = 1_000;
const RUNS = 5;
const ROW = '[data-testid="inbox-row"], .ant-table-row, .ant-list-item';
const log = (msg: string) => console.log(`[bench:console] ${msg}`);
const env = loadEnv({ DUBAN_DEMO: '1', ...process.env, LOG_LEVEL: 'silent' });

buildConsole({ say: log });

const scratch = await createScratchDatabase(env.DATABASE_URL);
const appPassword = 'duban-bench-app';
await ensureAppRole(scratch.adminUrl, APP_ROLE, appPassword);
const appUrl = withRole(scratch.url, APP_ROLE, appPassword);
await migrateAsOwner(scratch.url, appUrl);
const database = connectDatabase(appUrl);
await seedDemoData(database.db);
const [clerk] = await database.db.select().from(users).where(eq(users.username, 'jshosp.staff'));
const now = Date.now();
await database.db.insert(tasks).values(
  Array.from({ length: TASKS }, (_, i) => ({
    workflowId: `bench-console-${i}`,
    taskKey: 'receipt',
    type: 'notice_receipt',
    title: `压测：签收通知 第 ${i + 1} 号`,
    assigneeUnitId: clerk!.unitId,
    assigneeRole: 'unit_staff' as const,
    dueAt: new Date(now + (i - 100) * 3_600_000),
    overdue: i < 100,
    formSchema: { type: 'object', properties: {} },
    updateName: 'complete',
    payload: { note: '压测' },
  })),
);

const logger = createLogger('silent');
const sessionCache = new SessionCache(appUrl);
await sessionCache.ready;
const app = createApp({
  db: database.db,
  sql: database.sql,
  // The inbox never reaches Temporal or Chromium: both stay unconnected.
  temporal: new Client(),
  renderer: new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 }),
  logger,
  env,
  sessionCache,
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser: Browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: chromiumArgs(),
});

/** JS and CSS bytes of one cold load of `path` (gzip: as the server sent them when compressed, else gzipped here). */
async function initialBytes(path: string, signedIn: boolean) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  if (signedIn) await signIn(page);
  const client = await page.createCDPSession();
  await client.send('Network.clearBrowserCache');
  const seen: Promise<{ url: string; gzip: number; raw: number }>[] = [];
  page.on('response', (r: HTTPResponse) => {
    const type = r.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    seen.push(
      r.buffer().then((body) => ({
        url: new URL(r.url()).pathname,
        raw: body.length,
        gzip:
          r.headers()['content-encoding'] === 'gzip' ? Number(r.headers()['content-length']) : gzipSync(body).length,
      })),
    );
  });
  await page.goto(`${url}${path}`, { waitUntil: 'networkidle0' });
  const files = await Promise.all(seen);
  await context.close();
  return { files, gzip: files.reduce((n, f) => n + f.gzip, 0), raw: files.reduce((n, f) => n + f.raw, 0) };
}

async function signIn(page: import('puppeteer-core').Page) {
  await page.goto(`${url}/login`, { waitUntil: 'networkidle0' });
  const status = await page.evaluate(async (password) => {
    const r = await fetch('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jshosp.staff', password }),
    });
    return r.status;
  }, DEMO_PASSWORD);
  if (status !== 200) throw new Error(`sign-in answered ${status}`);
}

/** ms from navigation start until the first task row exists and a following frame has painted. */
async function timeToInbox(cold: boolean): Promise<number> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  await signIn(page);
  if (!cold) await page.goto(`${url}/app/inbox`, { waitUntil: 'networkidle0' });
  else await (await page.createCDPSession()).send('Network.clearBrowserCache');
  await page.evaluateOnNewDocument((selector: string) => {
    const w = window as unknown as { __inboxAt?: number };
    new MutationObserver((_, observer) => {
      if (document.querySelector(selector)) {
        observer.disconnect();
        // The next frame after the rows exist: what the user sees, once React has yielded.
        requestAnimationFrame(() => setTimeout(() => (w.__inboxAt = performance.now())));
      }
    }).observe(document, { childList: true, subtree: true });
  }, ROW);
  await page.goto(`${url}/app/inbox`);
  await page.waitForFunction(() => (window as unknown as { __inboxAt?: number }).__inboxAt !== undefined, {
    timeout: 30_000,
  });
  const at = await page.evaluate(() => (window as unknown as { __inboxAt: number }).__inboxAt);
  const rows = await page.$$eval(ROW, (r) => r.length);
  if (rows === 0) throw new Error('no task rows');
  await context.close();
  return at;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

try {
  log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${TASKS} open tasks for jshosp.staff`,
  );
  const login = await initialBytes('/login', false);
  const inbox = await initialBytes('/app/inbox', true);
  for (const [name, m] of [
    ['login', login],
    ['inbox', inbox],
  ] as const) {
    log(`${name}: ${m.files.length} JS/CSS files, ${kb(m.gzip)} gzip (${kb(m.raw)} raw); target ≤ 400 KB`);
    for (const f of m.files) log(`    ${f.url.padEnd(48)} ${kb(f.gzip).padStart(10)} gzip`);
  }
  for (const cold of [true, false]) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeToInbox(cold));
    log(
      `navigation → inbox listing (${cold ? 'cold' : 'warm'} cache), ${RUNS} runs: median ${median(times).toFixed(0)} ms, ` +
        `max ${Math.max(...times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')}); target ≤ 1500 ms`,
    );
  }
} finally {
  await browser.close();
  server.close();
  await sessionCache.close();
  await database.close();
  await scratch.drop();
}
