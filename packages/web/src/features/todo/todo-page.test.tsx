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
