// Security incidents and emergency plans in a real Chromium: a hospital clerk reports an incident
// (初报) through the form, the county official finds it with its deadlines and signs for it (签收);
// the clerk records the hospital's emergency plan and uploads its document, seeing size and sha256.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { chooseOptions } from '../support/antd.js';
import { startConsoleStack, type ConsoleStack } from '../support/console.js';

const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

/** Types a date into an antd DatePicker and confirms it with Enter. */
async function typeDate(page: Page, id: string, value: string) {
  await page.locator(`#${id}`).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

/** Clicks the button labelled `label` (antd spaces out two-character labels: "签 收"). */
async function clickButton(page: Page, label: string) {
  // A locator finds the button again if a re-render replaced it, and waits for it to stand still.
  await page.locator(`::-p-xpath(//button[translate(normalize-space(.), ' ', '')="${label}"])`).click();
}

/** Waits until the page's main area shows `wanted`, reloading while the process catches up. */
async function untilShown(page: Page, wanted: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await text(page, 'main').catch(() => '')).includes(wanted)) return;
    if (Date.now() > end) throw new Error(`页面未显示“${wanted}”`);
    await new Promise((r) => setTimeout(r, 1500));
    await page.reload({ waitUntil: 'networkidle0' });
  }
}

const chinaDay = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('console: security incidents and emergency plans', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack();
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  it('a clerk reports an incident (初报); the county official sees it with its deadlines and signs for it', async () => {
    const clerk = await stack.open();
    const { page } = clerk;
    await clerk.signIn('jshosp.staff');
    const menu = await text(page, 'nav[aria-label="主菜单"]');
    expect(menu).toContain('安全事件');
    expect(menu).toContain('应急预案与演练');

    await page.goto(`${stack.url}/app/incidents`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('main ::-p-text(暂无安全事件报告)');
    await clickButton(page, '报告安全事件');
    await page.waitForSelector('#title');

    // Submitting empty: the form names what is missing and nothing is sent.
    await clickButton(page, '提交初报');
    await page.waitForSelector('::-p-text(请填写 2–80 个字的标题)');

    await page.type('#title', '门诊系统遭勒索软件加密');
    await page.locator('::-p-xpath(//strong[text()="较大"])').click();
    // The level's time limit and its basis, from the deadline policies in force.
    const limit = await page.waitForSelector('[data-testid="report-limit"]');
    expect(await limit!.evaluate((e) => e.textContent)).toContain('4 小时');
    await chooseOptions(page, '#category', ['勒索软件']);
    await page.type('#description', '09:10 门诊 HIS 终端出现勒索提示，文件被加密。');
    await page.type('#systemsAffected', 'HIS');
    await page.keyboard.press('Enter');
    await page.type('#measuresTaken', '已断开门诊网段，启用纸质流程。');
    await page.type('#contact_phone', '0371-12345678');
    await clerk.screenshot('incidents-report-form');
    await clickButton(page, '提交初报');
    await page.waitForFunction(() => /^\/app\/incidents\/incident-/.test(location.pathname));
    await page.waitForSelector('[data-testid="report-1"]');
    const reported = await text(page, 'main');
    expect(reported).toContain('门诊系统遭勒索软件加密');
    expect(reported).toContain('第 1 版 · 初报');
    expect(reported).toContain('按时');
    expect(reported).toContain('校验通过');
    const incidentPath = new URL(page.url()).pathname;
    await clerk.screenshot('incidents-detail-clerk');
    expect(clerk.problems).toEqual([]);
    await clerk.close();

    const official = await stack.open();
    const op = official.page;
    await official.signIn('jinshui.official');
    await op.goto(`${stack.url}/app/incidents`, { waitUntil: 'networkidle0' });
    await op.waitForSelector('::-p-text(门诊系统遭勒索软件加密)');
    // The unit's name comes with the units list, a query of its own.
    await op.waitForSelector('main ::-p-text(金水区总医院)');
    await official.screenshot('incidents-list-official');
    await op.locator('::-p-text(门诊系统遭勒索软件加密)').click();
    await op.waitForFunction((p) => location.pathname === p, {}, incidentPath);
    // The 签收 task with its deadline, and the report's way up with the office's deadline.
    const task = await op.waitForSelector('[data-testid="task-incident_acknowledgement"]');
    expect(await task!.evaluate((e) => e.textContent)).toMatch(/今日截止|剩 \d+ 个工作日/);
    const page1 = await text(op, 'main');
    expect(page1).toContain('初报时限');
    expect(page1).toContain('送达');
    expect(page1).toContain('郑州市金水区卫生健康委员会');
    await official.screenshot('incidents-detail-official');
    await clickButton(op, '签收');
    await op.waitForSelector('::-p-text(已签收)');
    await op.waitForFunction(() => !document.querySelector('[data-testid="task-incident_acknowledgement"]'));
    await op.waitForFunction(() => document.querySelector('main')?.textContent?.includes('办理人：吴清'));
    await official.screenshot('incidents-detail-acknowledged');
    expect(official.problems).toEqual([]);
    await official.close();
  }, 120_000);

  it('a clerk records the emergency plan and uploads its document with progress, size and sha256', async () => {
    const w = await stack.open();
    const { page } = w;
    await w.signIn('jshosp.staff');
    await page.goto(`${stack.url}/app/continuity`, { waitUntil: 'networkidle0' });
    await clickButton(page, '登记应急预案');
    await page.waitForSelector('#title');
    await page.type('#title', '网络与信息安全事件应急预案');
    await page.type('#version', '2026版');
    await typeDate(page, 'approvedOn', chinaDay(-30));
    await typeDate(page, 'nextDrillOn', chinaDay(-40));
    await page.type('#scope', 'HIS、LIS、PACS；勒索软件、数据泄露、系统中断。');
    await clickButton(page, '登记');
    // The API's cross-field rule comes back on its field, in Chinese.
    await page.waitForSelector('::-p-text(下次演练日期须晚于预案批准日期)');
    await w.screenshot('continuity-plan-refused');
    await page.locator('#nextDrillOn').click({ count: 1 });
    await page.keyboard.down('Control');
    await page.keyboard.press('A');
    await page.keyboard.up('Control');
    await page.keyboard.type(chinaDay(150));
    // Enter confirms the date and, as in any form, submits it.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^\/app\/continuity\/plans\/\d+$/.test(location.pathname));
    await page.waitForSelector('::-p-text(尚未上传预案文本)');

    const dir = mkdtempSync(join(tmpdir(), 'duban-plan-'));
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const file = join(dir, '应急预案2026版.pdf');
    writeFileSync(file, pdf);
    const input = (await page.waitForSelector('input[type=file]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    const uploaded = await page.waitForSelector('[data-testid="uploaded-file"]');
    const shown = await uploaded!.evaluate((e) => e.textContent ?? '');
    expect(shown).toContain('应急预案2026版.pdf');
    expect(shown).toContain(createHash('sha256').update(pdf).digest('hex'));
    // The plan's document list now holds it.
    await page.waitForFunction(() => !document.body.textContent?.includes('尚未上传预案文本'));
    await w.screenshot('continuity-plan-uploaded');

    await page.goto(`${stack.url}/app/continuity?tab=plans`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('main ::-p-text(网络与信息安全事件应急预案)');
    await w.screenshot('continuity-plans');
    expect(w.problems).toEqual([]);
    await w.close();

    // The county official sees the hospital among the units needing attention no more for want of a plan.
    const official = await stack.open();
    await official.signIn('jinshui.official');
    await official.page.goto(`${stack.url}/app/continuity`, { waitUntil: 'networkidle0' });
    await official.page.waitForSelector('::-p-text(没有现行应急预案或演练逾期的单位)');
    await official.screenshot('continuity-gaps-official');
    expect(official.problems).toEqual([]);
    await official.close();
  }, 120_000);

  it('the clerk follows up (续报, handled); the official issues an alert; the hospital signs and replies', async () => {
    // The incident itself is set up through the API: this scenario is about what follows.
    const login = await fetch(`${stack.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jshosp.staff', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${stack.url}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
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
      }),
    });
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: string };

    const clerk = await stack.open();
    await clerk.signIn('jshosp.staff');
    await clerk.page.goto(`${stack.url}/app/incidents/${incident.id}`, { waitUntil: 'networkidle0' });
    await clerk.page.waitForSelector('#progress');
    await clerk.page.type('#progress', '终端已重装，未发现横向传播。');
    await clerk.page.locator('#handled').click();
    await clickButton(clerk.page, '提交续报');
    await clerk.page.waitForSelector('[data-testid="report-2"]');
    // Declared handled: the 终报 deadline now counts, in working days.
    await untilShown(clerk.page, '已处置，待终报');
    const followed = await text(clerk.page, 'main');
    expect(followed).toContain('第 2 版 · 续报');
    expect(followed).toMatch(/终报期限：?剩 \d+ 个工作日/);
    await clerk.screenshot('incidents-follow-up');
    expect(clerk.problems).toEqual([]);

    const official = await stack.open();
    const op = official.page;
    await official.signIn('jinshui.official');
    await op.goto(`${stack.url}/app/incidents/${incident.id}`, { waitUntil: 'networkidle0' });
    await clickButton(op, '发布预警通报');
    await op.waitForSelector('#paragraphs');
    await op.type('#title', '关于防范木马攻击的预警通报');
    await op.type('#paragraphs', '近期辖区内一家医院办公终端感染木马。');
    await op.type('#measures', '全面排查办公终端\n更新杀毒软件病毒库');
    await official.screenshot('alerts-new');
    await clickButton(op, '发布');
    await op.waitForFunction(() => /^\/app\/alerts\/alert-/.test(location.pathname));
    const alertPath = new URL(op.url()).pathname;
    // Numbered, distributed to the county's two institutions, with its PDF in the page.
    await op.waitForSelector('[data-testid="pdf-preview"]', { timeout: 60_000 });
    // The page looks again by itself while the alert is being distributed.
    await op.waitForFunction(() => document.querySelector('main')?.textContent?.includes('待回复'), {
      timeout: 30_000,
    });
    const issued = await text(op, 'main');
    expect(issued).toContain('待回复');
    expect(issued).toContain('金水区总医院');
    expect(issued).toContain('金水区疾病预防控制中心');
    expect(issued).toMatch(/〔\d{4}〕\d+号/);
    await official.screenshot('alerts-detail-official');
    expect(official.problems).toEqual([]);

    const cp = clerk.page;
    await cp.goto(`${stack.url}/app/alerts`, { waitUntil: 'networkidle0' });
    await cp.locator('::-p-text(关于防范木马攻击的预警通报)').click();
    await cp.waitForFunction((p) => location.pathname === p, {}, alertPath);
    await cp.waitForSelector('[data-testid="task-incident_alert_receipt"]');
    await clickButton(cp, '签收');
    await cp.waitForSelector('[data-testid="task-incident_alert_reply"]');
    await cp.locator('::-p-text(经自查未发现同类问题)').click();
    await cp.type('#details', '已排查全部 120 台办公终端，未发现同类木马。');
    await clickButton(cp, '回复自查结果');
    await cp.waitForFunction(() => !document.querySelector('[data-testid="task-incident_alert_reply"]'));
    await untilShown(cp, '已回复');
    await clerk.screenshot('alerts-detail-replied');
    expect(clerk.problems).toEqual([]);

    // The official's receipt table shows the reply.
    await op.reload({ waitUntil: 'networkidle0' });
    await untilShown(op, '经自查未发现同类问题');
    expect(official.problems).toEqual([]);
    await clerk.close();
    await official.close();
  }, 180_000);
});
