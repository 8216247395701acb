import type { AuditEntryView } from '@qunce/core/auth';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { sessionFor } from '../../test/session-fixture.ts';
import { auditQuery } from './audit-page.tsx';

const entry: AuditEntryView = {
  seq: 42,
  at: '2026-11-27T08:00:00.000Z',
  actorId: 'u-1',
  actorName: 'secadmin',
  action: 'users.lock',
  entityType: 'user',
  entityId: 'u-7',
  before: { isLocked: false },
  after: { isLocked: true },
  ip: '10.0.0.8',
  outcome: 'success',
  hash: 'abc123',
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('audit log', () => {
  it('lists the trail and shows a row’s before and after in a drawer', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('auditor')),
      'GET /api/audit': () => json(200, { items: [entry], nextBeforeSeq: 42 }),
    });
    renderApp('/audit');
    expect(await screen.findByText('users.lock')).toBeTruthy();
    expect(screen.getByText('secadmin')).toBeTruthy();
    expect(screen.getByText('10.0.0.8')).toBeTruthy();
    expect(screen.getByText('第 1 页')).toBeTruthy();
    fireEvent.click(screen.getByText('users.lock'));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('审计记录 #42')).toBeTruthy();
    expect(within(drawer).getByText(/"isLocked": false/)).toBeTruthy();
    expect(within(drawer).getByText(/"isLocked": true/)).toBeTruthy();
  });

  it('shows the server’s error with retry', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('auditor')),
      'GET /api/audit': () => json(500, errorBody('internal', '数据库不可用 / database unavailable')),
    });
    renderApp('/audit');
    expect(await screen.findByText('数据加载失败：数据库不可用')).toBeTruthy();
  });

  it('others get 403 before any request for the trail', async () => {
    const { requests } = stubHttp({ 'GET /api/auth/me': () => json(200, sessionFor('system_admin')) });
    renderApp('/audit');
    expect(await screen.findByText('无权访问')).toBeTruthy();
    expect(requests.some((r) => r.path === '/api/audit')).toBe(false);
  });

  it('puts the filters and the cursor in the query', () => {
    expect(auditQuery({ actorName: 'secadmin', outcome: 'denied' }, 42)).toBe(
      '?actorName=secadmin&outcome=denied&beforeSeq=42&limit=50',
    );
    expect(auditQuery({}, undefined)).toBe('?limit=50');
  });
});
