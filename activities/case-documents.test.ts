// The documents of an accountability case (templates/case-rectification-notice.hbs, talk-notice,
// admonition-notice, sanction-proposal, transfer-letter) and the yearly summary
// (accountability-summary), issued through the real activity: PostgreSQL numbers them, Chromium
// prints them, poppler reads them back. What a clerk checks before signing: title, number, 主送,
// the person concerned, time and place of a 约谈, the basis by full title (never a file code, never
// the Sichuan ladder for a Henan issuer), codes in Chinese, and the 版记 at the foot of the last page
// with the signature never alone on a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createDocumentActivities } from './documents.js';
import { DOCUMENT_KINDS } from './official-documents.js';
import { documents } from '../db/schema.js';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { pdfText, pdfWords } from '../test/support/pdf.js';
import {
  MEASURE_DOCUMENT_KINDS,
  SUMMARY_DOCUMENT_KIND,
  type CaseDocumentData,
  type SummaryDocumentData,
} from '../domain/accountability.js';

const ISSUER = '河南省卫生健康委员会';
const HENAN = '《河南省全民健康信息管理实施细则》';
/** The foot of the type area: A4 less the 35 mm bottom margin, in points. */
const FOOT_MARGIN_PT = (35 / 25.4) * 72;

/** Text as pdftotext -layout reads it, whitespace and the page numbers (— 2 —) a page break puts into a sentence removed. */
const flat = (pdf: Uint8Array) =>
  pdfText(pdf)
    .replace(/—\s*\d+\s*—/g, '')
    .replace(/\s+/g, '');

const sample = (over: Partial<CaseDocumentData> = {}): CaseDocumentData => ({
  caseNumber: 'ZJ-2026-0007',
  unitName: '郑州市金水区总医院',
  responsiblePerson: { name: '王建国', position: '信息科科长' },
  facts: [
    '2026年11月检查发现，该院核心业务系统数据库未按000 第十四条的要求开展异地备份，最近一次恢复演练记录缺失。',
    '经限期整改通知（豫卫整〔2026〕7号）责令整改后，该院逾期未提交整改报告及佐证材料。',
  ],
  articles: ['000 第十四条', '000 第十五条'],
  severity: 'serious',
  measure: 'supervised_rectification',
  reasons: ['问题涉及全院电子病历数据，存在数据灭失风险。', '经责令整改后逾期未整改。'],
  statement: {
    text: '备份设备采购流程尚在进行中，已安排临时备份。',
    adopted: false,
    response: '临时备份未覆盖核心业务数据库，且未提供恢复演练记录，申辩理由不能成立。',
  },
  rectification: {
    dueDate: '2026-12-31',
    requirements: ['建立核心业务数据库异地备份机制并稳定运行。', '完成一次数据恢复演练，形成演练记录。'],
  },
  ...over,
});

const cases: Array<{
  kind: string;
  title: string;
  recipient?: string;
  data: CaseDocumentData;
  /** What this kind must print besides the common checks, whitespace removed. */
  prints: string[];
}> = [
  {
    kind: MEASURE_DOCUMENT_KINDS.supervised_rectification,
    title: '关于郑州市金水区总医院督导整改的通知',
    recipient: '郑州市金水区总医院',
    data: sample(),
    prints: [
      '郑州市金水区总医院：',
      '属于情节较重',
      '决定对你单位予以督导整改',
      '经复核，不予采纳',
      '（一）建立核心业务数据库异地备份机制并稳定运行。',
      '于2026年12月31日前在督办系统中提交整改报告',
    ],
  },
  {
    kind: MEASURE_DOCUMENT_KINDS.talk,
    title: '约谈通知书',
    recipient: '郑州市金水区总医院',
    data: sample({
      measure: 'talk',
      statement: { text: '已组织专人整改。', adopted: true, response: '经核实属实，已在情节认定中予以考虑。' },
      meeting: {
        time: '2026-12-15T02:00:00Z',
        place: '河南省卫生健康委员会3号楼502会议室',
        attendees: '河南省卫生健康委员会规划信息处负责同志；郑州市卫生健康委员会分管负责同志',
      },
    }),
    prints: [
      '郑州市金水区总医院：',
      '决定对你单位信息科科长王建国同志进行约谈',
      '王建国（郑州市金水区总医院信息科科长）',
      '时间：2026年12月15日10:00',
      '地点：河南省卫生健康委员会3号楼502会议室',
      '河南省卫生健康委员会规划信息处负责同志',
      '经复核，予以采纳',
      '需携带的材料',
    ],
  },
  {
    kind: MEASURE_DOCUMENT_KINDS.admonition,
    title: '诫勉通知书',
    recipient: '王建国同志',
    data: sample({ measure: 'admonition', severity: 'grave', statement: undefined }),
    prints: [
      '王建国同志：',
      '王建国同志作为郑州市金水区总医院信息科科长，对上述问题负有责任',
      '属于情节严重',
      '在规定期限内未提出陈述、申辩',
      '决定对王建国同志予以诫勉',
      '于2026年12月31日前向我委提交书面检查',
    ],
  },
  {
    kind: MEASURE_DOCUMENT_KINDS.sanction_proposal,
    title: '关于建议给予王建国同志处分的函',
    data: sample({ measure: 'sanction_proposal', severity: 'grave', addressee: '郑州市金水区卫生健康委员会' }),
    prints: ['郑州市金水区卫生健康委员会：', '建议你单位按照干部管理权限，对王建国同志依规依纪给予相应处分'],
  },
  {
    kind: MEASURE_DOCUMENT_KINDS.transfer,
    title: '关于移送王建国涉嫌违纪违法问题线索的函',
    data: sample({ measure: 'transfer', severity: 'grave', addressee: '郑州市金水区纪委监委' }),
    prints: [
      '郑州市金水区纪委监委：',
      '郑州市金水区总医院信息科科长王建国涉嫌违纪违法，根据有关规定，现将有关问题线索移送你单位',
      '移送你单位依规依纪依法处理',
    ],
  },
];

describe('accountability case documents', () => {
  let t: TestApp;
  let issue: ReturnType<typeof createDocumentActivities>['issueDocument'];
  let issuer: number;
  beforeAll(async () => {
    t = await createTestApp();
    issue = createDocumentActivities(t.database.db, t.renderer, () => new Date()).issueDocument;
    issuer = await t.unitId(ISSUER);
  });
  afterAll(() => t?.close());

  async function issued(kind: string, title: string, data: object, recipient?: string) {
    const doc = await issue({
      kind,
      code: '督',
      issuingUnitId: issuer,
      title,
      recipient,
      data: data as Record<string, unknown>,
      idempotencyKey: `case-doc-${randomUUID()}`,
    });
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
    return { number: doc.number, pdf: row!.pdf };
  }

  /** The 版记's last row on the foot of the last page, and on the signature's page some body text above it. */
  function expectOfficialLayout(pdf: Uint8Array) {
    const pages = pdfWords(pdf);
    const last = pages.at(-1)!;
    const printedBy = pages.map((p) => p.words.filter((w) => w.text.endsWith('印发')));
    expect(printedBy.slice(0, -1).flat()).toEqual([]);
    expect(printedBy.at(-1)).toHaveLength(1);
    expect(Math.abs(printedBy.at(-1)![0]!.yMax - (last.height - FOOT_MARGIN_PT))).toBeLessThan(6);
    // The signature: the issuer's name, right of centre, above the 版记.
    const signature = pages.flatMap((p) =>
      p.words
        .filter((w) => w.text === ISSUER && w.xMin > p.width / 3 && w.yMax < p.height - FOOT_MARGIN_PT - 60)
        .map((w) => ({ p, w })),
    );
    const { p, w: organ } = signature.at(-1)!;
    const above = p.words.filter((w) => w.yMax <= organ.yMin);
    expect(above.length, `the signature alone on page ${pages.indexOf(p) + 1}`).toBeGreaterThan(0);
  }

  it('every kind an accountability decision or the yearly summary is issued as has a template, and a sample here', () => {
    expect(cases.map((c) => c.kind).sort()).toEqual(Object.values(MEASURE_DOCUMENT_KINDS).sort());
    expect(DOCUMENT_KINDS).toEqual(
      expect.arrayContaining([...Object.values(MEASURE_DOCUMENT_KINDS), SUMMARY_DOCUMENT_KIND]),
    );
  });

  it.each(cases.map((c) => [c.kind, c] as const))(
    '%s: title, number, 主送, person, facts and basis by full title, codes in Chinese, 版记 at the foot',
    async (_kind, c) => {
      const { number, pdf } = await issued(c.kind, c.title, c.data, c.recipient);
      expect(number).toMatch(/^豫卫督〔\d{4}〕\d+号$/);
      const text = flat(pdf);
      expect(text).toContain(number);
      expect(text).toContain(c.title);
      expect(text).toContain('王建国');
      expect(text).toContain('ZJ-2026-0007');
      for (const expected of c.prints) expect(text).toContain(expected);
      // Facts and their citation typed in prose, the articles violated, and the ladder, all by full title.
      expect(text).toContain(`未按${HENAN}第十四条的要求开展异地备份`);
      expect(text).toContain(`上述问题违反了${HENAN}第十四条、第十五条的规定。`);
      expect(text).toContain(`依据${HENAN}第三十五条的规定`);
      expect(text).not.toMatch(/00[0-4]第/);
      expect(text).not.toContain('第三十六条');
      expect(text).not.toContain('四川');
      // Codes in Chinese, and nothing missing.
      expect(text).not.toMatch(/serious|grave|supervised_rectification|talk|admonition|sanction_proposal|transfer/);
      expect(text).not.toMatch(/undefined|null|NaN/);
      expectOfficialLayout(pdf);
    },
    60_000,
  );

  it('a letter’s 主送 is its addressee even when the caller names another recipient', async () => {
    const { pdf } = await issued(
      MEASURE_DOCUMENT_KINDS.sanction_proposal,
      '关于建议给予王建国同志处分的函',
      sample({ measure: 'sanction_proposal', addressee: '郑州市金水区人民政府' }),
      '郑州市金水区总医院',
    );
    const text = flat(pdf);
    expect(text).toContain('郑州市金水区人民政府：');
    expect(text).not.toContain('郑州市金水区总医院：');
  }, 60_000);

  it('the Sichuan ladder typed by a clerk prints as the Henan article for a Henan issuer', async () => {
    const { pdf } = await issued(
      MEASURE_DOCUMENT_KINDS.talk,
      '约谈通知书',
      sample({
        measure: 'talk',
        articles: ['000 第十四条', '003 第三十六条'],
        reasons: ['依据003 第三十六条，情节较重的应当约谈责任人。'],
        meeting: { time: '2026年12月15日上午10时', place: '第一会议室', attendees: '规划信息处' },
      }),
      '郑州市金水区总医院',
    );
    const text = flat(pdf);
    expect(text).toContain(`上述问题违反了${HENAN}第十四条、第三十五条的规定。`);
    expect(text).toContain(`依据${HENAN}第三十五条，情节较重的应当约谈责任人。`);
    expect(text).toContain('时间：2026年12月15日上午10时');
    expect(text).not.toContain('第三十六条');
    expect(text).not.toMatch(/00[0-4]第/);
  }, 60_000);

  it('the yearly summary: a report with no 主送, totals, and tables by measure, source and unit in Chinese', async () => {
    const units = Array.from({ length: 36 }, (_, i) => ({
      unitName: `郑州市第${i + 1}人民医院`,
      cases: 1 + (i % 3),
      measures: i % 2 ? 'supervised_rectification,talk' : 'admonition',
    }));
    const data: SummaryDocumentData = {
      year: 2026,
      jurisdiction: '41',
      areaName: '河南省',
      total: 72,
      byMeasure: [
        { measure: 'supervised_rectification', count: 40 },
        { measure: 'criticism', count: 15 },
        { measure: 'talk', count: 10 },
        { measure: 'admonition', count: 4 },
        { measure: 'sanction_proposal', count: 2 },
        { measure: 'transfer', count: 1 },
      ],
      bySource: [
        { source: 'rectification_overdue', count: 50 },
        { source: 'incident', count: 12 },
        { source: 'appraisal', count: 6 },
        { source: 'manual', count: 4 },
      ],
      byUnit: units,
    };
    const title = '关于河南省2026年度责任追究情况的报告';
    const { number, pdf } = await issued(SUMMARY_DOCUMENT_KIND, title, data);
    const text = flat(pdf);
    expect(text).toContain(number);
    // No 主送: the body follows the title.
    expect(text).toContain(
      `${title}根据${HENAN}第三十四条、第三十五条的规定，现将2026年度河南省责任追究工作情况报告如下。`,
    );
    expect(text).toContain('共办理责任追究案件72件，涉及36个单位');
    const layout = pdfText(pdf);
    expect(layout).toMatch(/1\s+督导整改\s+40/);
    expect(layout).toMatch(/2\s+通报批评\s+15/);
    expect(layout).toMatch(/6\s+移送有关部门\s+1/);
    expect(layout).toMatch(/1\s+逾期未完成整改\s+50/);
    expect(layout).toMatch(/2\s+网络与信息安全事件\s+12/);
    expect(layout).toMatch(/2\s+郑州市第2人民医院\s+2\s+督导整改、约谈责任人/);
    expect(layout).toMatch(/36\s+郑州市第36人民医院\s+3\s+督导整改、约谈责任人/);
    expect(text).not.toMatch(/supervised_rectification|rectification_overdue|incident|manual|41年/);
    expect(text).not.toMatch(/00[0-4]第/);
    // 36 unit rows run over a page: each row on one line of one page.
    const pages = pdfWords(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (let n = 1; n <= 36; n++) {
      const onPages = pages.flatMap((p, i) => (p.words.some((w) => w.text === `郑州市第${n}人民医院`) ? [i] : []));
      expect(onPages, `unit ${n}`).toHaveLength(1);
    }
    expectOfficialLayout(pdf);
  }, 60_000);

  it('a year without cases says so, with no empty tables', async () => {
    const data: SummaryDocumentData = {
      year: 2026,
      jurisdiction: '41',
      total: 0,
      byMeasure: [],
      bySource: [],
      byUnit: [],
    };
    const { pdf } = await issued(SUMMARY_DOCUMENT_KIND, '关于2026年度责任追究情况的报告', data);
    const text = flat(pdf);
    expect(text).toContain('2026年度，本辖区未发生责任追究案件。');
    expect(text).not.toContain('按追究措施统计');
    expectOfficialLayout(pdf);
  }, 60_000);
});
