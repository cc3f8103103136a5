// Signing in to the console in a real Chromium: the Chinese refusal, the header naming the user,
// their unit and roles, menus limited to the roles, the session cookie script cannot read, and
// signing out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleStack } from '../support/console.js';

describe('console sign-in', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack();
  }, 240_000);
  afterAll(async () => stack?.close(), 60_000);

  it('refuses a wrong password in Chinese, then signs a clerk in with their name, unit and menus', async () => {
    const w = await stack.open();
    const { page } = w;
    await page.goto(`${stack.url}/app/inbox`, { waitUntil: 'networkidle0' });
    // Not signed in: the login page, which brings the user back afterwards.
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.locator('#username').fill('jshosp.staff');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type="submit"]').click();
    const alert = await page.waitForSelector('[role="alert"]');
    expect(await alert!.evaluate((e) => e.textContent)).toContain('用户名或密码错误');
    await w.screenshot('login-refused');

    // Retyped as a person does: select what is there and type over it.
    await page.locator('#password').click({ count: 3 });
    await page.keyboard.type('Duban-demo-2026');
    await Promise.all([
      page.waitForSelector('[data-testid="user-name"]'),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(new URL(page.url()).pathname).toBe('/app/inbox');
    const header = await page.$eval('header', (e) => e.textContent ?? '');
    expect(header).toContain('单位工作人员');
    const menu = await page.$eval('nav[aria-label="主菜单"]', (e) => e.textContent ?? '');
    expect(menu).toContain('待办');
    expect(menu).not.toContain('系统管理');
    expect(menu).not.toContain('审计日志');
    // The session is an httpOnly cookie: script sees only the CSRF token.
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).toContain('duban_csrf=');
    expect(visible).not.toContain('duban_session');
    const cookies = await page.browserContext().cookies();
    const session = cookies.find((c) => c.name === 'duban_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await w.screenshot('signed-in-clerk');

    await page.locator('button[aria-label="退出登录"]').click();
    await page.waitForFunction(() => location.pathname === '/login');
    // Signed out for real: the API refuses the old session.
    const me = await page.evaluate(async () => (await fetch('/auth/me')).status);
    expect(me).toBe(401);
    expect(w.problems.filter((p) => !p.includes('/auth/me'))).toEqual([]);
    await w.close();
  });

  it('shows an administrator the administration menu and an auditor the audit log', async () => {
    for (const [username, entry] of [
      ['admin', '系统管理'],
      ['prov.auditor', '审计日志'],
    ] as const) {
      const w = await stack.open();
      await w.signIn(username);
      const menu = await w.page.$eval('nav[aria-label="主菜单"]', (e) => e.textContent ?? '');
      expect(menu).toContain(entry);
      expect(w.problems).toEqual([]);
      await w.close();
    }
  });
});
