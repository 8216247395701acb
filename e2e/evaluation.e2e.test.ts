import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { e2ePasswords, repoRoot } from './support/server.ts';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');
const screenshots = path.join(repoRoot, 'docs', 'screenshots');

if (skipReason) console.warn(`e2e evaluation skipped: ${skipReason}`);

type RunList = { items: Array<{ id: string; period: string; status: string }> };

describe.skipIf(Boolean(skipReason))('evaluation studio in Chromium (province administrator)', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('demo-province');
    await page.getByLabel('密码').fill(e2ePasswords.demo);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs an evaluation with uncertainty analysis and shows the ranking with rank intervals', async () => {
    // The demo load publishes the last demo year's evaluation: run the same period again as a draft.
    const before = (await page.evaluate(async () => (await fetch('/api/evaluations')).json())) as RunList;
    const published = before.items.find((r) => r.status === 'published');
    expect(published, 'the demo publishes an evaluation').toBeDefined();
    const period = published?.period ?? '';

    await page.goto(`${baseUrl}/evaluation`);
    await page.getByRole('heading', { name: '评价工作室' }).waitFor();
    await page.getByTestId('framework-tree').waitFor();
    await page.getByTestId('evaluation-period').fill(period);
    await page.getByTestId('evaluation-runs').fill('200');
    await page.getByTestId('evaluation-run').click();

    const rows = page.getByTestId('ranking-table').locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 120_000 });
    const after = (await page.evaluate(async () => (await fetch('/api/evaluations')).json())) as RunList;
    const created = after.items.filter((r) => !before.items.some((b) => b.id === r.id));
    expect(created.map((r) => [r.period, r.status])).toEqual([[period, 'draft']]);
    // One row per evaluated cluster, ranked 1, 2, … in order.
    const ranks = await rows.evaluateAll((trs) =>
      trs.map((tr) => Number(tr.querySelector('td')?.textContent)),
    );
    expect(ranks.length).toBeGreaterThan(1);
    expect(ranks.slice(0, 3)).toEqual([1, 2, 3].slice(0, Math.min(3, ranks.length)));
    await page.getByTestId('ranking-table').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(screenshots, 'evaluation-zh-CN.png'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });
});
