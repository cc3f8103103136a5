// Owns one Chromium and a bounded pool of pages; turns HTML into PDF with page JavaScript off and
// every network request refused, so a document can only contain what its template put there.
import { readFileSync } from 'node:fs';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { DocumentFonts, missingDocumentFaces } from './document-fonts.js';

export interface RendererOptions {
  executablePath: string;
  poolSize: number;
  /** Chromium profile directory; a temporary one when omitted. */
  profileDir?: string;
  /** Replace the browser after this many documents (default 500). */
  recycleAfterDocuments?: number;
  /** Replace the browser once its main process holds more than this (default 1536 MiB). */
  recycleAboveMiB?: number;
}

// Flags for a closed network: without them Chromium keeps phoning home and can stall start-up.
export const CHROMIUM_ARGS = [
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
  // Chromium otherwise starts a PrintCompositor utility process for every PDF it prints (and
  // that process loads its fonts afresh): about a third of each document's time. In one process
  // the compositor is a thread. A renderer crash then takes the browser down with it, which the
  // relaunch below already handles; pages run no script and load nothing (see isOwnContent).
  '--single-process',
];

/** The launch flags, plus --no-sandbox as root (Chromium refuses to run as root with it on). */
export const chromiumArgs = () => [...CHROMIUM_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];

/** Only the document we set ourselves (about:blank + setContent) and inline data may load. */
const isOwnContent = (url: string) => url.startsWith('data:') || url === 'about:blank';

/** One launched Chromium and the pages opened in it. */
interface BrowserRun {
  browser: Promise<Browser>;
  /** Its main process, once launched. */
  pid?: number;
  /** Every page of this browser (idle or in use); with `opening`, what counts against the pool. */
  pages: Set<Page>;
  /** Pages being created. */
  opening: number;
  idle: Page[];
  /** Documents printed since launch. */
  printed: number;
}

export class Renderer {
  private run: BrowserRun | undefined;
  private fonts: Promise<DocumentFonts> | undefined;
  private missingFaces: Promise<string[]> | undefined;
  private readonly waiting: Array<{ resolve: (page: Page) => void; reject: (err: unknown) => void }> = [];
  /** Set while the browser is being replaced: renders wait rather than open pages in it. */
  private recycling = false;
  private closed = false;
  private launchCount = 0;
  /** URLs pages tried to load and were refused (for tests and diagnostics). */
  readonly blockedRequests: string[] = [];

  constructor(private readonly options: RendererOptions) {}

  private async launch(): Promise<Browser> {
    // Loading the fonts takes a moment; Chromium starts meanwhile.
    void this.documentFonts().catch(() => {});
    const args = chromiumArgs();
    // Without the document fonts every page prints from the multi-megabyte system faces, which
    // the in-process print compositor would keep in memory document after document.
    if ((await this.missingDocumentFaces()).length) args.splice(args.indexOf('--single-process'), 1);
    this.launchCount++;
    return puppeteer.launch({
      executablePath: this.options.executablePath,
      headless: true,
      // DevTools over a pipe rather than a WebSocket on a port: less overhead per document
      // (each carries its fonts, ~200 KB), and nothing listening.
      pipe: true,
      args,
      userDataDir: this.options.profileDir,
      protocolTimeout: 60_000,
      // Puppeteer's own signal handlers kill Chromium and exit the process at once, before the
      // launcher has stopped Temporal and PostgreSQL; the owner of the renderer closes it instead.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  }

  private currentRun(): BrowserRun {
    if (this.closed) throw new Error('renderer is closed');
    if (this.run) return this.run;
    const run: BrowserRun = { browser: this.launch(), pages: new Set(), opening: 0, idle: [], printed: 0 };
    this.run = run;
    run.browser.then(
      (browser) => {
        run.pid = browser.process()?.pid;
        // A crashed browser is relaunched on the next render; its pages are gone with it (and a
        // replacement it was waiting for is moot).
        browser.once('disconnected', () => {
          if (this.run !== run) return;
          this.run = undefined;
          this.recycling = false;
          this.serveWaiting();
        });
      },
      () => this.run === run && (this.run = undefined),
    );
    return run;
  }

  private async newPage(run: BrowserRun): Promise<Page> {
    const page = await (await run.browser).newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (isOwnContent(request.url())) return void request.continue();
      this.blockedRequests.push(request.url());
      void request.abort('blockedbyclient');
    });
    return page;
  }

  /** A page of the current browser: an idle one, a new one within the pool size, or the next one released. */
  private async acquire(): Promise<Page> {
    if (!this.recycling) {
      const run = this.currentRun();
      const idle = run.idle.pop();
      if (idle) return idle;
      if (run.pages.size + run.opening < this.options.poolSize) {
        // The slot is counted before the page exists, so concurrent acquires respect the bound.
        run.opening++;
        try {
          const page = await this.newPage(run);
          run.pages.add(page);
          return page;
        } finally {
          run.opening--;
        }
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(page: Page, healthy: boolean): void {
    const run = this.run;
    if (run?.pages.has(page)) {
      run.printed++;
      if (healthy && !page.isClosed()) run.idle.push(page);
      else {
        // A page that failed mid-render is closed rather than reused.
        run.pages.delete(page);
        void page.close().catch(() => {});
      }
      if (!this.recycling && this.needsRecycling(run)) this.recycling = true;
      if (this.recycling) {
        if (run.idle.length === run.pages.size && run.opening === 0) void this.recycle(run);
        return;
      }
    }
    this.serveWaiting();
  }

  private serveWaiting(): void {
    while (this.waiting.length && !this.recycling) {
      const run = this.run;
      if (run && !run.idle.length && run.pages.size + run.opening >= this.options.poolSize) return;
      const next = this.waiting.shift()!;
      this.acquire().then(next.resolve, next.reject);
    }
  }

  /**
   * Chromium's in-process print compositor keeps every document's fonts, so the browser grows
   * by about half a megabyte per document; it is replaced, between documents, after
   * `recycleAfterDocuments` documents or once it holds more than `recycleAboveMiB`.
   */
  private needsRecycling(run: BrowserRun): boolean {
    if (run.printed >= (this.options.recycleAfterDocuments ?? 500)) return true;
    return browserMemoryMiB(run) > (this.options.recycleAboveMiB ?? 1536);
  }

  private async recycle(run: BrowserRun): Promise<void> {
    this.run = undefined;
    await (await run.browser.catch(() => undefined))?.close().catch(() => {});
    this.recycling = false;
    this.serveWaiting();
  }

  /** Times Chromium has been launched (relaunches after a crash and replacements included). */
  get launches(): number {
    return this.launchCount;
  }

  /** Document faces fontconfig does not find, asked once (like the fonts, read once per renderer). */
  private missingDocumentFaces(): Promise<string[]> {
    this.missingFaces ??= missingDocumentFaces();
    return this.missingFaces;
  }

  /** The per-document font subsetter, loaded on first use (it reads the Noto CJK files once). */
  documentFonts(): Promise<DocumentFonts> {
    this.fonts ??= DocumentFonts.load();
    return this.fonts;
  }

  /**
   * Renders `html` to a PDF; page size, margins and page numbers come from the document's own
   * @page CSS. Subsets of the document fonts holding exactly its characters are embedded first.
   */
  async renderPdf(html: string): Promise<Buffer> {
    const withFonts = (await this.documentFonts()).embedIn(html);
    const page = await this.acquire();
    let healthy = false;
    try {
      await page.setContent(withFonts, { waitUntil: 'load', timeout: 30_000 });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 30_000 });
      healthy = true;
      return Buffer.from(pdf);
    } finally {
      this.release(page, healthy);
    }
  }

  /** Browser version when Chromium is up (launching it if needed), and any document font missing; throws otherwise. */
  async check(): Promise<string> {
    const [version, missing] = await Promise.all([this.currentRun().browser.then((browser) => browser.version()), this.missingDocumentFaces()]);
    return missing.length ? `${version}; document fonts not installed, documents print slowly: ${missing.join(', ')}` : version;
  }

  /** Pages currently open (idle or in use). */
  get openPages(): number {
    return this.run?.pages.size ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    const run = this.run;
    this.run = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('renderer is closed'));
    if (run) await (await run.browser.catch(() => undefined))?.close().catch(() => {});
  }
}

/** Resident memory of the browser's main process (where --single-process keeps everything), in MiB; 0 when unknown. */
function browserMemoryMiB(run: BrowserRun): number {
  try {
    const status = run.pid ? readFileSync(`/proc/${run.pid}/status`, 'utf8') : '';
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
