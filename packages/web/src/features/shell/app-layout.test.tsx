import type { Me } from '@qunce/core';
import { permissionsOf } from '@qunce/core';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRequest } from '../../api/client.ts';
import { localeStorageKey } from '../../i18n/locale-context.tsx';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';

function sessionFor(role: string, displayName: string): { user: Me; csrfToken: string } {
  return {
    user: {
      id: `u-${role}`,
      username: role,
      displayName,
      roles: [role],
      permissions: permissionsOf([role]),
      organisation: null,
      scope: { kind: 'none' },
      mustChangePassword: false,
    },
    csrfToken: 'csrf-layout',
  };
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('signed-in layout', () => {
  it('the auditor lands on the to-do page, sees only to-do and audit, and no organisation', async () => {
    stubHttp({ 'GET /api/auth/me': () => json(200, sessionFor('auditor', '审计管理员')) });
    const { router } = renderApp('/');
    await waitFor(() => expect(router.state.location.pathname).toBe('/todo'));
    expect(await screen.findByText('审计管理员')).toBeTruthy();
    expect(screen.getByText('未关联单位')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect([...nav.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent)).toEqual([
      '待办',
      '审计',
    ]);
  });

  it('a page outside the role shows 403; an unknown address shows 404', async () => {
    stubHttp({ 'GET /api/auth/me': () => json(200, sessionFor('system_admin', '系统管理员')) });
    const { router } = renderApp('/clusters');
    expect(await screen.findByText('无权访问')).toBeTruthy();
    await router.navigate('/no-such-page');
    expect(await screen.findByText('页面不存在')).toBeTruthy();
  });

  it('a 401 from any API call (session expired) goes to /login?next= the current address', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin', '省级管理员演示')),
      'GET /api/clusters': () => json(401, errorBody('unauthenticated', '会话已过期 / session expired')),
    });
    // A page that makes no request of its own, so that only the call below answers 401.
    const { router } = renderApp('/no-such-page');
    expect(await screen.findByText('页面不存在')).toBeTruthy();
    await expect(apiRequest('/api/clusters')).rejects.toMatchObject({ status: 401 });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fno-such-page');
    expect(await screen.findByRole('heading', { name: '登录' })).toBeTruthy();
  });

  it('sign out calls the API with the CSRF header and returns to plain /login', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city', '演示·潍坊市工信局')),
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    const { router } = renderApp('/enterprises');
    fireEvent.click(await screen.findByRole('button', { name: /退出登录/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('');
    const logout = requests.find((request) => request.path === '/api/auth/logout');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-layout');
  });

  it("shows the organisation's English name in English and its Chinese name in Chinese", async () => {
    const session = sessionFor('city', '演示·潍坊市工信局');
    session.user.organisation = {
      code: 'city-370700',
      name: '潍坊市工业和信息化局',
      nameEn: 'Weifang Bureau of Industry and Information Technology',
      type: 'city',
    };
    stubHttp({ 'GET /api/auth/me': () => json(200, session) });
    localStorage.setItem(localeStorageKey, 'en');
    renderApp('/no-such-page');
    expect((await screen.findByTestId('user-organisation')).textContent).toBe(
      'Weifang Bureau of Industry and Information Technology',
    );
    cleanup();
    localStorage.setItem(localeStorageKey, 'zh-CN');
    renderApp('/no-such-page');
    expect((await screen.findByTestId('user-organisation')).textContent).toBe('潍坊市工业和信息化局');
  });
});
