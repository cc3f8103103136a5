// The console as users meet it: a real stack launched like `npm start` (its own ports, data
// directory and database, demo data on), driven in Debian's Chromium through Puppeteer. Every page
// opened here records console errors, failed requests and 5xx answers; a scenario ends by
// asserting there were none. Screenshots go to test/artifacts/console/ (kept by CI as artifacts).
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromiumPath } from '../../scripts/toolchain.mjs';
import { chromiumArgs } from '../../activities/renderer.js';
import { freePort } from '../../scripts/ports.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { DEPLOYMENT_KEYS, launchStack, repoRoot, stackEnv, waitForHealthy, type LaunchedStack } from './processes.js';

export const ARTIFACTS = join(repoRoot, 'test', 'artifacts', 'console');

export interface ConsoleStack {
  url: string;
  temporalPort: number;
  database: TestDatabase;
  browser: Browser;
  /** A fresh browser context (its own cookies) with a page that records problems. */
  open(options?: { width?: number; height?: number }): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  /** Console errors, failed requests and 5xx answers seen so far. */
  problems: string[];
  /** Signs in through the login page as a demo user and waits for the signed-in frame. */
  signIn(username: string, password?: string): Promise<void>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stack (demo data) and Chromium. The console must be built (`npm run console:build`, done by npm test). */
export async function startConsoleStack(): Promise<ConsoleStack> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-console-'));
  chmodSync(dataDir, 0o755);
  const ports = { PORT: await freePort(), TEMPORAL_DEV_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort() };
  const stack: LaunchedStack = launchStack(
    stackEnv({
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      DATABASE_OWNER_URL: database.ownerUrl,
      DUBAN_DEMO: '1',
      ...DEPLOYMENT_KEYS,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    }),
  );
  const url = `http://127.0.0.1:${ports.PORT}`;
  await waitForHealthy(url, stack, 180_000);
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumArgs(), '--lang=zh-CN'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url,
    temporalPort: ports.TEMPORAL_DEV_PORT,
    database,
    browser,
    open: (options) => openWatched(browser, url, options),
    async close() {
      await browser.close().catch(() => undefined);
      stack.child.kill('SIGTERM');
      await stack.exited;
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openWatched(browser: Browser, url: string, options: { width?: number; height?: number } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: options.width ?? 1366, height: options.height ?? 768 });
  // A scenario is not a speed test (`npm run bench:console` is): its waits allow for a loaded machine.
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  // As the users' browsers are: Chinese, so the browser's own widgets (a date field) speak it too.
  await (await page.createCDPSession()).send('Emulation.setLocaleOverride', { locale: 'zh-CN' });
  const problems: string[] = [];
  page.on('console', (m) => {
    // Chromium also logs every 4xx answer as an error; the page shows those to the user (a wrong
    // password, an expired session), and 5xx answers are caught below.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => {
    // A navigation away cancels what was in flight; that is not a failure the user sees.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`);
  });
  const watched: WatchedPage = {
    page,
    problems,
    async signIn(username, password = DEMO_PASSWORD) {
      await page.goto(`${url}/login`, { waitUntil: 'networkidle0' });
      await page.locator('#username').fill(username);
      await page.locator('#password').fill(password);
      await Promise.all([
        page.waitForSelector('[data-testid="user-name"]'),
        page.locator('button[type="submit"]').click(),
      ]);
    },
    async screenshot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
  return watched;
}
