// 待办 in a real Chromium: a hospital clerk sees the notices sent to their unit soonest due first
// with the menu's count, filters them, claims and releases one (and is told who holds one a
// colleague took), opens one, is shown the API's field error in Chinese on the generated form,
// then signs for it and it leaves the inbox. Also on a 390-px phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { eq } from 'drizzle-orm';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { tasks } from '../../db/schema.js';
import { chooseByKeyboard } from '../support/antd.js';
import { startConsoleStack, type ConsoleStack } from '../support/console.js';

interface Task {
  id: string;
  title: string;
  type: string;
}

describe('console inbox (待办)', () => {
  let stack: ConsoleStack;
  const run = Date.now().toString(36);
  const titles = {
    soon: `关于核查备份策略的通知（${run}）`,
    later: `关于报送数据目录的通知（${run}）`,
    latest: `关于开展恢复演练的通知（${run}）`,
    late: `关于即刻报送值班表的通知（${run}）`,
  };

  const COLLEAGUE_PASSWORD = 'Lanhua-Qiuyue-8264';
  async function as(username: string, password = DEMO_PASSWORD) {
    const res = await fetch(`${stack.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const call = async (method: string, path: string, body?: unknown) => {
      const answer = await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: answer.status, body: (await answer.json().catch(() => undefined)) as never };
    };
    return {
      get: (path: string) => call('GET', path),
      post: (path: string, body?: unknown) => call('POST', path, body),
    };
  }

  let mine: Record<keyof typeof titles, Task>;

  beforeAll(async () => {
    stack = await startConsoleStack();
    // Set-up through the API: an official of 金水区 sends four notices to 金水区总医院, due in 1, 5 and
    // 9 days, and one due in seconds that is overdue by the time the clerk looks.
    const official = await as('jinshui.official');
    const units = await official.get('/units?pageSize=100');
    const hospital = (units.body as { items: { id: number; name: string }[] }).items.find(
      (u) => u.name === '金水区总医院',
    )!;
    const day = 86_400_000;
    const sends: [keyof typeof titles, number][] = [
      ['later', 5 * day],
      ['late', 20_000],
      ['latest', 9 * day],
      ['soon', 1 * day],
    ];
    // The notice due in 20 s must be past its deadline before the clerk looks.
    let lateDue = 0;
    for (const [key, inMs] of sends) {
      if (key === 'late') lateDue = Date.now() + inMs;
      const sent = await official.post('/notices', {
        recipientUnitId: hospital.id,
        title: titles[key],
        paragraphs: ['请按000 第十五条要求落实并签收。'],
        dueAt: new Date(Date.now() + inMs).toISOString(),
        remindBeforeSeconds: 0,
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    }
    // A second clerk of the hospital, who will take one of the tasks.
    const admin = await as('admin');
    const created = await admin.post('/users', {
      username: `jshosp.clerk2-${run}`,
      realName: '孙晓梅',
      unitId: hospital.id,
      roles: ['unit_staff'],
      password: COLLEAGUE_PASSWORD,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const clerk = await as('jshosp.staff');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const page = await clerk.get('/tasks?pageSize=100');
      const items = (page.body as { items: Task[] }).items;
      const found = Object.fromEntries(
        Object.entries(titles).map(([k, title]) => [k, items.find((t) => t.title.includes(title))]),
      );
      if (Object.values(found).every(Boolean) && Date.now() > lateDue + 1000) {
        mine = found as typeof mine;
        break;
      }
      if (Date.now() > deadline) throw new Error(`tasks did not appear: ${JSON.stringify(items.map((t) => t.title))}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Receipts of circulars carry no reminders; these two stand for tasks of processes that do.
    const db = stack.database.db;
    await db
      .update(tasks)
      .set({ remindAt: [new Date(Date.now() + 6 * day).toISOString()] })
      .where(eq(tasks.id, mine.latest.id));
    await db
      .update(tasks)
      .set({ lastRemindedAt: new Date(Date.now() - 3_600_000) })
      .where(eq(tasks.id, mine.later.id));
  }, 300_000);
  afterAll(async () => stack?.close(), 60_000);

  const text = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);
  const rowTitles = (page: Page) =>
    page.$$eval('.ant-table-tbody tr.ant-table-row', (rows) =>
      rows.map((r) => (r.querySelector('td a') as HTMLElement | null)?.innerText ?? ''),
    );
  const waitForText = (page: Page, selector: string, wanted: string) =>
    page.waitForFunction(
      (s, w) => [...document.querySelectorAll(s)].some((e) => (e as HTMLElement).innerText.includes(w)),
      {},
      selector,
      wanted,
    );
  /** This scenario's notices among the rows, by the titles they were sent with (the demo data has others). */
  const ours = (list: string[]) =>
    list.map((row) => Object.values(titles).find((t) => row.includes(t))).filter((t) => t !== undefined);

  it('lists the clerk’s tasks soonest first with the badge, filters, claims, releases, and completes one', async () => {
    const w = await stack.open();
    const { page } = w;
    await w.signIn('jshosp.staff');
    await page.goto(`${stack.url}/app/inbox`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.ant-table-tbody tr.ant-table-row');

    // Soonest due first: the overdue one, then 1, 5 and 9 days; the overdue one in red with its days.
    expect(ours(await rowTitles(page))).toEqual([titles.late, titles.soon, titles.later, titles.latest]);
    const lateRow = await page.$$eval(
      '.ant-table-tbody tr.ant-table-row',
      (rows, t) => {
        const row = rows.find((r) => (r as HTMLElement).innerText.includes(t))!;
        const tag = row.querySelector('[data-overdue="true"]') as HTMLElement | null;
        return { overdue: tag?.innerText, red: tag?.className.includes('red') };
      },
      titles.late,
    );
    expect(lateRow).toEqual({ overdue: '已逾期', red: true });
    // Reminders: one to come, one sent.
    expect(await text(page, '.ant-table-tbody')).toMatch(/将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 提醒/);
    expect(await text(page, '.ant-table-tbody')).toMatch(/已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 提醒/);
    const total = Number((await text(page, '[data-testid="task-total"]')).match(/共 (\d+) 项/)![1]);
    expect(total).toBeGreaterThanOrEqual(4);
    // The menu's count is its own query: it follows the list shortly after.
    await page.waitForSelector(`nav[aria-label="主菜单"] [aria-label="待办 ${total} 项"]`);
    await w.screenshot('inbox-list');

    // Filters: overdue only, then the type, then due before a date (in the address, so Back keeps them).
    await chooseByKeyboard(page, 'input[aria-label="状态"]', '已逾期', ''); // its first choice
    await page.waitForFunction((t) => !document.body.innerText.includes(t), {}, titles.soon);
    expect(ours(await rowTitles(page))).toEqual([titles.late]);
    expect(page.url()).toContain('overdue=true');
    await page.goto(`${stack.url}/app/inbox`, { waitUntil: 'networkidle0' });
    await chooseByKeyboard(page, 'input[aria-label="流程与任务类型"]', '签收通报');
    await waitForText(page, '.ant-table-tbody', titles.soon);
    expect(ours(await rowTitles(page))).toEqual([titles.late, titles.soon, titles.later, titles.latest]);
    await chooseByKeyboard(page, 'input[aria-label="流程与任务类型"]', '签署移交清单');
    await waitForText(page, '.ant-empty', '没有符合筛选条件的任务');
    await page.goto(`${stack.url}/app/inbox`, { waitUntil: 'networkidle0' });
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('input[aria-label^="截止日期不晚于"]').click();
    await page.keyboard.type(inThreeDays);
    await page.waitForFunction((t) => !document.body.innerText.includes(t), {}, titles.later);
    expect(ours(await rowTitles(page))).toEqual([titles.late, titles.soon]);
    await page.goto(`${stack.url}/app/inbox`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.ant-table-tbody tr.ant-table-row');

    // Claim, then release: the state shows, and the menu's count follows the unit's list.
    await page.locator(`button[aria-label^="认领："][aria-label*="${titles.soon}"]`).click();
    await waitForText(page, '.ant-table-tbody', '我已认领');
    await page.waitForSelector(`button[aria-label^="释放："][aria-label*="${titles.soon}"]`);
    await page.locator(`button[aria-label^="释放："][aria-label*="${titles.soon}"]`).click();
    await page.waitForSelector(`button[aria-label^="认领："][aria-label*="${titles.soon}"]`);
    await waitForText(page, '.ant-message', '已释放');

    // A colleague takes one while this list is on screen: claiming it names who holds it, and it leaves the list.
    const colleague = await as(`jshosp.clerk2-${run}`, COLLEAGUE_PASSWORD);
    expect((await colleague.post(`/tasks/${mine.latest.id}/claim`)).status).toBe(200);
    await page.locator(`button[aria-label^="认领："][aria-label*="${titles.latest}"]`).click();
    await waitForText(page, '.ant-message', '这项任务已由孙晓梅');
    await page.waitForFunction(
      (t) => !document.querySelector('.ant-table-tbody')!.textContent!.includes(t),
      {},
      titles.latest,
    );
    await page.waitForFunction((n) => document.querySelector(`[aria-label="待办 ${n} 项"]`), {}, total - 1);

    // Open a task: its process, deadline basis and document, and the form its formSchema describes.
    // The document is held back for a moment: while it loads, its view already takes its room, so the
    // form's submit button below it does not move under the user's pointer when the PDF arrives.
    let releaseDocument: (() => void) | undefined;
    const holdDocument = (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      if (new URL(request.url()).pathname.startsWith('/documents/') && !releaseDocument)
        releaseDocument = () => void request.continue();
      else void request.continue();
    };
    await page.setRequestInterception(true);
    page.on('request', holdDocument);
    await page.locator(`a[href="/app/inbox/tasks/${mine.soon.id}"]`).click();
    await page.waitForSelector('form');
    await page.waitForFunction(() => document.querySelector('main [aria-busy="true"]'));
    const submitTop = () => page.$eval('form button[type="submit"]', (b) => b.getBoundingClientRect().top);
    const topWhileLoading = await submitTop();
    expect(releaseDocument).toBeDefined();
    releaseDocument!();
    await page.waitForSelector('[data-testid="pdf-preview"]');
    expect(await submitTop()).toBe(topWhileLoading);
    page.off('request', holdDocument);
    await page.setRequestInterception(false);
    // Citations read out once the registry has loaded (shown as written until then).
    await waitForText(page, 'main', '《河南省全民健康信息管理实施细则》第三十五条');
    const body = await text(page, 'main');
    expect(body).toContain(titles.soon);
    expect(body).toContain('所属流程');
    expect(body).toContain('期限依据');
    expect(body).toContain('《河南省全民健康信息管理实施细则》第三十五条');
    expect(body).toContain('签收人姓名');
    expect(await page.$(`a[href^="/app/circulars/"]`)).not.toBeNull();
    // Nothing typed: the form itself asks; a name that is one character once trimmed: the API's own words on the field.
    await page.locator('button[type="submit"]').click();
    await waitForText(page, '.ant-form-item-explain-error', '请填写签收人姓名');
    await page.locator('#receiverName').click();
    await page.keyboard.type(' 王 ');
    await page.locator('button[type="submit"]').click();
    await waitForText(page, '.ant-form-item-explain-error', '须为签收人的真实姓名');
    expect(await text(page, '[role="alert"]')).toContain('请按各项下方标红的提示修改');
    await w.screenshot('inbox-task-field-error');
    // Still open: nothing was written.
    expect((await (await as('jshosp.staff')).get(`/tasks/${mine.soon.id}`)).body).toMatchObject({ status: 'open' });

    await page.locator('#receiverName').click({ count: 3 });
    await page.keyboard.type('郑小兰');
    await page.locator('button[type="submit"]').click();
    await page.waitForFunction(() => location.pathname === '/app/inbox');
    await page.waitForSelector('.ant-table-tbody tr.ant-table-row');
    await page.waitForFunction(
      (t) => !document.querySelector('.ant-table-tbody')!.textContent!.includes(t),
      {},
      titles.soon,
    );
    await page.waitForFunction((n) => document.querySelector(`[aria-label="待办 ${n} 项"]`), {}, total - 2);
    expect((await (await as('jshosp.staff')).get(`/tasks/${mine.soon.id}`)).body).toMatchObject({
      status: 'completed',
    });
    expect(w.problems).toEqual([]);
    await w.close();
  }, 180_000);

  it('works on a 390-px phone: cards instead of the table, and the task page', async () => {
    const w = await stack.open({ width: 390, height: 844 });
    const { page } = w;
    await w.signIn('jshosp.staff');
    await page.goto(`${stack.url}/app/inbox`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-testid="task-card"]');
    expect(await page.$('.ant-table')).toBeNull();
    const cards = await page.$$eval('[data-testid="task-card"]', (cs) => cs.map((c) => (c as HTMLElement).innerText));
    expect(ours(cards.map((c) => c.split('\n')[0]!))).toEqual([titles.late, titles.later]);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await w.screenshot('inbox-phone');
    await page.locator(`a[href="/app/inbox/tasks/${mine.later.id}"]`).click();
    await page.waitForSelector('form');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await w.screenshot('inbox-task-phone');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 120_000);
});
