// Page layout of every document template, read back from the PDF with poppler (pdftotext -bbox /
// -layout): the 版记 at the foot of the last page (GB/T 9704-2012 7.4.1), 署名 and 成文日期 never
// alone on a page (7.3.5), table rows never split across pages, Latin words never broken, code
// values printed in Chinese.
import { afterAll, describe, expect, it } from 'vitest';
import { Renderer } from './renderer.js';
import { loadEnv } from '../config/env.js';
import { renderDocumentHtml } from './official-documents.js';
import { pdfPages, pdfText, pdfWords, type PdfPage } from '../test/support/pdf.js';

const ISSUER = '河南省卫生健康委员会';
const DATE = '2026年11月23日';
/** The foot of the type area: A4 less the 35 mm bottom margin, in points. */
const footOf = (page: PdfPage) => page.height - (35 / 25.4) * 72;

const frame = (title: string, recipient?: string) => ({
  title,
  number: '豫卫监〔2026〕7号',
  issuer: { name: ISSUER },
  jurisdiction: '410000',
  recipient,
  cc: ['国家卫生健康委规划司'],
  issuedDate: DATE,
});

const findings = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    item: `数据库备份与恢复演练（第${i + 1}项）`,
    severity: '较重',
    article: '000 第三十三条',
    description: `R${i + 1}D 核心业务系统数据库未按要求开展异地备份，最近一次恢复演练记录缺失，备份介质未登记造册。`,
    requirement: `限期建立异地备份机制，完成一次恢复演练并形成记录，备份介质逐一登记。R${i + 1}Q`,
  }));

const holdings = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    kindLabel: '数据库',
    description: `R${i + 1}D 全民健康信息平台业务数据库（含居民电子健康档案、电子病历索引）`,
    recordCount: '1,204,331',
    volume: '120 GB',
    format: 'PostgreSQL',
    storageLocation: { country: 'CN', region: '河南省郑州市金水区数据中心' },
    encryption: 'SM4',
    sha256: `${String(i + 1).padStart(2, '0')}${'ab3f'.repeat(15)}c0`,
  }));

/** An accountability case's document (domain/accountability.ts CaseDocumentData) with `facts` facts. */
const caseDocument = (kind: string, facts: number, measure: string) => ({
  name: `${kind} of ${facts} facts`,
  kind,
  data: {
    ...frame('关于郑州市金水区总医院督导整改的通知', '郑州市金水区总医院'),
    caseNumber: 'ZJ-2026-0007',
    unitName: '郑州市金水区总医院',
    responsiblePerson: { name: '王建国', position: '信息科科长' },
    facts: Array.from(
      { length: facts },
      (_, i) => `第${i + 1}项：核心业务系统数据库未按000 第十四条的要求开展异地备份，最近一次恢复演练记录缺失。`,
    ),
    articles: ['000 第十四条'],
    severity: 'serious',
    measure,
    reasons: ['经责令整改后逾期未整改。'],
    statement: { text: '已安排临时备份。', adopted: false, response: '临时备份未覆盖核心业务数据库。' },
    rectification: { dueDate: '2026-12-31', requirements: ['建立异地备份机制。', '完成一次恢复演练。'] },
    meeting: { time: '2026-12-15T02:00:00Z', place: '第一会议室', attendees: '规划信息处负责同志' },
    addressee: '郑州市金水区卫生健康委员会',
  },
});

/** The yearly 责任追究情况汇总 with `units` rows in its table by unit, each row two lines high. */
const summary = (units: number) => ({
  name: `accountability summary of ${units} units`,
  kind: 'accountability-summary',
  data: {
    ...frame('关于2026年度责任追究情况的报告'),
    year: 2026,
    jurisdiction: '41',
    total: units * 2,
    byMeasure: [
      { measure: 'supervised_rectification', count: units },
      { measure: 'talk', count: units },
    ],
    bySource: [{ source: 'rectification_overdue', count: units * 2 }],
    byUnit: Array.from({ length: units }, (_, i) => ({
      unitName: `R${i + 1}D 郑州市第${i + 1}人民医院（郑州大学附属郑州中心医院）`,
      cases: 2,
      measures: `督导整改、约谈责任人 R${i + 1}Q`,
    })),
  },
});

const documentsToCheck: Array<{ name: string; kind: string; data: Parameters<typeof renderDocumentHtml>[1] }> = [
  // 14–24 paragraphs include lengths at which the signature would start a page of its own.
  ...[1, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24].map((n) => ({
    name: `notice of ${n} paragraphs`,
    kind: 'notice',
    data: {
      ...frame('关于测试版记位置的通知', '各单位'),
      paragraphs: Array.from(
        { length: n },
        (_, i) => `第${i + 1}项：请各单位对照检查清单开展自查，并于规定期限内在督办系统中提交自查结果。`,
      ),
    },
  })),
  ...[1, 3, 5, 7, 9].map((n) => ({
    name: `rectification notice of ${n} findings`,
    kind: 'rectification-notice',
    data: {
      ...frame('关于金水区总医院限期整改的通知', '金水区总医院'),
      planTitle: '2026年度数据安全专项检查',
      unitName: '金水区总医院',
      dueDate: '2026年12月21日',
      findings: findings(n),
    },
  })),
  ...[2, 12, 20, 30].map((n) => ({
    name: `run report of ${n} units`,
    kind: 'inspection-report',
    data: {
      ...frame('关于2026年度数据安全专项检查情况的报告'),
      cc: [],
      planTitle: '2026年度数据安全专项检查',
      startedDate: '2026年11月2日',
      unitCount: n,
      selfChecked: n,
      reviewed: n,
      overallRate: '84.6%',
      findingsTotal: 2,
      bySeverity: { critical: 0, major: 1, minor: 1 },
      rectification: { accepted: 2, pending: 0 },
      overdue: { units: 0, byStep: { self_check: 0, review: 0, rectification: 0, verification: 0 } },
      units: Array.from({ length: n }, (_, i) => ({
        name: `第${i + 1}人民医院`,
        statusLabel: '已销号',
        rate: '84.6%',
        findings: 1,
        overdueLabel: '否',
      })),
      items: Array.from({ length: 12 }, (_, i) => ({
        text: `检查项${i + 1}：是否建立数据分类分级管理制度`,
        article: '000 第三十三条',
        compliant: n - 1,
        nonCompliant: 1,
        rate: '84.6%',
      })),
    },
  })),
  ...[1, 3, 5, 7, 9].map((n) => ({
    name: `transfer list of ${n} items`,
    kind: 'transfer-list',
    data: {
      ...frame('金水区总医院健康信息移交清单', '郑州市卫生健康委员会'),
      handingUnit: '金水区总医院',
      receivingUnit: '郑州市卫生健康委员会',
      supervisingUnit: ISSUER,
      reason: '机构合并',
      items: holdings(n),
      rounds: [{ round: 1, submittedBy: '张三', submittedAt: DATE, verifiedBy: '李四', verifiedAt: DATE, accepted: n }],
      handing: { unit: '金水区总医院', signer: '王五', signedAt: DATE },
      receiving: { unit: '郑州市卫生健康委员会', signer: '赵六', signedAt: DATE },
      listHash: 'f'.repeat(64),
    },
  })),
  ...[1, 4, 7, 10].map((n) => caseDocument('talk-notice', n, 'talk')),
  ...[3, 8].map((n) => caseDocument('case-rectification-notice', n, 'supervised_rectification')),
  ...[5, 11].map((n) => caseDocument('admonition-notice', n, 'admonition')),
  ...[2, 6].map((n) => caseDocument('sanction-proposal', n, 'sanction_proposal')),
  ...[9].map((n) => caseDocument('transfer-letter', n, 'transfer')),
  ...[0, 10, 40].map(summary),
];

describe('official document layout', () => {
  const renderer = new Renderer({ executablePath: loadEnv({}).CHROMIUM_PATH, poolSize: 2 });
  afterAll(() => renderer.close());
  const rendered = new Map<string, Promise<Buffer>>();
  const render = (doc: (typeof documentsToCheck)[number]) => {
    if (!rendered.has(doc.name)) rendered.set(doc.name, renderer.renderPdf(renderDocumentHtml(doc.kind, doc.data)));
    return rendered.get(doc.name)!;
  };

  it.each(documentsToCheck.map((d) => [d.name, d] as const))(
    '%s: the 版记 ends at the foot of the last page, and 署名 and date share their page with the body',
    async (_name, doc) => {
      const pages = pdfWords(await render(doc));
      const last = pages.at(-1)!;
      // The 版记's last row (印发机关 and date) sits on the last page's type-area foot, and nowhere else.
      const printedBy = pages.map((p) => p.words.filter((w) => w.text.endsWith('印发')));
      expect(printedBy.slice(0, -1).flat()).toEqual([]);
      expect(printedBy.at(-1)).toHaveLength(1);
      expect(Math.abs(printedBy.at(-1)![0]!.yMax - footOf(last))).toBeLessThan(6);
      // The signature's date, and above it on its page something of the body besides the organ name.
      const signed = pages.flatMap((p) => p.words.filter((w) => w.text === DATE).map((w) => ({ p, w })));
      expect(signed.length).toBeGreaterThanOrEqual(1);
      const { p, w: date } = signed.at(-1)!;
      const above = p.words.filter((w) => w.yMax <= date.yMin && w.text !== ISSUER);
      expect(above.length, `nothing of the body on the signature's page ${pages.indexOf(p) + 1}`).toBeGreaterThan(0);
    },
    60_000,
  );

  it('long tables keep each row (and each transfer item with its hash row) on one page', async () => {
    const check = async (doc: (typeof documentsToCheck)[number], rows: number, ends: (n: number) => string[]) => {
      const pages = pdfWords(await render(doc));
      expect(pages.length).toBeGreaterThan(1);
      for (let n = 1; n <= rows; n++) {
        const onPages = ends(n).map((token) => pages.findIndex((p) => p.words.some((w) => w.text.includes(token))));
        expect(onPages.every((i) => i >= 0) && new Set(onPages).size === 1, `row ${n} on pages ${onPages}`).toBe(true);
      }
    };
    // A finding's row: its first line (R<n>D) and its last line (R<n>Q).
    await check(
      documentsToCheck.find((d) => d.name === 'rectification notice of 9 findings')!,
      9,
      (n) => [`R${n}D`, `R${n}Q`],
    );
    // A unit's row in the accountability summary: its first line (R<n>D) and its last (R<n>Q).
    await check(
      documentsToCheck.find((d) => d.name === 'accountability summary of 40 units')!,
      40,
      (n) => [`R${n}D`, `R${n}Q`],
    );
    // A holding's row and the hash row under it.
    await check(
      documentsToCheck.find((d) => d.name === 'transfer list of 9 items')!,
      9,
      (n) => [`R${n}D`, `${String(n).padStart(2, '0')}ab3f`],
    );
  }, 60_000);

  it('Latin words in narrow columns are never broken, and a country code prints as the country’s Chinese name', async () => {
    const doc = documentsToCheck.find((d) => d.name === 'transfer list of 9 items')!;
    const pdf = await render(doc);
    const text = pdfText(pdf);
    expect(text.match(/PostgreSQL/g)).toHaveLength(9);
    expect(text).not.toMatch(/PostgreSQ\s/);
    expect(text.match(/中国 河南省/g)).toHaveLength(9);
    expect(pdfWords(pdf).flatMap((p) => p.words.filter((w) => w.text === 'CN'))).toEqual([]);
  }, 60_000);

  it('when print lays out differently from the measure, the 版记 follows the text instead of standing alone on an extra page', async () => {
    // Taller in print than on screen, where the renderer measures: the padding measured would push
    // the 版记 onto a second page.
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
      @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
      :root { --type-area-width: 156mm; --type-area-height: 225mm; }
      body { margin: 0; font-size: 16pt; }
      .text { height: 100mm; }
      @media print { .text { height: 160mm; } }
      footer { padding-top: 10pt; break-inside: avoid; }
    </style></head><body><div class="text">正文</div>
    <footer data-page-bottom><div>抄送：国家卫生健康委规划司。</div><div>河南省卫生健康委员会办公室 2026年11月23日印发</div></footer>
    </body></html>`;
    const pdf = await renderer.renderPdf(html);
    expect(pdfPages(pdf)).toBe(1);
    const [page] = pdfWords(pdf);
    const printedBy = page!.words.find((w) => w.text.endsWith('印发'))!;
    // Right after the 160 mm of text (37 + 160 mm from the top), well above the foot.
    expect(printedBy.yMax).toBeLessThan(footOf(page!) - 20);
  }, 60_000);
});
