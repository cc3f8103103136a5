// npm run bench:render-soak -- [count=5000] [multi-process|single-process]
// A soak of the Renderer, not a speed test: `count` varied documents (every kind in templates/,
// one to dozens of pages, names outside GB 2312 and beyond the BMP, hostile-looking text) rendered
// RENDER_POOL_SIZE at a time, as the worker does. Reports hangs (browsers the watchdog replaced),
// failures, p50/p95/max per document, documents/s and the peak memory (PSS) of all of
// Chromium's processes. Chooses nothing itself: README's renderer section records the figures.
import { readFileSync, readdirSync } from 'node:fs';
import { PROCESS_MODELS, Renderer, type ProcessModel } from '../activities/renderer.js';
import { DOCUMENT_KINDS, renderDocumentHtml } from '../activities/official-documents.js';
import { chineseDate } from '../domain/chinese-dates.js';
import { loadEnv } from '../config/env.js';
import { CASE_SOURCES, MEASURES, SEVERITIES, type CaseDocumentData } from '../domain/accountability.js';

const env = loadEnv({ DUBAN_DEMO: '1', ...process.env }); // only the renderer's settings are read
const COUNT = Number(process.argv[2] ?? 5_000);
const MODEL = (process.argv[3] ?? 'multi-process') as ProcessModel;
if (!PROCESS_MODELS.includes(MODEL)) throw new Error(`process model must be one of ${PROCESS_MODELS.join(', ')}`);

// A deterministic generator, so two runs render the same documents.
let seed = 20261123;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const RARE = ['堃', '镕', '𠀾', '𡒄', '喆', '祎', '昇', '㛃', '䶮', '𪚥', '龘', '赟', '玥', '珺', '彧'];
const WORDS = [
  '数据安全',
  '健康医疗',
  '自查',
  '整改',
  '移交',
  '检查清单',
  '个人信息',
  '备份',
  '加密',
  '访问控制',
  '审计日志',
  '第三十三条',
  '<script>x</script>',
  '{{x}}',
  '&amp;',
  'ＡＢＣ１２３',
];
const name = () => pick(['张', '李', '王', '郑', '欧阳']) + pick(RARE) + pick(['', pick(RARE)]);
const sentence = () =>
  Array.from({ length: 3 + Math.floor(random() * 12) }, () => (random() < 0.15 ? name() : pick(WORDS))).join('') + '。';
const paragraphs = (max: number) =>
  Array.from({ length: 1 + Math.floor(random() ** 3 * max) }, () =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, sentence).join(''),
  );
const today = chineseDate(new Date());

function data(kind: string, i: number): Record<string, unknown> {
  switch (kind) {
    case 'notice':
      return { paragraphs: paragraphs(60), dueDate: random() < 0.5 ? today : undefined };
    case 'rectification-notice':
      return {
        planTitle: `第${i}批检查`,
        dueDate: today,
        findings: Array.from({ length: 1 + Math.floor(random() ** 2 * 30) }, (_, n) => ({
          n: n + 1,
          item: sentence(),
          article: '000 第二十九条',
          severity: pick(['critical', 'major', 'minor']),
          description: paragraphs(3).join(''),
          requirement: sentence(),
        })),
      };
    case 'inspection-report':
      return {
        planTitle: `第${i}批检查`,
        asOf: today,
        startedDate: today,
        statusLabel: '进行中',
        unitCount: 40,
        selfChecked: 30,
        reviewed: 20,
        overallRate: '75%',
        findingsTotal: 12,
        bySeverity: { critical: 1, major: 4, minor: 7 },
        rectification: { accepted: 3, pending: 9 },
        overdueUnits: Array.from({ length: Math.floor(random() * 20) }, () => ({ name: `${name()}卫生院` })),
        items: Array.from({ length: 1 + Math.floor(random() * 25) }, () => ({
          text: sentence(),
          article: '000 第三十条',
          compliant: 3,
          nonCompliant: 1,
          rate: '75%',
        })),
        units: Array.from({ length: Math.floor(random() * 40) }, () => ({
          name: `${name()}医院`,
          overdue: random() < 0.2,
          findings: 2,
          rate: '80%',
        })),
      };
    case 'transfer-list': {
      const items = Array.from({ length: 1 + Math.floor(random() ** 2 * 40) }, (_, n) => ({
        n: n + 1,
        kindLabel: '电子病历',
        description: sentence(),
        recordCount: Math.floor(random() * 500_000),
        volume: '12 GB',
        format: 'CSV',
        encryption: 'SM4',
        storageLocation: { country: '中国', region: '河南省' },
        serialNumber: random() < 0.5 ? `SN-${i}-${n}` : undefined,
        sha256: 'ab'.repeat(32),
        remark: random() < 0.3 ? sentence() : undefined,
      }));
      return {
        handingUnit: `${name()}医院`,
        receivingUnit: '金水区卫生健康委员会',
        supervisingUnit: '郑州市卫生健康委员会',
        items,
        listHash: 'cd'.repeat(32),
        rounds: [
          {
            round: 1,
            submittedAt: today,
            submittedBy: name(),
            verifiedAt: today,
            verifiedBy: name(),
            accepted: true,
            discrepancies: [],
          },
        ],
        handing: { unit: '甲医院', signer: name(), signedAt: today },
        receiving: { unit: '乙卫健委', signer: name(), signedAt: today },
      };
    }
    case 'case-rectification-notice':
    case 'talk-notice':
    case 'admonition-notice':
    case 'sanction-proposal':
    case 'transfer-letter':
      return caseDocument(kind, i);
    case 'accountability-summary': {
      const units = Array.from({ length: Math.floor(random() ** 2 * 80) }, () => ({
        unitName: `${name()}医院`,
        cases: 1 + Math.floor(random() * 4),
        measures: [pick(MEASURES), pick(MEASURES)].join(','),
      }));
      return {
        year: 2026,
        jurisdiction: '41',
        areaName: random() < 0.5 ? '河南省' : undefined,
        total: units.reduce((n, u) => n + u.cases, 0),
        byMeasure: MEASURES.map((measure) => ({ measure, count: Math.floor(random() * 30) })),
        bySource: CASE_SOURCES.map((source) => ({ source, count: Math.floor(random() * 30) })),
        byUnit: units,
      };
    }
    default:
      return { paragraphs: paragraphs(10) };
  }
}

/** An accountability case's decision document (domain/accountability.ts), short or pages long. */
function caseDocument(kind: string, i: number): CaseDocumentData & Record<string, unknown> {
  return {
    caseNumber: `ZJ-2026-${i}`,
    unitName: `${name()}医院`,
    responsiblePerson: random() < 0.8 ? { name: name(), position: pick(['院长', '信息科科长', undefined]) } : undefined,
    facts: paragraphs(20),
    articles: [pick(['000 第十四条', '000 第二十九条', '003 第三十一条']), '003 第三十六条'],
    severity: pick(SEVERITIES),
    measure: pick(MEASURES),
    reasons: paragraphs(4),
    statement: random() < 0.5 ? { text: sentence(), adopted: random() < 0.3, response: sentence() } : undefined,
    rectification: { dueDate: '2026-12-31', requirements: paragraphs(8) },
    meeting: { time: new Date().toISOString(), place: sentence(), attendees: `${name()}、${name()}` },
    addressee: random() < 0.5 ? '郑州市金水区卫生健康委员会' : undefined,
  };
}

function documentHtml(i: number): string {
  const kind = DOCUMENT_KINDS[i % DOCUMENT_KINDS.length]!;
  const issuer = pick(['河南省卫生健康委员会', '郑州市金水区卫生健康委员会', `${name()}县卫生健康委员会`]);
  return renderDocumentHtml(kind, {
    ...data(kind, i),
    title: `关于${sentence().slice(0, 30)}的${kind === 'notice' ? '通知' : '文书'}`,
    number: `豫卫监〔2026〕${i}号`,
    issuer: { name: issuer },
    jurisdiction: '41',
    recipient: pick([undefined, '各省辖市卫生健康委', `${name()}医院`]),
    cc: random() < 0.5 ? [`${name()}同志`] : undefined,
    issuedDate: today,
  });
}

/**
 * Memory of every process in `pgid`'s group (Chromium's browser leads its own), in MiB: the sum
 * of proportional set sizes, so libraries and shared memory the processes share count once.
 */
function groupPssMiB(pgid: number | undefined): number {
  if (!pgid) return 0;
  let kib = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]) !== pgid) continue;
      kib += Number(/Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited while we looked
    }
  }
  return kib / 1024;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

const renderer = new Renderer({
  executablePath: env.CHROMIUM_PATH,
  poolSize: env.RENDER_POOL_SIZE,
  processModel: MODEL,
});
await renderer.renderPdf('<p>warm-up</p>');
const launchesBefore = renderer.launches;
let peakPssMiB = 0;
const sampler = setInterval(() => (peakPssMiB = Math.max(peakPssMiB, groupPssMiB(renderer.browserPid))), 500);
const durations: number[] = [];
const failures: string[] = [];
let next = 0;
const started = performance.now();

/** The figures so far (the whole run, or what was done before a stop). */
function summary() {
  const done = durations.length + failures.length;
  return {
    model: MODEL,
    documents: done,
    planned: COUNT,
    kinds: DOCUMENT_KINDS,
    pool: env.RENDER_POOL_SIZE,
    hangs: renderer.hungBrowsers,
    failures: failures.length,
    launches: renderer.launches - launchesBefore,
    p50_ms: Math.round(percentile(durations, 50)),
    p95_ms: Math.round(percentile(durations, 95)),
    max_ms: Math.round(Math.max(0, ...durations)),
    docs_per_s: Number((done / ((performance.now() - started) / 1000)).toFixed(2)),
    peak_chromium_pss_mib: Math.round(peakPssMiB),
    first_failures: failures.slice(0, 5),
  };
}

// Stopped early (a soak can outlast its time slot): the figures of the documents done so far.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(JSON.stringify({ ...summary(), stoppedEarly: true }));
    void renderer.close().finally(() => process.exit(130));
  });
}

await Promise.all(
  Array.from({ length: env.RENDER_POOL_SIZE }, async () => {
    while (next < COUNT) {
      const i = next++;
      const html = documentHtml(i);
      const t0 = performance.now();
      try {
        const pdf = await renderer.renderPdf(html);
        if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new Error('not a PDF');
        durations.push(performance.now() - t0);
      } catch (err) {
        failures.push(`#${i} ${DOCUMENT_KINDS[i % DOCUMENT_KINDS.length]}: ${(err as Error).message}`);
      }
      if ((i + 1) % 250 === 0) console.error(JSON.stringify(summary()));
    }
  }),
);
clearInterval(sampler);
const result = summary();
await renderer.close();
console.log(JSON.stringify(result));
