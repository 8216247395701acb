import type { CockpitSummary } from '@qunce/core/cockpit';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { translate } from '../../i18n/translate.ts';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';
import { cityValue, mapOption, pyramidTable, trendTable } from './cockpit-charts.ts';
import geoJsonText from './shandong-cities.geojson?raw';

const cityCodes = (
  JSON.parse(geoJsonText) as { features: Array<{ properties: { adcode: string } }> }
).features.map((f) => f.properties.adcode);

const summary: CockpitSummary = {
  year: '2025',
  activeClusters: 3,
  tiers: [
    { tier: 'world', goal: 3, reached: 0, cultivating: 1 },
    { tier: 'national', goal: 8, reached: 1, cultivating: 1 },
    { tier: 'provincial', goal: 30, reached: 1, cultivating: 1 },
    { tier: 'candidate', goal: null, reached: 1, cultivating: 0 },
  ],
  cities: cityCodes.map((cityCode) => ({
    cityCode,
    name: cityCode,
    nameEn: cityCode,
    clusterCount: cityCode === '370700' ? 2 : 0,
    output: cityCode === '370700' ? 1_234_567 : null,
    rdIntensity: cityCode === '370700' ? 5.625 : null,
    index: cityCode === '370700' ? 61.237 : null,
  })),
  trends: [
    { period: '2024', clusterOutput: 3100, clusterRdIntensity: 2.857142857, provinceRdIntensity: 2.5 },
    { period: '2025', clusterOutput: 4900, clusterRdIntensity: 3.414634146, provinceRdIntensity: 2.6 },
  ],
  indexRun: { id: 'run-2025', period: '2025', frameworkVersion: 'v1' },
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
  translate('zh-CN', key, params);

describe('cockpit charts (pure)', () => {
  it('the map has the 16 cities of the GeoJSON, matched by adcode; output 1,234,567 万元 = 123.46 亿元', () => {
    expect(cityCodes).toHaveLength(16);
    const option = mapOption(summary, 'output', t, (code) => code) as {
      series: Array<{ data: Array<{ name: string; value: number }>; nameProperty: string }>;
    };
    expect(option.series[0]?.nameProperty).toBe('adcode');
    expect(option.series[0]?.data.map((d) => d.name).sort()).toEqual([...cityCodes].sort());
    const weifang = summary.cities.find((c) => c.cityCode === '370700');
    expect(weifang && cityValue(weifang, 'output')).toBe(123.46);
    expect(weifang && cityValue(weifang, 'rdIntensity')).toBe(5.63);
    expect(weifang && cityValue(weifang, 'index')).toBe(61.24);
  });

  it('tables give the chart data: tiers with goals; trends in 亿元 (3100 万元 = 0.31 亿元) and % to 0.01', () => {
    expect(pyramidTable(summary, t).rows).toEqual([
      ['世界级', 3, 0, 1],
      ['国家级', 8, 1, 1],
      ['省级', 30, 1, 1],
      ['培育对象', null, 1, 0],
    ]);
    expect(trendTable(summary, t).rows).toEqual([
      ['2024', 0.31, 2.86, 2.5],
      ['2025', 0.49, 3.41, 2.6],
    ]);
  });
});

describe('cockpit page', () => {
  it('shows the 3830 cards, the map with 16 city regions and the targets empty state when /api/targets is absent', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin', '省级管理员')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/cockpit/summary': () => json(200, summary),
    });
    renderApp('/');
    expect(await screen.findByRole('heading', { name: '集群驾驶舱' })).toBeTruthy();
    expect(await screen.findByText('数据年度 2025')).toBeTruthy();
    expect(screen.getByText('国家级（目标 8）')).toBeTruthy();
    const map = await screen.findByTestId('cockpit-map');
    await waitFor(() => {
      const described = screen.getByTestId('cockpit-map-chart').getAttribute('aria-label') ?? '';
      expect(described).toContain('潍坊市 2');
    });
    expect(await screen.findByText('目标进度尚未发布（目标模块开放后自动显示）。')).toBeTruthy();
    fireEvent.click(within(map).getByText('集群产值'));
    await waitFor(() =>
      expect(screen.getByTestId('cockpit-map-chart').getAttribute('aria-label') ?? '').toContain(
        '潍坊市 123.46',
      ),
    );
  });

  it('an error of the summary shows the server message with a retry button', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/cockpit/summary': () =>
        json(500, errorBody('internal', '数据库不可用 / database unavailable')),
    });
    renderApp('/');
    expect(await screen.findByText('数据加载失败：数据库不可用')).toBeTruthy();
    expect(screen.getByRole('button', { name: '重试' })).toBeTruthy();
  });
});
