// Circulars and accountability cases in a real Chromium, as their users act: an official drafts a
// 工作通报 to two units, the commission's leader approves it on its page, a hospital clerk opens
// the numbered PDF and signs for it, and the sender watches the receipt table change; then an
// official opens a case by hand and investigates, the hospital states its case, the leader decides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { chooseOptions } from '../support/antd.js';
import { startConsoleStack, type ConsoleStack, type WatchedPage } from '../support/console.js';

const WAIT = { timeout: 60_000 };

const waitForText = (page: Page, text: string, within = 'body') =>
  page.waitForFunction(
    (t, sel) => (document.querySelector(sel) as HTMLElement | null)?.innerText.includes(t) ?? false,
    WAIT,
    text,
    within,
  );

const textOf = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);

describe('console: circulars and accountability cases', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack();
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  it('drafts a circular to two units, approves it, has it signed with the PDF in the page, and shows the receipt', async () => {
    const title = '关于2026年第四季度网络安全检查情况的通报';
    // 1. The district official drafts it to the hospital and the CDC.
    const official: WatchedPage = await stack.open();
    await official.signIn('jinshui.official');
    await official.page.goto(`${stack.url}/app/circulars`, { waitUntil: 'networkidle0' });
    await official.page.locator('::-p-text(起草通报)').click();
    await official.page.waitForSelector('#title');
    await official.page.locator('#title').fill(title);
    await official.page
      .locator('#paragraphs_0')
      .fill('我委对辖区医疗卫生机构开展了网络安全检查，现将有关情况通报如下。');
    await chooseOptions(official.page, '#unitIds', [
      '金水区总医院（郑州市金水区卫生健康委员会）',
      '金水区疾病预防控制中心（郑州市金水区卫生健康委员会）',
    ]);
    await official.page.keyboard.press('Escape');
    await official.screenshot('circulars-draft');
    await official.page.locator('button[type="submit"]').click();
    await official.page.waitForFunction(() => /\/app\/circulars\/circular-/.test(location.pathname), WAIT);
    const circularPath = new URL(official.page.url()).pathname;
    await waitForText(official.page, '待领导审批', '[data-testid="circular-stage"]');

    // 2. The leader finds it in the sent box and approves it on its page.
    const leader = await stack.open();
    await leader.signIn('jinshui.leader');
    await leader.page.goto(`${stack.url}/app/circulars`, { waitUntil: 'networkidle0' });
    await leader.page.locator(`a::-p-text(${title})`).click();
    await leader.page.waitForSelector('[data-testid="task-circular_approval"]', WAIT);
    await leader.page.locator('#comment').fill('同意印发');
    await leader.screenshot('circulars-approval');
    await leader.page.locator('[data-testid="task-circular_approval"] button[type="submit"]').click();
    await waitForText(leader.page, '已分发', '[data-testid="circular-stage"]');
    const number = await textOf(leader.page, '.ant-descriptions');
    expect(number).toMatch(/金卫通〔\d{4}〕\d+号/);

    // 3. The hospital's clerk finds it in the received box, reads the PDF in the page and signs.
    const clerk = await stack.open();
    await clerk.signIn('jshosp.staff');
    await clerk.page.goto(`${stack.url}/app/circulars`, { waitUntil: 'networkidle0' });
    await clerk.page.locator(`a::-p-text(${title})`).click();
    await clerk.page.waitForSelector('[data-testid="pdf-preview"]', WAIT);
    const src = await clerk.page.$eval('[data-testid="pdf-preview"]', (e) => (e as HTMLIFrameElement).src);
    expect(src).toMatch(/^blob:/);
    await clerk.page.waitForSelector('[data-testid="task-circular_receipt"]', WAIT);
    // Its own row only: the CDC's is not shown to the hospital.
    expect(await textOf(clerk.page, '[data-testid="receipt-table"]')).not.toContain('疾病预防控制中心');
    await clerk.screenshot('circulars-recipient');
    await clerk.page.locator('[data-testid="task-circular_receipt"] button[type="submit"]').click();
    await clerk.page.waitForSelector('[data-testid="task-circular_receipt"]', { hidden: true, ...WAIT });
    await waitForText(clerk.page, '已签收', '[data-testid="receipt-table"]');

    // 4. The sender's receipt table: the hospital signed (郑小兰) and read it, the CDC has not.
    await official.page.goto(`${stack.url}${circularPath}`, { waitUntil: 'networkidle0' });
    await waitForText(official.page, '郑小兰', '[data-testid="receipt-table"]');
    const rows = await official.page.$$eval('[data-testid="receipt-table"] tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).innerText),
    );
    const hospital = rows.find((r) => r.includes('金水区总医院'));
    const cdc = rows.find((r) => r.includes('金水区疾病预防控制中心'));
    expect(hospital).toContain('已签收');
    expect(hospital).toContain('郑小兰');
    expect(cdc).toContain('待签收');
    expect(cdc).toContain('未读');
    await official.page.locator('::-p-text(催办未办结单位)').click();
    await waitForText(official.page, '已催办 1 个单位');
    await official.screenshot('circulars-receipts');

    for (const w of [official, leader, clerk]) {
      expect(w.problems).toEqual([]);
      await w.close();
    }
  }, 300_000);

  it('opens a case by hand, hears the party and has the leader decide, in the browser', async () => {
    // 1. The district official opens the case and investigates it.
    const official = await stack.open();
    await official.signIn('jinshui.official');
    await official.page.goto(`${stack.url}/app/cases`, { waitUntil: 'networkidle0' });
    await waitForText(official.page, '暂无责任追究案件');
    await official.page.locator('a[href="/app/cases/new"]').click();
    await official.page.waitForSelector('#unitId');
    // Nothing filled in: the fields say what is missing and no case is opened.
    await official.page.locator('button[type="submit"]').click();
    await waitForText(official.page, '请选择单位');
    await waitForText(official.page, '请填写违规事实');
    expect(new URL(official.page.url()).pathname).toBe('/app/cases/new');
    await chooseOptions(official.page, '#unitId', ['金水区总医院（郑州市金水区卫生健康委员会）']);
    await official.page.locator('#facts_0').fill('2026年全年未开展数据备份恢复演练');
    await official.page.locator('#name').fill('张伟');
    await official.page.locator('#position').fill('信息科科长');
    await official.screenshot('cases-open');
    await official.page.locator('button[type="submit"]').click();
    await official.page.waitForFunction(() => /\/app\/cases\/\d+$/.test(location.pathname), WAIT);
    const casePath = new URL(official.page.url()).pathname;
    await official.page.waitForSelector('[data-testid="step-investigation"]', WAIT);
    await chooseOptions(official.page, '#proposedMeasure', ['督导整改']);
    await official.page.locator('#reasons').fill('经督促仍未开展演练');
    await official.page.locator('[data-testid="step-investigation"] button[type="submit"]').click();
    await waitForText(official.page, '陈述申辩', '[data-testid="case-stage"]');

    // 2. The hospital states its case.
    const clerk = await stack.open();
    await clerk.signIn('jshosp.staff');
    await clerk.page.goto(`${stack.url}/app/cases`, { waitUntil: 'networkidle0' });
    await clerk.page.locator(`a[href="${casePath}"]`).click();
    await clerk.page.waitForSelector('[data-testid="step-statement"]', WAIT);
    await clerk.page.locator('#text').fill('演练方案已制定，请求从轻处理');
    await clerk.screenshot('cases-statement');
    await clerk.page.locator('[data-testid="step-statement"] button[type="submit"]').click();
    await waitForText(clerk.page, '待决定', '[data-testid="case-stage"]');

    // 3. The leader decides 督导整改, answering the statement; the 督导整改通知书 shows in the page.
    const leader = await stack.open();
    await leader.signIn('jinshui.leader');
    await leader.page.goto(`${stack.url}${casePath}`, { waitUntil: 'networkidle0' });
    await leader.page.waitForSelector('[data-testid="step-decision"]', WAIT);
    expect(await textOf(leader.page, '[data-testid="step-decision"]')).toContain('演练方案已制定，请求从轻处理');
    await leader.page.locator('#reasons').fill('逾期未开展演练');
    await leader.page.locator('[data-testid="step-decision"] ::-p-text(不采纳)').click();
    await leader.page.locator('#statementResponse').fill('方案不能代替演练');
    await leader.page.locator('#requirements').fill('一个月内完成一次数据备份恢复演练');
    await leader.screenshot('cases-decision');
    await leader.page.locator('[data-testid="step-decision"] button[type="submit"]').click();
    await waitForText(leader.page, '督导整改', '[data-testid="case-decision"]');
    await waitForText(leader.page, '执行中', '[data-testid="case-stage"]');
    await leader.page.waitForSelector('[data-testid="pdf-preview"]', WAIT);
    const timeline = await textOf(leader.page, '[data-testid="case-timeline"]');
    expect(timeline).toContain('吴清');
    await leader.screenshot('cases-detail');

    // 4. The year's summary counts it. Leaving a page whose PDF preview may still be loading, 'networkidle0'
    // once never came within 60 s on a loaded CI machine (the viewer's requests end with the old page, not
    // always with an event): 'load', then the content this step needs.
    await leader.page.goto(`${stack.url}/app/cases/summary`, { waitUntil: 'load' });
    await waitForText(leader.page, '金水区总医院', '[data-testid="summary-by-unit"]');
    await leader.page.locator('::-p-text(出具年度汇总（PDF）)').click();
    await leader.page.waitForSelector('[data-testid="pdf-preview"]', WAIT);
    await waitForText(leader.page, '金卫责〔');
    await leader.screenshot('cases-summary');
    await leader.page.goto(`${stack.url}/app/cases?stage=executing`, { waitUntil: 'load' });
    await waitForText(leader.page, '金水区总医院', '.ant-table-tbody');
    await leader.screenshot('cases-list');

    for (const w of [official, clerk, leader]) {
      expect(w.problems).toEqual([]);
      await w.close();
    }
  }, 300_000);

  it('issues a notice to the CDC, which signs for it; the official sees who signed', async () => {
    const title = '关于开展数据备份恢复演练的通知';
    const official = await stack.open();
    await official.signIn('jinshui.official');
    await official.page.goto(`${stack.url}/app/circulars`, { waitUntil: 'networkidle0' });
    await official.page.locator('::-p-text(下发通知)').click();
    await official.page.waitForSelector('#recipientUnitId');
    await chooseOptions(official.page, '#recipientUnitId', ['金水区疾病预防控制中心（郑州市金水区卫生健康委员会）']);
    await official.page.locator('#title').fill(title);
    await official.page.locator('#text').fill('请于本月内完成一次数据备份恢复演练。');
    await official.page.locator('button[type="submit"]').click();
    await official.page.waitForFunction(() => /\/app\/circulars\/notices\/notice-/.test(location.pathname), WAIT);
    const noticePath = new URL(official.page.url()).pathname;
    await waitForText(official.page, '待签收', '[data-testid="notice-stage"]');

    const clerk = await stack.open();
    await clerk.signIn('jscdc.staff');
    await clerk.page.goto(`${stack.url}/app/circulars?box=notices`, { waitUntil: 'networkidle0' });
    await clerk.page.locator(`a::-p-text(${title})`).click();
    await clerk.page.waitForSelector('[data-testid="task-circular_receipt"]', WAIT);
    await clerk.page.waitForSelector('[data-testid="pdf-preview"]', WAIT);
    await clerk.screenshot('notices-recipient');
    await clerk.page.locator('[data-testid="task-circular_receipt"] button[type="submit"]').click();
    await waitForText(clerk.page, '已签收', '[data-testid="notice-stage"]');

    await official.page.goto(`${stack.url}${noticePath}`, { waitUntil: 'networkidle0' });
    await waitForText(official.page, '陈静');
    await official.screenshot('notices-detail');
    for (const w of [official, clerk]) {
      expect(w.problems).toEqual([]);
      await w.close();
    }
  }, 300_000);
});
