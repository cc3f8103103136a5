// The 预警通报 template (templates/incident-alert.hbs) through the real renderer: the PDF shows its
// 网安 number, its title, the incident's level and category in Chinese, the measures as a numbered
// list, the reply deadline and the basis by full title.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDocumentActivities } from './documents.js';
import { documents } from '../db/schema.js';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { pdfText } from '../test/support/pdf.js';
import { ALERT_DOCUMENT_CODE, ALERT_DOCUMENT_KIND } from '../domain/incident-alerts.js';

describe('the incident alert document (预警通报)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('prints the number, title, level, category, numbered measures, deadline and basis', async () => {
    const { issueDocument } = createDocumentActivities(t.database.db, t.renderer, () => new Date());
    const doc = await issueDocument({
      kind: ALERT_DOCUMENT_KIND,
      code: ALERT_DOCUMENT_CODE,
      issuingUnitId: await t.unitId('河南省卫生健康委员会'),
      title: '关于防范勒索软件攻击的预警通报',
      recipient: '河南省卫生健康委员会所属各医疗卫生机构',
      recipientUnitIds: [await t.unitId('河南省人民医院')],
      data: {
        paragraphs: ['近日，某医院信息系统遭受勒索软件攻击。'],
        measures: [
          { n: 1, text: '立即排查远程桌面端口暴露情况' },
          { n: 2, text: '核查重要数据离线备份' },
        ],
        incident: { title: '门诊系统遭勒索软件加密', level: '重大', category: '勒索软件' },
        replyDueAt: '2026年11月26日 18:00',
      },
      idempotencyKey: `alert-doc-${crypto.randomUUID()}`,
    });
    expect(doc.number).toMatch(/^豫卫网安〔\d{4}〕\d+号$/);
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
    const text = pdfText(row!.pdf).replace(/\s+/g, '');
    expect(text).toContain(doc.number);
    expect(text).toContain('关于防范勒索软件攻击的预警通报');
    expect(text).toContain('河南省卫生健康委员会所属各医疗卫生机构：');
    expect(text).toContain('“门诊系统遭勒索软件加密”（重大事件，类别：勒索软件）');
    expect(text).toContain('1.立即排查远程桌面端口暴露情况');
    expect(text).toContain('2.核查重要数据离线备份');
    expect(text).toContain('2026年11月26日18:00前');
    // The basis by its full title (the `cite` helper), not the seed's short code.
    expect(text).not.toContain('000第三十一条');
    expect(text).toMatch(/《[^》]+》第三十一条/);
  });
});
