import type { TaskDutyView, TaskView, TodoResponse } from '@qunce/core/targets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  type IdentityTestApp,
  type Session,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { type Client, client } from '../../../test/registry-fixtures.ts';

let t: IdentityTestApp;
let province: Client; // demo-province: 省工业和信息化厅 (dept-miit), province scope
let science: Client; // demo-department: 省科技厅 (dept-sti)
let weifang: Client; // demo-city: 潍坊市工信局
let scienceSession: Session;

const report = (period: string, text = '推进协同创新网络建设，新建创新联合体 3 个。') => ({
  period,
  text,
  figures: [{ name: '创新联合体', value: 3, unit: '个' }],
});

beforeAll(async () => {
  // The test clock reads 2026-03-02: the 2025 second-half reports (due 2026-01-15) are overdue.
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  scienceSession = await signIn(t.app, 'demo-department');
  science = client(t, scienceSession);
  weifang = client(t, await signIn(t.app, 'demo-city'));
});
afterAll(async () => {
  await t.close();
});

describe('tasks in scope', () => {
  it('the province sees the 14 key tasks and 4 guarantee measures; 3.2 expands 各市人民政府 to the 16 city bureaus', async () => {
    const response = await province.get('/api/tasks');
    const items = response.body.items as TaskView[];
    expect(items.filter((x) => x.kind === 'key_task')).toHaveLength(14);
    expect(items.filter((x) => x.kind === 'guarantee')).toHaveLength(4);
    const t32 = items.find((x) => x.code === '3.2');
    expect(t32?.departmentCodes).toHaveLength(1 + 16);
    expect(t32?.departmentCodes).toContain('city-370700');
    expect(items.find((x) => x.code === '2.1.1')?.targets).toEqual(['T06', 'T07', 'T08']);
  });

  it('省科技厅 sees only its own seven tasks (2.1.1, 2.1.2, 2.1.3, 2.2.1, 2.3.2, 2.4.1, 2.5.1); another department’s task is 404', async () => {
    const response = await science.get('/api/tasks');
    expect((response.body.items as TaskView[]).map((x) => x.code)).toEqual([
      '2.1.1',
      '2.1.2',
      '2.1.3',
      '2.2.1',
      '2.3.2',
      '2.4.1',
      '2.5.1',
    ]);
    expect((await science.get('/api/tasks/2.2.2')).status).toBe(404);
  });
});

describe('progress reports: a department reports only on its own tasks; the province reviews', () => {
  let reportId = '';

  it('省科技厅 reports on 2.1.1 (201) but not on 2.2.2 (404, not its task); a city bureau and the province administrator may not report (403)', async () => {
    expect((await science.post('/api/tasks/2.2.2/reports', report('2025-H2'))).status).toBe(404);
    expect((await weifang.post('/api/tasks/2.1.1/reports', report('2025-H2'))).status).toBe(403);
    expect((await province.post('/api/tasks/2.1.1/reports', report('2025-H2'))).status).toBe(403);
    const created = await science.post('/api/tasks/2.1.1/reports', report('2025-H2'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      taskCode: '2.1.1',
      departmentCode: 'dept-sti',
      period: '2025-H2',
      status: 'submitted',
      dueOn: '2026-01-15',
      isLate: true,
      version: 1,
    });
    reportId = created.body.id;
  });

  it('a department cannot review (403); the province returns it with a reason, the department resubmits, the province accepts; an accepted report is locked (423)', async () => {
    expect(
      (await science.post(`/api/tasks/reports/${reportId}/review`, { decision: 'accept', version: 1 }))
        .status,
    ).toBe(403);
    expect(
      (await province.post(`/api/tasks/reports/${reportId}/review`, { decision: 'return', version: 1 }))
        .status,
    ).toBe(400);
    const returned = await province.post(`/api/tasks/reports/${reportId}/review`, {
      decision: 'return',
      reason: '请补充研发投入数据',
      version: 1,
    });
    expect(returned.body).toMatchObject({
      status: 'returned',
      returnReason: '请补充研发投入数据',
      version: 2,
    });
    const resubmitted = await science.post(
      '/api/tasks/2.1.1/reports',
      report('2025-H2', '已补充：研发投入 12 亿元。'),
    );
    expect(resubmitted.body).toMatchObject({
      id: reportId,
      status: 'submitted',
      returnReason: null,
      version: 3,
    });
    expect(
      (await province.post(`/api/tasks/reports/${reportId}/review`, { decision: 'accept', version: 2 }))
        .status,
    ).toBe(409);
    const accepted = await province.post(`/api/tasks/reports/${reportId}/review`, {
      decision: 'accept',
      version: 3,
    });
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 4 });
    expect((await science.post('/api/tasks/2.1.1/reports', report('2025-H2'))).status).toBe(423);
  });
});

describe('evidence', () => {
  it('a report carries attachments its department uploaded; an unknown or foreign attachment is 404', async () => {
    const boundary = '----qunce-tasks-test';
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...scienceSession.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="进展.txt"\r\nContent-Type: text/plain\r\n\r\n`,
        ),
        Buffer.from('2.2.1 上半年进展：新增首台套 4 项。'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(upload.statusCode).toBe(201);
    const attachmentId = upload.json().id;
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await science.post('/api/tasks/2.2.1/reports', { ...report('2025-H1'), attachmentIds: [unknown] }))
        .status,
    ).toBe(404);
    const ok = await science.post('/api/tasks/2.2.1/reports', {
      ...report('2025-H1'),
      attachmentIds: [attachmentId],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.attachmentIds).toEqual([attachmentId]);
  });
});

describe('duties, overdue flags and the to-do list', () => {
  it('scheduling 2025 creates two half-year reports per (task, provincial department) + 2.5.1 activity + 3.1 plan + 2 meetings; again creates none', async () => {
    const tasks = (await province.get('/api/tasks')).body.items as TaskView[];
    const pairs = tasks.reduce(
      (n, x) => n + x.departmentCodes.filter((c) => c.startsWith('dept-')).length,
      0,
    );
    const first = await province.post('/api/tasks/duties/schedule', { year: 2025 });
    expect(first.body.created).toBe(2 * pairs + 1 + 1 + 2);
    expect((await province.post('/api/tasks/duties/schedule', { year: 2025 })).body.created).toBe(0);
    expect((await science.post('/api/tasks/duties/schedule', { year: 2025 })).status).toBe(403);
  });

  it('on 2026-03-02 省科技厅’s 2.1.1 2025-H2 report (accepted) is not overdue, its 2.1.2 2025-H2 report (due 2026-01-15, none) is', async () => {
    const duties = (await science.get('/api/tasks/duties')).body.items as TaskDutyView[];
    expect(new Set(duties.map((d) => d.departmentCode))).toEqual(new Set(['dept-sti']));
    const of = (task: string, period: string) =>
      duties.find((d) => d.taskCode === task && d.period === period && d.kind === 'progress_report');
    expect(of('2.1.1', '2025-H2')).toMatchObject({ reportStatus: 'accepted', isOverdue: false });
    expect(of('2.1.2', '2025-H2')).toMatchObject({
      reportStatus: null,
      dueOn: '2026-01-15',
      isOverdue: true,
    });
  });

  it('to-do: the department’s open duties (overdue first by due date); the province’s reviews and overdue duties', async () => {
    const mine = (await science.get('/api/tasks/todo')).body as TodoResponse;
    expect(mine.date).toBe('2026-03-02');
    expect(mine.items.every((i) => i.kind === 'duty' && i.duty?.departmentCode === 'dept-sti')).toBe(true);
    expect(mine.items.some((i) => i.duty?.taskCode === '2.1.1' && i.duty.period === '2025-H2')).toBe(false);
    expect(
      mine.items.find((i) => i.duty?.taskCode === '2.1.2' && i.duty.period === '2025-H2')?.isOverdue,
    ).toBe(true);
    await science.post('/api/tasks/2.1.3/reports', report('2025-H2'));
    const theirs = (await province.get('/api/tasks/todo')).body as TodoResponse;
    const reviews = theirs.items.filter((i) => i.kind === 'review');
    expect(reviews.map((i) => i.report?.taskCode)).toEqual(['2.2.1', '2.1.3']); // by due date: 2025-H1, then 2025-H2
    expect(theirs.items.filter((i) => i.kind === 'duty').every((i) => i.isOverdue)).toBe(true);
  });

  it('the 2.5.1 cooperation activity is done when recorded; a report duty cannot be ticked off (422)', async () => {
    const all = (await province.get('/api/tasks/duties')).body.items as TaskDutyView[];
    const activity = all.find((d) => d.kind === 'cooperation_activity' && d.period === '2025');
    expect(activity).toMatchObject({
      taskCode: '2.5.1',
      departmentCode: 'dept-miit',
      dueOn: '2025-12-31',
      isOverdue: true,
    });
    const done = await province.post(`/api/tasks/duties/${activity?.id}/complete`, {
      completedOn: '2025-11-20',
    });
    expect(done.status).toBe(204);
    const after = (await province.get('/api/tasks/duties')).body.items as TaskDutyView[];
    expect(after.find((d) => d.id === activity?.id)).toMatchObject({
      completedOn: '2025-11-20',
      isOverdue: false,
    });
    const reportDuty = after.find((d) => d.kind === 'progress_report');
    expect(
      (await province.post(`/api/tasks/duties/${reportDuty?.id}/complete`, { completedOn: '2025-11-20' }))
        .status,
    ).toBe(422);
  });
});
