// A machine without fonts-noto-cjk: documents still print, the health check says what is
// missing, and Chromium keeps its usual processes (see the renderer's launch).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { Renderer } from './renderer.js';
import { loadEnv } from '../config/env.js';
import { pdfText } from '../test/support/pdf.js';

describe('renderer without the document fonts', () => {
  let renderer: Renderer;
  const before = process.env.FONTCONFIG_FILE;
  beforeAll(() => {
    // Fontconfig (for fc-match and for Chromium, which inherit the environment) sees DejaVu only.
    const dir = mkdtempSync(join(tmpdir(), 'duban-fonts-'));
    writeFileSync(
      join(dir, 'fonts.conf'),
      `<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`,
    );
    process.env.FONTCONFIG_FILE = join(dir, 'fonts.conf');
    renderer = new Renderer({ executablePath: loadEnv({}).CHROMIUM_PATH, poolSize: 1 });
  });
  afterAll(async () => {
    await renderer?.close();
    if (before === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = before;
  });

  it('still prints, names the missing faces in its health check, and does not run Chromium in one process', async () => {
    const pdf = await renderer.renderPdf('<p>Printed with the system fonts</p>');
    expect(pdfText(pdf)).toContain('Printed with the system fonts');
    expect(await renderer.check()).toMatch(
      /document fonts not installed.*Noto Serif CJK SC:style=Regular.*Noto Sans CJK SC/,
    );
    const browser = await (renderer as unknown as { run: { browser: Promise<Browser> } }).run.browser;
    expect(browser.process()!.spawnargs).not.toContain('--single-process');
  });
});
