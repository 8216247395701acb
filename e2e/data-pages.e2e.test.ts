import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { computeCreditCodeCheckDigit, computeOrganisationCodeCheckDigit } from '@qunce/core/validators';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { e2ePasswords, repoRoot } from './support/server.ts';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');
const screenshots = path.join(repoRoot, 'docs', 'screenshots');

/** A valid credit code of a Weifang enterprise that the demo data does not use (body 9900xxxx). */
function creditCode(n: number): string {
  const body = String(99_000_000 + n);
  const first17 = `91370700${body}${computeOrganisationCodeCheckDigit(body)}`;
  return first17 + computeCreditCodeCheckDigit(first17);
}

const header = '统一社会信用代码,企业名称,所在城市,所在区县,行业大类,是否规上,是否重点企业,是否5G覆盖';
const good = creditCode(1);
const roster = (second: string) =>
  Buffer.from(
    [
      header,
      `${good},端到端测试装备有限公司,潍坊市,奎文区,34,是,否,是`,
      `${second},端到端测试材料有限公司,潍坊市,,30,否,否,否`,
    ].join('\r\n'),
  );

if (skipReason) console.warn(`e2e data pages skipped: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('data pages in Chromium (province administrator, demo data)', () => {
  let browser: Browser;
  let page: Page;
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('request', (request) => {
      if (
        !request.url().startsWith(baseUrl) &&
        !request.url().startsWith('data:') &&
        !request.url().startsWith('blob:')
      ) {
        outsideRequests.push(request.url());
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        pageErrors.push(message.text());
      }
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in as the province administrator and lands on the cockpit', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('demo-province');
    await page.getByLabel('密码').fill(e2ePasswords.demo);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('heading', { name: '集群驾驶舱' }).waitFor();
  });

  it('the cockpit map draws the 16 cities of Shandong', async () => {
    const cities = (await page.evaluate(async () => (await fetch('/api/reference/regions')).json())) as {
      cities: Array<{ name: string }>;
    };
    expect(cities.cities).toHaveLength(16);
    const map = page.getByTestId('cockpit-map-chart');
    await map.waitFor();
    // The map's accessible description lists every city with its value (ECharts aria).
    await page.waitForFunction(() =>
      (
        document.querySelector('[data-testid="cockpit-map-chart"]')?.getAttribute('aria-label') ?? ''
      ).includes('菏泽市'),
    );
    const described = (await map.getAttribute('aria-label')) ?? '';
    for (const city of cities.cities) expect(described).toContain(city.name);
    // And the SVG holds a region path (or more, for islands) per city.
    expect(await map.locator('svg path').count()).toBeGreaterThanOrEqual(16);
    // The index measure: the mean score of the clusters each city leads in the published evaluation.
    await page.getByTestId('cockpit-map').getByText('综合指数').click();
    await page.waitForFunction(() =>
      /综合指数: .*\d/.test(
        document.querySelector('[data-testid="cockpit-map-chart"]')?.getAttribute('aria-label') ?? '',
      ),
    );
    await page.getByTestId('cockpit-map').getByText('集群数量').click();
    await page.getByTestId('cockpit-pyramid-chart').locator('svg').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(screenshots, 'cockpit-zh-CN.png'), animations: 'disabled' });
  });

  it('the target board lists the 2025 targets with their status classes', async () => {
    const board = page.getByTestId('cockpit-targets');
    await board.scrollIntoViewIfNeeded();
    await board.locator('.ant-table-tbody tr.ant-table-row .ant-tag').first().waitFor();
    expect(await board.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(5);
    await board.screenshot({
      path: path.join(screenshots, 'cockpit-targets-zh-CN.png'),
      animations: 'disabled',
    });
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('a click on a city opens the clusters of that city', async () => {
    await page.getByTestId('cockpit-map-chart').locator('text', { hasText: '潍坊市' }).first().click();
    await page.waitForURL(/\/clusters\?cityCode=370700/);
    await page.getByRole('heading', { name: '集群名录' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await expect(page.locator('.ant-table-tbody').textContent()).resolves.toContain('潍坊市');
  });

  it('opens a cluster from the list: profile, history and members', async () => {
    await page.goto(`${baseUrl}/clusters`);
    await page.getByRole('heading', { name: '集群名录' }).waitFor();
    const first = page.locator('.ant-table-tbody tr.ant-table-row').first().getByRole('link').nth(1);
    await first.waitFor();
    await page.screenshot({ path: path.join(screenshots, 'clusters-zh-CN.png'), animations: 'disabled' });
    const name = (await first.textContent()) ?? '';
    await first.click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByText('梯队与状态沿革').waitFor();
    await page.getByRole('tab', { name: '成员企业' }).click();
    await page.getByText(/成员企业 \d+ 家/).waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('members');
    await page.getByRole('tab', { name: '指标趋势' }).click();
    await page.getByTestId('cluster-metrics-chart').locator('svg').waitFor();
    // The demo publishes the last year's evaluation: rank with its interval, radar against the tier median.
    await page.getByRole('tab', { name: '最新评价' }).click();
    await page.getByText(/第 \d+ 名 \/ 共 \d+ 个/).waitFor();
    await page.getByTestId('cluster-radar-chart').locator('svg').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({
      path: path.join(screenshots, 'cluster-evaluation-zh-CN.png'),
      animations: 'disabled',
    });
    await page.getByRole('tab', { name: '集群档案' }).click();
    await page.screenshot({
      path: path.join(screenshots, 'cluster-detail-zh-CN.png'),
      animations: 'disabled',
    });
  });

  it('lists enterprises, carriers and parks on bookmarkable tabs', async () => {
    await page.goto(`${baseUrl}/enterprises?tab=enterprises`);
    await page.getByRole('heading', { name: '企业、载体与园区' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await page.screenshot({ path: path.join(screenshots, 'enterprises-zh-CN.png'), animations: 'disabled' });
    await page.getByRole('tab', { name: '园区' }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('parks');
  });

  it('imports a roster with an error, shows the row, then the corrected file passes and commits', async () => {
    await page.goto(`${baseUrl}/import`);
    await page.getByRole('heading', { name: '数据导入' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'e2e-企业名录.csv',
      mimeType: 'text/csv',
      buffer: roster('91370700MA3C5XXXX1'),
    });
    await page.getByRole('button', { name: /开始校验/ }).click();
    await page.getByText(/发现 \d+ 处错误/).waitFor({ timeout: 30_000 });
    const issues = page.locator('table').filter({ hasText: '原因' });
    await expect(issues.textContent()).resolves.toContain('91370700MA3C5XXXX1');
    await page.getByRole('button', { name: /下载错误工作簿/ }).waitFor();
    await page.screenshot({
      path: path.join(screenshots, 'import-errors-zh-CN.png'),
      animations: 'disabled',
    });

    await page.getByRole('button', { name: '重新上传' }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'e2e-企业名录-已修改.csv',
      mimeType: 'text/csv',
      buffer: roster(creditCode(2)),
    });
    await page.getByRole('button', { name: /开始校验/ }).click();
    await page.getByText('校验通过，可以提交').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByText(/导入完成：新增 2/).waitFor({ timeout: 30_000 });
    const created = await page.evaluate(
      async (code) => (await fetch(`/api/enterprises/${code}`)).status,
      creditCode(2),
    );
    expect(created).toBe(200);
  });

  it('switches the cockpit to English', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: '集群驾驶舱' }).waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Cluster cockpit' }).waitFor();
    await page.getByText('Clusters across the province').waitFor();
    await page.waitForFunction(() =>
      (
        document.querySelector('[data-testid="cockpit-map-chart"]')?.getAttribute('aria-label') ?? ''
      ).includes('Heze'),
    );
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(screenshots, 'cockpit-en.png'), animations: 'disabled' });
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '集群驾驶舱' }).waitFor();
  });

  it('loaded nothing from outside the platform and raised no page or console errors', () => {
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
