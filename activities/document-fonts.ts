// Per-document CJK font subsets, embedded in the document's HTML as @font-face data URLs.
//
// Why: Chromium processes every font a page uses afresh for each PDF it prints, at a cost that
// grows with the font's size — about a second per document for the 20–27 MB Noto CJK
// collections, a quarter of that for a GB 2312 subset, and almost nothing for a font that holds
// only the few hundred characters the document contains. So each document carries its own
// subsets of Noto Serif CJK SC (Regular for the body, Bold for the 版头 and title) and Noto Sans
// CJK SC, cut by HarfBuzz (harfbuzzjs) from the system's font files, which fontconfig locates.
// Any character the faces lack still prints, from the system fonts next in the CSS stack.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

/** The faces documents use; the stylesheet names these families (templates/official.css). */
const FACES = [
  { family: 'Duban Serif SC', weight: 400, pattern: 'Noto Serif CJK SC:style=Regular' },
  { family: 'Duban Serif SC', weight: 700, pattern: 'Noto Serif CJK SC:style=Bold' },
  { family: 'Duban Sans SC', weight: 400, pattern: 'Noto Sans CJK SC:style=Regular' },
] as const;

/** Always kept: ASCII, so page numbers and Latin in user data never fall back to another font. */
const ALWAYS = Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i);

// HarfBuzz's C API constants (hb-subset.h, hb-blob.h).
const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_DESUBROUTINIZE = 0x4;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/** Vertical-writing and baseline tables: documents are set horizontally. */
const DROPPED_TABLES = ['vhea', 'vmtx', 'VORG', 'BASE'];

interface HarfBuzzSubset {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

interface LoadedFace {
  family: string;
  weight: number;
  /** The HarfBuzz instance holding the face's font file. */
  hb: HarfBuzzSubset;
  /** HarfBuzz face pointer inside that instance. */
  face: number;
}

const hbTag = (tag: string) => [...tag].reduce((acc, ch) => ((acc << 8) | ch.charCodeAt(0)) >>> 0, 0);

/** File and collection index of the installed face matching `pattern`, or undefined. */
async function locateFace(pattern: string): Promise<{ file: string; index: number } | undefined> {
  const [wantedFamily, wantedStyle] = [pattern.split(':')[0]!, pattern.split('style=')[1]!];
  const stdout = await promisify(execFile)('fc-match', ['--format=%{file}\n%{index}\n%{family}\n%{style}', pattern], {
    encoding: 'utf8',
  }).then(
    (r) => r.stdout,
    () => '',
  );
  const [file, index, families, styles] = stdout.split('\n');
  // fc-match always answers with something; only the face we asked for will do (a Regular face
  // standing in for Bold would print titles in the wrong weight).
  if (!file || !families?.split(',').includes(wantedFamily) || !styles?.split(',').includes(wantedStyle))
    return undefined;
  return { file, index: Number(index) };
}

/** The document faces fontconfig cannot find (quick: no font file is read). */
export async function missingDocumentFaces(): Promise<string[]> {
  const located = await Promise.all(FACES.map((spec) => locateFace(spec.pattern)));
  return FACES.filter((_, i) => !located[i]).map((spec) => spec.pattern);
}

/** Cuts per-document subsets out of the installed Noto CJK faces; load once, use for every document. */
export class DocumentFonts {
  private constructor(
    readonly faces: LoadedFace[],
    /** Faces that are not installed (their text prints from the system fonts, slowly). */
    readonly missing: string[],
  ) {}

  static async load(): Promise<DocumentFonts> {
    const wasm = await WebAssembly.compile(
      await readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')),
    );
    // harfbuzzjs's memory is capped at 64 MiB, so each font file gets its own instance; a file
    // (a collection of several faces) is copied into it once, read-only.
    const files = new Map<string, { hb: HarfBuzzSubset; blob: number }>();
    const faces: LoadedFace[] = [];
    const missing: string[] = [];
    // One face after another: a collection shared by two faces is read once.
    for (const spec of FACES) {
      const located = await locateFace(spec.pattern);
      let file = located && files.get(located.file);
      if (located && !file) {
        const hb = new WebAssembly.Instance(wasm).exports as unknown as HarfBuzzSubset;
        hb._initialize();
        const bytes = await readFile(located.file);
        const ptr = hb.malloc(bytes.length);
        if (ptr) {
          new Uint8Array(hb.memory.buffer, ptr, bytes.length).set(bytes);
          file = { hb, blob: hb.hb_blob_create(ptr, bytes.length, HB_MEMORY_MODE_READONLY, 0, 0) };
          files.set(located.file, file);
        }
      }
      if (located && file)
        faces.push({
          family: spec.family,
          weight: spec.weight,
          hb: file.hb,
          face: file.hb.hb_face_create(file.blob, located.index),
        });
      else missing.push(located ? `${spec.pattern} (${located.file} is too large to subset)` : spec.pattern);
    }
    return new DocumentFonts(faces, missing);
  }

  /** An OpenType font holding only `codePoints` (and ASCII) from `face`. */
  private subset({ hb, face }: LoadedFace, codePoints: Iterable<number>): Buffer {
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('HarfBuzz could not allocate a subset input');
    try {
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const cp of ALWAYS) hb.hb_set_add(unicodes, cp);
      for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
      const dropped = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (const tag of DROPPED_TABLES) hb.hb_set_add(dropped, hbTag(tag));
      // Glyph variants reachable only through layout features (vertical forms, ligatures) are not
      // used; plain outlines (no shared subroutines) subset a little faster and come out smaller.
      hb.hb_subset_input_set_flags(
        input,
        hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE | HB_SUBSET_FLAGS_DESUBROUTINIZE,
      );
      const result = hb.hb_subset_or_fail(face, input);
      if (!result) throw new Error('HarfBuzz could not subset a document font');
      const blob = hb.hb_face_reference_blob(result);
      try {
        // Copy out: the blob is freed below.
        return Buffer.from(new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), hb.hb_blob_get_length(blob)));
      } finally {
        hb.hb_blob_destroy(blob);
        hb.hb_face_destroy(result);
      }
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }

  /** `@font-face` rules whose fonts cover every character in `text`. */
  fontFaceCss(text: string): string {
    const codePoints = new Set<number>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0x7e) codePoints.add(cp);
    }
    return this.faces
      .map((face) => {
        const data = this.subset(face, codePoints).toString('base64');
        return `@font-face{font-family:"${face.family}";font-weight:${face.weight};font-style:normal;src:url(data:font/otf;base64,${data}) format("opentype");}`;
      })
      .join('\n');
  }

  /** `html` with the fonts for its own text embedded at the start of its <head>. */
  embedIn(html: string): string {
    const style = `<style>${this.fontFaceCss(html)}</style>`;
    const head = html.indexOf('<head>');
    return head < 0 ? style + html : html.slice(0, head + 6) + style + html.slice(head + 6);
  }
}
