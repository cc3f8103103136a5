// 首页 and 公文 in a real Chromium: a city official whose district hospital has answered an inspection
// (one item 不符合, confirmed with a finding and a 整改通知书) and whose CDC has not, sees the tasks,
// the compliance rate and the notice on the dashboard, follows a number to the list behind it, opens
// the notice with its number, sha256 and PDF preview, and finds it again by filtering the documents list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { startConsoleStack, type ConsoleStack } from '../support/console.js';

const EVIDENCE_ITEMS = [
  'responsible-department',
  'backup',
  'no-storage-abroad',
  'graded-protection',
  'real-name-trace',
  'emergency-plan',
];

describe('console dashboard and documents', () => {
  let stack: ConsoleStack;
  let api: (username: string) => Promise<(method: string, path: string, body?: unknown) => Promise<Response>>;
  beforeAll(async () => {
    stack = await startConsoleStack();
    api = async (username) => {
      const login = await fetch(`${stack.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      return (method, path, body) =>
        fetch(`${stack.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
    };
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  /** The first open task of `type` in `as`'s unit inbox, waiting for the workflow to create it. */
  async function taskOf(as: Awaited<ReturnType<typeof api>>, type: string) {
    let found: { id: string; payload: Record<string, unknown> } | undefined;
    await expect
      .poll(
        async () => {
          const page = (await (await as('GET', `/tasks?scope=unit&type=${type}`)).json()) as {
            items: { id: string; payload: Record<string, unknown> }[];
          };
          found = page.items[0];
          return !!found;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    return found!;
  }

  it('shows an official their jurisdiction in charts; a number opens its list; a notice opens in the page', async () => {
    // Set-up through the API: Zhengzhou inspects two 金水区 units; the hospital answers, the CDC has not yet.
    const official = await api('zz.official');
    const units = (await (await official('GET', '/units?pageSize=200')).json()).items as { id: number; name: string }[];
    const unitId = (name: string) => units.find((u) => u.name === name)!.id;
    const template = (await (await official('GET', '/checklist-templates')).json()).items[0];
    const plan = await official('POST', '/inspection-plans', {
      title: '2026年第四季度金水区数据安全检查',
      templateId: template.id,
      targets: { unitIds: [unitId('金水区总医院'), unitId('金水区疾病预防控制中心')] },
      rectificationWindow: { unit: 'working_days', amount: 20 },
    });
    expect(plan.status, await plan.clone().text()).toBe(201);
    const staff = await api('jshosp.staff');
    const selfCheck = await taskOf(staff, 'inspection_self_check');
    const answers = (template.items as { key: string }[]).map(({ key }) =>
      key === 'restore-drill'
        ? { itemKey: key, answer: 'non_compliant', note: '本年度未开展恢复演练' }
        : EVIDENCE_ITEMS.includes(key)
          ? { itemKey: key, answer: 'not_applicable', note: '本院不涉及' }
          : { itemKey: key, answer: 'compliant' },
    );
    const done = await staff('POST', `/tasks/${selfCheck.id}/complete`, { input: { answers } });
    expect(done.status, await done.clone().text()).toBe(200);
    const review = await taskOf(official, 'inspection_review');
    const reviewed = await official('POST', `/tasks/${review.id}/complete`, {
      input: {
        items: answers.map(({ itemKey, answer }) => ({ itemKey, answer })),
        findings: [
          {
            itemKey: 'restore-drill',
            severity: 'major',
            article: '000 第十五条',
            description: '本年度未开展备份数据恢复演练',
            requirement: '制定演练方案并完成一次全量恢复演练',
          },
        ],
      },
    });
    expect(reviewed.status, await reviewed.clone().text()).toBe(200);
    await taskOf(staff, 'rectification_report'); // the notice is issued with it
    const figures = await (await official('GET', '/dashboard')).json();
    const notice = figures.recentDocuments.find((d: { kind: string }) => d.kind === 'rectification-notice');
    expect(notice?.number).toMatch(/〔2026〕\d+号$/);

    // The official's first page is 首页.
    const w = await stack.open();
    const { page } = w;
    await w.signIn('zz.official');
    // Signing in lands on /app, which then sends an official on to 首页.
    await page.waitForFunction(() => location.pathname === '/app/dashboard');
    await page.waitForSelector('[data-testid="chart"] canvas');
    const text = async () => page.$eval('main', (e) => e.textContent ?? '');
    const shown = await text();
    expect(shown).toContain('辖区待办任务');
    expect(shown).toContain(`${figures.tasks.open}`);
    expect(shown).toContain('85.7%'); // 6 符合, 1 不符合 (6 不适用 left out)
    expect(shown).toContain('金水区总医院');
    expect(shown).toContain('金水区疾病预防控制中心');
    // The item's basis by the text's title, not the internal code.
    expect(shown).toContain('依据：《河南省全民健康信息管理实施细则》第十五条');
    expect(shown).not.toContain('000 第十五条');
    expect(shown).toContain(notice.number);
    expect(await page.$$eval('[data-testid="chart"] canvas', (c) => c.length)).toBe(3);
    await w.screenshot('dashboard-official');

    // The CDC's open-task number opens the inbox narrowed to the CDC.
    const cdc = unitId('金水区疾病预防控制中心');
    await Promise.all([
      page.waitForFunction(() => location.pathname === '/app/inbox'),
      page.locator(`a[href="/app/inbox?scope=jurisdiction&unitId=${cdc}"]`).click(),
    ]);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      scope: 'jurisdiction',
      unitId: String(cdc),
    });
    await page.goBack();
    await page.waitForSelector('[data-testid="chart"] canvas');

    // The notice opens in the page: number, sha256, the PDF previewed.
    await page.locator(`::-p-text(${notice.number})`).click();
    await page.waitForSelector('[data-testid="pdf-preview"]');
    expect(new URL(page.url()).pathname).toBe(`/app/documents/${notice.id}`);
    const detail = await text();
    expect(detail).toContain(notice.number);
    expect(detail).toContain(notice.sha256);
    expect(detail).toContain('整改通知书');
    expect(detail).toContain('金水区总医院');
    const src = await page.$eval('[data-testid="pdf-preview"]', (f) => (f as HTMLIFrameElement).src);
    expect(src).toMatch(/^blob:/);
    await new Promise((r) => setTimeout(r, 3000)); // the PDF viewer draws the first page
    await w.screenshot('document-detail');

    // 公文: filtered by kind and part of the number, from the keyboard.
    // From a page with a PDF preview: 'load', as in circulars.test.ts; the locator waits for the field.
    await page.goto(`${stack.url}/app/documents`, { waitUntil: 'load' });
    await page.locator('#text').click();
    await page.keyboard.type(notice.number.split('〔')[0]);
    await page.locator('#kind').click();
    await page.keyboard.type('整改通知书');
    await page.locator('.ant-select-item-option[title="整改通知书"]').click();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/documents?') && r.url().includes('kind=rectification-notice')),
      page.locator('button[type="submit"]').click(),
    ]);
    await page.waitForFunction(
      (n) => document.querySelector('.ant-table-tbody')?.textContent?.includes(n) ?? false,
      {},
      notice.number,
    );
    const params = new URL(page.url()).searchParams;
    expect(params.get('kind')).toBe('rectification-notice');
    const rows = await page.$$eval('.ant-table-tbody tr.ant-table-row', (r) => r.map((x) => x.textContent));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('整改通知书');
    expect(rows[0]).toContain(notice.sha256.slice(0, 12));
    await w.screenshot('documents-list');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 240_000);

  it('shows a clerk no dashboard and an empty documents list in Chinese', async () => {
    const w = await stack.open();
    await w.signIn('lyhosp.staff');
    const menu = await w.page.$eval('nav[aria-label="主菜单"]', (e) => e.textContent ?? '');
    expect(menu).not.toContain('首页');
    await w.page.goto(`${stack.url}/app/documents`, { waitUntil: 'networkidle0' });
    await w.page.waitForSelector('main ::-p-text(没有符合条件的公文)');
    await w.screenshot('documents-empty');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 60_000);
});
