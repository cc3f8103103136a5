// The one regulation registry: every text the product cites, with its full title, issuing body,
// document number, jurisdiction and whether it is in force; and the rules that several texts state
// alike, so that a document cites the text in force where its issuer sits (a Henan document cites
// the Henan or the national text, never Sichuan's). Code comments keep the short form
// `000 第十九条`; printed documents go through `formatCitations`. docs/regulations.md lists what
// each article makes the software do (`npm run docs:regulations`). No I/O here.

/**
 * Where a text applies, as a GB/T 2260 division-code prefix: '' national, '41' 河南省,
 * '51' 四川省, '110102' 北京市西城区. An issuer's jurisdiction is the same kind of prefix, taken
 * from its organisation code (`jurisdictionOfOrgCode`): a text applies to it when the issuer's
 * prefix starts with the text's.
 */
export type Jurisdiction = string;

export const REGULATION_CODES = ['000', '001', '002', '003', '004', 'NSIR'] as const;
export type RegulationCode = (typeof REGULATION_CODES)[number];

export interface Regulation {
  code: RegulationCode;
  /** Full title without 《》. */
  title: string;
  issuingBody: string;
  /** 文号 or standard number; null where the source text gives none. */
  documentNumber: string | null;
  jurisdiction: { code: Jurisdiction; name: string };
  /** A draft for comment is never cited; its rules may still shape the software. */
  status: 'in_force' | 'draft';
  /** First day in force (ISO date), as the text states it. */
  effective: string | null;
  /** How its provisions are numbered: 第十四条, or clauses such as 8.2.1. */
  numbering: 'articles' | 'clauses';
  note?: string;
}

export const REGULATIONS: Record<RegulationCode, Regulation> = {
  '000': {
    code: '000',
    title: '河南省全民健康信息管理实施细则',
    issuingBody: '河南省卫生和计划生育委员会',
    documentNumber: '豫卫规划〔2017〕44号',
    jurisdiction: { code: '41', name: '河南省' },
    status: 'in_force',
    effective: '2017-07-17',
    numbering: 'articles',
  },
  '001': {
    code: '001',
    title: '西城区全民健康信息管理办法（试行）',
    issuingBody: '北京市西城区卫生和计划生育委员会',
    documentNumber: null,
    jurisdiction: { code: '110102', name: '北京市西城区' },
    status: 'draft',
    effective: null,
    numbering: 'articles',
    note: '2018年12月13日公开征求意见的草案，未见正式印发',
  },
  '002': {
    code: '002',
    title: '人口健康信息管理办法（试行）',
    issuingBody: '国家卫生和计划生育委员会',
    documentNumber: '国卫规划发〔2014〕24号',
    jurisdiction: { code: '', name: '全国' },
    status: 'in_force',
    effective: '2014-05-05',
    numbering: 'articles',
    note: '002 是汇编；本代码的条号均指其中全文收录的国家《人口健康信息管理办法（试行）》，汇编中其他省的文本不作引用',
  },
  '003': {
    code: '003',
    title: '四川省健康医疗大数据应用管理办法（试行）',
    issuingBody: '四川省卫生健康委员会',
    documentNumber: null,
    jurisdiction: { code: '51', name: '四川省' },
    status: 'in_force',
    effective: '2020-08-01',
    numbering: 'articles',
    note: '第三十七条：自2020年8月1日起实施，试行期两年；是否延续未见于所收文本，四川部署前须核实',
  },
  '004': {
    code: '004',
    title: '国家卫生信息资源使用管理规范',
    issuingBody: '中华人民共和国国家卫生健康委员会',
    documentNumber: 'WS/T 788—2021',
    jurisdiction: { code: '', name: '全国' },
    status: 'in_force',
    effective: '2022-04-01',
    numbering: 'clauses',
    note: '推荐性卫生行业标准',
  },
  NSIR: {
    code: 'NSIR',
    title: '国家网络安全事件报告管理办法',
    issuingBody: '国家互联网信息办公室',
    documentNumber: null,
    jurisdiction: { code: '', name: '全国' },
    status: 'in_force',
    effective: '2025-11-01',
    numbering: 'articles',
    note: '不在所收文本中；文号待核实后补录',
  },
};

/** One provision of one text: `{ code: '000', provision: '第十九条' }` or `{ code: '004', provision: '8.2.4' }`. */
export interface Provision {
  code: RegulationCode;
  provision: string;
}

/**
 * Provisions of different texts that state the same rule. A document whose issuer is not under a
 * provision's text cites the same rule through a text that is (its own province's before the
 * national one), or not at all. Read from the texts beside each other; a provision with no
 * counterpart (003 第三十一条 encrypted, signed transfer) is cited only where that text applies.
 */
export const EQUIVALENT_RULES: Array<{ rule: string; provisions: string[] }> = [
  { rule: '一数一源、身份标识唯一', provisions: ['000 第十一条', '001 第八条', '002 第八条', '003 第九条'] },
  { rule: '容灾备份与恢复检测', provisions: ['000 第十四条', '000 第十五条', '001 第九条', '002 第九条'] },
  { rule: '委托存储、运维的责任', provisions: ['000 第十七条', '001 第十一条', '002 第十一条', '003 第三十三条'] },
  { rule: '禁止境外存储', provisions: ['000 第十八条', '001 第十条', '002 第十条', '003 第三十二条'] },
  { rule: '变更时移交', provisions: ['000 第十九条', '001 第十二条', '002 第十二条', '003 第十四条'] },
  { rule: '授权利用、角色与权限', provisions: ['000 第二十四条', '001 第十四条', '002 第十四条'] },
  { rule: '个案信息查询和复制', provisions: ['000 第二十五条', '001 第十五条', '002 第十五条'] },
  { rule: '等级保护', provisions: ['000 第二十七条', '001 第十六条', '002 第十六条', '003 第三十条'] },
  { rule: '痕迹管理、实名鉴别', provisions: ['000 第二十九条', '001 第十八条', '002 第十八条'] },
  { rule: '监督检查', provisions: ['000 第三十三条', '001 第二十条', '002 第二十条', '003 第三十四条'] },
  { rule: '通报制度', provisions: ['000 第三十五条', '001 第二十一条', '002 第二十一条'] },
  {
    rule: '责任追究（督导整改、通报批评等）',
    provisions: ['000 第三十五条', '001 第二十二条', '002 第二十二条', '003 第三十六条'],
  },
];

const DIGITS = '零一二三四五六七八九';

/** 14 → 十四, 35 → 三十五 (article numbers stay below 100). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`条号超出范围：${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`}${ones === 0 ? '' : DIGITS[ones]}`;
}

/** 十四 → 14; NaN when it is not a number below 100 written that way. */
export function parseChineseNumber(s: string): number {
  const m = /^(?:([一二三四五六七八九]?)(十))?([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return NaN;
  const tens = m[2] ? (m[1] ? DIGITS.indexOf(m[1]) : 1) : 0;
  const ones = m[3] ? DIGITS.indexOf(m[3]) : 0;
  return tens * 10 + ones;
}

const CODE = `(${REGULATION_CODES.join('|')})`;
const NUMERAL = '[一二三四五六七八九十]+';
// One text's provisions: `000 第十四条`, `000 第十四、十五条`, `000 第十四条、第三十条`,
// `000 第十一–十三条`, `004 8.2.1`, `004 8.2.1、8.2.4`.
const ARTICLES = `第${NUMERAL}(?:[、–-]第?${NUMERAL})*条(?:、第${NUMERAL}条)*`;
const CLAUSES = `\\d+(?:\\.\\d+)+(?:、\\d+(?:\\.\\d+)+)*`;
/** Matches one citation in the short form; global, so use with matchAll. */
export const SHORT_CITATION = new RegExp(`(?<![0-9A-Za-z])${CODE} ?(${ARTICLES}|${CLAUSES})`, 'g');

/** The provisions a short citation names, each on its own: `000 第十四、十五条` → 第十四条, 第十五条. */
export function parseCitations(text: string): Provision[] {
  const found: Provision[] = [];
  for (const [, code, body] of text.matchAll(SHORT_CITATION)) {
    if (/^\d/.test(body!)) {
      for (const clause of body!.split('、')) found.push({ code: code as RegulationCode, provision: clause });
      continue;
    }
    for (const part of body!.split('、')) {
      const range = /^第?([一二三四五六七八九十]+)[–-]第?([一二三四五六七八九十]+)条?$/.exec(part);
      if (range) {
        const [from, to] = [parseChineseNumber(range[1]!), parseChineseNumber(range[2]!)];
        for (let n = from; n <= to; n++)
          found.push({ code: code as RegulationCode, provision: `第${chineseNumber(n)}条` });
        continue;
      }
      const one = /^第?([一二三四五六七八九十]+)条?$/.exec(part);
      if (one) found.push({ code: code as RegulationCode, provision: `第${one[1]}条` });
    }
  }
  return found;
}

/** `000 第十四条` for a provision, the form code comments and checklists use. */
export function shortCitation(p: Provision): string {
  return `${p.code} ${p.provision}`;
}

/**
 * The division-code prefix an organisation code carries: characters 3–8 of an 18-character
 * 统一社会信用代码 are the registering authority's GB/T 2260 code (410000 → '41', 410105 →
 * '410105', 110102 → '110102'). null for a 9-character 组织机构代码 or anything else.
 */
export function jurisdictionOfOrgCode(orgCode: string): Jurisdiction | null {
  const m = /^[0-9A-HJ-NPQRTUWXY]{2}(\d{6})[0-9A-HJ-NPQRTUWXY]{10}$/.exec(orgCode);
  if (!m) return null;
  return m[1]!.replace(/(?:00)+$/, '');
}

/** Whether a text may be cited in a document its issuer (in `issuer`) issues. */
export function appliesTo(code: RegulationCode, issuer: Jurisdiction): boolean {
  const r = REGULATIONS[code];
  return r.status === 'in_force' && issuer.startsWith(r.jurisdiction.code);
}

function titled(code: RegulationCode): string {
  const r = REGULATIONS[code];
  return r.numbering === 'clauses' && r.documentNumber ? `《${r.title}》（${r.documentNumber}）` : `《${r.title}》`;
}

/** `《河南省全民健康信息管理实施细则》第十四条`, or null when that text is not in force for the issuer. */
export function citation(code: RegulationCode, provision: string, issuer: Jurisdiction): string | null {
  return appliesTo(code, issuer) ? `${titled(code)}${provision}` : null;
}

/**
 * The provisions an issuer cites for the rule `p` states: `p` itself where its text applies,
 * otherwise the same rule in the most local text that does (its province's before the national
 * one; every provision of that text that states it), otherwise none — the rule may shape the
 * software's behaviour, but the document does not cite it.
 */
export function applicableProvisions(p: Provision, issuer: Jurisdiction): Provision[] {
  if (appliesTo(p.code, issuer)) return [p];
  const key = shortCitation(p);
  const candidates = EQUIVALENT_RULES.filter((r) => r.provisions.includes(key))
    .flatMap((r) => parseCitations(r.provisions.join('；')))
    .filter((q) => appliesTo(q.code, issuer));
  const local = Math.max(...candidates.map((q) => REGULATIONS[q.code].jurisdiction.code.length));
  const best = candidates.find((q) => REGULATIONS[q.code].jurisdiction.code.length === local)?.code;
  return candidates.filter((q) => q.code === best);
}

function provisionOrder(p: string): number {
  const n = parseChineseNumber(p.replace(/^第|条$/g, ''));
  return Number.isNaN(n) ? 0 : n;
}

/**
 * Replaces the short citations in `text` with full titles applicable to the issuer:
 * `000 第三十三条、第三十五条；003 第三十六条` → `《河南省全民健康信息管理实施细则》第三十三条、第三十五条`
 * for a Henan issuer. Text without a short citation (a title someone typed) is returned as it is;
 * a text whose citations all fall away gives ''.
 */
export function formatCitations(text: string, issuer: Jurisdiction): string {
  const cited = parseCitations(text);
  if (cited.length === 0) return text;
  const byCode = new Map<RegulationCode, string[]>();
  for (const p of cited) {
    for (const q of applicableProvisions(p, issuer)) {
      const list = byCode.get(q.code) ?? [];
      if (!list.includes(q.provision)) list.push(q.provision);
      byCode.set(q.code, list);
    }
  }
  return [...byCode]
    .map(([code, provisions]) => {
      provisions.sort((a, b) => provisionOrder(a) - provisionOrder(b));
      return `${titled(code)}${provisions.join('、')}`;
    })
    .join('，');
}

/**
 * Expands each short citation inside prose in place (`根据000 第三十三条，` → `根据《…》第三十三条，`),
 * through the issuer's applicable text. A citation with no applicable counterpart is left as
 * written: dropping it would change the sentence its author wrote.
 */
export function expandCitations(text: string, issuer: Jurisdiction): string {
  return text.replace(SHORT_CITATION, (short) => formatCitations(short, issuer) || short);
}

/**
 * Every short citation in `text` read out by its text's full title, whatever the reader's
 * jurisdiction (`000 第十八条` → `《河南省全民健康信息管理实施细则》第十八条`): for messages to people,
 * which say where a rule comes from; documents cite only what binds their issuer (formatCitations).
 */
export function readOutCitations(text: string): string {
  return text.replace(
    SHORT_CITATION,
    (_short, code: RegulationCode, provisions: string) => `${titled(code)}${provisions}`,
  );
}
