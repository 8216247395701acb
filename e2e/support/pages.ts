import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './server.ts';

/** Where the browser tests put the screenshots the README shows. */
export const screenshotsDir = path.join(repoRoot, 'docs', 'screenshots');

/** Signs in in a fresh browser context (zh-CN, 1440×900) and collects page errors. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
  errors: string[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${username}: ${error.message}`));
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByLabel('密码').press('Enter');
  await page.waitForURL((url) => url.pathname !== '/login');
  return page;
}

/** A screenshot into docs/screenshots/, after the page has settled. */
export async function shoot(page: Page, file: string): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(screenshotsDir, file), animations: 'disabled' });
}
