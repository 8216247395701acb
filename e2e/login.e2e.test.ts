import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { e2ePasswords, repoRoot } from './support/server.ts';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');
const screenshots = path.join(repoRoot, 'docs', 'screenshots');

if (skipReason) console.warn(`e2e login flow skipped: ${skipReason}`);

// Skipped only when Chromium is missing outside CI (global-setup.ts fails instead when CI=true).
describe.skipIf(Boolean(skipReason))('login flow in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    // Everything must come from the platform itself: no CDN, no web fonts, no map tiles.
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) {
        outsideRequests.push(request.url());
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Console errors such as a refused Content-Security-Policy; the browser's own line for an HTTP error
    // answer (the deliberate wrong password, /api/auth/me after sign-out) is expected and left out.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        pageErrors.push(message.text());
      }
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

  it('the server under test runs on the database the suite was asked for', async () => {
    const health = (await (await fetch(`${baseUrl}/api/health`)).json()) as { database: string };
    expect(health.database).toBe(process.env.QUNCE_TEST_DB ?? 'pglite');
  });

  it('a signed-out visit to / lands on /login', async () => {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/login`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expect(page.title()).resolves.toBe('登录 · 群策');
    await page.screenshot({ path: path.join(screenshots, 'login-zh-CN.png'), animations: 'disabled' });
  });

  it('a wrong password shows the error and stays on /login', async () => {
    await page.getByLabel('用户名').fill('demo-city');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('demo-city signs in: layout with the user, the organisation and only the permitted navigation', async () => {
    await page.getByLabel('密码').fill(e2ePasswords.demo);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/`);
    await page.getByTestId('user-name').waitFor();
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('演示·潍坊市工信局');
    await expect(page.getByTestId('user-organisation').textContent()).resolves.toContain('潍坊');
    const items = await nav().getByRole('menuitem').allTextContents();
    // A city bureau (role `city`): business reading pages, import of its city's data and data
    // collection; no admin or audit.
    expect(items).toEqual([
      '驾驶舱',
      '集群',
      '企业',
      '评价',
      '导入',
      '目标任务',
      '认定',
      '复核',
      '数据采集',
      '待办',
    ]);
    await page.getByRole('heading', { name: '集群驾驶舱' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'layout-zh-CN.png'), animations: 'disabled' });
  });

  it('reload keeps the session; a bookmarked address opens directly', async () => {
    await page.reload();
    await page.getByTestId('user-name').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(`${baseUrl}/clusters?tier=national`);
    await page.getByRole('heading', { name: '集群名录' }).waitFor();
    await expect(page.title()).resolves.toBe('集群 · 群策');
  });

  it('an address the role may not open says so (403), one that does not exist says 404', async () => {
    await page.goto(`${baseUrl}/audit`);
    await page.getByText('无权访问').waitFor();
    await page.goto(`${baseUrl}/no-such-page`);
    await page.getByText('页面不存在').waitFor();
  });

  it('switches to English and back, keeping the choice across a reload', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('user-name').waitFor();
    await page.getByText('English', { exact: true }).click();
    await nav().getByText('Cockpit').waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await page.reload();
    await nav().getByText('Cockpit').waitFor();
    await page.getByRole('heading', { name: 'Cluster cockpit' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'layout-en.png'), animations: 'disabled' });
    await page.getByText('中文', { exact: true }).click();
    await nav().getByText('驾驶舱').waitFor();
  });

  it('logs out to /login; the session is gone on the server too', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${baseUrl}/login`);
    await page.goto(`${baseUrl}/clusters`);
    await page.waitForURL(`${baseUrl}/login?next=%2Fclusters`);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
  });

  it('loaded nothing from outside the platform and raised no page or console errors', () => {
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
