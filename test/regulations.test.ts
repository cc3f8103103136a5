// The regulation registry and the traceability table (docs/regulations.md): citations resolve to
// texts in force where the issuer sits; the table is current, every test an enforced row names
// exists, and the code cites no provision the table does not list.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  REGULATIONS,
  applicableProvisions,
  citation,
  expandCitations,
  formatCitations,
  jurisdictionOfOrgCode,
  parseCitations,
  readOutCitations,
  shortCitation,
} from '../domain/regulations.js';
import { ROWS, renderMarkdown, rowProvisions, type Row } from '../scripts/regulations-doc.js';

const root = new URL('..', import.meta.url).pathname;
const SOURCE_DIRS = ['workflows', 'activities', 'api', 'domain', 'db', 'templates'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return name === 'meta' ? [] : sourceFiles(path);
    return /\.(ts|hbs|sql)$/.test(name) ? [path] : [];
  });
}

/** Titles of the it()/test() calls in a test file. */
function testTitles(file: string): Set<string> {
  const text = readFileSync(join(root, file), 'utf8');
  return new Set([...text.matchAll(/\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)].map((m) => m[2]!));
}

/** Enforced rows whose named test file or test title does not exist. */
function missingTests(rows: Row[]): string[] {
  return rows.flatMap((row) =>
    row.status.kind !== 'enforced'
      ? []
      : row.status.tests
          .filter((t) => !existsSync(join(root, t.file)) || !testTitles(t.file).has(t.name))
          .map((t) => `${row.ref}: ${t.file} “${t.name}”`),
  );
}

/** Provisions cited in `files` (short form) that no row of the table lists. */
function unlisted(files: Array<{ path: string; text: string }>, rows: Row[]): string[] {
  const listed = new Set(rows.flatMap((r) => rowProvisions(r).map(shortCitation)));
  const out = new Set<string>();
  for (const f of files)
    for (const p of parseCitations(f.text))
      if (!listed.has(shortCitation(p))) out.add(`${f.path}: ${shortCitation(p)}`);
  return [...out];
}

describe('regulation registry', () => {
  it('prints the full title where the text is in force for the issuer, and null elsewhere', () => {
    expect(citation('000', '第十四条', '41')).toBe('《河南省全民健康信息管理实施细则》第十四条');
    expect(citation('000', '第十四条', '410105')).toBe('《河南省全民健康信息管理实施细则》第十四条');
    expect(citation('003', '第三十一条', '41')).toBeNull();
    expect(citation('003', '第三十六条', '51')).toBe('《四川省健康医疗大数据应用管理办法（试行）》第三十六条');
    // A draft is cited nowhere, not even in its own district.
    expect(citation('001', '第十四条', '110102')).toBeNull();
    expect(citation('002', '第十二条', '110102')).toBe('《人口健康信息管理办法（试行）》第十二条');
    expect(citation('004', '8.2.4', '41')).toBe('《国家卫生信息资源使用管理规范》（WS/T 788—2021）8.2.4');
  });

  it('a rule from another province is cited through the issuer’s own or the national text, or left out', () => {
    // 003 第十四条 (handover) says what 000 第十九条 says: a Henan document cites the Henan text.
    expect(applicableProvisions({ code: '003', provision: '第十四条' }, '41')).toEqual([
      { code: '000', provision: '第十九条' },
    ]);
    // 003 第三十一条 (encrypted, signed transfer) has no Henan or national counterpart: not cited.
    expect(applicableProvisions({ code: '003', provision: '第三十一条' }, '41')).toEqual([]);
    // Henan's ladder for a Sichuan issuer is Sichuan's 第三十六条; for Xicheng, the national 第二十一、二十二条.
    expect(formatCitations('000 第三十五条', '51')).toBe('《四川省健康医疗大数据应用管理办法（试行）》第三十六条');
    expect(formatCitations('000 第三十五条', '110102')).toBe('《人口健康信息管理办法（试行）》第二十一条、第二十二条');
    expect(formatCitations('000 第十九条；003 第十四条；003 第三十一条', '41')).toBe(
      '《河南省全民健康信息管理实施细则》第十九条',
    );
    expect(formatCitations('000 第十九条；003 第十四条；003 第三十一条', '51')).toBe(
      '《四川省健康医疗大数据应用管理办法（试行）》第十四条、第三十一条',
    );
    expect(expandCitations('根据000 第三十三条，依003 第三十一条加密。', '41')).toBe(
      '根据《河南省全民健康信息管理实施细则》第三十三条，依003 第三十一条加密。',
    );
    // Text that names no provision in the short form is printed as it is.
    expect(formatCitations('《某办法》第一条', '41')).toBe('《某办法》第一条');
    // A refusal tells a person where its rule comes from, whichever province's text that is.
    expect(readOutCitations('存储于境外：000 第十八条禁止；依003 第三十一条、第三十二条加密')).toBe(
      '存储于境外：《河南省全民健康信息管理实施细则》第十八条禁止；依《四川省健康医疗大数据应用管理办法（试行）》第三十一条、第三十二条加密',
    );
  });

  it('reads short citations, lists and ranges, and the issuer’s division code from its 统一社会信用代码', () => {
    expect(parseCitations('000 第十一–十三条；003 第三十四、三十五条；004 8.2.1、8.2.4').map(shortCitation)).toEqual([
      '000 第十一条',
      '000 第十二条',
      '000 第十三条',
      '003 第三十四条',
      '003 第三十五条',
      '004 8.2.1',
      '004 8.2.4',
    ]);
    expect(jurisdictionOfOrgCode('11410000MB0000001A')).toBe('41');
    expect(jurisdictionOfOrgCode('12410105MB0000101K')).toBe('410105');
    expect(jurisdictionOfOrgCode('11110102MB0000001X')).toBe('110102');
    expect(jurisdictionOfOrgCode('12345678X')).toBeNull();
  });
});

describe('traceability table (docs/regulations.md)', () => {
  it('is current: the file is what `npm run docs:regulations` writes', () => {
    expect(readFileSync(join(root, 'docs/regulations.md'), 'utf8')).toBe(renderMarkdown());
  });

  it('has a row for every provision of the seed texts that drives a feature', () => {
    // The provisions the seeds' own table (outside this repository) names, file by file.
    const seeds = [
      '000 第七条；000 第十一–十三条；000 第十四–十五条；000 第十七–十九条；000 第二十四、二十五、二十七条',
      '000 第二十九–三十一条；000 第三十三–三十五条',
      '001 第九条；001 第十二条；001 第十四条；001 第十八条；001 第二十–二十二条',
      '002 第八–二十二条',
      '003 第十二条；003 第十四条；003 第二十九–三十二条；003 第三十四–三十六条',
      '004 3.2、3.1.2、6.4、7.1、7.2、8.2.1、8.2.4',
    ].join('；');
    const listed = new Set(ROWS.flatMap((r) => rowProvisions(r).map(shortCitation)));
    expect(
      parseCitations(seeds)
        .map(shortCitation)
        .filter((p) => !listed.has(p)),
    ).toEqual([]);
  });

  it('every test an enforced row names exists (file and title); a row naming a missing one is caught', () => {
    expect(missingTests(ROWS)).toEqual([]);
    const bogus: Row = {
      ref: '000 第十九条',
      requirement: 'x',
      status: {
        kind: 'enforced',
        where: 'x',
        tests: [{ file: 'api/handovers/handovers.test.ts', name: 'no such test' }],
      },
    };
    expect(missingTests([bogus])).toEqual(['000 第十九条: api/handovers/handovers.test.ts “no such test”']);
  });

  it('every provision the code cites is listed; a citation the table lacks is caught', () => {
    const files = SOURCE_DIRS.flatMap(sourceFiles).map((path) => ({
      path,
      text: readFileSync(join(root, path), 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(50);
    expect(unlisted(files, ROWS)).toEqual([]);
    expect(unlisted([{ path: 'x.ts', text: '// 000 第二十六条 and 004 9.9' }], ROWS)).toEqual([
      'x.ts: 000 第二十六条',
      'x.ts: 004 9.9',
    ]);
  });

  it('templates print provisions only through the cite helpers: no bare {{article}}, no hard-coded title', () => {
    const templates = sourceFiles('templates').filter((f) => f.endsWith('.hbs'));
    expect(templates.length).toBeGreaterThan(3);
    for (const file of templates) {
      const text = readFileSync(join(root, file), 'utf8').replace(/\{\{!--[\s\S]*?--\}\}/g, '');
      expect(text, file).not.toMatch(/\{\{\s*(?:article|basis)\s*\}\}|《[^》]+》第/);
      expect(parseCitations(text.replace(/\{\{cite[^}]*\}\}/g, '')), file).toEqual([]);
    }
  });

  it('every row names a text of the registry, and the rectification rules cite 000 第三十五条, not 003 第三十五条', () => {
    for (const row of ROWS) expect(Object.keys(REGULATIONS)).toContain(row.ref.split(' ')[0]);
    const rectification = ROWS.find((r) => r.ref === '000 第三十五条（督导整改）');
    expect(rectification?.status.kind).toBe('enforced');
    expect(ROWS.find((r) => r.ref === '003 第三十五条')?.status.kind).toBe('out_of_scope');
    // The migration that corrects the stored policies names the old text it replaces.
    const code = SOURCE_DIRS.flatMap(sourceFiles)
      .filter((path) => !path.startsWith('db/migrations/'))
      .map((path) => readFileSync(join(root, path), 'utf8'))
      .join('\n');
    expect(code).not.toMatch(/003 第三十五条|003 第三十四、三十五条/);
  });
});

describe('the stored policies’ basis (migration 0012)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('replaces the seeded 003 第三十五条 and draft 001 bases, leaving an administrator’s own wording', async () => {
    const owner = database.ownerSql;
    const migration = readFileSync(join(root, 'db/migrations/0012_policy_basis_citations.sql'), 'utf8');
    const migrate = async () => {
      for (const statement of migration.split('--> statement-breakpoint')) await owner.unsafe(statement);
      const rows = await owner<{ key: string; basis: string }[]>`select key, basis from deadline_policies`;
      return Object.fromEntries(rows.map((r) => [r.key, r.basis]));
    };
    // As a database seeded before the fix holds them, but an administrator reworded the rectification basis.
    await owner`insert into deadline_policies (key, unit, amount, description, basis) values
      ('rectification', 'working_days', 20, '整改期限', '本委规定'),
      ('handover.complete', 'calendar_days', 30, '移交办结期限', '000 第十九条、001 第十二条；条文未规定时限')
      on conflict (key) do update set basis = excluded.basis`;
    expect(await migrate()).toMatchObject({
      rectification: '本委规定',
      'handover.complete': '000 第十九条（移交）；条文未规定时限',
    });
    await owner`update deadline_policies set basis = '000 第三十五条、003 第三十五条；条文未规定时限' where key = 'rectification'`;
    expect(await migrate()).toMatchObject({ rectification: '000 第三十五条（督导整改）；条文未规定时限' });
  });
});
