import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

const weichai = {
  creditCode: '913707007060356088',
  name: '潍柴动力股份有限公司',
  cityCode: '370700',
  countyCode: '370705',
  industryDivision: '34',
  isAboveScale: true,
  isKeyEnterprise: true,
  has5g: true,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('enterprises, carriers and parks', () => {
  it('lists enterprises; the parks tab is in the address and says when nothing matches', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/enterprises': () => json(200, { items: [weichai], total: 1, page: 1, pageSize: 20 }),
      'GET /api/parks': () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }),
    });
    const { router } = renderApp('/enterprises');
    expect(await screen.findByText('潍柴动力股份有限公司')).toBeTruthy();
    expect(await screen.findByText('潍坊市')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '园区' }));
    expect(await screen.findByText('没有符合条件的园区')).toBeTruthy();
    expect(router.state.location.search).toBe('?tab=parks');
  });

  it('an export the server refuses shows its message instead of saving a file', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/enterprises': () => json(200, { items: [weichai], total: 1, page: 1, pageSize: 20 }),
      'GET /api/enterprises/export': () =>
        json(422, errorBody('rule_violated', '导出行数超过上限 / too many rows to export')),
    });
    renderApp('/enterprises');
    fireEvent.click(await screen.findByRole('button', { name: /导出 Excel/ }));
    expect(await screen.findByText('导出失败：导出行数超过上限')).toBeTruthy();
  });

  it('an enterprise page shows the profile, its clusters and designations', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/enterprises/913707007060356088': () =>
        json(200, {
          ...weichai,
          memberships: [
            {
              id: 'm1',
              creditCode: weichai.creditCode,
              clusterCode: 'WF-POWER',
              role: 'chain_master',
              validFrom: '2020-01-01',
              validTo: null,
              version: 1,
            },
          ],
        }),
      'GET /api/designations': () =>
        json(200, {
          items: [
            {
              id: 'd1',
              creditCode: weichai.creditCode,
              enterpriseName: weichai.name,
              cityCode: '370700',
              type: 'single-champion',
              level: 'national',
              grantedOn: '2022-11-01',
              expiresOn: null,
              revokedOn: null,
              documentNumber: '工信部联企业〔2022〕150号',
              grantingDepartmentCode: 'dept-miit',
              version: 1,
              createdAt: '2026-01-01T00:00:00.000Z',
              updatedAt: '2026-01-01T00:00:00.000Z',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 200,
          enterpriseCount: 1,
        }),
    });
    renderApp('/enterprises/913707007060356088');
    expect(await screen.findByRole('heading', { name: '潍柴动力股份有限公司' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'WF-POWER' })).toBeTruthy();
    expect(await screen.findByText('制造业单项冠军')).toBeTruthy();
    expect(screen.getByText('工信部联企业〔2022〕150号')).toBeTruthy();
  });

  it('a carrier page shows the carrier with links to its host enterprise and cluster; 404 says so', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/carriers/c-1': () =>
        json(200, {
          id: 'c-1',
          name: '潍柴动力国家企业技术中心',
          type: 'enterprise-technology-centre',
          level: 'national',
          hostCreditCode: weichai.creditCode,
          hostName: weichai.name,
          cityCode: '370700',
          clusterCode: 'WF-POWER',
          recognisedOn: '2019-12-01',
          documentNumber: '发改高技〔2019〕1号',
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-02-03T00:00:00.000Z',
        }),
      'GET /api/carriers/c-404': () => json(404, errorBody('not_found', '未找到 / not found')),
    });
    const { router } = renderApp('/enterprises/carriers/c-1');
    expect(await screen.findByRole('heading', { name: '潍柴动力国家企业技术中心' })).toBeTruthy();
    expect(screen.getByText('企业技术中心')).toBeTruthy();
    expect(screen.getByRole('link', { name: weichai.name }).getAttribute('href')).toBe(
      `/enterprises/${weichai.creditCode}`,
    );
    expect(screen.getByRole('link', { name: 'WF-POWER' }).getAttribute('href')).toBe('/clusters/WF-POWER');
    expect(screen.getByText('发改高技〔2019〕1号')).toBeTruthy();
    await router.navigate('/enterprises/carriers/c-404');
    expect(await screen.findByText('创新载体 c-404 不存在或不在您的范围内')).toBeTruthy();
  });

  it('a park page shows its profile, the clusters it serves and its figures by metric name and unit', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/parks/SD-P-0001': () =>
        json(200, {
          code: 'SD-P-0001',
          name: '潍坊高新技术产业开发区',
          cityCode: '370700',
          countyCode: null,
          level: 'national',
          ecoIndustrialStatus: 'building',
          fiveGCoverage: 'full',
          clusterCodes: ['WF-POWER'],
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        }),
      'GET /api/observations': () =>
        json(200, {
          items: [
            {
              subjectType: 'park',
              subjectCode: 'SD-P-0001',
              metric: 'industrial-output',
              period: '2024',
              value: 12345678,
              source: 'import',
              status: 'accepted',
              updatedAt: '2026-01-01T00:00:00.000Z',
              updatedBy: 'u-1',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 200,
        }),
      'GET /api/metrics': () =>
        json(200, {
          items: [
            {
              code: 'industrial-output',
              name: '工业总产值',
              nameEn: 'Gross industrial output',
              unit: '万元',
            },
          ],
        }),
    });
    renderApp('/enterprises/parks/SD-P-0001');
    expect(await screen.findByRole('heading', { name: '潍坊高新技术产业开发区' })).toBeTruthy();
    expect(screen.getByText('全覆盖')).toBeTruthy();
    expect(screen.getByText('创建中')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'WF-POWER' })).toBeTruthy();
    expect(await screen.findByText('工业总产值')).toBeTruthy();
    expect(screen.getByText('万元')).toBeTruthy();
    expect(screen.getByText('已审核')).toBeTruthy();
  });
});
