import type { Me } from '@qunce/core';
import { permissionsOf } from '@qunce/core';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';

beforeAll(() => {
  // Lock-out times are shown in local time; fix the zone so "2026-11-27T23:45:00Z" reads 23:45.
  process.env.TZ = 'UTC';
});

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function buildMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'u-1',
    username: 'demo-city',
    displayName: '潍坊市工信局演示用户',
    roles: ['city'],
    permissions: permissionsOf(['city']),
    organisation: {
      code: 'city-370700',
      name: '潍坊市工业和信息化局',
      nameEn: 'Weifang Bureau of Industry and Information Technology',
      type: 'city',
    },
    scope: { kind: 'city', cityCodes: ['370700'] },
    mustChangePassword: false,
    ...overrides,
  };
}

const signedOut = () => json(401, errorBody('unauthenticated', '请先登录 / sign in first'));

async function fillAndSubmit(username: string, password: string) {
  fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('login page', () => {
  it('names both fields when they are left empty and sends nothing', async () => {
    const { requests } = stubHttp({ 'GET /api/auth/me': signedOut });
    renderApp('/login');
    fireEvent.click(await screen.findByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(await screen.findByText('请输入密码')).toBeTruthy();
    expect(requests.filter((r) => r.path === '/api/auth/login')).toEqual([]);
  });

  it('a signed-out visit to a bookmarked page lands on /login?next= with a notice', async () => {
    stubHttp({ 'GET /api/auth/me': signedOut });
    const { router } = renderApp('/clusters');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fclusters');
    expect(await screen.findByText('会话已过期或尚未登录，请重新登录。')).toBeTruthy();
  });

  it('401: says the username or password is wrong, and sends what was typed', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () =>
        json(401, errorBody('unauthenticated', '用户名或密码错误 / wrong username or password')),
    });
    renderApp('/login');
    await fillAndSubmit(' demo-city ', 'wrong-password');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('用户名或密码错误');
    expect(requests.find((r) => r.path === '/api/auth/login')?.body).toEqual({
      username: 'demo-city',
      password: 'wrong-password',
    });
  });

  it('423: says the account is locked and until when (lockedUntil 2026-11-27T23:45:00Z → 23:45 UTC)', async () => {
    stubHttp({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () =>
        json(
          423,
          errorBody('locked', '账号已锁定 / account locked', { lockedUntil: '2026-11-27T23:45:00.000Z' }),
        ),
    });
    renderApp('/login');
    await fillAndSubmit('demo-city', 'whatever-123');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('请于 2026-11-27 23:45 之后再试');
  });

  it('423 locked by an administrator (lockedUntil null): says locked, without a time', async () => {
    stubHttp({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () =>
        json(423, errorBody('locked', '账号已锁定 / account locked', { lockedUntil: null })),
    });
    renderApp('/login');
    await fillAndSubmit('demo-city', 'whatever-123');
    expect((await screen.findByRole('alert')).textContent).toContain('已被暂时锁定');
  });

  it('success: goes to the page asked for, inside the layout with the user and their organisation', async () => {
    stubHttp({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () => json(200, { user: buildMe(), csrfToken: 'csrf-1' }),
    });
    const { router } = renderApp('/login?next=%2Fcollection');
    await fillAndSubmit('demo-city', 'Correct-Horse-1');
    await waitFor(() => expect(router.state.location.pathname).toBe('/collection'));
    expect(await screen.findByText('潍坊市工信局演示用户')).toBeTruthy();
    expect(screen.getByText('潍坊市工业和信息化局')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: '数据报送' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect(nav.textContent).toContain('数据采集');
    expect(nav.textContent).not.toContain('审计');
    expect(nav.textContent).not.toContain('系统管理');
  });

  it('mustChangePassword: shows the new-password form and checks the policy before sending', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () =>
        json(200, { user: buildMe({ mustChangePassword: true }), csrfToken: 'csrf-1' }),
    });
    renderApp('/login');
    await fillAndSubmit('demo-city', 'Generated-Pass-9');
    expect(await screen.findByRole('heading', { name: '设置新密码' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'Generated-Pass-9' } });
    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'short' } });
    fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'different' } });
    fireEvent.click(screen.getByRole('button', { name: '保存并继续' }));
    expect(await screen.findByText(/密码至少 10 个字符/)).toBeTruthy();
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    expect(requests.filter((r) => r.path === '/api/auth/change-password')).toEqual([]);
  });
});
