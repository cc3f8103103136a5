// Official documents through the real templates, Chromium and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { createDocumentActivities, documentContentHash } from './documents.js';
import { documents, documentCounters, documentNumberReservations } from '../db/schema.js';
import { connectDatabase } from '../db/client.js';
import { Renderer } from './renderer.js';
import { freezeProcessGroup, isAlive } from '../test/support/processes.js';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { pdfText, pdfWords } from '../test/support/pdf.js';
import { chineseDate } from '../domain/chinese-dates.js';

describe('official documents', () => {
  let t: TestApp;
  let issue: ReturnType<typeof createDocumentActivities>['issueDocument'];
  let issueOnce: ReturnType<typeof createDocumentActivities>['issueOnce'];
  let province: number;
  let hospital: number;
  beforeAll(async () => {
    t = await createTestApp();
    ({ issueDocument: issue, issueOnce } = createDocumentActivities(t.database.db, t.renderer, () => new Date()));
    province = await t.unitId('河南省卫生健康委员会');
    hospital = await t.unitId('金水区总医院');
  });
  afterAll(() => t?.close());

  it('shows the organ, the number, the title, the recipient and the date, with the page number', async () => {
    const doc = await issue({
      kind: 'notice',
      code: '监',
      issuingUnitId: province,
      title: '关于开展健康医疗数据安全检查的通知',
      recipient: '各省辖市卫生健康委',
      cc: ['国家卫生健康委规划司'],
      recipientUnitIds: [hospital],
      data: { paragraphs: ['根据000 第三十三条，现开展专项检查。'] },
      idempotencyKey: 'frame-1',
    });
    expect(doc.number).toMatch(/^豫卫监〔\d{4}〕1号$/);
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
    expect(row!.sha256).toBe(createHash('sha256').update(row!.pdf).digest('hex'));
    expect(row!.sizeBytes).toBe(row!.pdf.length);
    const text = pdfText(row!.pdf);
    expect(text).toContain('河南省卫生健康委员会文件');
    expect(text).toContain(doc.number);
    expect(text).toContain('关于开展健康医疗数据安全检查的通知');
    expect(text).toContain('各省辖市卫生健康委：');
    expect(text).toContain(chineseDate(new Date()));
    expect(text).toContain('抄送：国家卫生健康委规划司。');
    expect(text).toMatch(/—\s*1\s*—/);
  });

  it('numbers every page in the 一字线 style, odd pages at the right and even at the left (GB/T 9704-2012 7.5)', async () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) => `第${i + 1}项：请各单位对照检查清单开展自查，并于规定期限内在督办系统中提交自查结果。`,
    );
    const doc = await issue({
      kind: 'notice',
      code: '页',
      issuingUnitId: province,
      title: '关于多页通知页码的测试',
      data: { paragraphs },
      idempotencyKey: 'pages-1',
    });
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
    const pages = pdfWords(row!.pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      // The page number sits in the bottom margin (35 mm ≈ 99 pt; its line box reaches a little above).
      const number = page.words.filter((w) => w.yMin > page.height - 110 && /^\d+$/.test(w.text));
      expect(number.map((w) => w.text)).toEqual([String(i + 1)]);
      if (i % 2 === 0) expect(number[0]!.xMin).toBeGreaterThan(page.width * 0.75);
      else expect(number[0]!.xMin).toBeLessThan(page.width * 0.25);
    });
    expect(pdfText(row!.pdf)).toMatch(/—\s*2\s*—/);
  });

  it('prints names with characters outside GB 2312 and beyond the Basic Multilingual Plane', async () => {
    const doc = await issue({
      kind: 'notice',
      code: '字',
      issuingUnitId: province,
      title: '关于表扬张堃、李镕、王𠀾同志的通报',
      recipient: '金水区总医院',
      data: { paragraphs: ['张堃、李镕、王𠀾同志在数据安全检查中表现突出。'] },
      idempotencyKey: 'rare-1',
    });
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
    const text = pdfText(row!.pdf).replace(/\s+/g, '');
    expect(text).toContain('关于表扬张堃、李镕、王𠀾同志的通报');
    expect(text).toContain('张堃、李镕、王𠀾同志在数据安全检查中表现突出。');
  });

  it('hostile user data comes out as literal text; no script runs and nothing is fetched', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => (hits++, res.end('x')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const hostile = [
        `<script>document.body.innerHTML='PWNED'</script>`,
        '{{x}}',
        '</style><h1>styled</h1>',
        `<img src=http://127.0.0.1:${port}/beacon>`,
      ];
      const doc = await issue({
        kind: 'notice',
        code: '测',
        issuingUnitId: province,
        title: '<script>alert(1)</script>',
        recipient: '{{recipient}}',
        data: { paragraphs: hostile },
        idempotencyKey: 'hostile-1',
      });
      const [row] = await t.database.db.select().from(documents).where(eq(documents.id, doc.documentId));
      // pdftotext breaks long lines and spaces CJK runs; compare without whitespace.
      const text = pdfText(row!.pdf).replace(/\s+/g, '');
      const squash = (s: string) => s.replace(/\s+/g, '');
      expect(text).toContain('<script>alert(1)</script>');
      for (const value of hostile) expect(text).toContain(squash(value));
      expect(text).toContain('{{recipient}}：');
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('50 concurrent issues get exactly 1..50 with no gap or duplicate', async () => {
    const issued = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        issue({
          kind: 'notice',
          code: '并',
          issuingUnitId: province,
          title: `并发测试${i}`,
          data: { paragraphs: ['正文'] },
          idempotencyKey: `concurrent-${i}`,
        }),
      ),
    );
    const seqs = issued.map((d) => Number(/〕(\d+)号/.exec(d.number)![1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const [counter] = await t.database.db.select().from(documentCounters).where(eq(documentCounters.code, '并'));
    expect(counter!.last).toBe(50);
  }, 180_000);

  it('a retried issue returns the same document and uses no new number', async () => {
    const a = await issue({
      kind: 'notice',
      code: '重',
      issuingUnitId: province,
      title: '重试',
      data: { paragraphs: ['正文'] },
      idempotencyKey: 'retry-1',
    });
    const b = await issue({
      kind: 'notice',
      code: '重',
      issuingUnitId: province,
      title: '重试',
      data: { paragraphs: ['正文'] },
      idempotencyKey: 'retry-1',
    });
    expect(b).toEqual(a);
    const c = await issue({
      kind: 'notice',
      code: '重',
      issuingUnitId: province,
      title: '重试二',
      data: { paragraphs: ['正文'] },
      idempotencyKey: 'retry-2',
    });
    expect(c.number).toMatch(/〔\d{4}〕2号$/);
  });

  it('an unknown document kind is refused before a number is taken', async () => {
    await expect(
      issue({
        kind: 'no-such-kind',
        code: '类',
        issuingUnitId: province,
        title: '失败',
        data: {},
        idempotencyKey: 'kind-1',
      }),
    ).rejects.toMatchObject({ type: 'UnknownDocumentKind', nonRetryable: true });
    expect(await t.database.db.$count(documents, eq(documents.code, '类'))).toBe(0);
    expect(await t.database.db.$count(documentNumberReservations, eq(documentNumberReservations.code, '类'))).toBe(0);
    expect(await t.database.db.$count(documentCounters, eq(documentCounters.code, '类'))).toBe(0);
  });

  it('a render that fails in Chromium stores no document, and its retry prints the number it reserved', async () => {
    // A browser frozen under the render; one attempt only, so the watchdog's kill fails the render.
    // The watchdog also times the warm-up's first page, which took over 1 s on a loaded CI machine.
    const failing = new Renderer({
      executablePath: t.env.CHROMIUM_PATH,
      poolSize: 1,
      hangAfterMs: 8_000,
      maxAttempts: 1,
    });
    try {
      const failingIssue = createDocumentActivities(t.database.db, failing, () => new Date()).issueDocument;
      await failing.renderPdf('<p>warm</p>');
      freezeProcessGroup(failing.browserPid!);
      const input = {
        kind: 'notice',
        code: '败',
        issuingUnitId: province,
        title: '失败后重试',
        data: { paragraphs: ['正文'] },
        idempotencyKey: 'fail-1',
      };
      await expect(failingIssue(input)).rejects.toThrow(/Chromium was lost mid-render/);
      expect(failing.hungBrowsers).toBe(1);
      expect(await t.database.db.$count(documents, eq(documents.code, '败'))).toBe(0);
      const [reserved] = await t.database.db
        .select()
        .from(documentNumberReservations)
        .where(eq(documentNumberReservations.idempotencyKey, 'fail-1'));
      expect(reserved!.seq).toBe(1);

      // The activity's retry (same key) prints the reserved number; the next document gets the next one.
      const retried = await issue(input);
      expect(retried.number).toMatch(/〔\d{4}〕1号$/);
      expect(
        pdfText((await t.database.db.select().from(documents).where(eq(documents.id, retried.documentId)))[0]!.pdf),
      ).toContain(retried.number);
      const next = await issue({ ...input, title: '下一份', idempotencyKey: 'fail-2' });
      expect(next.number).toMatch(/〔\d{4}〕2号$/);
      expect(await t.database.db.$count(documentNumberReservations, eq(documentNumberReservations.code, '败'))).toBe(0);
      const [counter] = await t.database.db.select().from(documentCounters).where(eq(documentCounters.code, '败'));
      expect(counter!.last).toBe(2);
    } finally {
      await failing.close();
    }
  });

  it('a burst from one unit while Chromium hangs holds no connection across the render: the pool still answers, numbers are 1..N', async () => {
    // The API and the worker share one pool; three connections make exhaustion easy to see.
    const small = connectDatabase(t.database.url, { max: 3 });
    const slow = new Renderer({ executablePath: t.env.CHROMIUM_PATH, poolSize: 2, hangAfterMs: 30_000 });
    try {
      // The real renderer, counting the renders that reached it.
      let rendering = 0;
      const counted = { renderPdf: (html: string) => (rendering++, slow.renderPdf(html)) } as Renderer;
      const burstIssue = createDocumentActivities(small.db, counted, () => new Date()).issueDocument;
      await Promise.all([slow.renderPdf('<p>warm</p>'), slow.renderPdf('<p>warm</p>')]);
      const frozen = freezeProcessGroup(slow.browserPid!);
      const count = 12;
      let burstSettled = false;
      const burst = Promise.all(
        Array.from({ length: count }, (_, i) =>
          burstIssue({
            kind: 'notice',
            code: '涌',
            issuingUnitId: province,
            title: `突发${i}`,
            data: { paragraphs: ['正文'] },
            idempotencyKey: `burst-${i}`,
          }),
        ),
      ).finally(() => (burstSettled = true));
      void burst.catch(() => {}); // awaited below; a failed assertion meanwhile must not leave it unhandled
      // Every issue gets its number and reaches Chromium although only three connections exist
      // (holding one across the render, only three could)...
      await expect.poll(() => rendering, { timeout: 10_000, interval: 20 }).toBe(count);
      expect(await t.database.db.$count(documentNumberReservations, eq(documentNumberReservations.code, '涌'))).toBe(
        count,
      );
      // ...and while all of them hang in the frozen browser, a plain query on the same pool answers:
      // it did not wait for a render (none can finish before the watchdog replaces the browser).
      await small.sql`select 1`;
      expect(burstSettled).toBe(false);
      expect(frozen.every(isAlive)).toBe(true);

      // The watchdog replaces the frozen browser; every render completes there.
      const issuedInBurst = await burst;
      expect(slow.hungBrowsers).toBe(1);
      const seqs = issuedInBurst.map((d) => Number(/〕(\d+)号/.exec(d.number)![1])).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(await t.database.db.$count(documents, eq(documents.code, '涌'))).toBe(count);
      expect(await t.database.db.$count(documentNumberReservations, eq(documentNumberReservations.code, '涌'))).toBe(0);
    } finally {
      await slow.close();
      await small.close();
    }
  }, 120_000);

  it('the same key issued twice at once reserves one number and stores one document', async () => {
    const input = {
      kind: 'notice',
      code: '双',
      issuingUnitId: province,
      title: '同键并发',
      data: { paragraphs: ['正文'] },
      idempotencyKey: 'twin-1',
    };
    const [a, b] = await Promise.all([issue(input), issue(input)]);
    expect(b).toEqual(a);
    expect(a.number).toMatch(/〔\d{4}〕1号$/);
    expect(await t.database.db.$count(documents, eq(documents.code, '双'))).toBe(1);
    const [counter] = await t.database.db.select().from(documentCounters).where(eq(documentCounters.code, '双'));
    expect(counter!.last).toBe(1);
  });

  it('one number per content: twenty issues of the same content at once give one document; a new edition only on request, retry-safe, and then it is the one returned', async () => {
    const content = {
      kind: 'notice',
      code: '版',
      issuingUnitId: province,
      title: '关于同一内容只编一个文号的通知',
      recipient: '各单位',
      data: { paragraphs: ['正文一', '正文二'], dueDate: '2026-12-01' },
    };
    const first = await Promise.all(Array.from({ length: 20 }, () => issueOnce(content)));
    expect(new Set(first.map((d) => d.documentId)).size).toBe(1);
    expect(first.filter((d) => !d.existing)).toHaveLength(1);
    expect(first[0]!.number).toMatch(/〔\d{4}〕1号$/);
    const count = () => t.database.db.$count(documents, eq(documents.code, '版'));
    expect(await count()).toBe(1);
    // The same data with its keys in another order is the same content.
    const reordered = await issueOnce({
      ...content,
      data: { dueDate: '2026-12-01', paragraphs: ['正文一', '正文二'] },
    });
    expect(reordered).toMatchObject({ documentId: first[0]!.documentId, sha256: first[0]!.sha256, existing: true });
    // Changed content is a new document with the next number.
    const changed = await issueOnce({ ...content, data: { ...content.data, paragraphs: ['正文一'] } });
    expect(changed).toMatchObject({ existing: false, number: expect.stringMatching(/〔\d{4}〕2号$/) });
    // A new edition of the first content: a new number; the same request again returns it.
    const edition = await issueOnce({ ...content, newEdition: 'edition-request-1' });
    expect(edition).toMatchObject({ existing: false, number: expect.stringMatching(/〔\d{4}〕3号$/) });
    expect(await issueOnce({ ...content, newEdition: 'edition-request-1' })).toEqual({ ...edition, existing: true });
    // Asked again without newEdition, the content's latest edition comes back.
    expect(await issueOnce(content)).toEqual({ ...edition, existing: true });
    expect(await count()).toBe(3);
    const [counter] = await t.database.db.select().from(documentCounters).where(eq(documentCounters.code, '版'));
    expect(counter!.last).toBe(3);
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, edition.documentId));
    expect(row!.contentHash).toBe(documentContentHash(content));
  }, 120_000);

  it('downloads as a PDF with a Chinese filename for the issuer’s jurisdiction and the recipient; others get 404', async () => {
    const doc = await issue({
      kind: 'notice',
      code: '下',
      issuingUnitId: province,
      title: '下载测试通知',
      recipientUnitIds: [hospital],
      data: { paragraphs: ['正文'] },
      idempotencyKey: 'download-1',
    });
    const staff = await t.as('jshosp.staff');
    const res = await staff.get(`/documents/${doc.documentId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${doc.number}下载测试通知.pdf`)}`,
    );
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await (await t.as('prov.official')).get(`/documents/${doc.documentId}`)).status).toBe(200);
    for (const outsider of ['jscdc.staff', 'lyhosp.staff', 'ly.official']) {
      expect((await (await t.as(outsider)).get(`/documents/${doc.documentId}`)).status).toBe(404);
    }
  });
});
