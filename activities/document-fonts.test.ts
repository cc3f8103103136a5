// Per-document font subsets, cut from the real Noto CJK files that fonts-noto-cjk installs.
import { beforeAll, describe, expect, it } from 'vitest';
import * as hb from 'harfbuzzjs';
import { DocumentFonts } from './document-fonts.js';

/** The fonts embedded in `css`, by family and weight, as the code points each covers. */
function embeddedFonts(css: string) {
  return [...css.matchAll(/font-family:"([^"]+)";font-weight:(\d+);.*?base64,([A-Za-z0-9+/=]+)/g)].map(
    ([, family, weight, data]) => {
      const bytes = Buffer.from(data!, 'base64');
      const covered = new Set(new hb.Face(new hb.Blob(bytes)).collectUnicodes());
      return {
        face: `${family} ${weight}`,
        bytes: bytes.length,
        covers: (text: string) => [...text].every((ch) => covered.has(ch.codePointAt(0)!)),
      };
    },
  );
}

describe('document fonts', () => {
  let fonts: DocumentFonts;
  beforeAll(async () => {
    fonts = await DocumentFonts.load();
  });

  it('finds the serif (regular and bold) and sans faces installed with fonts-noto-cjk', () => {
    expect(fonts.missing).toEqual([]);
    expect(fonts.faces.map((f) => `${f.family} ${f.weight}`)).toEqual([
      'Duban Serif SC 400',
      'Duban Serif SC 700',
      'Duban Sans SC 400',
    ]);
  });

  it("embeds fonts holding the document's own characters — rare ones too — and little else", () => {
    // 堃 and 镕 are outside GB 2312, 𠀾 outside the Basic Multilingual Plane: names have them.
    const text = '河南省卫生健康委员会文件 豫卫监〔2026〕12号 关于张堃、李镕、王𠀾同志的通报 — 1 —';
    const embedded = embeddedFonts(fonts.fontFaceCss(text));
    expect(embedded.map((f) => f.face)).toEqual(['Duban Serif SC 400', 'Duban Serif SC 700', 'Duban Sans SC 400']);
    for (const font of embedded) {
      expect(font.covers(text), font.face).toBe(true);
      expect(font.covers('0123456789ABCxyz'), `${font.face} keeps ASCII for page numbers`).toBe(true);
      // The source collections are 19–27 MB; a document's fonts are tens of kilobytes.
      expect(font.bytes, font.face).toBeLessThan(150_000);
      expect(font.covers('爱'), `${font.face} holds characters the document does not use`).toBe(false);
    }
  });

  it('puts the fonts at the start of the head, where the stylesheet that names them can use them', () => {
    const html =
      '<!DOCTYPE html><html><head><style>body{font-family:"Duban Serif SC"}</style></head><body>通知</body></html>';
    const out = fonts.embedIn(html);
    expect(
      out.startsWith('<!DOCTYPE html><html><head><style>@font-face{font-family:"Duban Serif SC";font-weight:400;'),
    ).toBe(true);
    expect(out.endsWith('<style>body{font-family:"Duban Serif SC"}</style></head><body>通知</body></html>')).toBe(true);
  });
});
