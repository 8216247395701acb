import type { Job } from '@qunce/core';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

const job = (id: string, result: unknown): Job => ({
  id,
  type: 'enterprises-import',
  status: 'succeeded',
  progress: 1,
  message: '',
  counters: {},
  ownerId: 'u-province_admin',
  cancelRequested: false,
  input: {},
  result,
  error: null,
  createdAt: '2026-11-28T00:00:00.000Z',
  startedAt: '2026-11-28T00:00:00.000Z',
  finishedAt: '2026-11-28T00:00:01.000Z',
  updatedAt: '2026-11-28T00:00:01.000Z',
});
const badRow = {
  sheet: '企业名录',
  row: 3,
  column: 'A',
  header: '统一社会信用代码',
  value: '91370700MA3C5XXX',
  reason: '校验位错误 / wrong check character',
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function chooseFile(name: string) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['x'], name, { type: 'text/csv' })] } });
}

describe('import wizard', () => {
  it('dry run with an error lists sheet/row/column/value/reason; the corrected file passes and commits', async () => {
    let upload = 0;
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'POST /api/imports/enterprises': () => json(202, { ...job(`job-${++upload}`, null), status: 'queued' }),
      'GET /api/jobs/job-1': () =>
        json(
          200,
          job('job-1', {
            kind: 'enterprises',
            dryRun: true,
            committed: false,
            counts: { rows: 2, insert: 1, update: 0, unchanged: 0 },
            issues: [badRow],
            notices: [],
          }),
        ),
      'GET /api/jobs/job-2': () =>
        json(
          200,
          job('job-2', {
            kind: 'enterprises',
            dryRun: true,
            committed: false,
            counts: { rows: 2, insert: 2, update: 0, unchanged: 0 },
            issues: [],
            notices: [],
          }),
        ),
      'GET /api/jobs/job-3': () =>
        json(
          200,
          job('job-3', {
            kind: 'enterprises',
            dryRun: false,
            committed: true,
            counts: { rows: 2, insert: 2, update: 0, unchanged: 0 },
            issues: [],
            notices: [],
          }),
        ),
    });
    renderApp('/import');
    expect(await screen.findByRole('heading', { name: '数据导入' })).toBeTruthy();
    chooseFile('企业.csv');
    fireEvent.click(await screen.findByRole('button', { name: /开始校验/ }));
    expect(await screen.findByText('发现 1 处错误，请修改文件后重新上传')).toBeTruthy();
    expect(screen.getByText('91370700MA3C5XXX')).toBeTruthy();
    expect(screen.getByText('校验位错误')).toBeTruthy();
    expect(screen.getByRole('button', { name: /下载错误工作簿/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '确认提交' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '重新上传' }));
    chooseFile('企业-已修改.csv');
    fireEvent.click(await screen.findByRole('button', { name: /开始校验/ }));
    expect(await screen.findByText('校验通过，可以提交')).toBeTruthy();
    expect(screen.getByText('共 2 行：新增 2，更新 0，不变 0')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '确认提交' }));
    expect(await screen.findByText('导入完成：新增 2，更新 0，不变 0')).toBeTruthy();

    // Two dry runs and one commit, each a new upload of the file.
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/api/imports/enterprises')).toHaveLength(
      3,
    );
  });

  it('a kind whose import is not open yet (404) says so', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
    });
    renderApp('/import');
    expect(await screen.findByRole('heading', { name: '数据导入' })).toBeTruthy();
    chooseFile('x.csv');
    fireEvent.click(await screen.findByRole('button', { name: /开始校验/ }));
    await waitFor(() => expect(screen.getByText('导入失败：该类型的导入接口尚未开放。')).toBeTruthy());
  });
});
