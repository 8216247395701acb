import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { screenshotsDir, shoot, signedInPage } from './support/pages.ts';
import { e2ePasswords } from './support/server.ts';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');

if (skipReason) console.warn(`e2e workflows skipped: ${skipReason}`);

/** A GET through the page's own session (cookies of the signed-in user). */
async function getJson<T>(page: Page, address: string): Promise<T> {
  return (await page.evaluate(async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }, address)) as T;
}

type Submission = { id: string; state: string; assignee: string; reason: string | null; dataSet: string };

describe.skipIf(Boolean(skipReason))('workflow screens in Chromium', () => {
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('city bureau: its to-do names what it owes, and an uploaded workbook with a bad cell is refused row by row', async () => {
    const page = await signedInPage(browser, baseUrl, 'demo-city', e2ePasswords.demo, errors);
    await page.goto(`${baseUrl}/todo`);
    await page.getByRole('heading', { name: '待办' }).waitFor();
    const todoLinks = page.locator('[data-testid^="todo-open-"]');
    await todoLinks.first().waitFor();
    // The demo leaves 潍坊 a returned annual return, an open quarterly return and a review to do.
    expect(await todoLinks.count()).toBeGreaterThanOrEqual(2);
    const { items } = await getJson<{ items: Submission[] }>(page, '/api/collection/submissions');
    const returned = items.find((s) => s.assignee === 'city-370700' && s.state === 'returned');
    expect(returned?.reason, 'the demo returns 潍坊’s annual return with a reason').toBeTruthy();
    await page
      .getByText(returned?.reason ?? '', { exact: false })
      .first()
      .waitFor();
    await shoot(page, 'todo-city-zh-CN.png');

    // The prefilled workbook of an open submission, with one figure replaced by text.
    const open = items.find((s) => s.assignee === 'city-370700' && s.state === 'open');
    expect(open, 'the demo leaves 潍坊 an open submission').toBeDefined();
    const id = open?.id ?? '';
    const bytes = (await page.evaluate(async (url) => {
      const response = await fetch(url);
      return [...new Uint8Array(await response.arrayBuffer())];
    }, `/api/collection/submissions/${id}/workbook.xlsx`)) as number[];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.getWorksheet('填报数据');
    expect(sheet, 'the prefilled workbook has the 填报数据 sheet').toBeDefined();
    let headerRow = 0;
    sheet?.eachRow((row, number) => {
      if (headerRow === 0 && String(row.getCell(1).value ?? '').includes('主体代码')) headerRow = number;
    });
    expect(headerRow).toBeGreaterThan(0);
    if (sheet) sheet.getRow(headerRow + 1).getCell(3).value = '十二点五';
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.goto(`${baseUrl}/collection`);
    await page.getByRole('heading', { name: '数据报送' }).waitFor();
    await page.getByTestId(`collection-upload-${id}`).click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: '潍坊-填报.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: edited,
    });
    const issues = page.getByTestId('collection-upload-issues');
    await issues.waitFor({ timeout: 30_000 });
    const issueText = (await issues.textContent()) ?? '';
    expect(issueText).toContain('十二点五');
    expect(issueText).toContain('填报数据');
    await shoot(page, 'collection-upload-zh-CN.png');
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it('province: carrier and park detail pages open from the lists', async () => {
    const page = await signedInPage(browser, baseUrl, 'demo-province', e2ePasswords.demo, errors);
    await page.goto(`${baseUrl}/enterprises?tab=carriers`);
    const carrierLink = page.locator('.ant-table-tbody tr.ant-table-row a[href^="/enterprises/carriers/"]');
    await carrierLink.first().waitFor();
    const carrierName = ((await carrierLink.first().textContent()) ?? '').trim();
    await carrierLink.first().click();
    await page.getByRole('heading', { name: carrierName }).waitFor();
    await page.getByText('载体概况').waitFor();

    await page.goto(`${baseUrl}/enterprises?tab=parks`);
    const parkLink = page.locator('.ant-table-tbody tr.ant-table-row a[href^="/enterprises/parks/"]');
    await parkLink.first().waitFor();
    const parkName = ((await parkLink.first().textContent()) ?? '').trim();
    await parkLink.first().click();
    await page.getByRole('heading', { name: parkName }).waitFor();
    await page.getByText('园区指标').waitFor();
    await shoot(page, 'park-detail-zh-CN.png');
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it('province: edits a weight, saves a new framework version, runs it with sensitivity and verifies the run', async () => {
    const page = await signedInPage(browser, baseUrl, 'demo-province', e2ePasswords.demo, errors);
    const before = await getJson<{ items: { id: string; period: string; status: string }[] }>(
      page,
      '/api/evaluations',
    );
    const period = before.items.find((r) => r.status === 'published')?.period ?? '';
    expect(period).not.toBe('');

    await page.goto(`${baseUrl}/evaluation`);
    await page.getByRole('heading', { name: '评价工作室' }).waitFor();
    await page.getByTestId('framework-tree').waitFor();
    // antd puts the test id on the number input or on its wrapper, depending on the version.
    const weight = page.locator('input[data-testid^="weight-"], [data-testid^="weight-"] input').first();
    await weight.waitFor();
    await weight.fill('0.5');
    await page.getByTestId('studio-version').fill('v9');
    await page.getByTestId('studio-save').click();
    await expect
      .poll(async () => (await getJson<{ items: { version: string }[] }>(page, '/api/frameworks')).items)
      .toEqual(expect.arrayContaining([expect.objectContaining({ version: 'v9' })]));
    await page.getByTestId('evaluation-period').fill(period);
    await page.getByTestId('evaluation-runs').fill('100');
    await page.getByTestId('evaluation-sensitivity').click();
    await page.getByTestId('evaluation-sensitivity-runs').fill('100');
    await page.getByTestId('evaluation-run').click();
    const rows = page.getByTestId('ranking-table').locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 180_000 });

    const after = await getJson<{ items: { id: string; frameworkVersion: string; status: string }[] }>(
      page,
      '/api/evaluations',
    );
    const run = after.items.find((r) => !before.items.some((b) => b.id === r.id));
    expect(run?.frameworkVersion).toBe('v9');
    const detail = await getJson<{ sensitivity?: unknown }>(page, `/api/evaluations/${run?.id}`);
    expect(detail.sensitivity, 'the run stored its sensitivity indices').toBeTruthy();
    await page.getByTestId(`verify-${run?.id}`).click();
    // The confirmation's title; attached is enough (antd may still be animating the dialog in).
    await page.getByText('重算结果逐字节一致').first().waitFor({ state: 'attached' });
    const hashes = await page.getByTestId('verify-result').locator('code').allTextContents();
    expect(hashes).toHaveLength(2);
    expect(hashes[0]).toBe(hashes[1]);
    await shoot(page, 'evaluation-studio-zh-CN.png');
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it('recognition: an expert scores blind, the province sees the sheet, corrects it with a reason, and is told why the ranking waits', async () => {
    const province = await signedInPage(browser, baseUrl, 'demo-province', e2ePasswords.demo, errors);
    const rounds = await getJson<{ items: { id: string; status: string }[] }>(
      province,
      '/api/recognition/rounds',
    );
    const round = rounds.items.find((r) => r.status === 'reviewing');
    expect(round, 'the demo leaves a round in review').toBeDefined();
    const roundId = round?.id ?? '';
    const expert = await signedInPage(browser, baseUrl, 'demo-expert', e2ePasswords.demo, errors);
    const assigned = await getJson<{
      items: { application: { id: string; clusterName: string | null }; myScore: unknown }[];
    }>(expert, '/api/recognition/assignments');
    const first = assigned.items.find((a) => a.myScore === null)?.application;
    expect(first?.clusterName, 'the demo gives demo-expert an application to score').toBeTruthy();
    await expert.goto(`${baseUrl}/recognition`);
    const row = expert.locator('.ant-table-tbody tr.ant-table-row', { hasText: first?.clusterName ?? '' });
    await row.waitFor();
    expect(await row.textContent()).toContain('材料评审');
    await row.getByRole('button', { name: '评分' }).click();
    const aspects = expert.locator(
      '.ant-modal input.ant-input-number-input, .ant-drawer input.ant-input-number-input',
    );
    await aspects.first().waitFor();
    const count = await aspects.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count; i++) await aspects.nth(i).fill('8');
    await expert.getByRole('button', { name: '提交评分' }).click();
    await row.getByText('未评分').waitFor({ state: 'detached' });
    await expert.context().close();

    await province.goto(`${baseUrl}/recognition?round=${roundId}&tab=review`);
    // The sheets panel: pick the application the expert scored.
    const picker = province.getByLabel('选择申报');
    await picker.waitFor();
    await picker.click();
    await province.locator('.ant-select-item-option', { hasText: first?.clusterName ?? '' }).click();
    const correct = province.locator('[data-testid^="correct-"]').first();
    await correct.waitFor();
    await correct.click();
    const dialog = province.locator('.ant-modal').last();
    await dialog.locator('input.ant-input-number-input').first().fill('9');
    await dialog.locator('textarea').fill('专家复核后更正第一项得分（e2e）');
    await province.getByTestId('submit-correction').click();
    await province.getByText('专家复核后更正第一项得分（e2e）').first().waitFor();
    const history = await getJson<{ items: { supersededAt: string | null }[] }>(
      province,
      `/api/recognition/applications/${first?.id}/scores/history`,
    );
    // The expert's sheet and its correction: one superseded, one current.
    expect(history.items.map((s) => s.supersededAt === null).sort()).toEqual([false, true]);
    await shoot(province, 'recognition-review-zh-CN.png');

    // Ranking needs every assigned sheet: with one scored, the server refuses and the page says why.
    await province.goto(`${baseUrl}/recognition?round=${roundId}&tab=ranking`);
    await province.getByText('尚未计算排名').waitFor();
    await province.getByRole('button', { name: '计算排名' }).click();
    const refusal = province.locator('.ant-message-notice');
    await refusal.first().waitFor();
    expect(((await refusal.first().textContent()) ?? '').length).toBeGreaterThan(4);
    await province.context().close();
    expect(errors).toEqual([]);
  });
});
