// The console's files at / (issue 14, item 1): pages routed in the browser get index.html (never
// cached), hashed assets are cached for a year, a missing build says so in Chinese, and the API's
// own answers keep their strict policy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';

describe('console files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-console-dist-'));
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ consoleDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a Chinese 503 page while the console is not built', async () => {
    const res = await t.app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run console:build');
  });

  it('serves index.html for / and every /app page without a session, never cached, under the console policy', async () => {
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>督办工作台</title><script src="/assets/index-abc123.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    for (const path of ['/', '/login', '/app', '/app/handovers/12', '/app/inbox/tasks/abc?x=1']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(await res.text()).toContain('督办工作台');
    }
    const asset = await t.app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');
    const gzipped = await t.app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe('console.log(1)');
  });

  it('answers 404 for an asset that is not in the build and keeps the API policy on API answers', async () => {
    for (const path of ['/assets/missing.js', '/assets/..%2Findex.html', '/assets/%2e%2e%2fpackage.json']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(404);
    }
    const api = await t.app.request('/healthz');
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('picks up a new build without a restart', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>新版本</title>');
    expect(await (await t.app.request('/app/inbox')).text()).toContain('新版本');
  });
});
