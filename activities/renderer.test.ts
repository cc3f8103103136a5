// The renderer's own guarantees, on real Chromium.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { Renderer } from './renderer.js';
import { loadEnv } from '../config/env.js';
import { pdfText } from '../test/support/pdf.js';
import { freezeProcessGroup, isAlive } from '../test/support/processes.js';

describe('renderer', () => {
  const renderer = new Renderer({ executablePath: loadEnv({}).CHROMIUM_PATH, poolSize: 2 });
  afterAll(() => renderer.close());

  it('runs no page JavaScript and refuses every network request, even in raw HTML', async () => {
    let hits = 0;
    const server = createServer((_req, res) => (hits++, res.end('body{color:red}')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const pdf = await renderer.renderPdf(
        `<html><head><link rel="stylesheet" href="${url}/a.css"></head><body><p id="p">安全正文</p><img src="${url}/b.png"><script>document.getElementById('p').textContent='PWNED'</script></body></html>`,
      );
      const text = pdfText(pdf);
      expect(text).toContain('安全正文');
      expect(text).not.toContain('PWNED');
      expect(hits).toBe(0);
      expect(renderer.blockedRequests).toEqual(expect.arrayContaining([`${url}/a.css`, `${url}/b.png`]));
    } finally {
      server.close();
    }
  });

  it('keeps at most poolSize pages open under load', async () => {
    const pdfs = await Promise.all(Array.from({ length: 8 }, (_, i) => renderer.renderPdf(`<p>第${i}页</p>`)));
    expect(pdfs.map((p) => pdfText(p).replace(/\s+/g, ''))).toEqual(Array.from({ length: 8 }, (_, i) => `第${i}页`));
    expect(renderer.openPages).toBeLessThanOrEqual(2);
  });

  it('relaunches a crashed browser on the next render', async () => {
    await renderer.renderPdf('<p>before</p>');
    const before = await renderer.check();
    // Kill Chromium as a crash would.
    const browserProcess = (
      await (renderer as unknown as { run: { browser: Promise<import('puppeteer-core').Browser> } }).run.browser
    ).process();
    browserProcess!.kill('SIGKILL');
    await new Promise((r) => browserProcess!.once('exit', r));
    const pdf = await renderer.renderPdf('<p>after the crash</p>');
    expect(pdfText(pdf)).toContain('after the crash');
    expect(await renderer.check()).toBe(before);
  });

  it('replaces the browser every recycleAfterDocuments documents without failing any in flight', async () => {
    const recycling = new Renderer({
      executablePath: loadEnv({}).CHROMIUM_PATH,
      poolSize: 2,
      recycleAfterDocuments: 3,
    });
    try {
      const texts = Array.from({ length: 10 }, (_, i) => `Document ${i}`);
      const pdfs = await Promise.all(texts.map((text) => recycling.renderPdf(`<p>${text}</p>`)));
      expect(pdfs.map((pdf) => pdfText(pdf).trim())).toEqual(texts);
      // Three or four documents per browser (two may be in flight when the third completes).
      expect(recycling.launches).toBeGreaterThanOrEqual(3);
      expect(recycling.openPages).toBeLessThanOrEqual(2);
    } finally {
      await recycling.close();
    }
  });

  it('a browser frozen mid-render (SIGSTOP) is killed by the watchdog and the render completes on a replacement', async () => {
    // Shorter deadlines than the defaults, 20 s (watchdog) and 90 s (render), so the test is quick;
    // a watchdog of 2 s judged the replacement hung too when other suites loaded the machine.
    const watched = new Renderer({
      executablePath: loadEnv({}).CHROMIUM_PATH,
      poolSize: 2,
      hangAfterMs: 8_000,
      renderDeadlineMs: 30_000,
    });
    try {
      await watched.renderPdf('<p>warm</p>');
      const pid = watched.browserPid!;
      const rendering = Promise.all([
        watched.renderPdf('<p>冻结之后 A</p>'),
        watched.renderPdf('<p>冻结之后 B</p>'),
        watched.renderPdf('<p>冻结之后 C</p>'),
      ]);
      const frozen = freezeProcessGroup(pid);
      expect(frozen).toContain(pid);
      const pdfs = await rendering;
      expect(pdfs.map((pdf) => pdfText(pdf).replace(/\s+/g, ''))).toEqual(['冻结之后A', '冻结之后B', '冻结之后C']);
      // Done inside the render deadline (30 s here): past it the render would have been refused.
      expect(watched.hungBrowsers).toBe(1);
      expect(watched.browserPid).not.toBe(pid);
      await expect.poll(() => frozen.filter(isAlive), { timeout: 5_000 }).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('gives up at the render deadline rather than waiting for a browser that hangs on every attempt', async () => {
    // As many attempts as the deadline allows: only the deadline may end this render.
    const watched = new Renderer({
      executablePath: loadEnv({}).CHROMIUM_PATH,
      poolSize: 1,
      hangAfterMs: 1_000,
      renderDeadlineMs: 8_000,
      maxAttempts: 1_000,
    });
    // Chromium launched and the fonts read before the clock starts, so the deadline is spent on browsers
    // that hang rather than on a first launch, which a loaded machine can make slower than the deadline.
    await watched.check();
    await watched.documentFonts();
    // Every browser it launches is frozen as soon as it has a page.
    const freezeEach = setInterval(() => {
      const pid = watched.browserPid;
      try {
        if (pid) freezeProcessGroup(pid);
      } catch {
        // that browser was just replaced; the next tick freezes the new one
      }
    }, 50);
    try {
      // The deadline ends it (its error, not the tenth attempt's), however many browsers hang.
      await expect(watched.renderPdf('<p>never</p>')).rejects.toThrow(/渲染超时/);
      expect(watched.hungBrowsers).toBeGreaterThanOrEqual(1);
    } finally {
      clearInterval(freezeEach);
      await watched.close();
    }
  });
});
