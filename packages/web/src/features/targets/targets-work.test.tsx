import type {
  TargetSetSummary,
  TargetsResponse,
  TaskDutyView,
  TaskReportView,
  TaskView,
} from '@qunce/core/targets';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, type RecordedRequest, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { sessionFor } from '../../test/session-fixture.ts';

const thresholds = { onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 };
const sets: TargetSetSummary[] = [
  {
    code: 'policy-2023-185',
    version: 2,
    name: '先进制造业集群目标',
    documentNumber: '鲁政办字〔2023〕185号',
    issuedOn: '2023-09-01',
    deadline: '2025-12-31',
    targetCount: 1,
    thresholds,
  },
  {
    code: 'policy-2023-185',
    version: 1,
    name: '先进制造业集群目标',
    documentNumber: '鲁政办字〔2023〕185号',
    issuedOn: '2023-09-01',
    deadline: '2025-12-31',
    targetCount: 1,
    thresholds,
  },
];

/** T11, reported yearly by 省科技厅, baseline 2022 = 20. */
const reportedTarget: TargetsResponse['targets'][number] = {
  code: 'T11',
  taskCode: '2.2.1',
  text: '国家级创新平台达到 30 家',
  textEn: 'Thirty national innovation platforms',
  unit: '家',
  value: 30,
  comparator: 'atLeast',
  tolerance: null,
  deadline: '2025-12-31',
  actual: 24,
  actualDate: '2024-12-31',
  status: 'needs_acceleration',
  owners: ['省科技厅'],
  binding: { kind: 'reported', reporter: '省科技厅' },
  calculation: {
    method: 'linear-ratio',
    formula: 'ratio = (24 − 20) / ((30 − 20) × 2 / 3)',
    baseline: { period: '2022', date: '2022-12-31', value: 20 },
    latest: { date: '2024-12-31', value: 24 },
    target: { value: 30, comparator: 'atLeast', tolerance: null, deadline: '2025-12-31' },
    yearsElapsed: 2,
    yearsTotal: 3,
    actualRate: 2,
    requiredRate: 3.3333,
    ratio: 0.6,
    thresholds,
    isProvisional: false,
    steps: [],
    explanation: { zh: '进展比 0.6', en: 'Ratio 0.6' },
  },
  forecast: null,
  obligations: [],
  source: { zh: '由省科技厅按年度报送', en: 'reported yearly' },
};
const targetsBody: TargetsResponse = {
  set: 'policy-2023-185',
  version: 2,
  date: '2024-12-31',
  name: '先进制造业集群目标',
  thresholds,
  targets: [reportedTarget],
};

const scienceDepartment = () => {
  const session = sessionFor('department');
  return {
    ...session,
    user: {
      ...session.user,
      organisation: { code: 'dept-sti', name: '省科技厅', nameEn: null, type: 'department' as const },
      scope: { kind: 'department' as const, departmentCode: 'dept-sti' },
    },
  };
};
const otherDepartment = () => {
  const session = scienceDepartment();
  return {
    ...session,
    user: {
      ...session.user,
      organisation: { code: 'dept-amr', name: '省市场监管局', nameEn: null, type: 'department' as const },
    },
  };
};

const task: TaskView = {
  setCode: 'policy-2023-185',
  code: '2.2.1',
  kind: 'key_task',
  area: '创新',
  title: '建设创新平台',
  units: ['省科技厅'],
  departmentCodes: ['dept-sti'],
  recurring: null,
  mechanisms: [],
  targets: ['T11'],
};
const report = (overrides: Partial<TaskReportView>): TaskReportView => ({
  id: '11111111-1111-4111-8111-111111111111',
  setCode: 'policy-2023-185',
  taskCode: '2.2.1',
  departmentCode: 'dept-sti',
  period: '2026-H1',
  text: '新增国家级平台 2 家',
  figures: [],
  attachmentIds: [],
  status: 'submitted',
  returnReason: null,
  submittedAt: '2026-07-10T00:00:00.000Z',
  submittedBy: '科技厅用户',
  reviewedAt: null,
  reviewedBy: null,
  dueOn: '2026-07-15',
  isLate: false,
  version: 3,
  ...overrides,
});

/** Every URL fetched, with its query string (the stub keys handlers by path only). */
function recordUrls(): string[] {
  const urls: string[] = [];
  const inner = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    urls.push(String(input));
    return inner(input, init);
  });
  return urls;
}
const buttonNamed = (name: string) =>
  screen.queryAllByRole('button').find((button) => button.textContent?.replace(/\s/g, '') === name);
const confirmButton = () =>
  waitFor(() => {
    const button = buttonNamed('确定');
    if (!button) throw new Error('no confirm button');
    return button;
  });
const sent = (requests: RecordedRequest[], method: string, path: string) =>
  waitFor(() => {
    const found = requests.find((r) => r.method === method && r.path === path);
    if (!found) throw new Error(`no ${method} ${path}`);
    return found;
  });

const targetHandlers = (session: unknown) => ({
  'GET /api/auth/me': () => json(200, session),
  'GET /api/targets/sets': () => json(200, { items: sets }),
  'GET /api/targets': () => json(200, targetsBody),
  'GET /api/targets/T11/values': () =>
    json(200, {
      items: [
        {
          period: '2024',
          date: '2024-12-31',
          value: 24,
          note: '科技部公布名单',
          attachmentIds: ['a1'],
          departmentCode: 'dept-sti',
          reportedBy: '科技厅用户',
          reportedAt: '2025-01-20T00:00:00.000Z',
        },
      ],
    }),
});

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('target-set versions', () => {
  it('shows the current version by default; an older version from the address is requested with set and version, and offers no edits', async () => {
    stubHttp(targetHandlers(sessionFor('province_admin')));
    const urls = recordUrls();
    renderApp('/targets?set=policy-2023-185&version=1');
    expect(await screen.findByText('国家级创新平台达到 30 家')).toBeTruthy();
    expect(urls).toContain('/api/targets?set=policy-2023-185&version=1');
    expect(
      await screen.findByText('正在查看旧版本：基期值、阈值和报送只作用于该目标集的最新版本，此处不提供。'),
    ).toBeTruthy();
    expect(screen.queryByTestId('targets-thresholds-open')).toBeNull();
    fireEvent.click(screen.getByText('国家级创新平台达到 30 家'));
    expect(await screen.findByText('科技部公布名单')).toBeTruthy();
    expect(screen.queryByTestId('target-baseline-save')).toBeNull();
  });

  it('the picker lists every version, the current one marked and chosen', async () => {
    stubHttp(targetHandlers(sessionFor('province_admin')));
    const urls = recordUrls();
    renderApp('/targets');
    const picker = await screen.findByTestId('targets-set-picker');
    await waitFor(() =>
      expect(
        within(picker).getByText('先进制造业集群目标 第 2 版（鲁政办字〔2023〕185号） · 当前'),
      ).toBeTruthy(),
    );
    expect(urls).toContain('/api/targets');
    expect(screen.queryByText(/正在查看旧版本/)).toBeNull();
  });
});

describe('a link to one target', () => {
  it('/targets?code=T11 (from the cockpit) opens T11’s calculation', async () => {
    stubHttp(targetHandlers(sessionFor('province_admin')));
    renderApp('/targets?code=T11');
    expect(await screen.findByText('ratio = (24 − 20) / ((30 − 20) × 2 / 3)')).toBeTruthy();
  });
});

describe('thresholds (province)', () => {
  it('sends the three thresholds of the shown set', async () => {
    const { requests } = stubHttp({
      ...targetHandlers(sessionFor('province_admin')),
      'PUT /api/targets/sets/policy-2023-185/thresholds': (request) =>
        json(200, (request.body as { thresholds: unknown }).thresholds),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByTestId('targets-thresholds-open'));
    const onTrack = await screen.findByLabelText('按期推进（进展比 ≥）');
    fireEvent.change(onTrack, { target: { value: '0.9' } });
    fireEvent.click(screen.getByTestId('targets-thresholds-save'));
    const put = await sent(requests, 'PUT', '/api/targets/sets/policy-2023-185/thresholds');
    expect(put.body).toEqual({ thresholds: { onTrack: 0.9, needsAcceleration: 0.6, limitedProgress: 0 } });
  });

  it('is not offered without targets.manage', async () => {
    stubHttp(targetHandlers(scienceDepartment()));
    renderApp('/targets');
    expect(await screen.findByText('国家级创新平台达到 30 家')).toBeTruthy();
    expect(screen.queryByTestId('targets-thresholds-open')).toBeNull();
  });
});

describe('reporting a target’s value (owning department)', () => {
  it('省科技厅 reports 2025 = 27 with a note: POST /api/targets/T11/values', async () => {
    const { requests } = stubHttp({
      ...targetHandlers(scienceDepartment()),
      'POST /api/targets/T11/values': (request) => json(201, request.body),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByText('国家级创新平台达到 30 家'));
    expect(await screen.findByText('科技部公布名单')).toBeTruthy();
    fireEvent.change(await screen.findByLabelText('年度'), { target: { value: '2025' } });
    fireEvent.change(screen.getByLabelText('数值（家）'), { target: { value: '27' } });
    fireEvent.change(screen.getByLabelText('说明 / 佐证材料说明'), { target: { value: '2025 年名单' } });
    fireEvent.click(screen.getByTestId('target-value-submit'));
    const post = await sent(requests, 'POST', '/api/targets/T11/values');
    expect(post.body).toEqual({ period: '2025', value: 27, note: '2025 年名单', attachmentIds: [] });
    // The province may not report (no targets.report); the baseline form is its work instead.
    expect(screen.queryByTestId('target-baseline-save')).toBeNull();
  });

  it('shows the server’s refusal in the UI language', async () => {
    stubHttp({
      ...targetHandlers(scienceDepartment()),
      'POST /api/targets/T11/values': () =>
        json(
          403,
          errorBody(
            'forbidden',
            '只有责任单位可报送目标 T11 / only the responsible departments may report T11',
          ),
        ),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByText('国家级创新平台达到 30 家'));
    fireEvent.change(await screen.findByLabelText('年度'), { target: { value: '2025' } });
    fireEvent.change(screen.getByLabelText('数值（家）'), { target: { value: '27' } });
    fireEvent.click(screen.getByTestId('target-value-submit'));
    expect(await screen.findByText('只有责任单位可报送目标 T11')).toBeTruthy();
  });

  it('is hidden from a department that does not own the target, and from the province', async () => {
    for (const session of [otherDepartment(), sessionFor('province_admin')]) {
      stubHttp(targetHandlers(session));
      renderApp('/targets');
      fireEvent.click(await screen.findByText('国家级创新平台达到 30 家'));
      expect(await screen.findByText('科技部公布名单')).toBeTruthy();
      expect(screen.queryByTestId('target-value-submit')).toBeNull();
      cleanup();
    }
  });
});

describe('baselines (province)', () => {
  it('changes T11’s baseline to 2023 = 22: PUT /api/targets/T11/baseline', async () => {
    const { requests } = stubHttp({
      ...targetHandlers(sessionFor('province_admin')),
      'PUT /api/targets/T11/baseline': () => json(200, {}),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByText('国家级创新平台达到 30 家'));
    expect(await screen.findByText('当前基期：2022（2022-12-31）= 20')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('基期'), { target: { value: '2023' } });
    fireEvent.change(screen.getByLabelText('基期日期'), { target: { value: '2023-12-31' } });
    fireEvent.change(screen.getByLabelText('基期值（家）'), { target: { value: '22' } });
    fireEvent.click(screen.getByTestId('target-baseline-save'));
    const put = await sent(requests, 'PUT', '/api/targets/T11/baseline');
    expect(put.body).toEqual({ baseline: { period: '2023', date: '2023-12-31', value: 22 } });
  });

  it('clears the baseline after a confirmation: { baseline: null }', async () => {
    const { requests } = stubHttp({
      ...targetHandlers(sessionFor('province_admin')),
      'PUT /api/targets/T11/baseline': () =>
        json(400, errorBody('invalid_input', '基期值无效 / invalid baseline: bad')),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByText('国家级创新平台达到 30 家'));
    fireEvent.click(await screen.findByTestId('target-baseline-clear'));
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);
    fireEvent.click(await confirmButton());
    const put = await sent(requests, 'PUT', '/api/targets/T11/baseline');
    expect(put.body).toEqual({ baseline: null });
    expect(await screen.findByText('基期值无效')).toBeTruthy();
  });
});

describe('task progress reports', () => {
  it('a department submits a report on its task with a figure: POST /api/tasks/2.2.1/reports', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, scienceDepartment()),
      'GET /api/targets/sets': () => json(200, { items: sets }),
      'GET /api/tasks': () => json(200, { items: [task] }),
      'GET /api/tasks/reports': () => json(200, { items: [] }),
      'POST /api/tasks/2.2.1/reports': (request) =>
        json(201, report(request.body as Partial<TaskReportView>)),
    });
    renderApp('/targets?tab=tasks');
    fireEvent.click(await screen.findByTestId('task-report-open-2.2.1'));
    fireEvent.change(await screen.findByLabelText('报告期（如 2026-H1）'), { target: { value: '2026-H1' } });
    fireEvent.change(screen.getByLabelText('进展情况'), { target: { value: '新增国家级平台 2 家' } });
    fireEvent.click(screen.getByTestId('task-report-add-figure'));
    fireEvent.change(await screen.findByLabelText('指标名称'), { target: { value: '国家级平台' } });
    fireEvent.change(screen.getByLabelText('数值'), { target: { value: '26' } });
    fireEvent.change(screen.getByLabelText('单位'), { target: { value: '家' } });
    fireEvent.click(screen.getByTestId('task-report-save'));
    const post = await sent(requests, 'POST', '/api/tasks/2.2.1/reports');
    expect(post.body).toEqual({
      period: '2026-H1',
      text: '新增国家级平台 2 家',
      figures: [{ name: '国家级平台', value: 26, unit: '家' }],
      attachmentIds: [],
    });
    // Review is the province's: no accept / return for a department.
    expect(screen.queryByText('通过')).toBeNull();
  });

  it('a returned report shows its reason and is resubmitted prefilled', async () => {
    const returned = report({ status: 'returned', returnReason: '缺少佐证材料' });
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, scienceDepartment()),
      'GET /api/targets/sets': () => json(200, { items: sets }),
      'GET /api/tasks': () => json(200, { items: [task] }),
      'GET /api/tasks/reports': () => json(200, { items: [returned] }),
      'POST /api/tasks/2.2.1/reports': (request) =>
        json(201, report(request.body as Partial<TaskReportView>)),
    });
    renderApp('/targets?tab=tasks');
    fireEvent.click(await screen.findByLabelText('展开行'));
    expect(await screen.findByText('退回理由：缺少佐证材料')).toBeTruthy();
    fireEvent.click(screen.getByTestId(`task-report-resubmit-${returned.id}`));
    await waitFor(() =>
      expect((screen.getByLabelText('进展情况') as HTMLTextAreaElement).value).toBe('新增国家级平台 2 家'),
    );
    fireEvent.click(screen.getByTestId('task-report-save'));
    const post = await sent(requests, 'POST', '/api/tasks/2.2.1/reports');
    expect(post.body).toMatchObject({ period: '2026-H1', text: '新增国家级平台 2 家' });
  });

  it('the province accepts after a confirmation and returns with a reason, each with the report’s version', async () => {
    const submitted = report({});
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/targets/sets': () => json(200, { items: sets }),
      'GET /api/targets': () => json(200, targetsBody),
      'GET /api/tasks': () => json(200, { items: [task] }),
      'GET /api/tasks/reports': () => json(200, { items: [submitted] }),
      [`POST /api/tasks/reports/${submitted.id}/review`]: () => json(200, submitted),
    });
    renderApp('/targets?tab=tasks');
    fireEvent.click(await screen.findByLabelText('展开行'));
    expect(screen.queryByTestId('task-report-open-2.2.1')).toBeNull();
    fireEvent.click(await screen.findByTestId(`task-report-accept-${submitted.id}`));
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.click(await confirmButton());
    const accept = await sent(requests, 'POST', `/api/tasks/reports/${submitted.id}/review`);
    expect(accept.body).toEqual({ decision: 'accept', version: 3 });

    fireEvent.click(screen.getByTestId(`task-report-return-${submitted.id}`));
    fireEvent.change(await screen.findByLabelText('退回理由'), { target: { value: '请补充数据' } });
    fireEvent.click(screen.getByTestId('task-report-return-save'));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(requests.filter((r) => r.method === 'POST')[1]?.body).toEqual({
      decision: 'return',
      reason: '请补充数据',
      version: 3,
    });
  });
});

describe('a new target-set version (province)', () => {
  it('copies version 2 as version 3 with T11 = 35 and one deadline 2030-12-31: POST /api/targets/sets', async () => {
    const { requests } = stubHttp({
      ...targetHandlers(sessionFor('province_admin')),
      'POST /api/targets/sets': () => json(201, { ...sets[0], version: 3 }),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByTestId('targets-new-version-open'));
    const value = await screen.findByLabelText('T11 目标值');
    await waitFor(() => expect((value as HTMLInputElement).value).toBe('30'));
    fireEvent.change(value, { target: { value: '35' } });
    fireEvent.change(screen.getByLabelText('文号'), { target: { value: '鲁政办字〔2026〕1号' } });
    fireEvent.change(screen.getByLabelText('文件标题'), { target: { value: '2030 年目标' } });
    fireEvent.change(screen.getByLabelText('印发日期'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('统一期限（可选）'), { target: { value: '2030-12-31' } });
    fireEvent.click(screen.getByTestId('targets-new-version-save'));
    fireEvent.click(await confirmButton());
    const post = await sent(requests, 'POST', '/api/targets/sets');
    // T11's trend is linear: its calculation used the linear ratio; next version = max(2, 1) + 1 = 3.
    expect(post.body).toEqual({
      set: {
        code: 'policy-2023-185',
        version: 3,
        name: '先进制造业集群目标',
        document: { number: '鲁政办字〔2026〕1号', title: '2030 年目标', issued: '2026-11-01' },
        targets: [
          {
            code: 'T11',
            taskCode: '2.2.1',
            text: '国家级创新平台达到 30 家',
            textEn: 'Thirty national innovation platforms',
            unit: '家',
            baseline: { period: '2022', date: '2022-12-31', value: 20 },
            value: 35,
            comparator: 'atLeast',
            tolerance: null,
            deadline: '2030-12-31',
            trend: 'linear',
            departments: { lead: '省科技厅', coOwners: [] },
            binding: { kind: 'reported', reporter: '省科技厅' },
          },
        ],
      },
      thresholds,
    });
  });

  it('shows the server’s refusal and is not offered without targets.manage', async () => {
    stubHttp({
      ...targetHandlers(sessionFor('province_admin')),
      'POST /api/targets/sets': () =>
        json(409, errorBody('conflict', '目标集 policy-2023-185 第 3 版已存在 / target set exists')),
    });
    renderApp('/targets');
    fireEvent.click(await screen.findByTestId('targets-new-version-open'));
    await waitFor(() => expect((screen.getByLabelText('T11 目标值') as HTMLInputElement).value).toBe('30'));
    fireEvent.change(screen.getByLabelText('文号'), { target: { value: '鲁政办字〔2026〕1号' } });
    fireEvent.change(screen.getByLabelText('文件标题'), { target: { value: '2030 年目标' } });
    fireEvent.change(screen.getByLabelText('印发日期'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByTestId('targets-new-version-save'));
    fireEvent.click(await confirmButton());
    expect(await screen.findByText(/第 3 版已存在/)).toBeTruthy();
    cleanup();
    stubHttp(targetHandlers(scienceDepartment()));
    renderApp('/targets');
    expect(await screen.findByText('国家级创新平台达到 30 家')).toBeTruthy();
    expect(screen.queryByTestId('targets-new-version-open')).toBeNull();
  });
});

const duty = (overrides: Partial<TaskDutyView>): TaskDutyView => ({
  id: '22222222-2222-4222-8222-222222222222',
  setCode: 'policy-2023-185',
  taskCode: '2.2.1',
  taskTitle: '建设创新平台',
  departmentCode: 'dept-sti',
  kind: 'cooperation_activity',
  period: '2026',
  title: '2026 年度集群重大合作发展活动',
  dueOn: '2026-12-31',
  completedOn: null,
  reportStatus: null,
  isOverdue: false,
  ...overrides,
});
const taskHandlers = (session: unknown, duties: TaskDutyView[]) => ({
  ...targetHandlers(session),
  'GET /api/tasks': () => json(200, { items: [task] }),
  'GET /api/tasks/reports': () => json(200, { items: [] }),
  'GET /api/tasks/duties': () => json(200, { date: '2026-11-28', items: duties }),
});

describe('duties (tasks tab)', () => {
  it('the province schedules 2027 after a confirmation: POST /api/tasks/duties/schedule { year: 2027 }', async () => {
    const { requests } = stubHttp({
      ...taskHandlers(sessionFor('province_admin'), []),
      'POST /api/tasks/duties/schedule': () => json(200, { created: 5 }),
    });
    renderApp('/targets?tab=tasks');
    expect(await screen.findByText('暂无工作安排')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('年度'), { target: { value: '2027' } });
    fireEvent.click(screen.getByTestId('task-duties-schedule'));
    fireEvent.click(await confirmButton());
    const post = await sent(requests, 'POST', '/api/tasks/duties/schedule');
    expect(post.body).toEqual({ year: 2027 });
    expect(await screen.findByText('已生成 5 项工作安排')).toBeTruthy();
  });

  it('the owning department marks its activity done with a note; another department and report duties get no button', async () => {
    const { requests } = stubHttp({
      ...taskHandlers(scienceDepartment(), [
        duty({}),
        duty({
          id: '33333333-3333-4333-8333-333333333333',
          kind: 'progress_report',
          title: '2026-H2 进展报告',
        }),
      ]),
      'POST /api/tasks/duties/22222222-2222-4222-8222-222222222222/complete': () => json(204, undefined),
    });
    renderApp('/targets?tab=tasks');
    expect(await screen.findByText('2026 年度集群重大合作发展活动')).toBeTruthy();
    expect(screen.queryByTestId('task-duties-schedule')).toBeNull();
    expect(screen.queryByTestId('task-duty-complete-33333333-3333-4333-8333-333333333333')).toBeNull();
    fireEvent.click(screen.getByTestId('task-duty-complete-22222222-2222-4222-8222-222222222222'));
    fireEvent.change(await screen.findByLabelText('说明'), { target: { value: '11 月 20 日在济南举办' } });
    fireEvent.click(screen.getByTestId('task-duty-complete-save'));
    const post = await sent(
      requests,
      'POST',
      '/api/tasks/duties/22222222-2222-4222-8222-222222222222/complete',
    );
    expect(post.body).toEqual({ completedOn: '2026-11-28', note: '11 月 20 日在济南举办' });
    cleanup();
    stubHttp(taskHandlers(otherDepartment(), [duty({})]));
    renderApp('/targets?tab=tasks');
    expect(await screen.findByText('2026 年度集群重大合作发展活动')).toBeTruthy();
    expect(screen.queryByTestId('task-duty-complete-22222222-2222-4222-8222-222222222222')).toBeNull();
  });
});
