// A handover (移交) in the browser, done by the people the process names: the district official
// starts it; the CDC's staff edit the list pre-filled from the register (an unencrypted item is
// refused on its field, nothing submitted) and submit it; the hospital's staff verify it item by
// item; both leaders read the hash and sign; the official confirms and the numbered 移交清单 PDF
// shows in the page. The register then lists the holdings under the hospital.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { chooseOptions } from '../support/antd.js';
import { startConsoleStack, type ConsoleStack, type WatchedPage } from '../support/console.js';

const CDC = '金水区疾病预防控制中心';
const HOSPITAL = '金水区总医院';

/** Clicks the button whose text contains `text`. */
const press = (page: Page, text: string) => page.locator(`button ::-p-text(${text})`).click();

const text = (page: Page, selector = 'main') => page.$eval(selector, (e) => e.textContent ?? '');

/** Reloads the page until `selector` appears (the process creates the next task a moment later). */
async function reloadUntil(page: Page, selector: string, tries = 30) {
  for (let i = 0; i < tries; i++) {
    if (await page.$(selector)) return;
    await new Promise((r) => setTimeout(r, 1000));
    await page.reload({ waitUntil: 'networkidle0' });
  }
  throw new Error(`${selector} did not appear on ${page.url()}`);
}

describe('console handover', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack();
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  async function as(username: string, path: string): Promise<WatchedPage> {
    const w = await stack.open();
    await w.signIn(username);
    await w.page.goto(`${stack.url}${path}`, { waitUntil: 'networkidle0' });
    return w;
  }

  it('runs from start to both signatures and the archived 移交清单, each step by its own user', async () => {
    const pages: WatchedPage[] = [];
    // 1. The district official starts it.
    const official = await as('jinshui.official', '/app/handovers');
    pages.push(official);
    await press(official.page, '发起移交');
    await official.page.waitForSelector('#handingUnitId');
    await chooseOptions(official.page, '#handingUnitId', [CDC], '疾病预防');
    await chooseOptions(official.page, '#receivingUnitId', [HOSPITAL], '总医院');
    await chooseOptions(official.page, '#reason', ['机构合并']);
    await official.page.locator('#reasonDetail').fill('金水区疾控中心并入金水区总医院');
    await official.screenshot('handover-start');
    await press(official.page, '发起移交');
    await official.page.waitForFunction(() => /^\/app\/handovers\/handover-/.test(location.pathname));
    const detailPath = new URL(official.page.url()).pathname;
    await official.page.waitForSelector('::-p-text(编制清单)');
    expect(await text(official.page)).toContain('按数据资源目录预填 3 项');

    // 2. The CDC's staff open the pre-filled list; an item "未加密" is refused on its field.
    const staff = await as('jscdc.staff', detailPath);
    pages.push(staff);
    await reloadUntil(staff.page, 'a[href$="/draft"] button');
    await staff.page.locator('a[href$="/draft"] button').click();
    await staff.page.waitForSelector('[data-testid="item-3"]');
    expect(await staff.page.$$eval('[data-testid^="item-"]', (e) => e.length)).toBe(3);
    const encryption = '#items_0_encryption';
    await staff.page.locator(encryption).click({ count: 3 });
    await staff.page.keyboard.type('未加密');
    await press(staff.page, '提交移交清单');
    await press(staff.page, '确认提交');
    const refusal = await staff.page.waitForSelector('[data-testid="item-1"] .ant-form-item-explain-error');
    expect(await refusal!.evaluate((e) => e.textContent)).toContain(
      '《四川省健康医疗大数据应用管理办法（试行）》第三十一条',
    );
    await staff.screenshot('handover-draft-refused');
    expect(new URL(staff.page.url()).pathname).toBe(`${detailPath}/draft`);
    await staff.page.locator(encryption).click({ count: 3 });
    await staff.page.keyboard.type('SM4 加密，国密 TLS 传输');
    await press(staff.page, '保存草稿');
    await staff.page.waitForSelector('::-p-text(草稿已保存（3 项）)');
    await staff.screenshot('handover-draft');
    await press(staff.page, '提交移交清单');
    await press(staff.page, '确认提交');
    await staff.page.waitForFunction((p) => location.pathname === p, {}, detailPath);

    // 3. The hospital's staff verify item by item, declaring the system's protection level.
    const verifier = await as('jshosp.staff', detailPath);
    pages.push(verifier);
    await reloadUntil(verifier.page, 'a[href*="/verify/"] button');
    await verifier.page.locator('a[href*="/verify/"] button').click();
    await verifier.page.waitForSelector('[data-testid="verify-3"]');
    await press(verifier.page, '提交核验结论');
    // The information system (item 2) needs the level it will be protected at (003 第三十一条).
    const levelError = await verifier.page.waitForSelector('[data-testid="verify-2"] .ant-form-item-explain-error');
    expect(await levelError!.evaluate((e) => e.textContent)).toContain('等级保护');
    await verifier.screenshot('handover-verify');
    await verifier.page.locator('[data-testid="verify-2"] .ant-select').click();
    await verifier.page.locator('.ant-select-dropdown .ant-select-item-option[title="第三级"]').click();
    await press(verifier.page, '提交核验结论');
    await verifier.page.waitForFunction((p) => location.pathname === p, {}, detailPath);

    // 4. Each leader reads the list and its hash, which the page recomputes, and signs.
    for (const leader of ['jscdc.leader', 'jshosp.leader']) {
      const w = await as(leader, detailPath);
      pages.push(w);
      await reloadUntil(w.page, 'a[href*="/sign/"] button');
      await w.page.locator('a[href*="/sign/"] button').click();
      await w.page.waitForSelector('[data-testid="hash-verified"]');
      const hash = await w.page.$eval('[data-testid="sign-hash"]', (e) => e.textContent?.trim() ?? '');
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      await w.page.locator('::-p-text(我已阅读上述移交清单)').click();
      if (leader === 'jscdc.leader') await w.screenshot('handover-sign');
      await press(w.page, '签署移交清单');
      const confirm = await w.page.waitForSelector('[data-testid="confirm-hash"]');
      expect(await confirm!.evaluate((e) => e.textContent)).toContain(hash);
      if (leader === 'jscdc.leader') {
        await new Promise((r) => setTimeout(r, 600)); // the dialog's opening animation
        await w.screenshot('handover-sign-confirm');
      }
      await press(w.page, '确认签署');
      await w.page.waitForFunction((p) => location.pathname === p, {}, detailPath);
    }

    // 5. The official confirms; the archive issues the numbered 移交清单, shown in the page.
    await official.page.reload({ waitUntil: 'networkidle0' });
    await reloadUntil(official.page, '::-p-text(确认并归档)');
    await press(official.page, '确认并归档');
    await official.page.locator('#remark').fill('同意归档');
    await press(official.page, '确认归档');
    // The page follows the process while it archives (the numbered list is issued a moment before the
    // handover is marked archived): no reload needed.
    await official.page.waitForSelector('::-p-text(已归档)');
    await official.page.waitForSelector('[data-testid="pdf-preview"]');
    const page = await text(official.page);
    expect(page).toContain('已归档');
    expect(page).toMatch(/金卫移〔\d{4}〕\d+号/);
    for (const step of ['发起移交', '提交移交清单', '核验通过', '移交方负责人签字', '接收方负责人签字', '主管部门确认'])
      expect(page).toContain(step);
    await official.screenshot('handover-document');
    // The basis reads as the texts' titles; the Sichuan text is not passed off as Henan's rule, and its
    // issuer shows on keyboard focus.
    expect(page).toContain('《河南省全民健康信息管理实施细则》第十九条');
    expect(page).toContain(
      '《四川省健康医疗大数据应用管理办法（试行）》第十四条、第三十一条（四川省文件，非本辖区规定）',
    );
    expect(page).not.toContain('000 第十九条');
    await official.page.focus('[data-basis="003 第十四条、第三十一条"]');
    await official.page.waitForSelector('.ant-tooltip ::-p-text(四川省卫生健康委员会)');
    // Headless Chromium draws a framed PDF black: the README's picture shows the page with the preview folded.
    await press(official.page, '收起预览');
    await official.screenshot('handover-detail');

    // The register now lists the holdings under the hospital, as signed.
    const register = await as('jshosp.staff', '/app/holdings');
    pages.push(register);
    await register.page.waitForSelector('::-p-text(预防接种信息管理系统)');
    expect(await text(register.page)).toContain('共 3 项');
    await register.screenshot('holdings-list');
    await register.page.locator('::-p-text(预防接种信息管理系统（含源代码与部署文档）)').click();
    await register.page.waitForSelector('::-p-text(来自移交)');
    await register.screenshot('holdings-detail');

    for (const w of pages) {
      expect(w.problems).toEqual([]);
      await w.close();
    }
  }, 300_000);

  it('lets the supervising official extend a handover and then cancel it, each with a reason', async () => {
    const w = await as('ly.official', '/app/handovers/new');
    await w.page.waitForSelector('#handingUnitId');
    await chooseOptions(w.page, '#handingUnitId', ['洛龙区疾病预防控制中心'], '洛龙区疾病');
    await chooseOptions(w.page, '#receivingUnitId', ['洛龙区人民医院'], '洛龙区人民');
    await chooseOptions(w.page, '#reason', ['职能划转']);
    await press(w.page, '发起移交');
    await w.page.waitForFunction(() => /^\/app\/handovers\/handover-/.test(location.pathname));
    await w.page.waitForSelector('::-p-text(编制清单)');

    await press(w.page, '延长期限');
    // No reason: the form says so and nothing is sent.
    await press(w.page, '确认延期');
    await w.page.waitForSelector('::-p-text(请填写理由（至少 2 个字）)');
    await w.page.locator('#reason').fill('移交单位机房搬迁，需延后两周');
    await w.screenshot('handover-extend');
    await press(w.page, '确认延期');
    // The timeline records the new due date and the reason (a field's value would match the bare reason).
    await w.page.waitForSelector('.ant-timeline ::-p-text(理由：移交单位机房搬迁，需延后两周)');
    expect(await text(w.page, '.ant-timeline')).toMatch(/延长期限[\s\S]*新期限 \d{4}-\d{2}-\d{2}/);
    await w.page.waitForSelector('.ant-modal-wrap', { hidden: true });

    await press(w.page, '取消移交');
    await w.page.locator('#reason').fill('机构调整方案撤回');
    await press(w.page, '确认取消移交');
    await w.page.waitForSelector('.ant-alert ::-p-text(已取消：机构调整方案撤回)');
    expect(await w.page.$$('button ::-p-text(延长期限)')).toHaveLength(0);
    await w.screenshot('handover-cancelled');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 120_000);

  it('registers a holding, refusing a storage location abroad on its field, then corrects it', async () => {
    const w = await as('lyhosp.staff', '/app/holdings');
    await w.page.waitForSelector('::-p-text(没有登记的数据资源)');
    await press(w.page, '登记数据资源');
    await w.page.waitForSelector('#description');
    await w.page.locator('#description').fill('住院电子病历数据库');
    await w.page.locator('#recordCount').click({ count: 3 });
    await w.page.keyboard.type('120000');
    await w.page.locator('#volume').fill('120 GB');
    await w.page.locator('#format').fill('Oracle 导出');
    await w.page.locator('#sha256').fill('a'.repeat(64));
    await w.page.locator('#encryption').fill('SM4');
    await w.page.locator('#storageLocation_country').click({ count: 3 });
    await w.page.keyboard.type('US');
    await w.page.locator('#storageLocation_region').fill('境外云主机');
    await w.page.locator('button[type="submit"]').click();
    const refusal = await w.page.waitForSelector('#storageLocation_country_help');
    expect(await refusal!.evaluate((e) => e.textContent)).toContain('《河南省全民健康信息管理实施细则》第十八条');
    await w.screenshot('holdings-refused');
    // Nothing was registered.
    const listed = await w.page.evaluate(
      async () => (await (await fetch('/data-holdings')).json()) as { total: number },
    );
    expect(listed.total).toBe(0);

    await w.page.locator('#storageLocation_country').click({ count: 3 });
    await w.page.keyboard.type('CN');
    await w.page.locator('#storageLocation_region').click({ count: 3 });
    await w.page.keyboard.type('洛阳市中心医院数据中心');
    await w.page.locator('button[type="submit"]').click();
    await w.page.waitForFunction(() => /^\/app\/holdings\/\d+$/.test(location.pathname));
    await w.page.waitForSelector('::-p-text(洛阳市中心医院数据中心)');
    await press(w.page, '修');
    await w.page.waitForSelector('#volume');
    await w.page.locator('#volume').click({ count: 3 });
    await w.page.keyboard.type('125 GB');
    await w.page.locator('button[type="submit"]').click();
    await w.page.waitForFunction(() => /^\/app\/holdings\/\d+$/.test(location.pathname));
    await w.page.waitForSelector('.ant-descriptions ::-p-text(125 GB)');
    await w.screenshot('holdings-registered');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 120_000);
});
