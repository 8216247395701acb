import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { sessionFor } from '../../test/session-fixture.ts';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const submission = {
  kind: 'review',
  submissionId: 's1',
  dataSet: 'cluster-annual',
  dataSetName: '集群年度数据',
  period: '2025',
  assignee: '370700',
  assigneeName: '潍坊市',
  state: 'submitted',
  deadline: '2026-12-15',
  overdue: false,
  reason: null,
};

const duty = {
  id: 'd1',
  setCode: 'policy-2023',
  taskCode: '2.1.1',
  taskTitle: '培育世界级集群',
  departmentCode: 'dept-miit',
  kind: 'progress_report',
  period: '2026H1',
  title: '上半年进展报告',
  dueOn: '2026-07-15',
  completedOn: null,
  reportStatus: null,
  isOverdue: true,
};

describe('to-do inbox', () => {
  it('merges collection and task items, earliest deadline first, overdue marked', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/collection/todo': () => json(200, { items: [submission] }),
      'GET /api/tasks/todo': () =>
        json(200, {
          date: '2026-11-28',
          items: [{ kind: 'duty', dueOn: '2026-07-15', isOverdue: true, duty, report: null }],
        }),
      'GET /api/reviews/due': () => json(200, { on: '2026-11-28', items: [] }),
      'GET /api/reviews': () => json(200, { items: [] }),
    });
    renderApp('/todo');
    const task = await screen.findByText('培育世界级集群：上半年进展报告');
    const collection = await screen.findByText('集群年度数据（2025）· 潍坊市');
    expect(task.compareDocumentPosition(collection) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByText('已逾期')).toHaveLength(1);
    const links = screen.getAllByRole('link', { name: '去处理' });
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/targets?tab=tasks', '/collection']);
  });

  it('asks only the endpoints the user may call and shows the empty state', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/collection/todo': () => json(200, { items: [] }),
    });
    renderApp('/todo');
    expect(await screen.findByText('没有待办事项')).toBeTruthy();
    expect(requests.some((r) => r.path === '/api/collection/todo')).toBe(true);
    expect(requests.some((r) => r.path === '/api/tasks/todo')).toBe(false);
  });
});

describe('to-do kinds and where each is done', () => {
  it('a city sees its returned submission with the reason and its open one, both leading to /collection', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/collection/todo': () =>
        json(200, {
          items: [
            {
              ...submission,
              kind: 'submit',
              submissionId: 's-returned',
              dataSetName: '集群企业年度报表',
              assigneeName: '潍坊市工业和信息化局',
              state: 'returned',
              deadline: '2026-03-31T15:59:59.000Z',
              reason: '部分企业研发费用为零，请核实',
            },
            {
              ...submission,
              kind: 'submit',
              submissionId: 's-open',
              dataSetName: '集群企业季度快报',
              period: '2026Q3',
              assigneeName: '潍坊市工业和信息化局',
              state: 'open',
              deadline: '2026-12-28T15:59:59.000Z',
            },
          ],
        }),
    });
    renderApp('/todo');
    expect(
      await screen.findByText(
        '集群企业年度报表（2025）· 潍坊市工业和信息化局 — 原因：部分企业研发费用为零，请核实',
      ),
    ).toBeTruthy();
    expect(screen.getByText('被退回')).toBeTruthy();
    expect(screen.getByText('待报送')).toBeTruthy();
    // deadlines are instants; shown as the China day (15:59:59Z is 23:59:59 in China)
    expect(screen.getByText('2026-03-31')).toBeTruthy();
    expect(screen.getByText('2026-12-28')).toBeTruthy();
    expect(screen.getByTestId('todo-open-collection-submit-s-returned').getAttribute('href')).toBe(
      '/collection',
    );
    expect(screen.getByTestId('todo-open-collection-submit-s-open').getAttribute('href')).toBe('/collection');
  });

  it('a department sees a progress report returned for rework, leading to the tasks tab', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('department')),
      'GET /api/tasks/todo': () =>
        json(200, {
          date: '2026-11-28',
          items: [
            {
              kind: 'duty',
              dueOn: '2026-12-15',
              isOverdue: false,
              duty: { ...duty, reportStatus: 'returned', isOverdue: false, dueOn: '2026-12-15' },
              report: null,
            },
          ],
        }),
    });
    renderApp('/todo');
    expect(await screen.findByText('报告被退回')).toBeTruthy();
    expect(screen.getByTestId('todo-open-tasks-duty-d1').getAttribute('href')).toBe('/targets?tab=tasks');
  });

  it('the province sees reviews due and a rectification awaiting its follow-up, both leading to /reviews', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/collection/todo': () => json(200, { items: [] }),
      'GET /api/tasks/todo': () => json(200, { date: '2026-11-28', items: [] }),
      'GET /api/reviews/due': () =>
        json(200, {
          on: '2026-11-28',
          items: [
            {
              clusterCode: 'QD-HOME',
              name: '青岛市智能家电集群',
              tier: 'national',
              status: 'recognised',
              recognisedOn: '2023-12-01',
              lastReviewedOn: null,
              dueOn: '2026-12-01',
              overdue: false,
            },
          ],
        }),
      'GET /api/reviews': () =>
        json(200, {
          items: [
            {
              id: 'r1',
              clusterCode: 'WF-POWER',
              outcome: 'rectify',
              rectifyDeadline: '2026-10-31',
              followUp: null,
            },
            { id: 'r2', clusterCode: 'JN-IT', outcome: 'pass', rectifyDeadline: null, followUp: null },
          ],
        }),
    });
    renderApp('/todo');
    expect(await screen.findByText('三年复核：青岛市智能家电集群')).toBeTruthy();
    // the rectification deadline 2026-10-31 is before the server's day 2026-11-28: overdue
    const followUp = screen.getByText('整改复查：WF-POWER');
    expect(screen.getAllByText('已逾期')).toHaveLength(1);
    expect(
      followUp.compareDocumentPosition(screen.getByText('三年复核：青岛市智能家电集群')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.queryByText('整改复查：JN-IT')).toBeNull();
    expect(screen.getByTestId('todo-open-review-due-QD-HOME').getAttribute('href')).toBe('/reviews');
    expect(screen.getByTestId('todo-open-review-follow-up-r1').getAttribute('href')).toBe('/reviews');
    expect(requests.find((r) => r.path === '/api/reviews/due')).toBeTruthy();
  });

  it('an expert sees the applications not yet scored, leading to /recognition', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('expert')),
      'GET /api/recognition/assignments': () =>
        json(200, {
          expertId: 'e1',
          items: [
            {
              assignmentId: 'a1',
              application: { clusterCode: 'WF-POWER', clusterName: '潍坊市动力装备集群' },
              myScore: null,
            },
            {
              assignmentId: 'a2',
              application: { clusterCode: 'QD-HOME', clusterName: '青岛市智能家电集群' },
              myScore: { total: 80 },
            },
          ],
        }),
    });
    renderApp('/todo');
    expect(await screen.findByText('评审申报：潍坊市动力装备集群')).toBeTruthy();
    expect(screen.queryByText('评审申报：青岛市智能家电集群')).toBeNull();
    expect(screen.getByText('待评分')).toBeTruthy();
    expect(screen.getByTestId('todo-open-score-a1').getAttribute('href')).toBe('/recognition');
  });
});
