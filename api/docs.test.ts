// /docs works offline (issue 11, item 9): a real Chromium opens the page from the API on this
// machine with every other origin cut off, and Swagger UI renders the operations.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumArgs } from '../activities/renderer.js';
import { createTestApp, type TestApp } from '../test/support/app.js';

describe('/docs', () => {
  let t: TestApp;
  let server: ServerType;
  let origin: string;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTestApp();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await puppeteer.launch({ executablePath: t.env.CHROMIUM_PATH, headless: true, args: chromiumArgs() });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  it('renders Swagger UI from files this server serves, with no other origin reachable and no CSP violation', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const problems: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const url = req.url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return void req.continue();
      elsewhere.push(url);
      return void req.abort('internetdisconnected');
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));

    const res = await page.goto(`${origin}/docs`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    const operations = await page.$$eval('.opblock', (els) => els.length);
    expect(operations).toBeGreaterThan(40);
    expect(await page.$eval('.info .title', (el) => el.textContent)).toContain('Duban 督办 API');
    // Opening an operation renders its parameters, schemas and examples.
    await page.click('#operations-auth-post_auth_login .opblock-summary-control, .opblock .opblock-summary-control');
    await page.waitForSelector('.opblock.is-open .responses-table', { timeout: 30_000 });
    expect(elsewhere).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await page.close();
  });

  it('serves its files with their content types, public and under the docs policy; nothing else of the package', async () => {
    for (const [path, type] of [
      ['/docs', 'text/html'],
      ['/docs/init.js', 'text/javascript'],
      ['/docs/assets/swagger-ui-bundle.js', 'text/javascript'],
      ['/docs/assets/swagger-ui.css', 'text/css'],
      ['/docs/assets/favicon-32x32.png', 'image/png'],
    ] as const) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/https?:/);
    }
    const page = await (await t.app.request('/docs')).text();
    expect(page).not.toMatch(/<script>|https?:\/\//);
    const admin = await t.as('admin');
    for (const path of ['/docs/assets/package.json', '/docs/assets/..%2Fpackage.json', '/docs/assets/index.html']) {
      expect((await t.app.request(path)).status, path).toBe(401);
      expect((await admin.get(path)).status, path).toBe(404);
    }
  });
});
