import { execFileSync } from 'node:child_process';

/** Text of a PDF as poppler's pdftotext reads it (layout kept, so table rows stay on one line). */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
}

/** Page count as poppler's pdfinfo reports it. */
export function pdfPages(pdf: Uint8Array): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

export interface PdfPage {
  width: number;
  height: number;
  words: Array<{ text: string; xMin: number; yMin: number; yMax: number }>;
}

/** Words with their positions (points from the top left), page by page, as pdftotext -bbox reads them. */
export function pdfWords(pdf: Uint8Array): PdfPage[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((chunk) => ({
      width: Number(/width="([\d.]+)"/.exec(chunk)![1]),
      height: Number(/height="([\d.]+)"/.exec(chunk)![1]),
      words: [
        ...chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g),
      ].map(([, x, y, y2, text]) => ({ text: text!, xMin: Number(x), yMin: Number(y), yMax: Number(y2) })),
    }));
}
