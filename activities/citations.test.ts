// Printed documents cite regulations by full title, and only texts in force where the issuer sits
// (domain/regulations.ts): real templates, PostgreSQL, Chromium, and poppler's pdftotext.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { createDocumentActivities } from './documents.js';
import { documents, units } from '../db/schema.js';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { pdfWords } from '../test/support/pdf.js';

const HENAN = '《河南省全民健康信息管理实施细则》';
const SICHUAN = '《四川省健康医疗大数据应用管理办法（试行）》';

/** The PDF's text in reading order, whitespace and the page numbers (—1—) a page break puts into a sentence removed. */
function flatText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' })
    .replace(/\s+/g, '')
    .replace(/—\d+—/g, '');
}

/** The text of the table column headed `header` (up to the next header to its right), top to bottom. */
function column(pdf: Uint8Array, header: string, next: string): string {
  const pages = pdfWords(pdf);
  const words = pages.flatMap((p, page) => p.words.map((w) => ({ ...w, page })));
  const left = words.find((w) => w.text === header)!;
  const right = words.find((w) => w.text.startsWith(next) && w.page === left.page && w.yMin === left.yMin)!;
  return words
    .filter((w) => w.xMin >= left.xMin - 1 && w.xMin < right.xMin - 1 && (w.page > left.page || w.yMin > left.yMin))
    .sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)
    .map((w) => w.text)
    .join('');
}

describe('citations in printed documents', () => {
  let t: TestApp;
  let issue: ReturnType<typeof createDocumentActivities>['issueDocument'];
  let henanCounty: number;
  let sichuan: number;
  const run = randomBytes(4).toString('hex');

  beforeAll(async () => {
    t = await createTestApp();
    issue = createDocumentActivities(t.database.db, t.renderer, () => new Date()).issueDocument;
    henanCounty = await t.unitId('郑州市金水区卫生健康委员会');
    // A Sichuan commission: its 统一社会信用代码 carries division code 510000.
    const tag = randomBytes(3)
      .toString('hex')
      .toUpperCase()
      .replace(/[IOZSV]/g, 'A');
    const [row] = await t.database.db
      .insert(units)
      .values({ orgCode: `11510000MC${tag}01`, name: `四川省测试卫生健康委员会${tag}`, kind: 'commission', path: '' })
      .returning();
    await t.database.db
      .update(units)
      .set({ path: `/${row!.id}/` })
      .where(eq(units.id, row!.id));
    sichuan = row!.id;
  });
  afterAll(() => t?.close());

  async function printed(kind: string, issuingUnitId: number, data: Record<string, unknown>): Promise<string> {
    return flatText(await printedPdf(kind, issuingUnitId, data));
  }

  async function printedPdf(kind: string, issuingUnitId: number, data: Record<string, unknown>): Promise<Uint8Array> {
    const doc = await issue({
      kind,
      code: '测',
      issuingUnitId,
      title: '引用测试',
      data,
      idempotencyKey: `citations-${run}-${kind}-${issuingUnitId}`,
    });
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
    return row!.pdf;
  }

  const notice = {
    planTitle: '数据安全专项检查',
    dueDate: '2026年12月21日',
    findings: [
      {
        n: 1,
        item: '容灾备份',
        severity: '较重',
        article: '000 第十四条',
        description: '未建立备份',
        requirement: '建立备份',
      },
      {
        n: 2,
        item: '加密传输',
        severity: '一般',
        article: '003 第三十一条',
        description: '明文拷贝',
        requirement: '加密',
      },
    ],
  };

  const transferList = {
    handingUnit: '甲医院',
    reason: '撤销',
    receivingUnit: '乙中心',
    supervisingUnit: '某卫生健康委员会',
    items: [],
    rounds: [],
    handing: { unit: '甲医院', signer: '甲', signedAt: '2026-11-23' },
    receiving: { unit: '乙中心', signer: '乙', signedAt: '2026-11-23' },
    listHash: 'a'.repeat(64),
  };

  it('a Henan 整改通知书 cites the Henan text by full title (第三十三条, each finding, 第三十五条), never a file code or the Sichuan text', async () => {
    const pdf = await printedPdf('rectification-notice', henanCounty, notice);
    const text = flatText(pdf);
    expect(text).toContain(`根据${HENAN}第三十三条`);
    // The 依据 column: the Henan title for 000 第十四条; 003 第三十一条 has no Henan counterpart.
    expect(column(pdf, '依据', '问题及整改要求')).toBe(`${HENAN}第十四条`);
    expect(text).toContain(`将依据${HENAN}第三十五条启动责任追究`);
    expect(text).not.toMatch(/00[0-4]第/);
    expect(text).not.toContain('四川');
  });

  it('a Henan 移交清单 cites 第十九条 of the Henan text and not the Sichuan 第十四、三十一条; a Sichuan one cites its own text', async () => {
    const henan = await printed('transfer-list', henanCounty, transferList);
    expect(henan).toContain(`根据${HENAN}第十九条的规定`);
    expect(henan).not.toContain('四川');
    expect(henan).not.toMatch(/00[0-4]第/);

    const own = await printed('transfer-list', sichuan, transferList);
    expect(own).toContain(`根据${SICHUAN}第十四条、第三十一条的规定`);
    expect(own).not.toContain('河南');
  });

  it('a notice’s own prose cites by full title too: 000 第三十三条 typed in a paragraph prints the Henan title', async () => {
    const text = await printed('notice', henanCounty, { paragraphs: ['根据000 第三十三条，现开展专项检查。'] });
    expect(text).toContain(`根据${HENAN}第三十三条，现开展专项检查。`);
    expect(text).not.toMatch(/00[0-4]第/);
  });

  it('a Sichuan 整改通知书 cites its own ladder (第三十六条) and the national text for a Henan-only rule', async () => {
    const pdf = await printedPdf('rectification-notice', sichuan, notice);
    const text = flatText(pdf);
    expect(text).toContain(`根据${SICHUAN}第三十四条`);
    expect(text).toContain(`将依据${SICHUAN}第三十六条启动责任追究`);
    // 000 第十四条 (backup) has no Sichuan counterpart in the registry: the national text says it.
    expect(column(pdf, '依据', '问题及整改要求')).toBe(`《人口健康信息管理办法（试行）》第九条${SICHUAN}第三十一条`);
    expect(text).not.toContain('河南');
  });

  const talk = {
    caseNumber: 'SC-2026-0003',
    unitName: '甲医院',
    responsiblePerson: { name: '李明', position: '信息科科长' },
    facts: ['未按000 第十四条的要求开展异地备份。'],
    articles: ['000 第十四条', '003 第三十一条'],
    severity: 'serious',
    measure: 'talk',
    reasons: [],
    meeting: { time: '2026-12-15T02:00:00Z', place: '第一会议室', attendees: '规划信息处' },
  };

  it('an accountability case’s 约谈通知书 cites the ladder of the issuer’s own province: 第三十五条 in Henan, 第三十六条 in Sichuan', async () => {
    const henan = await printed('talk-notice', henanCounty, talk);
    expect(henan).toContain(`依据${HENAN}第三十五条的规定`);
    expect(henan).toContain(`上述问题违反了${HENAN}第十四条的规定。`);
    expect(henan).not.toContain('第三十六条');
    expect(henan).not.toContain('四川');
    expect(henan).not.toMatch(/00[0-4]第/);

    const own = await printed('talk-notice', sichuan, talk);
    expect(own).toContain(`依据${SICHUAN}第三十六条的规定`);
    // 000 第十四条 (backup) through the national text; 003 第三十一条 is Sichuan's own.
    expect(own).toContain(`上述问题违反了《人口健康信息管理办法（试行）》第九条，${SICHUAN}第三十一条的规定。`);
    expect(own).not.toContain('河南');
    expect(own).not.toMatch(/00[0-4]第/);
  });

  it('the yearly 责任追究情况汇总 cites the appraisal and ladder articles where they apply (Sichuan has no appraisal article)', async () => {
    const summary = { year: 2026, jurisdiction: '', total: 0, byMeasure: [], bySource: [], byUnit: [] };
    expect(await printed('accountability-summary', henanCounty, summary)).toContain(
      `根据${HENAN}第三十四条、第三十五条的规定`,
    );
    const own = await printed('accountability-summary', sichuan, summary);
    expect(own).toContain(`根据${SICHUAN}第三十六条的规定`);
    expect(own).not.toContain('河南');
  });
});
