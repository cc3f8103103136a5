// Short citations (`000 第十九条；001 第十二条`) read as the texts' full titles, from the registry
// GET /regulations answers (domain/regulations.ts on the server). A text that does not bind where
// the viewer's unit sits says so in the reading itself — a Sichuan article is never shown to a
// Henan user as if it applied there. Nothing here touches the browser, so it is unit-tested directly.
import type { components } from '../api/schema.js';

export type Regulation = components['schemas']['Regulation'];

const NUMERAL = '[一二三四五六七八九十]+';
// The same short forms the server parses: `000 第十四条`, `000 第十四、十五条`, `000 第十四条、第三十条`,
// `000 第十一–十三条`, `004 8.2.1`, `004 8.2.1、8.2.4`. Codes are matched loosely and looked up in the
// registry; an unknown code stays as it was written.
const ARTICLES = `第${NUMERAL}(?:[、–-]第?${NUMERAL})*条(?:、第${NUMERAL}条)*`;
const CLAUSES = '\\d+(?:\\.\\d+)+(?:、\\d+(?:\\.\\d+)+)*';
const SHORT_CITATION = new RegExp(`(?<![0-9A-Za-z])(\\d{3}|[A-Z]{2,8}) ?(${ARTICLES}|${CLAUSES})`, 'g');

export type BasisPart =
  { kind: 'text'; text: string } | { kind: 'citation'; short: string; regulation: Regulation; provisions: string };

/** `text` cut into plain runs and citations of texts the registry knows. */
export function parseBasis(text: string, registry: readonly Regulation[]): BasisPart[] {
  const parts: BasisPart[] = [];
  let plain = '';
  let at = 0;
  for (const m of text.matchAll(SHORT_CITATION)) {
    const regulation = registry.find((r) => r.code === m[1]);
    if (!regulation) continue;
    plain += text.slice(at, m.index);
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
    parts.push({ kind: 'citation', short: m[0], regulation, provisions: m[2]! });
    at = m.index + m[0].length;
  }
  plain += text.slice(at);
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

/** 《title》, with the standard number for a standard cited by clause (as printed documents do). */
export function titleOf(r: Regulation): string {
  return r.numbering === 'clauses' && r.documentNumber ? `《${r.title}》（${r.documentNumber}）` : `《${r.title}》`;
}

/** What the reader must be told beside the title: '' for a text in force where they are. */
export function standingOf(r: Regulation): string {
  if (!r.inForce) return '征求意见稿，未施行';
  if (!r.appliesHere) return `${r.jurisdiction.name}文件，非本辖区规定`;
  return '';
}

/** `《title》第十九条`, followed by （…） when the text does not bind here. */
export function citationText(part: Extract<BasisPart, { kind: 'citation' }>): string {
  const standing = standingOf(part.regulation);
  return `${titleOf(part.regulation)}${part.provisions}${standing ? `（${standing}）` : ''}`;
}

/** The lines a citation's tooltip shows: short form, issuer, number, where it applies, whether in force. */
export function citationDetails(part: Extract<BasisPart, { kind: 'citation' }>): string[] {
  const r = part.regulation;
  return [
    `简称：${part.short}`,
    `发布机关：${r.issuingBody}`,
    `文号：${r.documentNumber ?? '未见文号'}`,
    `适用地域：${r.jurisdiction.name}`,
    r.inForce ? `${r.effective ? `${r.effective} 起施行` : '现行有效'}` : '征求意见稿，未正式施行',
    r.inForce && !r.appliesHere ? '不适用于本单位所在辖区' : r.inForce ? '适用于本单位所在辖区' : '',
  ].filter(Boolean);
}

/** `text` as a plain string with every known short citation read out in full. */
export function citeText(text: string, registry: readonly Regulation[]): string {
  return parseBasis(text, registry)
    .map((p) => (p.kind === 'text' ? p.text : citationText(p)))
    .join('');
}

const SINGLE = /^(\d{3}|[A-Z]{2,8}) ?(第[一二三四五六七八九十]+条)$/;

/**
 * Citations listed one by one (`000 第七条`, `000 第十三条`, `001 第二条`) as one line that names
 * each text once: `000 第七条、第十三条；001 第二条`, in the order first cited. Anything that is not
 * a single article is kept as it is.
 */
export function mergeCitations(citations: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const c of citations) {
    const m = SINGLE.exec(c.trim());
    const key = m ? m[1]! : c;
    const list = groups.get(key) ?? [];
    if (m && !list.includes(m[2]!)) list.push(m[2]!);
    groups.set(key, list);
  }
  return [...groups].map(([key, articles]) => (articles.length ? `${key} ${articles.join('、')}` : key)).join('；');
}
