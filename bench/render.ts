// npm run bench:render — 200 one-page notices through the real templates and Renderer (its pool
// of RENDER_POOL_SIZE pages, fonts subset and embedded per document, requests intercepted), next
// to the floor: the very HTML Chromium receives, fonts already embedded, printed by a bare
// setContent + page.pdf() loop on one page of a browser launched with the same flags. Both run
// a warm-up first. Prints p50/p95 per document and documents/s.
import puppeteer from 'puppeteer-core';
import { chromiumArgs, Renderer } from '../activities/renderer.js';
import { DocumentFonts } from '../activities/document-fonts.js';
import { renderDocumentHtml } from '../activities/official-documents.js';
import { chineseDate } from '../domain/chinese-dates.js';
import { loadEnv } from '../config/env.js';

const env = loadEnv({ DUBAN_DEMO: '1', ...process.env }); // only the renderer's settings are read
const COUNT = Number(process.argv[2] ?? 200);
const WARMUP = 10;

function notice(i: number): string {
  return renderDocumentHtml('notice', {
    title: `关于开展第${i}批健康医疗数据安全检查的通知`,
    number: `豫卫监〔2026〕${i}号`,
    issuer: { name: '河南省卫生健康委员会' },
    jurisdiction: '41',
    recipient: '各省辖市卫生健康委',
    cc: ['国家卫生健康委规划司'],
    issuedDate: chineseDate(new Date()),
    paragraphs: [
      '根据《河南省全民健康信息管理实施细则》第三十三条，现就开展健康医疗数据安全检查有关事项通知如下。',
      '请各单位对照检查清单开展自查，并于规定期限内在督办系统中提交自查结果。',
    ],
  });
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Runs `COUNT` documents, `concurrency` at a time; `prepare` is untimed, `render` is timed. */
async function measure(
  label: string,
  concurrency: number,
  prepare: (i: number) => string,
  render: (html: string) => Promise<unknown>,
) {
  for (let i = 0; i < WARMUP; i++) await render(prepare(i));
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < COUNT) {
        const html = prepare(next++);
        const t0 = performance.now();
        await render(html);
        durations.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const row = {
    label,
    documents: COUNT,
    concurrency,
    p50_ms: Math.round(percentile(durations, 50)),
    p95_ms: Math.round(percentile(durations, 95)),
    docs_per_s: Number((COUNT / seconds).toFixed(2)),
  };
  console.log(JSON.stringify(row));
  return row;
}

/** Floor: bare pages (no pool, no interception, script on), the Renderer's launch flags, plain page.pdf(). */
async function floor(pages: number) {
  const browser = await puppeteer.launch({
    executablePath: env.CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: chromiumArgs(),
  });
  const idle = await Promise.all(Array.from({ length: pages }, () => browser.newPage()));
  const row = await measure(
    `bare page.pdf() loop${pages > 1 ? `s on ${pages} pages` : ''}`,
    pages,
    (i) => fonts.embedIn(notice(i)),
    async (html) => {
      const page = idle.pop()!;
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ preferCSSPageSize: true, printBackground: true });
      idle.push(page);
    },
  );
  await browser.close();
  return row;
}

async function pool(size: number) {
  const renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: size });
  const row = await measure(`Renderer (pool ${size})`, size, notice, (html) => renderer.renderPdf(html));
  await renderer.close();
  return row;
}

const fonts = await DocumentFonts.load();
const floor1 = await floor(1);
const pooled1 = await pool(1);
const size = env.RENDER_POOL_SIZE;
const [floorN, pooledN] = size > 1 ? [await floor(size), await pool(size)] : [floor1, pooled1];

const verdict = (pooled: typeof pooled1, floor: typeof floor1) =>
  `Renderer pool ${pooled.concurrency}: ${pooled.docs_per_s} documents/s, p50 ${(pooled.p50_ms / floor.p50_ms).toFixed(2)}× the bare loop at the same concurrency and ${(pooled.p50_ms / floor1.p50_ms).toFixed(2)}× the one-page loop (target ≥ 8/s, p50 ≤ 1.3×)`;
console.log(verdict(pooled1, floor1));
if (size > 1) console.log(verdict(pooledN, floorN));
