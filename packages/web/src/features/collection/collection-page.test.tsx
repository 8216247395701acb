import type { CollectionPeriodView, CompletenessReport, SubmissionView } from '@qunce/core/collection';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

const submission: SubmissionView = {
  id: '00000000-0000-4000-8000-000000000010',
  periodId: '00000000-0000-4000-8000-000000000011',
  dataSet: 'city-annual',
  dataSetName: '市级年度集群数据',
  period: '2025',
  deadline: '2026-03-31',
  assignee: 'city-370700',
  assigneeName: '潍坊市工业和信息化局',
  assigneeKind: 'city',
  cityCode: '370700',
  state: 'submitted',
  awaitingCityReview: false,
  firstSubmittedAt: '2026-03-01T00:00:00.000Z',
  submittedAt: '2026-03-01T00:00:00.000Z',
  acceptedAt: null,
  onTime: true,
  reason: null,
  changedSinceAcceptance: null,
  version: 3,
};
const period: CollectionPeriodView = {
  id: submission.periodId,
  dataSet: 'city-annual',
  period: '2025',
  deadline: '2026-03-31',
  openedAt: '2026-01-01T00:00:00.000Z',
  openedBy: null,
  assignments: 1,
};
const report: CompletenessReport = {
  period: '2025',
  asOf: '2026-04-01T00:00:00.000Z',
  totals: {
    assignments: 1,
    open: 0,
    submitted: 1,
    returned: 0,
    accepted: 0,
    reopened: 0,
    late: 0,
    missing: 0,
  },
  assignments: [],
  notSubmitted: [],
  late: [],
  returned: [],
  cities: [
    {
      rank: 1,
      cityCode: '370700',
      cityName: '潍坊市',
      assignments: 1,
      submitted: 1,
      onTime: 1,
      late: 0,
      missing: 0,
      returned: 0,
      accepted: 0,
      completeness: 1,
      timeliness: 1,
    },
  ],
};

/** demo-city: the Weifang bureau, assignee of its own submissions and reviewer of its cluster organisations'. */
const citySession = (() => {
  const session = sessionFor('city');
  return {
    ...session,
    user: {
      ...session.user,
      organisation: {
        code: 'city-370700',
        name: '潍坊市工业和信息化局',
        nameEn: null,
        type: 'city' as const,
      },
      scope: { kind: 'city' as const, cityCodes: ['370700'] },
    },
  };
})();

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('collection page', () => {
  it('shows the city league and returns a submission with a reason and its version', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/periods': () => json(200, { items: [period] }),
      'GET /api/collection/completeness': () => json(200, report),
      'GET /api/collection/submissions': () => json(200, { items: [submission] }),
      [`POST /api/collection/submissions/${submission.id}/return`]: () =>
        json(200, { ...submission, state: 'returned', reason: '数据缺失', version: 4 }),
    });
    renderApp('/collection');
    expect(await screen.findByText('潍坊市工业和信息化局')).toBeTruthy();
    expect((await screen.findAllByText('100.0%')).length).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: '退回' }));
    fireEvent.change(await screen.findByLabelText('请填写原因（至少 2 个字）'), {
      target: { value: '数据缺失' },
    });
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ version: 3, reason: '数据缺失' }),
    );
  });

  it('an empty scope says so', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [] }),
    });
    renderApp('/collection');
    expect(await screen.findByText('暂无报送任务')).toBeTruthy();
  });

  it('a city fills the figures, saves them with the version and sees the validation with an outlier comment', async () => {
    const open: SubmissionView = { ...submission, state: 'open', onTime: null, submittedAt: null };
    const detail = {
      ...open,
      metrics: [{ code: 'output', name: '营业收入', unit: '亿元' }],
      subjects: [{ code: 'WF-POWER', name: '潍坊市动力装备集群' }],
      values: [],
      history: [],
    };
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, citySession),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [open] }),
      [`GET /api/collection/submissions/${open.id}`]: () => json(200, detail),
      [`PUT /api/collection/submissions/${open.id}/values`]: () => json(200, { ...open, version: 4 }),
      [`GET /api/collection/submissions/${open.id}/validation`]: () =>
        json(200, {
          ok: false,
          subjects: 1,
          values: 1,
          issues: [
            {
              kind: 'outlier',
              subjectCode: 'WF-POWER',
              metric: 'output',
              value: 9000,
              message: '较上期变化超过 50% / changed by more than 50%',
              blocking: true,
            },
          ],
        }),
    });
    renderApp('/collection');
    fireEvent.click(await screen.findByRole('button', { name: '填报' }));
    fireEvent.change(await screen.findByLabelText('潍坊市动力装备集群 营业收入'), {
      target: { value: '9000' },
    });
    fireEvent.click(screen.getByRole('button', { name: '保存并校验' }));
    expect(await screen.findByText(/较上期变化超过 50%/)).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      values: [{ subjectCode: 'WF-POWER', metric: 'output', value: 9000, comment: null }],
      version: 3,
    });
    expect(screen.getByLabelText('潍坊市动力装备集群 营业收入 异常说明')).toBeTruthy();
  });
});

const dataSets = {
  items: [
    {
      code: 'enterprise-quarterly',
      name: '集群企业季度快报',
      nameEn: 'Cluster enterprises, quarterly',
      subjectType: 'enterprise',
      metrics: ['revenue'],
      periodKind: 'quarter',
      allowFuture: false,
      cityReview: false,
      rules: { required: ['revenue'], ranges: [], crossField: [], outliers: [] },
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  ],
};
const organisations = {
  items: [
    {
      code: 'dept-miit',
      name: '省工业和信息化厅',
      nameEn: null,
      type: 'department',
      regionCode: null,
      policyUnit: null,
    },
    {
      code: 'city-370100',
      name: '济南市工业和信息化局',
      nameEn: null,
      type: 'city',
      regionCode: '370100',
      policyUnit: null,
    },
    {
      code: 'city-370700',
      name: '潍坊市工业和信息化局',
      nameEn: null,
      type: 'city',
      regionCode: '370700',
      policyUnit: null,
    },
    {
      code: 'cluster-org-demo',
      name: '潍坊市动力装备产业集群发展促进会（演示）',
      nameEn: null,
      type: 'cluster_org',
      regionCode: '370700',
      policyUnit: null,
    },
  ],
};
const provinceHandlers = {
  'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
  'GET /api/reference/regions': () => json(200, regionsBody),
  'GET /api/collection/periods': () => json(200, { items: [period] }),
  'GET /api/collection/completeness': () => json(200, report),
  'GET /api/collection/submissions': () => json(200, { items: [] }),
  'GET /api/collection/data-sets': () => json(200, dataSets),
  'GET /api/organisations': () => json(200, organisations),
};

/** Opens an antd Select by its label and picks the option with the given text. */
async function pick(label: string, option: string) {
  const select = await screen.findByLabelText(label);
  fireEvent.mouseDown(select);
  const options = await screen.findAllByText(option);
  const last = options.at(-1);
  if (!last) throw new Error(`no option ${option}`);
  fireEvent.click(last);
  // the form sees the choice (and the period rules follow the data set's kind) once the select shows it
  await waitFor(() => expect(select.closest('.ant-select')?.textContent).toContain(option));
}

describe('collection periods (province)', () => {
  it('opens a quarterly period: period code, deadline as the end of the China day, and every city bureau (not the department) as assignees', async () => {
    const { requests } = stubHttp({
      ...provinceHandlers,
      'POST /api/collection/data-sets/enterprise-quarterly/periods': () =>
        json(201, { ...period, period: '2026Q3', dataSet: 'enterprise-quarterly', assignments: 2 }),
    });
    renderApp('/collection');
    fireEvent.click(await screen.findByTestId('collection-open-period'));
    await pick('数据集', '集群企业季度快报 · 季度');
    fireEvent.change(screen.getByLabelText('期间'), { target: { value: '2026Q3' } });
    fireEvent.change(screen.getByLabelText('截止日期'), { target: { value: '2026-10-31' } });
    fireEvent.click(screen.getByRole('button', { name: '选择全部市工信局' }));
    const assignees = screen.getByLabelText('报送单位（市工信局、集群促进组织）').closest('.ant-select');
    await waitFor(() => expect(assignees?.textContent).toContain('潍坊市工业和信息化局'));
    fireEvent.click(screen.getByTestId('collection-open-save'));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')).toMatchObject({
      path: '/api/collection/data-sets/enterprise-quarterly/periods',
      body: {
        period: '2026Q3',
        deadline: '2026-10-31T23:59:59+08:00',
        assignees: ['city-370100', 'city-370700'],
      },
    });
  });

  it('refuses a period code of the wrong kind before sending (2026 for a quarterly data set)', async () => {
    const { requests } = stubHttp(provinceHandlers);
    renderApp('/collection');
    fireEvent.click(await screen.findByTestId('collection-open-period'));
    await pick('数据集', '集群企业季度快报 · 季度');
    fireEvent.change(screen.getByLabelText('期间'), { target: { value: '2026' } });
    fireEvent.click(screen.getByTestId('collection-open-save'));
    expect(await screen.findByText('期间格式与数据集的期间类型不符')).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("lists a period's assignments with their states and assigns it to one more organisation", async () => {
    const { requests } = stubHttp({
      ...provinceHandlers,
      'GET /api/collection/status': () =>
        json(200, {
          period: '2025',
          assignments: [
            {
              dataSet: 'city-annual',
              assignee: 'city-370700',
              assigneeName: '潍坊市工业和信息化局',
              cityCode: '370700',
              state: 'returned',
              submittedAt: '2026-03-20T02:00:00.000Z',
              deadline: '2026-03-31T15:59:59.000Z',
              onTime: true,
            },
          ],
        }),
      [`POST /api/collection/periods/${period.id}/assignments`]: () =>
        json(200, { ...period, assignments: 2 }),
    });
    renderApp('/collection');
    fireEvent.click(await screen.findByRole('button', { name: /展开|Expand/ }));
    const table = await screen.findByTestId(`collection-assignments-${period.id}`);
    expect(await within(table).findByText('潍坊市工业和信息化局')).toBeTruthy();
    expect(within(table).getByText('已退回')).toBeTruthy();
    // 02:00 UTC is 10:00 in China
    expect(within(table).getByText('2026-03-20 10:00')).toBeTruthy();
    fireEvent.click(screen.getByTestId(`collection-assign-${period.id}`));
    // already assigned: not offered again
    await pick('追加分配：2025', '潍坊市动力装备产业集群发展促进会（演示）');
    expect(
      screen.queryByText('潍坊市工业和信息化局', { selector: '.ant-select-item-option-content' }),
    ).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ assignees: ['cluster-org-demo'] });
  });

  it('a city bureau sees no period panel and no accept button', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, citySession),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [submission] }),
    });
    renderApp('/collection');
    expect(await screen.findByText('潍坊市工业和信息化局')).toBeTruthy();
    expect(screen.queryByTestId('collection-open-period')).toBeNull();
    expect(screen.queryByRole('button', { name: '确认' })).toBeNull();
  });
});

const clusterOrgSubmission: SubmissionView = {
  ...submission,
  id: '00000000-0000-4000-8000-000000000020',
  dataSet: 'cluster-annual',
  dataSetName: '集群年度报表',
  assignee: 'cluster-org-demo',
  assigneeName: '潍坊市动力装备产业集群发展促进会（演示）',
  assigneeKind: 'cluster_org',
  awaitingCityReview: true,
  version: 5,
};

describe('city review', () => {
  it('the city passes a cluster organisation’s submission to the province after a confirmation', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, citySession),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [clusterOrgSubmission] }),
      [`POST /api/collection/submissions/${clusterOrgSubmission.id}/city-forward`]: () =>
        json(200, { ...clusterOrgSubmission, awaitingCityReview: false, version: 6 }),
    });
    renderApp('/collection');
    fireEvent.click(await screen.findByTestId(`collection-forward-${clusterOrgSubmission.id}`));
    expect(await screen.findByText('确定初审通过并报送省厅？')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')).toMatchObject({
      path: `/api/collection/submissions/${clusterOrgSubmission.id}/city-forward`,
      body: { version: 5 },
    });
    // not its own: the city cannot fill or upload it
    expect(screen.queryByRole('button', { name: '填报' })).toBeNull();
  });

  it('the city returns it with a reason', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, citySession),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [clusterOrgSubmission] }),
      [`POST /api/collection/submissions/${clusterOrgSubmission.id}/return`]: () =>
        json(200, { ...clusterOrgSubmission, state: 'returned', version: 6 }),
    });
    renderApp('/collection');
    fireEvent.click(await screen.findByRole('button', { name: '退回' }));
    fireEvent.change(await screen.findByLabelText('请填写原因（至少 2 个字）'), {
      target: { value: '产值口径不一致' },
    });
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        version: 5,
        reason: '产值口径不一致',
      }),
    );
  });

  it('the province cannot accept while the city has not reviewed it', async () => {
    stubHttp({
      ...provinceHandlers,
      'GET /api/collection/submissions': () => json(200, { items: [clusterOrgSubmission] }),
    });
    renderApp('/collection');
    expect(await screen.findByText('待市级初审')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '确认' })).toBeNull();
    expect(screen.queryByRole('button', { name: '退回' })).toBeNull();
  });
});

describe('workbook upload', () => {
  const own: SubmissionView = { ...submission, state: 'returned', reason: '请核实', version: 7 };
  const setUp = (results: unknown[]) => {
    const urls: string[] = [];
    let call = 0;
    const stub = stubHttp({
      'GET /api/auth/me': () => json(200, citySession),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [own] }),
      [`POST /api/collection/submissions/${own.id}/import`]: () => json(200, results[call++]),
      [`GET /api/collection/submissions/${own.id}`]: () =>
        json(200, { ...own, version: 8, metrics: [], subjects: [], values: [], history: [] }),
      [`GET /api/collection/submissions/${own.id}/validation`]: () =>
        json(200, { ok: true, subjects: 2, values: 4, issues: [] }),
      [`POST /api/collection/submissions/${own.id}/submit`]: () => json(200, { ...own, state: 'submitted' }),
    });
    const inner = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
      urls.push(`${init?.method ?? 'GET'} ${input}`);
      return inner(input, init);
    });
    return { ...stub, urls };
  };
  const upload = async () => {
    fireEvent.click(await screen.findByTestId(`collection-upload-${own.id}`));
    await screen.findByText('点击或拖入填好的 .xlsx 文件');
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], '潍坊.xlsx')] } });
  };

  it('shows every problem of the dry run by sheet, row, column and reason, and imports nothing', async () => {
    const { urls } = setUp([
      {
        dryRun: true,
        issues: [
          {
            sheet: '填报数据',
            row: 3,
            column: 'C',
            header: '营业收入',
            value: 'abc',
            reason: '不是数字 / not a number',
          },
          {
            sheet: '填报数据',
            row: 5,
            column: 'A',
            value: '91370700X',
            reason: '不是本次报送的主体 / not a subject of this submission',
          },
        ],
        values: 3,
        changed: 3,
        written: false,
      },
    ]);
    renderApp('/collection');
    await upload();
    const issues = await screen.findByTestId('collection-upload-issues');
    expect(within(issues).getByText('C · 营业收入')).toBeTruthy();
    expect(within(issues).getByText('不是数字')).toBeTruthy();
    expect(within(issues).getByText('不是本次报送的主体')).toBeTruthy();
    expect(within(issues).getByText('5')).toBeTruthy();
    expect(screen.getByText('文件有 2 处问题，未写入任何数据')).toBeTruthy();
    expect((screen.getByTestId('collection-upload-import') as HTMLButtonElement).disabled).toBe(true);
    expect(urls.filter((u) => u.includes('/import'))).toEqual([
      `POST /api/collection/submissions/${own.id}/import?dryRun=true`,
    ]);
  });

  it('a clean file is imported, validated, then submitted with the version after the import', async () => {
    const { urls, requests } = setUp([
      { dryRun: true, issues: [], values: 4, changed: 2, written: false },
      { dryRun: false, issues: [], values: 4, changed: 2, written: true },
    ]);
    renderApp('/collection');
    await upload();
    expect(await screen.findByText('检查通过：读到 4 个数据，其中 2 个与已填不同')).toBeTruthy();
    fireEvent.click(screen.getByTestId('collection-upload-import'));
    expect(await screen.findByText('校验通过：2 个主体、4 个数据')).toBeTruthy();
    fireEvent.click(screen.getByTestId('collection-upload-submit'));
    fireEvent.click(await screen.findByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() => expect(requests.some((r) => r.path.endsWith('/submit'))).toBe(true));
    expect(requests.find((r) => r.path.endsWith('/submit'))?.body).toEqual({ version: 8 });
    expect(urls.filter((u) => u.includes('/import'))).toEqual([
      `POST /api/collection/submissions/${own.id}/import?dryRun=true`,
      `POST /api/collection/submissions/${own.id}/import?dryRun=false`,
    ]);
  });

  it("another organisation's submission (not the signed-in assignee's) offers neither upload, fill nor submit", async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('cluster_org')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [own] }),
    });
    renderApp('/collection');
    expect(await screen.findByText('潍坊市工业和信息化局')).toBeTruthy();
    expect(screen.queryByTestId(`collection-upload-${own.id}`)).toBeNull();
    expect(screen.queryByRole('button', { name: '填报' })).toBeNull();
    expect(screen.queryByRole('button', { name: '报送' })).toBeNull();
  });
});
