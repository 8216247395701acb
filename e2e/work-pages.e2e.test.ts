import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { screenshotsDir, shoot, signedInPage } from './support/pages.ts';
import { e2ePasswords } from './support/server.ts';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');

if (skipReason) console.warn(`e2e work pages skipped: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('work pages in Chromium: each role sees its own screens', () => {
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('province: targets board with status tags, collection league table, recognition rounds, reviews', async () => {
    const page = await signedInPage(browser, baseUrl, 'demo-province', e2ePasswords.demo, errors);

    await page.goto(`${baseUrl}/targets?date=2024-12-31`);
    await page.getByRole('heading', { name: '目标任务' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row .ant-tag').first().waitFor();
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(10);
    await shoot(page, 'targets-zh-CN.png');

    await page.goto(`${baseUrl}/collection`);
    await page.getByRole('heading', { name: '数据报送' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await shoot(page, 'collection-zh-CN.png');

    await page.goto(`${baseUrl}/recognition`);
    await page.getByRole('heading', { name: '集群认定' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await shoot(page, 'recognition-zh-CN.png');

    await page.goto(`${baseUrl}/reviews`);
    await page.getByTestId('reviews-due').waitFor();
    await shoot(page, 'reviews-zh-CN.png');
    await page.context().close();
  });

  it('city bureau: its to-do list names what it owes', async () => {
    const page = await signedInPage(browser, baseUrl, 'demo-city', e2ePasswords.demo, errors);
    await page.goto(`${baseUrl}/todo`);
    await page.getByRole('heading', { name: '待办' }).waitFor();
    // Either items it owes or the explicit empty state: never a blank page.
    await page.locator('.ant-list-item, .ant-table-row, .ant-empty').first().waitFor();
    await shoot(page, 'todo-zh-CN.png');
    await page.context().close();
  });

  it('system administrator: the accounts page, without business navigation', async () => {
    const page = await signedInPage(browser, baseUrl, 'admin', e2ePasswords.admin, errors);
    await page.goto(`${baseUrl}/admin`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    const nav = (await page.getByRole('navigation', { name: '主导航' }).textContent()) ?? '';
    expect(nav).not.toContain('驾驶舱');
    await shoot(page, 'admin-zh-CN.png');
    await page.context().close();
    expect(errors).toEqual([]);
  });
});
