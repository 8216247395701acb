import type { UserView } from '@qunce/core/auth';
import { createUserRequestSchema, permissionsOf, roleCodes, roles } from '@qunce/core/auth';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { sessionFor } from '../../test/session-fixture.ts';

const cityUser: UserView = {
  id: 'u-7',
  username: 'weifang.city',
  displayName: '潍坊市工信局',
  roles: ['city'],
  organisation: {
    code: 'city-370700',
    name: '潍坊市工业和信息化局',
    nameEn: 'Weifang Bureau of Industry and Information Technology',
    type: 'city',
  },
  mustChangePassword: false,
  isLocked: false,
  lockedUntil: null,
  failedLoginCount: 0,
  isBuiltIn: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
/** A button by its label (antd spaces two-character Chinese labels: "编 辑"). */
const buttonNamed = (name: string) =>
  screen.queryAllByRole('button').find((button) => button.textContent?.replace(/\s/g, '') === name);
/** The "确定" button of the open Popconfirm (antd spaces two-character Chinese labels: "确 定"). */
const confirmButton = () =>
  waitFor(() => {
    const button = screen
      .getAllByRole('button')
      .find((candidate) => candidate.textContent?.replace(/\s/g, '') === '确定');
    if (!button) throw new Error('no confirm button');
    return button;
  });
const rolesBody = {
  items: roleCodes.map((code) => ({ ...roles[code], permissions: permissionsOf([code]) })),
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('users and roles', () => {
  it('the system administrator manages accounts but cannot assign roles or lock', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('system_admin')),
      'GET /api/users': () => json(200, { items: [cityUser] }),
      'GET /api/roles': () => json(200, rolesBody),
      'POST /api/users/u-7/reset-password': () => json(200, { initialPassword: 'Tmp-Pass-123!' }),
    });
    renderApp('/admin');
    expect(await screen.findByText('weifang.city')).toBeTruthy();
    expect(await screen.findByText('市工信局')).toBeTruthy();
    expect(buttonNamed('新建用户')).toBeDefined();
    expect(buttonNamed('编辑')).toBeDefined();
    expect(buttonNamed('分配角色')).toBeUndefined();
    expect(buttonNamed('锁定')).toBeUndefined();
    fireEvent.click(buttonNamed('重置密码') ?? document.body);
    fireEvent.click(await confirmButton());
    expect(await screen.findByText('Tmp-Pass-123!')).toBeTruthy();
    const reset = requests.find((r) => r.path === '/api/users/u-7/reset-password');
    expect(reset?.headers['x-csrf-token']).toBeDefined();
  });

  it('the security administrator assigns roles and locks, and creates no accounts', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('security_admin')),
      'GET /api/users': () => json(200, { items: [cityUser] }),
      'GET /api/roles': () => json(200, rolesBody),
      'POST /api/users/u-7/lock': () => json(200, { ...cityUser, isLocked: true }),
    });
    renderApp('/admin');
    expect(await screen.findByText('weifang.city')).toBeTruthy();
    expect(buttonNamed('新建用户')).toBeUndefined();
    expect(buttonNamed('重置密码')).toBeUndefined();
    expect(buttonNamed('分配角色')).toBeDefined();
    fireEvent.click(buttonNamed('锁定') ?? document.body);
    fireEvent.click(await confirmButton());
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.path === '/api/users/u-7/lock')).toBe(true),
    );
  });

  it('creates an account with one role and shows the generated password once', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('system_admin')),
      'GET /api/users': () => json(200, { items: [] }),
      'GET /api/roles': () => json(200, rolesBody),
      'POST /api/users': () => json(201, { user: cityUser, initialPassword: 'Gen-Pass-456!' }),
    });
    renderApp('/admin');
    expect(await screen.findByText('暂无用户')).toBeTruthy();
    fireEvent.click(buttonNamed('新建用户') ?? document.body);
    const dialog = within(await screen.findByRole('dialog', { name: '新建用户' }));
    fireEvent.change(dialog.getByLabelText('用户名'), { target: { value: 'weifang.city' } });
    fireEvent.change(dialog.getByLabelText('姓名'), { target: { value: '潍坊市工信局' } });
    fireEvent.mouseDown(dialog.getByLabelText('角色'));
    const options = await screen.findAllByText('市工信局');
    fireEvent.click(options.at(-1) ?? document.body);
    fireEvent.click(buttonNamed('保存') ?? document.body);
    expect(await screen.findByText('Gen-Pass-456!')).toBeTruthy();
    const body = requests.find((r) => r.method === 'POST' && r.path === '/api/users')?.body;
    expect(createUserRequestSchema.parse(body)).toEqual({
      username: 'weifang.city',
      displayName: '潍坊市工信局',
      roles: ['city'],
    });
  });

  it('shows the server’s error with retry', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('system_admin')),
      'GET /api/users': () => json(500, errorBody('internal', '数据库不可用 / database unavailable')),
      'GET /api/roles': () => json(200, rolesBody),
    });
    renderApp('/admin');
    expect(await screen.findByText('数据加载失败：数据库不可用')).toBeTruthy();
  });
});
