// Every page each demo role can reach, as issue 14 asks of the whole console: no console errors or
// failed requests, Chinese text throughout, a heading, and usable with the keyboard (Tab reaches the
// menu and then the page's content; every control has a name a screen reader can read out). The
// menu is read from the page, so areas merged later are swept without changing this file; from each
// menu page the sweep follows one link of each kind (a list's first row, the 新建/发起 pages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { ERROR_STATUS } from '../../api/errors.js';
import { FALLBACK } from '../../console/src/api/errors.js';
import { startConsoleStack, type ConsoleStack, type WatchedPage } from '../support/console.js';

const ROLES = [
  'admin',
  'prov.official',
  'prov.leader',
  'prov.inspector',
  'prov.auditor',
  'jinshui.official',
  'jshosp.staff',
  'jshosp.leader',
  'infocenter.staff',
];

/**
 * Latin words a Chinese page may show: file types and sizes, hash and crypto names, levels in
 * Roman numerals, and the abbreviations officials use as they are (OA, HIS, VPN ...).
 */
const ALLOWED_WORDS = new Set(
  (
    'KB MB GB TB B PDF CSV JSON XML ZIP PNG JPG JPEG DOC DOCX XLS XLSX OFD TXT SHA SM SM2 SM3 SM4 HMAC ID ' +
    'IP URL API HTTP HTTPS OA HIS LIS PACS EMR VPN DNS DDoS SQL CPU RPO RTO APT I II III IV V UTC GMT ' +
    'IT WAF IDS IPS CA SSL TLS RSA AES WiFi Wi Fi ' +
    // Products named in the data-holdings register as their makers spell them.
    'PostgreSQL MySQL Oracle Windows Linux Redis'
  ).split(' '),
);

/** Pages the sweep opens per menu entry, beyond the entry itself: one per kind of link. */
const FOLLOW_PER_ENTRY = 6;
const NEW_BUTTON = /新建|新增|发起|起草|登记|上报|报告|制定|添加/;

interface Finding {
  page: string;
  problem: string;
}

/** The path with ids replaced, so a list's rows count as one kind of link. */
const kindOf = (path: string) =>
  path
    .split('/')
    .map((s) => (/\d/.test(s) ? ':id' : s))
    .join('/');

/** Latin words in the page's visible text that are neither codes, ids, hashes nor allowed abbreviations. */
async function englishWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const words = new Set<string>();
  // Tokens with digits, dots, dashes, underscores, @ or slashes are codes, ids, usernames, hashes
  // or addresses; a code shown in parentheses after its Chinese name（login）is a code too.
  const withoutCodes = text.replace(/（[A-Za-z0-9_.:-]+）|\([A-Za-z0-9_.:-]+\)/g, ' ');
  for (const token of withoutCodes.split(/[^A-Za-z0-9._\-@/:]+/)) {
    if (!/^[A-Za-z]+$/.test(token)) continue;
    if (ALLOWED_WORDS.has(token) || /^[0-9a-f]+$/.test(token)) continue;
    words.add(token);
  }
  return [...words];
}

/**
 * Articles shown by the internal file code (`000 第七条`) rather than the text's title: people read
 * 《…》第七条 (components/Basis.tsx). Inputs and placeholders, where a code is what one types, are not text.
 */
async function bareCitations(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? '');
  return [...new Set(text.match(/(?<![0-9A-Za-z《])\d{3} ?第[一二三四五六七八九十百]+条/g) ?? [])];
}

/** Controls the accessibility tree gives no name: what a screen reader would read as just "button". */
async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.accessibility.snapshot({ interestingOnly: true });
  const roles = new Set([
    'button',
    'link',
    'textbox',
    'combobox',
    'checkbox',
    'radio',
    'searchbox',
    'spinbutton',
    'switch',
    'slider',
    'menuitem',
    'tab',
  ]);
  const found: string[] = [];
  const walk = (node: { role: string; name?: string; children?: unknown[] } | null | undefined, path: string) => {
    if (!node) return;
    if (roles.has(node.role) && !node.name?.trim()) found.push(`${node.role} in ${path || 'page'}`);
    const here = node.name?.trim() ? `${node.role}「${node.name.trim().slice(0, 20)}」` : path;
    for (const child of (node.children ?? []) as (typeof node)[]) walk(child, here);
  };
  walk(tree as never, '');
  return found;
}

/** Presses Tab from the top of the page: does focus reach the menu, and after it the page's content? */
async function tabReaches(page: Page): Promise<{ menu: boolean; main: boolean }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  let menu = false;
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return 'none';
      if (e.closest('nav[aria-label="主菜单"]')) return 'menu';
      if (e.closest('main')) return 'main';
      return 'other';
    });
    if (where === 'menu') menu = true;
    if (where === 'main') return { menu, main: true };
  }
  return { menu, main: false };
}

/** Waits until the page has settled: no spinner or skeleton left in the content. */
async function settle(page: Page) {
  await page
    .waitForFunction(() => !document.querySelector('main .ant-spin-spinning, main .ant-skeleton'), {
      timeout: 15_000,
    })
    .catch(() => undefined);
}

describe('console: every page', () => {
  let stack: ConsoleStack;
  const tokens = new Map<string, string>();

  const api = async (who: string, method: string, path: string, body?: unknown) => {
    if (!tokens.has(who)) {
      const login = await fetch(`${stack.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password: DEMO_PASSWORD }),
      });
      tokens.set(who, ((await login.json()) as { token: string }).token);
    }
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(who)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} as ${who}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    stack = await startConsoleStack();
    // A little of everything, so lists have a first row to follow.
    const unit = async (name: string) =>
      (await stack.database.ownerSql<{ id: number }[]>`select id from units where name = ${name}`)[0]!.id;
    const hospital = await unit('金水区总医院');
    const cdc = await unit('金水区疾病预防控制中心');
    const district = await unit('郑州市金水区卫生健康委员会');
    await api('jinshui.official', 'POST', '/handovers', {
      handingUnitId: cdc,
      receivingUnitId: hospital,
      reason: 'dissolution',
      dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    await api('jinshui.official', 'POST', '/circulars', {
      kind: 'work',
      title: '关于网络安全检查情况的通报',
      paragraphs: ['我委对辖区医疗卫生机构开展了网络安全检查。'],
      recipients: { unitIds: [hospital, cdc] },
    });
    await api('jshosp.staff', 'POST', '/incidents', {
      level: 'IV',
      category: 'malware',
      title: '办公终端感染木马',
      description: '一台办公终端被杀毒软件告警。',
      systemsAffected: ['OA'],
      criticalInfrastructure: false,
      personalInfoAffected: 0,
      discoveredAt: new Date(Date.now() - 600_000).toISOString(),
      measuresTaken: '已隔离该终端。',
      contact: { name: '郑小兰', phone: '0371-12345678' },
    });
    const templates = (await api('zz.official', 'GET', '/checklist-templates')) as { items: { id: string }[] };
    await api('zz.official', 'POST', '/inspection-plans', {
      title: '2026年第四季度网络安全检查',
      templateId: templates.items[0]!.id,
      targets: { subtreeOf: district },
    });
    // The workflows open their first tasks in the background; give them a moment to appear.
    await new Promise((r) => setTimeout(r, 3_000));
  }, 300_000);
  afterAll(async () => stack?.close(), 60_000);

  it('has a Chinese fallback message for every error code the API answers with', () => {
    const missing = Object.keys(ERROR_STATUS).filter((code) => !/[\u4e00-\u9fff]/.test(FALLBACK[code] ?? ''));
    expect(missing).toEqual([]);
  });

  /** Checks the open page; returns what is wrong with it. */
  async function check(w: WatchedPage, role: string, keyboard: boolean): Promise<Finding[]> {
    const { page } = w;
    const path = new URL(page.url()).pathname;
    const findings: Finding[] = [];
    const found = (problem: string) => findings.push({ page: `${role} ${path}`, problem });
    const heading = await page.$('main h1, main h2, main h3, main h4, main .ant-result-title');
    if (!heading) found('no heading in the page content');
    const english = await englishWords(page);
    if (english.length) found(`English text: ${english.join(', ')}`);
    const codes = await bareCitations(page);
    if (codes.length) found(`articles cited by file code: ${codes.join(', ')}`);
    for (const control of await unnamedControls(page)) found(`control without a name: ${control}`);
    if (keyboard) {
      const reach = await tabReaches(page);
      if (!reach.menu) found('Tab from the top never reaches the menu');
      if (!reach.main) found('Tab never reaches the page content');
    }
    const name = kindOf(path)
      .replace(/^\/app\/?/, '')
      .replace(/:/g, '')
      .replace(/\//g, '_');
    await w.screenshot(`pages-${role}-${name || 'home'}`);
    for (const p of w.problems.splice(0)) found(p);
    return findings;
  }

  async function visit(w: WatchedPage, path: string) {
    await w.page.goto(`${stack.url}${path}`, { waitUntil: 'networkidle0', timeout: 60_000 });
    await settle(w.page);
  }

  /** The in-app links and 新建-style buttons of the open page's content, one per kind. */
  async function followable(page: Page, seen: Set<string>): Promise<{ links: string[]; buttons: string[] }> {
    const here = new URL(page.url()).pathname;
    const hrefs = await page.$$eval('main a[href^="/app/"]', (as) => as.map((a) => a.getAttribute('href')!));
    const links: string[] = [];
    for (const href of hrefs) {
      const path = href.split(/[?#]/)[0]!;
      if (path === here || seen.has(kindOf(path))) continue;
      seen.add(kindOf(path));
      links.push(path);
    }
    const texts = await page.$$eval('main button:not([disabled])', (bs) =>
      bs.map((b) => (b as HTMLElement).innerText.trim()),
    );
    const buttons = [...new Set(texts.filter((t) => NEW_BUTTON.test(t) && t.length <= 12))];
    return { links: links.slice(0, FOLLOW_PER_ENTRY), buttons: buttons.slice(0, 3) };
  }

  for (const role of ROLES)
    it(`${role}: every menu entry and the pages one click away are clean`, async () => {
      const w = await stack.open();
      const findings: Finding[] = [];
      try {
        await w.signIn(role);
        await w.page.waitForSelector('nav[aria-label="主菜单"] a');
        const entries = await w.page.$$eval('nav[aria-label="主菜单"] a[href^="/app/"]', (as) =>
          as.map((a) => a.getAttribute('href')!),
        );
        expect(entries.length).toBeGreaterThan(0);
        const seen = new Set<string>(entries.map(kindOf));
        for (const entry of entries) {
          await visit(w, entry);
          findings.push(...(await check(w, role, true)));
          const { links, buttons } = await followable(w.page, seen);
          for (const text of buttons) {
            await visit(w, entry);
            const before = w.page.url();
            await w.page.locator(`main button::-p-text(${text})`).click();
            await w.page.waitForNetworkIdle({ idleTime: 300, timeout: 30_000 }).catch(() => undefined);
            await settle(w.page);
            if (w.page.url() !== before) {
              const path = new URL(w.page.url()).pathname;
              if (seen.has(kindOf(path))) continue;
              seen.add(kindOf(path));
              findings.push(...(await check(w, role, false)));
            } else {
              // A dialog: it must carry Chinese text and named controls too.
              const modal = await w.page.$('.ant-modal-wrap:not([style*="display: none"]), .ant-drawer-open');
              if (modal) {
                findings.push(...(await check(w, role, false)).filter((f) => !f.problem.startsWith('no heading')));
                await w.page.keyboard.press('Escape');
              }
            }
          }
          for (const link of links) {
            await visit(w, link);
            findings.push(...(await check(w, role, false)));
          }
        }
        // A mistyped address under /app: the 404 page, in Chinese.
        await visit(w, '/app/no-such-page');
        await w.page.waitForSelector('main ::-p-text(页面不存在)');
        findings.push(...(await check(w, role, false)));
      } finally {
        await w.close();
      }
      expect(findings).toEqual([]);
    }, 300_000);

  it('the inbox and a task page fit a 390-px-wide phone', async () => {
    const w = await stack.open({ width: 390, height: 844 });
    try {
      await w.signIn('jshosp.staff');
      await visit(w, '/app/inbox');
      const findings = await check(w, 'phone-jshosp.staff', false);
      const overflow = async () =>
        w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      const task = await w.page.$$eval('main a[href^="/app/"]', (as) => as.map((a) => a.getAttribute('href')!));
      if (task[0]) {
        await visit(w, task[0]);
        findings.push(...(await check(w, 'phone-jshosp.staff', false)));
        expect(await overflow()).toBeLessThanOrEqual(0);
      }
      expect(findings).toEqual([]);
    } finally {
      await w.close();
    }
  }, 120_000);
});
