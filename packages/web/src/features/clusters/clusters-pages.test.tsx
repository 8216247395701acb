import type { ClusterDetail, ClusterView } from '@qunce/core/registry';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

const weifangPower: ClusterView = {
  code: 'WF-POWER',
  name: '潍坊市动力装备集群',
  nameEn: 'Weifang Power Equipment',
  leadIndustry: 'power-equipment',
  tier: 'national',
  cultivationTarget: 'world',
  status: 'recognised',
  cityCodes: ['370700', '370200'],
  leadCityCode: '370700',
  promotingOrganisationCode: null,
  chainMasterCreditCodes: [],
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('clusters list', () => {
  it('reads the filters from the address (the map’s click-through) and lists the clusters in Chinese', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/clusters': () => json(200, { items: [weifangPower], total: 1, page: 1, pageSize: 20 }),
    });
    renderApp('/clusters?cityCode=370700');
    expect(await screen.findByText('潍坊市动力装备集群')).toBeTruthy();
    expect(screen.getByText('动力装备')).toBeTruthy();
    expect(screen.getAllByText('国家级').length).toBeGreaterThan(0);
    expect(await screen.findByText('潍坊市、青岛市')).toBeTruthy();
    const list = requests.find((r) => r.path === '/api/clusters');
    expect(list).toBeTruthy();
    expect(screen.getByText('共 1 条')).toBeTruthy();
  });

  it('a server error shows its message and retry', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/clusters': () => json(500, errorBody('internal', '数据库不可用 / database unavailable')),
    });
    renderApp('/clusters');
    expect(await screen.findByText('数据加载失败：数据库不可用')).toBeTruthy();
  });
});

describe('cluster detail', () => {
  const detail: ClusterDetail = {
    ...weifangPower,
    history: [
      {
        id: 'h1',
        clusterCode: 'WF-POWER',
        changedOn: '2023-06-01',
        field: 'tier',
        from: 'provincial',
        to: 'national',
        documentNumber: '工信部〔2023〕12号',
        recordedAt: '2023-06-01T00:00:00.000Z',
        recordedBy: null,
      },
    ],
  };

  it('shows the profile and history; evaluation and review tabs show empty states while those APIs are absent', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/clusters/WF-POWER': () => json(200, detail),
      'GET /api/clusters/WF-POWER/memberships': () =>
        json(200, {
          items: [
            {
              id: 'm1',
              creditCode: '913707001234567890',
              clusterCode: 'WF-POWER',
              role: 'chain_master',
              validFrom: '2020-01-01',
              validTo: null,
              version: 1,
              enterpriseName: '潍柴动力股份有限公司',
              cityCode: '370700',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 200,
        }),
      'GET /api/carriers': () => json(200, { items: [], total: 0, page: 1, pageSize: 200 }),
      'GET /api/parks': () => json(200, { items: [], total: 0, page: 1, pageSize: 200 }),
    });
    const { router } = renderApp('/clusters/WF-POWER');
    expect(await screen.findByRole('heading', { name: '潍坊市动力装备集群' })).toBeTruthy();
    expect(await screen.findByText('工信部〔2023〕12号')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '成员企业' }));
    expect(await screen.findByText('潍柴动力股份有限公司')).toBeTruthy();
    // The role in the members table, besides the profile's "chain masters" label.
    expect(screen.getAllByText('链主企业').length).toBe(2);
    expect(router.state.location.search).toBe('?tab=members');
    fireEvent.click(screen.getByRole('tab', { name: '最新评价' }));
    expect(await screen.findByText('尚无已发布的综合竞争力评价结果。')).toBeTruthy();
  });

  it('a cluster outside the scope (404) says it does not exist or is outside the scope', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/clusters/QD-HOME': () => json(404, errorBody('not_found', '未找到 / not found: QD-HOME')),
    });
    renderApp('/clusters/QD-HOME');
    await waitFor(() => expect(screen.getByText('集群 QD-HOME 不存在或不在您的权限范围内。')).toBeTruthy());
  });
});
