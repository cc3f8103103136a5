// Administration and audit in a real Chromium: the administrator creates a real-name user and sees
// only the last four characters of the ID card; an auditor filters the trail, exports it as CSV and
// verifies the chain, intact and then after a row was altered behind the application's back.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlinePolicies, users } from '../../db/schema.js';
import { chooseByKeyboard } from '../support/antd.js';
import { startConsoleStack, type ConsoleStack } from '../support/console.js';

const ID_NUMBER = '41010519900307123X';

/** Replaces a field's text as a person does: select what is there and type over it. */
async function retype(page: Page, selector: string, text: string) {
  // Focus, then select-all by keyboard: a click can land beside a field while its dialog still zooms
  // in, and a triple click spread out by a busy machine selects nothing.
  await page.focus(selector);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.type(text);
  await page.waitForFunction(
    (sel, t) => (document.querySelector(sel) as HTMLInputElement | null)?.value === t,
    {},
    selector,
    text,
  );
}

const text = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);

describe('console administration and audit', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack();
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  it('an administrator sees the units tree, creates a real-name user and sees only the last four of the ID card', async () => {
    const w = await stack.open();
    const { page } = w;
    await w.signIn('admin');
    await page.locator('nav[aria-label="主菜单"] ::-p-text(系统管理)').click();
    await page.waitForSelector('[aria-label="单位树"]');
    expect(new URL(page.url()).pathname).toBe('/app/admin/units');
    const tree = await text(page, '[aria-label="单位树"]');
    expect(tree).toContain('河南省卫生健康委员会');
    expect(tree).toContain('金水区总医院');
    await page.locator('[aria-label="单位树"] ::-p-text(金水区总医院)').click();
    await page.waitForFunction(() => document.body.innerText.includes('12410105MB0000101K'));
    await w.screenshot('admin-units');

    await page.locator('[role="tab"] ::-p-text(用户)').click();
    await page.waitForSelector('[data-testid="id-number"]');
    await page.locator('button ::-p-text(新建用户)').click();
    await page.waitForSelector('#create-user_username');
    await page.type('#create-user_username', 'jshosp.clerk');
    await page.type('#create-user_realName', '杨帆');
    await chooseByKeyboard(page, '#create-user_unitId', '金水区总医院');
    await chooseByKeyboard(page, '#create-user_roles', '单位工作人员');
    // A multiple select stays open after a pick; clicking the dialog's title closes it.
    await page.locator('.ant-modal-title').click();
    await page.type('#create-user_idNumber', ID_NUMBER);
    // A password the API refuses: its Chinese reason is shown on the field and no user is written.
    await page.type('#create-user_password', 'short');
    const before = await stack.database.db.$count(users);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const refusal = await page.waitForSelector('#create-user_password_help');
    expect(await refusal!.evaluate((e) => e.textContent)).toMatch(/12/);
    expect(await stack.database.db.$count(users)).toBe(before);
    await w.screenshot('admin-user-refused');

    await retype(page, '#create-user_password', 'Purple-river-lamp-2026');
    const created = page.waitForResponse((r) => r.url().endsWith('/users') && r.request().method() === 'POST');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    expect(await answer.text()).not.toContain(ID_NUMBER.slice(0, 14));
    // The table row itself (the success message names the user before the list has reloaded).
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('tbody tr')).some((tr) => tr.textContent?.includes('jshosp.clerk')),
    );
    const row = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('tbody tr')).find((tr) => tr.textContent?.includes('jshosp.clerk'))
          ?.textContent,
    );
    expect(row).toContain('杨帆');
    expect(row).toContain('金水区总医院');
    expect(row).toContain('单位工作人员');
    expect(row).toContain('123X');
    // Nowhere on the page, not even hidden in the markup, is more of the number than its last four.
    const html = await page.content();
    expect(html).not.toContain(ID_NUMBER.slice(0, 14));
    expect(html).not.toContain(ID_NUMBER.slice(6, 14));
    const [stored] = await stack.database.db.select().from(users).where(eq(users.username, 'jshosp.clerk'));
    expect(stored).toMatchObject({ realName: '杨帆', roles: ['unit_staff'], idNumberLast4: '123X' });
    await w.screenshot('admin-users');

    // The edit dialog, too, shows only the last four.
    const edit = await page.$$('tbody tr');
    for (const tr of edit) {
      if ((await tr.evaluate((e) => e.textContent))?.includes('jshosp.clerk')) {
        await (await tr.$('button'))!.click();
        break;
      }
    }
    await page.waitForSelector('#edit-user_realName');
    expect(await text(page, '.ant-modal-body')).toContain('123X');
    expect(await page.content()).not.toContain(ID_NUMBER.slice(0, 14));
    await page.keyboard.press('Escape');
    await page.waitForSelector('#edit-user_realName', { hidden: true });

    // Deadline policies with the article behind each; the admin changes one.
    await page.locator('[role="tab"] ::-p-text(时限策略)').click();
    await page.waitForFunction(() => document.body.innerText.includes('公文签收期限'));
    const policies = await text(page, 'main');
    expect(policies).toContain('《河南省全民健康信息管理实施细则》第三十五条');
    expect(policies).toContain('3 个工作日');
    await page.locator('button[aria-label="修改“公文签收期限”"]').click();
    await page.waitForSelector('#edit-policy_amount');
    await retype(page, '#edit-policy_amount', '4');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('tbody tr')).some(
        (tr) => tr.textContent?.includes('公文签收期限') && tr.textContent.includes('4 个工作日'),
      ),
    );
    const [policy] = await stack.database.db
      .select()
      .from(deadlinePolicies)
      .where(eq(deadlinePolicies.key, 'notice.receipt'));
    expect(policy).toMatchObject({ amount: 4, unit: 'working_days' });
    await w.screenshot('admin-policies');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 120_000);

  it('an auditor filters the audit log, exports the filtered rows as CSV and verifies the chain', async () => {
    // A refused sign-in to look for (set-up through the API; finding it is the scenario).
    const refused = await fetch(`${stack.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jshosp.staff', password: 'not-the-password' }),
    });
    expect(refused.status).toBe(401);

    const w = await stack.open();
    const { page } = w;
    await w.signIn('prov.auditor');
    await page.locator('nav[aria-label="主菜单"] ::-p-text(审计日志)').click();
    await page.waitForSelector('#audit-filter_action');
    await page.waitForSelector('tbody tr[data-row-key]');

    await page.locator('#audit-filter_action').click();
    await page.keyboard.type('login');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) [title="登录（login）"]').click();
    await chooseByKeyboard(page, '#audit-filter_outcome', '失败');
    const filtered = page.waitForResponse((r) => /\/audit\?.*outcome=failure/.test(r.url()));
    await page.locator('#audit-filter button[type="submit"]').click();
    await filtered;
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('tbody tr[data-row-key]'));
      return rows.length > 0 && rows.every((tr) => tr.textContent?.includes('失败'));
    });
    const rows = await page.$$eval('tbody tr[data-row-key]', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) {
      expect(r).toContain('登录');
      expect(r).toContain('失败');
    }
    expect(rows.some((r) => r.includes('郑小兰') && r.includes('jshosp.staff'))).toBe(true);
    await w.screenshot('audit-filtered');

    // The export downloads the same filter's rows under the API's file name.
    const downloads = mkdtempSync(join(tmpdir(), 'duban-downloads-'));
    try {
      const cdp = await stack.browser.target().createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', {
        behavior: 'allow',
        downloadPath: downloads,
        browserContextId: page.browserContext().id,
      });
      await page.locator('button ::-p-text(导出 CSV)').click();
      await page.waitForFunction(() => document.body.innerText.includes('已导出'));
      // The message shows when the download starts; Chromium writes the file after.
      await expect.poll(() => readdirSync(downloads).some((f) => f.endsWith('.csv')), { timeout: 60_000 }).toBe(true);
      const file = readdirSync(downloads).find((f) => f.endsWith('.csv'));
      expect(file).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(join(downloads, file!), 'utf8');
      expect(csv.startsWith('\ufeff')).toBe(true);
      const [header, ...lines] = csv.slice(1).trim().split(/\r?\n/);
      expect(header).toContain('actorName');
      expect(header).toContain('outcome');
      expect(lines.length).toBe(rows.length);
      for (const line of lines) expect(line).toMatch(/,login,session,.*,failure,/);
      expect(csv).toContain('jshosp.staff');
      expect(csv).not.toContain(',success,');
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }

    // The chain: every entry verifies, up to the last one.
    await page.locator('button ::-p-text(核验审计链)').click();
    await page.waitForSelector('[data-testid="chain-verdict"]');
    const verdict = await text(page, '[data-testid="chain-verdict"]');
    expect(verdict).toMatch(/审计链完整：\d+ 条记录全部验证通过/);
    expect(verdict).toMatch(/已验证至链上第 \d+ 条/);
    await w.screenshot('audit-chain-intact');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 120_000);

  it('after an audit row is altered directly in the database, the auditor sees where the chain breaks', async () => {
    const w = await stack.open();
    const { page } = w;
    await w.signIn('prov.auditor');
    await page.goto(`${stack.url}/app/audit`, { waitUntil: 'networkidle0' });
    // Everything so far is sealed first, so the edit below changes a sealed row.
    await page.locator('button ::-p-text(核验审计链)').click();
    await page.waitForFunction(() => document.body.innerText.includes('审计链完整'));
    // Someone with the owner's rights lifts the append-only trigger and rewrites one row.
    const [target] = await stack.database.ownerSql<{ seq: number; position: number }[]>`
      select e.seq, s.position from audit_events e join audit_seals s on s.event_seq = e.seq
      where e.action = 'login' and e.outcome = 'failure' order by e.seq limit 1`;
    await stack.database.ownerSql.begin(async (tx) => {
      await tx`alter table audit_events disable trigger audit_events_append_only`;
      await tx`update audit_events set outcome = 'success' where seq = ${target!.seq}`;
      await tx`alter table audit_events enable trigger audit_events_append_only`;
    });

    await page.locator('button ::-p-text(核验审计链)').click();
    await page.waitForFunction(() => document.body.innerText.includes('未通过验证'));
    const verdict = await text(page, '[data-testid="chain-verdict"]');
    expect(verdict).toContain('审计链有 1 条记录未通过验证');
    expect(verdict).toContain(`自链上第 ${target!.position} 条（审计记录序号 ${target!.seq}）起出现断裂`);
    expect(verdict).toContain('审计记录内容与其哈希不符');
    // The stretches on either side still verify.
    expect(verdict).toContain(`第 1 至 ${target!.position - 1} 条`);
    await w.screenshot('audit-chain-broken');
    expect(w.problems).toEqual([]);
    await w.close();
  }, 120_000);
});
