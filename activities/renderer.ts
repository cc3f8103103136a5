// Owns one Chromium and a bounded pool of pages; turns HTML into PDF with page JavaScript off and
// every network request refused, so a document can only contain what its template put there.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { documentFontsDir } from '../scripts/toolchain.mjs';

export interface RendererOptions {
  executablePath: string;
  poolSize: number;
  /** Chromium profile directory; a temporary one when omitted. */
  profileDir?: string;
  /** The document fonts the bootstrap builds (Duban Serif SC / Sans SC); default: its cache. */
  fontsDir?: string;
}

export interface PdfOptions {
  /** HTML for the footer (Chromium's header/footer template), e.g. the "— 1 —" page number. */
  footerTemplate?: string;
}

// Flags for a closed network: without them Chromium keeps phoning home and can stall start-up.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
];

/** Only the document we set ourselves (about:blank + setContent) and inline data may load. */
const isOwnContent = (url: string) => url.startsWith('data:') || url === 'about:blank';

export class Renderer {
  private browser: Promise<Browser> | undefined;
  private readonly idle: Page[] = [];
  private readonly waiting: Array<(page: Page) => void> = [];
  private open = 0;
  private closed = false;
  /** URLs pages tried to load and were refused (for tests and diagnostics). */
  readonly blockedRequests: string[] = [];

  constructor(private readonly options: RendererOptions) {}

  private launch(): Promise<Browser> {
    const args = [...CHROMIUM_ARGS];
    // Chromium refuses to run as root with its sandbox on.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    // The GB 2312 subsets print about four times faster than the full Noto CJK collections
    // (scripts/build-document-fonts.py); without them the CSS stack falls back to Noto.
    const fontConfig = join(this.options.fontsDir ?? documentFontsDir(), 'fonts.conf');
    const launching = puppeteer.launch({
      executablePath: this.options.executablePath,
      env: existsSync(fontConfig) ? { ...process.env, FONTCONFIG_FILE: fontConfig } : process.env,
      headless: true,
      args,
      userDataDir: this.options.profileDir,
      protocolTimeout: 60_000,
      // Puppeteer's own signal handlers kill Chromium and exit the process at once, before the
      // launcher has stopped Temporal and PostgreSQL; the owner of the renderer closes it instead.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    launching.then(
      (browser) =>
        browser.once('disconnected', () => {
          // A crashed browser is relaunched on the next render; its pages are gone with it.
          if (this.browser === launching) this.browser = undefined;
          this.idle.length = 0;
          this.open = 0;
        }),
      () => {
        if (this.browser === launching) this.browser = undefined;
      },
    );
    return launching;
  }

  private getBrowser(): Promise<Browser> {
    if (this.closed) return Promise.reject(new Error('renderer is closed'));
    this.browser ??= this.launch();
    return this.browser;
  }

  private async newPage(): Promise<Page> {
    const browser = await this.getBrowser();
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (isOwnContent(request.url())) return void request.continue();
      this.blockedRequests.push(request.url());
      void request.abort('blockedbyclient');
    });
    return page;
  }

  private async acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page && !page.isClosed()) return page;
    if (this.open < this.options.poolSize) {
      this.open++;
      try {
        return await this.newPage();
      } catch (err) {
        this.open--;
        throw err;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page, healthy: boolean): void {
    if (healthy && !page.isClosed()) {
      const next = this.waiting.shift();
      if (next) next(page);
      else this.idle.push(page);
      return;
    }
    this.open--;
    void page.close().catch(() => {});
    const next = this.waiting.shift();
    if (next) this.acquire().then(next, () => this.waiting.unshift(next));
  }

  /** Renders `html` to an A4 PDF (page size and margins come from the document's own @page CSS). */
  async renderPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
    const page = await this.acquire();
    let healthy = false;
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        displayHeaderFooter: Boolean(options.footerTemplate),
        headerTemplate: '<span></span>',
        footerTemplate: options.footerTemplate ?? '<span></span>',
        timeout: 30_000,
      });
      healthy = true;
      return Buffer.from(pdf);
    } finally {
      // A page that failed mid-render is closed rather than reused.
      this.release(page, healthy);
    }
  }

  /** Browser version when Chromium is up (launching it if needed); throws otherwise. */
  async check(): Promise<string> {
    const browser = await this.getBrowser();
    return browser.version();
  }

  /** Pages currently open (idle or in use). */
  get openPages(): number {
    return this.open;
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => {});
  }
}
