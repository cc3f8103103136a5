// An inspection in the browser, as its people act: the provincial official launches a plan over the
// 金水区 commission's two units (the subtree picked in the units tree); each unit's clerk signs in,
// answers the checklist and uploads evidence for the items that need it; the inspector confirms a
// non-compliance at one unit with a finding and passes the other; the unit opens its 整改通知书 in
// the page, reports its rectification, and the inspector accepts it; the official issues the run
// report as a PDF. Screenshots of each page go to test/artifacts/console/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { DEFAULT_CHECKLIST } from '../../db/default-checklist.js';
import { REGULATIONS, type RegulationCode } from '../../domain/regulations.js';
import { startConsoleStack, type ConsoleStack, type WatchedPage } from '../support/console.js';

const PLAN_TITLE = '2026年第四季度金水区网络与数据安全检查';
const UNITS = [
  { clerk: 'jshosp.staff', name: '金水区总医院' },
  { clerk: 'jscdc.staff', name: '金水区疾病预防控制中心' },
];
const NEEDS_EVIDENCE = DEFAULT_CHECKLIST.filter((i) => i.evidenceRequired).map((i) => i.key);
const FOUND = DEFAULT_CHECKLIST.find((i) => i.evidenceRequired)!;
/** How people read FOUND's article (`000 第七条`): by the title of the text it is in. */
const CITED = FOUND.article.replace(/^(\d{3}) ?/, (_, code: RegulationCode) => `《${REGULATIONS[code].title}》`);

/** Clicks the option of the open antd Select / TreeSelect dropdown showing `text`. */
async function pickOption(page: Page, text: string) {
  await page
    .locator(`.ant-select-dropdown :is(.ant-select-item-option, .ant-select-tree-treenode) ::-p-text(${text})`)
    .click();
}

/** Follows the main menu to 监督检查. */
async function openInspections(page: Page) {
  await page.locator('nav[aria-label="主菜单"] a::-p-text(监督检查)').click();
  await page.waitForSelector('h3::-p-text(监督检查)');
}

const textOf = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

describe('console: an inspection from launch to the 整改通知书', () => {
  let stack: ConsoleStack;
  let evidenceFile: string;
  beforeAll(async () => {
    stack = await startConsoleStack();
    const dir = mkdtempSync(join(tmpdir(), 'duban-evidence-'));
    evidenceFile = join(dir, '机房巡检与备份记录.txt');
    writeFileSync(evidenceFile, '2026年11月机房巡检记录：备份任务每日完成，异地副本已核对。\n');
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  /** Signs `username` in and opens `unitName`'s inspection page from 监督检查. */
  async function openUnitInspection(w: WatchedPage, via: 'list' | 'run', unitName: string) {
    const { page } = w;
    await openInspections(page);
    if (via === 'run') {
      await page.locator(`a::-p-text(${PLAN_TITLE})`).click();
      await page.locator('a::-p-text(查看进度与报告)').click();
      await page.waitForSelector('::-p-text(各单位进度)');
    }
    await page.locator(`td a::-p-text(${unitName})`).click();
    await page.waitForSelector(`h3::-p-text(${unitName})`);
  }

  it(
    'an official launches it over two units, each clerk self-checks with evidence, the inspector confirms a finding, ' +
      'the unit opens its 整改通知书 and rectifies',
    async () => {
      const opened: WatchedPage[] = [];
      const open = async () => {
        const w = await stack.open();
        opened.push(w);
        return w;
      };
      try {
        await scenario(open);
      } catch (e) {
        // What each person saw when it failed.
        for (const [n, w] of opened.entries()) await w.screenshot(`inspections-failure-${n}`).catch(() => undefined);
        throw e;
      }
    },
    600_000,
  );

  async function scenario(open: () => Promise<WatchedPage>) {
    {
      // 1. The official launches the plan over the 金水区 commission's subtree.
      const official = await open();
      let page = official.page;
      await official.signIn('prov.official');
      await openInspections(page);
      await page.locator('button::-p-text(发起检查计划)').click();
      await page.waitForSelector('h3::-p-text(发起检查计划)');
      await page.locator('#title').fill(PLAN_TITLE);
      await page.locator('#templateId').click();
      await pickOption(page, `${DEFAULT_CHECKLIST.length} 项`);
      await page.locator('#subtreeOf').click();
      await page.keyboard.type('金水区卫生');
      await pickOption(page, '郑州市金水区卫生健康委员会');
      await page.keyboard.press('Escape');
      await page.waitForSelector('.ant-select-dropdown', { hidden: true });
      await official.screenshot('inspections-plan-start');
      await page.locator('button::-p-text(立即发起检查)').click();
      await page.waitForSelector(`h3::-p-text(${PLAN_TITLE})`);
      // The run starts both units in the background; the plan page follows it.
      await page.locator('a::-p-text(查看进度与报告)').setTimeout(60_000).click();
      await page.waitForSelector('::-p-text(共 2 个单位)');
      await page.waitForFunction(
        () => document.querySelectorAll('tr.ant-table-row a[href*="/records/"]').length === 2,
        { timeout: 60_000 },
      );
      // The counts per status follow the run as its units open.
      await page.waitForSelector('.ant-tag::-p-text(自查中 2)', { timeout: 30_000 });
      await official.screenshot('inspections-run-started');
      expect(official.problems).toEqual([]);

      // 2. Each clerk answers the checklist, uploading evidence for every item that requires it.
      for (const { clerk, name } of UNITS) {
        const w = await open();
        await w.signIn(clerk);
        await openUnitInspection(w, 'list', name);
        const p = w.page;
        await p.waitForSelector('[data-testid="self-check-form"]', { timeout: 30_000 });
        // Each item shows the article it checks.
        expect(await textOf(p, '[data-testid="self-check-form"]')).toContain(
          `依据 《河南省全民健康信息管理实施细则》${DEFAULT_CHECKLIST[0]!.article.replace(/^000 /, '')}`,
        );
        // Submitting with nothing answered: told on the form, nothing sent.
        await p.locator('button::-p-text(提交自查)').click();
        await p.waitForSelector('.ant-form-item-explain-error::-p-text(请作答)');
        await p.locator('button::-p-text(全部标为符合)').click();
        for (const key of NEEDS_EVIDENCE) {
          const input = await p.waitForSelector(`[data-testid="evidence-${key}"] input[type=file]`);
          await input!.uploadFile(evidenceFile);
          // One at a time: each upload is cited by its own row once stored.
          await p.waitForFunction(
            (n) => document.querySelectorAll('[data-testid="evidence-files"] tr.ant-table-row').length === n,
            {},
            NEEDS_EVIDENCE.indexOf(key) + 1,
          );
        }
        const files = await textOf(p, '[data-testid="evidence-files"]');
        expect(files).toContain('机房巡检与备份记录.txt');
        expect(files).toMatch(/[0-9a-f]{16}…/); // sha256 shown
        await w.screenshot(`inspections-self-check-${clerk}`);
        await p.locator('button::-p-text(提交自查)').click();
        await p.waitForSelector('::-p-text(您没有待办理的任务)', { timeout: 30_000 });
        await p.waitForSelector('.ant-tag::-p-text(复核中)', { timeout: 30_000 });
        expect(w.problems).toEqual([]);
        await w.close();
      }

      // 3. The inspector confirms a non-compliance at the hospital with a finding, and passes the CDC.
      const inspector = await open();
      page = inspector.page;
      await inspector.signIn('prov.inspector');
      await openUnitInspection(inspector, 'run', UNITS[0]!.name);
      await page.waitForSelector('[data-testid="review-form"]', { timeout: 30_000 });
      const row = `[data-testid="review-form"] tr[data-row-key="${FOUND.key}"]`;
      await page.locator(`${row} label:has(input[value="non_compliant"])`).click();
      // The page re-renders after the click; wait for the choice to show rather than read it mid-render.
      await page.waitForSelector(`${row} input[value="non_compliant"]:checked`);
      // Confirmed 不符合 without a finding: the API refuses and names the item.
      await page.locator('button::-p-text(提交复核)').click();
      await page.waitForSelector('.ant-form-item-explain-error::-p-text(须至少登记一条)');
      await page.locator(`${row} button::-p-text(登记问题)`).click();
      // The finding's row appears on the next render, its article prefilled from the item.
      const article = await page.waitForSelector('#findings_0_article');
      expect(await article!.evaluate((e) => (e as HTMLInputElement).value)).toBe(FOUND.article);
      await page.locator('#findings_0_description').fill('备份恢复演练记录缺少恢复耗时与恢复结果核对');
      await page.locator('#findings_0_requirement').fill('补做一次全量恢复演练并完整记录耗时和核对结果');
      await inspector.screenshot('inspections-review');
      await page.locator('button::-p-text(提交复核)').click();
      await page.waitForSelector('.ant-tag::-p-text(整改中)', { timeout: 30_000 });

      await openUnitInspection(inspector, 'run', UNITS[1]!.name);
      await page.waitForSelector('[data-testid="review-form"]', { timeout: 30_000 });
      await page.locator('button::-p-text(提交复核)').click();
      await page.waitForSelector('.ant-tag::-p-text(已销号)', { timeout: 30_000 });
      expect(inspector.problems).toEqual([]);

      // 4. The hospital opens its 整改通知书 in the page, and reports its rectification.
      const clerk = await open();
      page = clerk.page;
      await clerk.signIn(UNITS[0]!.clerk);
      await openUnitInspection(clerk, 'list', UNITS[0]!.name);
      await page.waitForSelector('[data-testid="rectification-notice"] [data-testid="pdf-preview"]', {
        timeout: 60_000,
      });
      const notice = await textOf(page, '[data-testid="rectification-notice"]');
      expect(notice).toMatch(/整〔\d{4}〕\d+号/);
      expect(notice).toMatch(/[0-9a-f]{64}/);
      expect(await textOf(page, 'main')).toContain('备份恢复演练记录缺少恢复耗时与恢复结果核对');
      await page.waitForSelector('[data-testid="rectification-form"]', { timeout: 30_000 });
      await clerk.screenshot('inspections-notice');
      const measures = await page.waitForSelector('[data-testid="rectification-form"] textarea');
      await measures!.type('已于12月完成全量恢复演练，记录恢复耗时42分钟并逐项核对数据。');
      await page.locator('button::-p-text(提交整改报告)').click();
      await page.waitForSelector('.ant-tag::-p-text(已报告整改)', { timeout: 30_000 });
      expect(clerk.problems).toEqual([]);

      // 5. The inspector accepts the rectification: the inspection is closed (销号).
      page = inspector.page;
      await openUnitInspection(inspector, 'run', UNITS[0]!.name);
      await page.waitForSelector('[data-testid="verification-form"]', { timeout: 30_000 });
      await page.locator('[data-testid="verification-form"] label:has(input[value="accepted"])').click();
      await page.locator('button::-p-text(提交核验结论)').click();
      await page.waitForSelector('.ant-tag::-p-text(已销号)', { timeout: 30_000 });
      await inspector.screenshot('inspections-closed');
      expect(inspector.problems).toEqual([]);

      // 6. The official's run page: both units closed, the report as tables, issued as a PDF.
      page = official.page;
      await page.reload({ waitUntil: 'networkidle0' });
      await page.waitForSelector('::-p-text(已销号 2)');
      // The report's tables are a query of their own; each item's basis is cited by the text's full title.
      await page.waitForSelector(`main ::-p-text(${CITED})`);
      expect(await textOf(page, 'main')).not.toContain(FOUND.article);
      await page.locator('button::-p-text(出具报告（PDF）)').click();
      await page.waitForSelector('[data-testid="pdf-preview"]', { timeout: 60_000 });
      expect(await textOf(page, 'main')).toMatch(/已出具：.*检〔\d{4}〕\d+号/);
      await official.screenshot('inspections-run-report');
      expect(official.problems).toEqual([]);
      await Promise.all([official.close(), inspector.close(), clerk.close()]);
    }
  }
});
