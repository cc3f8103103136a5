// npm run bench:render — 200 one-page notices through the real templates and renderer (the page
// pool of RENDER_POOL_SIZE pages), next to the same HTML through a bare page.pdf() loop on one
// page (the floor). Warm: both run a warm-up first. Prints p50/p95 per document and documents/s.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { documentFontsDir } from '../scripts/toolchain.mjs';
import { Renderer } from '../activities/renderer.js';
import { renderDocumentHtml, PAGE_NUMBER_FOOTER, chineseDate } from '../activities/official-documents.js';
import { loadEnv } from '../config/env.js';

const env = loadEnv();
const COUNT = Number(process.argv[2] ?? 200);
const WARMUP = 10;

function notice(i: number): string {
  return renderDocumentHtml('notice', {
    title: `关于开展第${i}批健康医疗数据安全检查的通知`,
    number: `豫卫监〔2026〕${i}号`,
    issuer: { name: '河南省卫生健康委员会' },
    recipient: '各省辖市卫生健康委',
    cc: ['国家卫生健康委规划司'],
    issuedDate: chineseDate(new Date()),
    paragraphs: ['根据《河南省全民健康信息管理实施细则》第三十三条，现就开展健康医疗数据安全检查有关事项通知如下。', '请各单位对照检查清单开展自查，并于规定期限内在督办系统中提交自查结果。'],
  });
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(label: string, concurrency: number, render: (html: string) => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await render(notice(i));
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < COUNT) {
        const html = notice(next++);
        const t0 = performance.now();
        await render(html);
        durations.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const row = { label, documents: COUNT, concurrency, p50_ms: Math.round(percentile(durations, 50)), p95_ms: Math.round(percentile(durations, 95)), docs_per_s: Number((COUNT / seconds).toFixed(2)) };
  console.log(JSON.stringify(row));
  return row;
}

// Floor: one page, no pool, no interception, plain page.pdf() with the same options.
const args = ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
// Same fonts as the Renderer (the bootstrap's GB 2312 subsets), so the floor prints the same document.
const fontConfig = join(documentFontsDir(), 'fonts.conf');
const browser = await puppeteer.launch({ executablePath: env.CHROMIUM_PATH, headless: true, args, env: existsSync(fontConfig) ? { ...process.env, FONTCONFIG_FILE: fontConfig } : process.env });
const page = await browser.newPage();
const floor = await measure('bare page.pdf() loop', 1, async (html) => {
  await page.setContent(html, { waitUntil: 'load' });
  return page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: PAGE_NUMBER_FOOTER });
});
await browser.close();

const renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: env.RENDER_POOL_SIZE });
const pooled = await measure(`Renderer (pool ${env.RENDER_POOL_SIZE})`, env.RENDER_POOL_SIZE, (html) => renderer.renderPdf(html, { footerTemplate: PAGE_NUMBER_FOOTER }));
await renderer.close();

console.log(`p50 ratio to floor: ${(pooled.p50_ms / floor.p50_ms).toFixed(2)}×; throughput ${pooled.docs_per_s} documents/s (target ≥ 8/s, p50 ≤ 1.3× floor)`);
