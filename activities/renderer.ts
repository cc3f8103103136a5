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
  /** Chromium's process model (default multi-process; see PROCESS_MODELS and README's renderer section). */
  processModel?: ProcessModel;
  /** A render, queueing and retries included, fails after this long (default 90 s). */
  renderDeadlineMs?: number;
  /**
   * The watchdog: a page that has not printed its document this long after it got it (default
   * 20 s; a 30-page notice takes under a second) means a hung browser, which is killed and
   * replaced; the render is retried on the replacement.
   */
  hangAfterMs?: number;
  /** Attempts per render when the browser is lost mid-render (default 3). */
  maxAttempts?: number;
  /** Deadline of the health check's canary render (default 2.5 s, within /healthz's 3 s per part). */
  canaryDeadlineMs?: number;
  /** How long a good canary result answers health checks (default 5 s), so probes stay cheap. */
  canaryCacheMs?: number;
}

/**
 * `multi-process` is Chromium's normal model (browser, zygote, one renderer and a print
 * compositor per document). `single-process` runs them all as threads of one process: faster,
 * but an unsupported mode in which the in-process renderer thread has been seen to deadlock for
 * good (Chrome_InProcRendererThread on a futex). The soak in bench/render-soak.ts compares them.
 */
export const PROCESS_MODELS = ['multi-process', 'single-process'] as const;
export type ProcessModel = (typeof PROCESS_MODELS)[number];

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
];

/**
 * The launch flags for `model`, plus --no-sandbox as root (Chromium refuses to run as root with
 * it on). In one process the PrintCompositor that Chromium otherwise starts for every PDF (and
 * that loads its fonts afresh) is a thread: about a third of each document's time.
 */
export const chromiumArgs = (model: ProcessModel = 'multi-process') => [
  ...CHROMIUM_ARGS,
  ...(model === 'single-process' ? ['--single-process'] : []),
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** What the canary render prints: small, but through the same page, fonts aside, as a document. */
const CANARY_HTML =
  '<html><head><style>@page{size:A4;margin:20mm}</style></head><body><p>canary 试印</p></body></html>';

/** A render that has not finished by its deadline (queueing, the watchdog's retries included). */
export class RenderDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`文档未能在 ${deadlineMs} ms 内生成（渲染超时）`);
    this.name = 'RenderDeadlineError';
  }
}

/** The browser went away under a render (crashed, or killed by the watchdog): the render may be retried. */
class BrowserLostError extends Error {
  constructor(cause: unknown) {
    super(`Chromium was lost mid-render: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Health of the renderer as the canary render found it. */
export interface RendererHealth {
  status: 'up' | 'degraded';
  detail: string;
}

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
  /** Set once the browser is abandoned (crashed, replaced, or killed as hung): its pages are not reused. */
  dead: boolean;
}

/** A page lent to one render, and the browser it belongs to. */
interface Lease {
  page: Page;
  run: BrowserRun;
}

export class Renderer {
  private run: BrowserRun | undefined;
  private fonts: Promise<DocumentFonts> | undefined;
  private missingFaces: Promise<string[]> | undefined;
  private readonly waiting: Array<{ resolve: (lease: Lease) => void; reject: (err: unknown) => void }> = [];
  /** Set while the browser is being replaced: renders wait rather than open pages in it. */
  private recycling = false;
  private closed = false;
  private launchCount = 0;
  private hungCount = 0;
  private canary: { at: number; result: Promise<RendererHealth> } | undefined;
  /** URLs pages tried to load and were refused (for tests and diagnostics). */
  readonly blockedRequests: string[] = [];
  readonly processModel: ProcessModel;

  constructor(private readonly options: RendererOptions) {
    this.processModel = options.processModel ?? 'multi-process';
  }

  private get hangAfterMs() {
    return this.options.hangAfterMs ?? 20_000;
  }

  private async launch(): Promise<Browser> {
    // Loading the fonts takes a moment; Chromium starts meanwhile.
    void this.documentFonts().catch(() => {});
    // Without the document fonts every page prints from the multi-megabyte system faces, which
    // the in-process print compositor would keep in memory document after document.
    const model =
      this.processModel === 'single-process' && (await this.missingDocumentFaces()).length
        ? 'multi-process'
        : this.processModel;
    this.launchCount++;
    return puppeteer.launch({
      executablePath: this.options.executablePath,
      headless: true,
      // DevTools over a pipe rather than a WebSocket on a port: less overhead per document
      // (each carries its fonts, ~200 KB), and nothing listening.
      pipe: true,
      args: chromiumArgs(model),
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
    const run: BrowserRun = { browser: this.launch(), pages: new Set(), opening: 0, idle: [], printed: 0, dead: false };
    this.run = run;
    run.browser.then(
      (browser) => {
        run.pid = browser.process()?.pid;
        // A crashed browser is relaunched on the next render; its pages are gone with it (and a
        // replacement it was waiting for is moot).
        browser.once('disconnected', () => this.abandon(run));
      },
      () => this.abandon(run),
    );
    return run;
  }

  /** Forgets `run` (its renders fail and retry); waiting renders go to the next browser. */
  private abandon(run: BrowserRun): void {
    run.dead = true;
    if (this.run !== run) return;
    this.run = undefined;
    this.recycling = false;
    this.serveWaiting();
  }

  /**
   * The watchdog's action on a hung browser: SIGKILL to its process group (puppeteer starts
   * Chromium as a group leader, so renderer and utility processes go too; a stopped process
   * dies from SIGKILL as well). A frozen browser would never answer `close()`.
   */
  private replaceHung(run: BrowserRun): void {
    if (run.dead) return;
    this.hungCount++;
    this.abandon(run);
    killBrowser(run);
  }

  private async newPage(browser: Browser): Promise<Page> {
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

  /** A page of the current browser: an idle one, a new one within the pool size, or the next one released. */
  private async acquire(): Promise<Lease> {
    if (!this.recycling) {
      const run = this.currentRun();
      const idle = run.idle.pop();
      if (idle) return { page: idle, run };
      if (run.pages.size + run.opening < this.options.poolSize) {
        // The slot is counted before the page exists, so concurrent acquires respect the bound.
        run.opening++;
        try {
          // Opening a page is the browser's work too: a browser that cannot do it in time is hung
          // (its launch has puppeteer's own timeout).
          const browser = await run.browser;
          const page = await withDeadline(
            this.newPage(browser),
            this.hangAfterMs,
            () => (this.replaceHung(run), new BrowserLostError(new Error(`no new page within ${this.hangAfterMs} ms`))),
          );
          if (run.dead) throw new BrowserLostError(new Error('browser replaced while a page was opening'));
          run.pages.add(page);
          return { page, run };
        } catch (err) {
          throw run.dead && !(err instanceof BrowserLostError) ? new BrowserLostError(err) : err;
        } finally {
          run.opening--;
        }
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release({ page, run }: Lease, healthy: boolean): void {
    if (run.pages.has(page)) {
      run.printed++;
      if (healthy && !run.dead && !page.isClosed()) run.idle.push(page);
      else {
        // A page that failed mid-render is closed rather than reused.
        run.pages.delete(page);
        if (!run.dead) void page.close().catch(() => {});
      }
      if (this.run === run) {
        if (!this.recycling && this.needsRecycling(run)) this.recycling = true;
        if (this.recycling) {
          if (run.idle.length === run.pages.size && run.opening === 0) void this.recycle(run);
          return;
        }
      }
    }
    this.serveWaiting();
  }

  private serveWaiting(): void {
    while (this.waiting.length && !this.recycling && !this.closed) {
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
    run.dead = true;
    await closeBrowser(run);
    this.recycling = false;
    this.serveWaiting();
  }

  /** Times Chromium has been launched (relaunches after a crash and replacements included). */
  get launches(): number {
    return this.launchCount;
  }

  /** Browsers the watchdog killed as hung. */
  get hungBrowsers(): number {
    return this.hungCount;
  }

  /** Pid of the current browser's main process (its process group), once launched. */
  get browserPid(): number | undefined {
    return this.run?.pid;
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
   * Never waits past `renderDeadlineMs`; a browser that hangs under it is replaced and the
   * render retried there.
   */
  async renderPdf(html: string): Promise<Buffer> {
    const withFonts = (await this.documentFonts()).embedIn(html);
    return this.renderWithin(withFonts, this.options.renderDeadlineMs ?? 90_000, this.options.maxAttempts ?? 3);
  }

  private async renderWithin(html: string, deadlineMs: number, maxAttempts: number): Promise<Buffer> {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(html, deadline, deadlineMs);
      } catch (err) {
        if (!(err instanceof BrowserLostError) || attempt >= maxAttempts || this.closed) throw err;
      }
    }
  }

  /** One try on the current browser; the watchdog kills that browser if its page hangs. */
  private async attempt(html: string, deadline: number, deadlineMs: number): Promise<Buffer> {
    const pastDeadline = () => new RenderDeadlineError(deadlineMs);
    const leased = this.acquire();
    let lease: Lease;
    try {
      lease = await withDeadline(leased, deadline - Date.now(), pastDeadline);
    } catch (err) {
      // A page that arrives after the deadline goes straight back to the pool.
      if (err instanceof RenderDeadlineError)
        void leased.then(
          (late) => this.release(late, true),
          () => {},
        );
      throw err;
    }
    const { page, run } = lease;
    let healthy = false;
    const printed = (async () => {
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      const pages = (await page.evaluate(SETTLE_PAGE_BREAKS)) as number | null;
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 });
      if (pages === null || (pdfPageCount(pdf) ?? pages) <= pages) return pdf;
      // The measure missed print layout and the padded 版记 went onto a page of its own: print it
      // unpadded, straight after the signature, rather than alone on an extra page.
      await page.evaluate(UNPAD_PAGE_BOTTOM);
      return page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 });
    })();
    // The watchdog watches the page, not the caller: a page still stuck after `hangAfterMs`
    // (even one whose render already gave up, such as the health check's canary) means the
    // browser is hung. A page that settles, or is closed by a live browser, stops it.
    const watchdog = setTimeout(() => this.replaceHung(run), this.hangAfterMs);
    void printed.then(
      () => clearTimeout(watchdog),
      () => clearTimeout(watchdog),
    );
    try {
      const pdf = await withDeadline(printed, deadline - Date.now(), pastDeadline);
      healthy = true;
      return Buffer.from(pdf);
    } catch (err) {
      throw run.dead && !(err instanceof RenderDeadlineError) ? new BrowserLostError(err) : err;
    } finally {
      this.release(lease, healthy);
    }
  }

  /** Browser version when Chromium is up (launching it if needed), and any document font missing; throws otherwise. */
  async check(): Promise<string> {
    const [version, missing] = await Promise.all([
      this.currentRun().browser.then((browser) => browser.version()),
      this.missingDocumentFaces(),
    ]);
    return missing.length
      ? `${version}; document fonts not installed, documents print slowly: ${missing.join(', ')}`
      : version;
  }

  /**
   * Health from a real canary render with its own short deadline, a good result cached for
   * `canaryCacheMs` so probes stay cheap: `degraded` when it does not print in time (a hung or overloaded browser);
   * throws when Chromium cannot start at all.
   */
  health(): Promise<RendererHealth> {
    const cacheMs = this.options.canaryCacheMs ?? 5_000;
    if (this.canary && Date.now() - this.canary.at < cacheMs) return this.canary.result;
    const result = this.canaryRender();
    this.canary = { at: Date.now(), result };
    // Only a good result is cached (probes meanwhile share the one in flight): after a failed
    // launch or a late canary the next probe tries again, so a replaced browser shows up at once.
    const forget = () => this.canary?.result === result && (this.canary = undefined);
    result.then((health) => health.status !== 'up' && forget(), forget);
    return result;
  }

  private async canaryRender(): Promise<RendererHealth> {
    const deadlineMs = this.options.canaryDeadlineMs ?? 2_500;
    // A browser that cannot start is down, not degraded.
    await this.currentRun().browser;
    const started = performance.now();
    try {
      await this.renderWithin(CANARY_HTML, deadlineMs, 1);
    } catch (err) {
      return { status: 'degraded', detail: `试印文档未在 ${deadlineMs} ms 内完成：${(err as Error).message}` };
    }
    const ms = Math.round(performance.now() - started);
    return { status: 'up', detail: `${await this.check()}; canary ${ms} ms, ${this.processModel}` };
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
    if (run) {
      run.dead = true;
      await closeBrowser(run);
    }
  }
}

/** Settles like `promise`, or rejects with `onTimeout()` after `ms` (the promise's own outcome is then ignored). */
function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms))));
  promise.catch(() => {});
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** SIGKILL to the browser's process group while its main process is still ours and alive. */
function killBrowser(run: BrowserRun): void {
  void run.browser.then(
    (browser) => {
      const child = browser.process();
      if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    },
    () => {},
  );
}

/** Closes the browser politely, and kills it if it does not answer within 5 s (a frozen one never does). */
async function closeBrowser(run: BrowserRun): Promise<void> {
  const browser = await run.browser.catch(() => undefined);
  if (!browser) return;
  const child = browser.process();
  const exited =
    child && child.exitCode === null && child.signalCode === null
      ? new Promise((r) => child.once('exit', r))
      : Promise.resolve();
  await withDeadline(browser.close(), 5_000, () => new Error('no answer')).catch(() => killBrowser(run));
  await withDeadline(exited, 5_000, () => new Error('not exited')).catch(() => {});
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

/** (column, y within it) of a point while the body is laid out as type-area columns. */
type PointInColumns = (x: number, y: number) => { column: number; y: number };

/**
 * Runs in the page, for settlePageBreaks: runs `measure` with the body laid out as type-area
 * columns (`area`). Pages repeat a table's header row at their top and columns do not, so while
 * measuring, a copy of the header row is put before each row that starts a column.
 */
function inColumns<T>(area: DOMRect, measure: (at: PointInColumns) => T): T {
  const body = document.body;
  const style = body.getAttribute('style');
  body.style.cssText += `;width:${area.width}px;height:${area.height}px;columns:1;column-gap:0;column-fill:auto`;
  const origin = body.getBoundingClientRect();
  const at = (x: number, y: number) => ({
    column: Math.floor((x - origin.left) / area.width + 0.001),
    y: y - origin.top,
  });
  const column = (el: Element) => {
    const box = el.getClientRects()[0];
    return box ? at(box.left, box.top).column : -1;
  };
  const copies: Element[] = [];
  const moved: Array<[HTMLElement, string]> = [];
  for (const table of document.querySelectorAll('table')) {
    const header = table.tHead?.rows[0];
    if (!header) continue;
    // Pages never leave a header row without a row under it: the table starts on the next page,
    // with the heading before it when that heading avoids a break after it.
    const first = table.tBodies[0]?.rows[0];
    if (first && column(first) > column(header)) {
      const heading = table.previousElementSibling;
      const start =
        heading instanceof HTMLElement &&
        getComputedStyle(heading).breakAfter === 'avoid' &&
        column(heading) === column(header)
          ? heading
          : table;
      moved.push([start, start.style.breakBefore]);
      start.style.breakBefore = 'column';
    }
    let current = column(header);
    for (const tbody of [...table.tBodies]) {
      // A group that does not break moves as a whole: its header copy goes before the group.
      const whole = getComputedStyle(tbody).breakInside === 'avoid';
      for (const row of whole ? [tbody.rows[0]!] : [...tbody.rows]) {
        const col = column(row);
        if (col <= current) continue;
        const copy = document.createElement('tbody');
        const headerCopy = header.cloneNode(true) as HTMLTableRowElement;
        // It heads the column the row starts, as the page's repeated header does.
        headerCopy.style.breakBefore = 'column';
        copy.append(headerCopy);
        if (whole) tbody.before(copy);
        else row.before(copy.firstChild!);
        copies.push(whole ? copy : row.previousElementSibling!);
        current = col;
      }
    }
  }
  try {
    return measure(at);
  } finally {
    for (const copy of copies) copy.remove();
    for (const [element, breakBefore] of moved) element.style.breakBefore = breakBefore;
    if (style === null) body.removeAttribute('style');
    else body.setAttribute('style', style);
  }
}

/** The innermost last block before `keep` (in the page): it stops at rows and at groups that do not break. */
function lastBlockBefore(keep: HTMLElement | null): HTMLElement | undefined {
  let last = keep?.previousElementSibling ?? null;
  while (
    last?.lastElementChild &&
    last.tagName !== 'TR' &&
    last.tagName !== 'P' &&
    getComputedStyle(last).breakInside !== 'avoid'
  )
    last = last.lastElementChild;
  return last instanceof HTMLElement ? last : undefined;
}

/**
 * Runs in the page (as DevTools evaluation; the page's own scripts stay disabled) and settles two
 * page-break rules Chromium's print layout does not keep by itself:
 * - an element marked `data-keep-with-previous` (发文机关署名 and 成文日期, GB/T 9704-2012 7.3.5)
 *   never starts a page with nothing of the body before it: when it would, the body's last block
 *   (paragraph, table row, or unbreakable group of rows) moves to its page with it;
 * - an element marked `data-page-bottom` (the 版记, 7.4.1) ends at the foot of the page it falls on:
 *   its top padding grows by its distance to that foot.
 * Print layout cannot be measured from the page, so the body is laid out for a moment as columns
 * the size of the type area (`--type-area-width` × `--type-area-height`): the same block
 * fragmentation as pages, honouring the same break rules. Documents without the marks or the size
 * are left as they are. Returns the page count the padded document should print on (null when
 * nothing was padded), for the caller to check the print against.
 */
async function settlePageBreaks(): Promise<number | null> {
  const keep = document.querySelector<HTMLElement>('[data-keep-with-previous]');
  const bottom = document.querySelector<HTMLElement>('[data-page-bottom]');
  if (!keep && !bottom) return null;
  await document.fonts.ready;
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;width:var(--type-area-width);height:var(--type-area-height)';
  document.body.append(probe);
  const area = probe.getBoundingClientRect();
  probe.remove();
  if (!area.width || !area.height) return null;

  const target = lastBlockBefore(keep);
  const footOfBottom = (at: PointInColumns) => {
    if (!bottom) return undefined;
    const box = bottom.getBoundingClientRect();
    const foot = at(box.left, box.bottom);
    return { room: area.height - foot.y, column: foot.column };
  };
  const measured = inColumns(area, (at) => {
    const start = keep?.getClientRects()[0];
    const end = target && [...target.getClientRects()].at(-1);
    const alone = !!start && !!end && at(start.left, start.top).column > at(end.left, end.top).column;
    return { alone, foot: footOfBottom(at) };
  });
  let foot = measured.foot;
  if (measured.alone) {
    // The block goes to the next page with the signature; a column break while measuring.
    target!.style.breakBefore = 'column';
    foot = inColumns(area, footOfBottom);
    target!.style.breakBefore = 'page';
  }
  if (!foot || !bottom) return null;
  const { room, column } = foot;
  // Half a pixel short of the foot, so rounding never pushes it onto a page of its own.
  const extra = Math.floor((room - 0.5) * 100) / 100;
  if (extra <= 0) return null;
  bottom.style.paddingTop = `${(parseFloat(getComputedStyle(bottom).paddingTop) || 0) + extra}px`;
  return column + 1;
}

/** `settlePageBreaks` and its helpers as page source; esbuild (tsx, Vitest) may wrap its inner functions in a `__name` helper the page lacks. */
const SETTLE_PAGE_BREAKS =
  `((__name) => { ${inColumns.toString()}; ${lastBlockBefore.toString()}; ` +
  `return (${settlePageBreaks.toString()})(); })((f) => f)`;

const UNPAD_PAGE_BOTTOM = `document.querySelector('[data-page-bottom]')?.style.removeProperty('padding-top')`;

/** The page count a PDF's page tree declares (`/Type /Pages /Count n`), if it can be read. */
function pdfPageCount(pdf: Uint8Array): number | undefined {
  const match = /\/Type\s*\/Pages\s*\/Count\s+(\d+)/.exec(Buffer.from(pdf).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}
