// Handlebars templates for official documents (GB/T 9704-2012), compiled once. Every kind template
// wraps its body in the shared `frame` partial; user data is always escaped ({{ }}), and the only
// unescaped value is our own stylesheet.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import { chineseNumber, expandCitations, formatCitations, type Jurisdiction } from '../domain/regulations.js';
import { accountabilityTerm } from '../domain/accountability.js';
import { chineseDateTime } from '../domain/chinese-dates.js';

const dir = new URL('../templates/', import.meta.url);
const hbs = Handlebars.create();
const frame = readFileSync(new URL('partials/frame.hbs', dir), 'utf8');
hbs.registerPartial('frame', frame);
const stylesheet = readFileSync(new URL('official.css', dir), 'utf8');
// {{cite "000 第三十三条"}}, {{cite article}} or {{cite articles}} (a list): the provisions by full
// title, as in force where the issuer sits (domain/regulations.ts); escaped like any other value.
hbs.registerHelper('cite', (...args: unknown[]) => {
  const options = args.pop() as Handlebars.HelperOptions;
  const root = options.data.root as { jurisdiction?: Jurisdiction };
  return formatCitations(
    args
      .flat()
      .filter((a) => typeof a === 'string')
      .join('；'),
    root.jurisdiction ?? '',
  );
});
// {{citeInline paragraph}}: prose with short citations expanded in place.
hbs.registerHelper('citeInline', (text: unknown, options: Handlebars.HelperOptions) =>
  expandCitations(String(text ?? ''), (options.data.root as { jurisdiction?: Jurisdiction }).jurisdiction ?? ''),
);

/** Country and region names as printed: an ISO 3166-1 code (CN) reads 中国; a code CLDR does not know prints as given. */
const regionNames = new Intl.DisplayNames(['zh-CN'], { type: 'region', fallback: 'code' });
export function regionName(code: unknown): string {
  if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) return typeof code === 'string' ? code : '';
  return regionNames.of(code) ?? code;
}
hbs.registerHelper('region', regionName);
// {{term measure}}: an accountability code (measure, severity, case source) in Chinese (domain/accountability.ts).
hbs.registerHelper('term', (value: unknown) => accountabilityTerm(String(value ?? '')));
// {{seq @index}} → 1, 2 …; {{cn @index}} → 一, 二 …: the numbers of list items and table rows.
hbs.registerHelper('seq', (index: unknown) => Number(index) + 1);
hbs.registerHelper('cn', (index: unknown) => chineseNumber(Number(index) + 1));
// {{when time}}: an ISO date or instant as 2026年12月21日 (09:30, China time); words as given.
hbs.registerHelper('when', (value: unknown) => chineseDateTime(String(value ?? '')));

export const DOCUMENT_KINDS = readdirSync(dir)
  .filter((f) => f.endsWith('.hbs'))
  .map((f) => f.slice(0, -4));

const sources = new Map(DOCUMENT_KINDS.map((kind) => [kind, readFileSync(new URL(`${kind}.hbs`, dir), 'utf8')]));
const compiled = new Map([...sources].map(([kind, source]) => [kind, hbs.compile(source, { strict: false })]));

/** sha256 of what prints document `kind` (its template, the frame and the stylesheet): part of its content hash. */
export function templateDigest(kind: string): string | undefined {
  const source = sources.get(kind);
  return source === undefined
    ? undefined
    : createHash('sha256').update(`${source}\0${frame}\0${stylesheet}`).digest('hex');
}

/** What every document's frame shows. */
export interface FrameData {
  title: string;
  number: string;
  issuer: { name: string };
  recipient?: string;
  cc?: string[];
  issuedDate: string;
  /** The issuer's division-code prefix: which texts its documents may cite (domain/regulations.ts). */
  jurisdiction: Jurisdiction;
}

/** Renders document `kind` to HTML. */
export function renderDocumentHtml(kind: string, data: FrameData & Record<string, unknown>): string {
  const template = compiled.get(kind);
  if (!template) throw new Error(`No template for document kind "${kind}" (have: ${DOCUMENT_KINDS.join(', ')})`);
  return template({ ...data, stylesheet, bannerPt: bannerPointSize(`${data.issuer.name}文件`) });
}

/**
 * 发文机关标志 is set large (32 pt here) but must stay on one line within the 156 mm type area;
 * long organ names are set smaller (GB/T 9704-2012 7.2.2 leaves the size to fit).
 */
function bannerPointSize(text: string): number {
  const typeAreaPt = 156 * 2.835;
  return Math.min(32, Math.floor(typeAreaPt / [...text].length) - 3);
}
