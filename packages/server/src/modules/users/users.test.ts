import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  buildIdentityTestApp,
  type IdentityTestApp,
  login,
  type Session,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';

let t: IdentityTestApp;
let admin: Session;
let secadmin: Session;
beforeAll(async () => {
  t = await buildIdentityTestApp();
  admin = await signIn(t.app, 'admin', adminPassword);
  secadmin = await signIn(t.app, 'secadmin', adminPassword);
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, session: Session, payload: unknown = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: session.headers,
    payload: payload as Record<string, unknown>,
  });

describe('accounts (system administrator)', () => {
  it('admin creates a city user without a password: one is generated, returned once, and must be changed', async () => {
    const response = await post('/api/users', admin, {
      username: 'Zibo.Bureau',
      displayName: '淄博市工信局',
      roles: ['city'],
      organisationCode: 'city-370300',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({
      username: 'zibo.bureau',
      roles: ['city'],
      organisation: { code: 'city-370300', type: 'city' },
      mustChangePassword: true,
      isLocked: false,
    });
    expect(body.initialPassword).toMatch(/^.{16}$/);
    const me = await login(t.app, 'zibo.bureau', body.initialPassword);
    expect(me.json().user.mustChangePassword).toBe(true);
    const [audited] = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, body.user.id));
    expect(audited).toMatchObject({ action: 'user.created', actorName: 'admin' });
    expect(JSON.stringify(audited?.after)).not.toContain('argon2');
  });

  it('refuses a role that does not fit the organisation (422), a taken username (409), a weak password (400)', async () => {
    const misfit = await post('/api/users', admin, {
      username: 'misfit',
      displayName: 'x',
      roles: ['city'],
      organisationCode: 'dept-sti',
    });
    expect(misfit.statusCode).toBe(422);
    const taken = await post('/api/users', admin, {
      username: 'demo-city',
      displayName: 'x',
      roles: ['city'],
      organisationCode: 'city-370700',
    });
    expect(taken.statusCode).toBe(409);
    const weak = await post('/api/users', admin, {
      username: 'weakling',
      displayName: 'x',
      roles: ['expert'],
      password: 'password',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.issues[0].field).toBe('body.password');
  });

  it('system roles cannot be granted over HTTP, not even by admin (403)', async () => {
    const response = await post('/api/users', admin, {
      username: 'second-admin',
      displayName: 'x',
      roles: ['system_admin'],
    });
    expect(response.statusCode).toBe(403);
  });

  it('admin cannot lock accounts or assign roles: that is the security administrator’s (403)', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin.cookie } });
    const demoCity = list.json().items.find((u: { username: string }) => u.username === 'demo-city');
    expect((await post(`/api/users/${demoCity.id}/lock`, admin)).statusCode).toBe(403);
    const roles = await t.app.inject({
      method: 'PUT',
      url: `/api/users/${demoCity.id}/roles`,
      headers: admin.headers,
      payload: { roles: ['province_admin'] },
    });
    expect(roles.statusCode).toBe(403);
  });

  it('admin resets a password: the old one stops working, the new one must be changed', async () => {
    const created = await post('/api/users', admin, {
      username: 'reset-me',
      displayName: 'x',
      roles: ['expert'],
      password: 'First-Passw0rd!',
    });
    const id = created.json().user.id;
    const reset = await post(`/api/users/${id}/reset-password`, admin, {});
    expect(reset.statusCode).toBe(200);
    const { initialPassword } = reset.json();
    expect((await login(t.app, 'reset-me', 'First-Passw0rd!')).statusCode).toBe(401);
    const fresh = await login(t.app, 'reset-me', initialPassword);
    expect(fresh.json().user.mustChangePassword).toBe(true);
  });

  it('404 for an unknown user id', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/users/00000000-0000-0000-0000-000000000000',
      headers: { cookie: admin.cookie },
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('roles and lockouts (security administrator)', () => {
  it('secadmin changes a business role; the user’s sessions end and their new Me has the new scope', async () => {
    const created = await post('/api/users', admin, {
      username: 'role-change',
      displayName: 'x',
      roles: ['province_admin'],
      organisationCode: 'dept-miit',
      password: 'Role-Passw0rd!',
    });
    const id = created.json().user.id;
    // The admin-set password must be changed before anything else; change it, then sign in.
    const first = await signIn(t.app, 'role-change', 'Role-Passw0rd!');
    await post('/api/auth/change-password', first, {
      currentPassword: 'Role-Passw0rd!',
      newPassword: 'Role-Passw0rd-2',
    });
    const session = await signIn(t.app, 'role-change', 'Role-Passw0rd-2');

    const response = await t.app.inject({
      method: 'PUT',
      url: `/api/users/${id}/roles`,
      headers: secadmin.headers,
      payload: { roles: ['department'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().roles).toEqual(['department']);
    const old = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(old.statusCode).toBe(401);
    const again = await login(t.app, 'role-change', 'Role-Passw0rd-2');
    expect(again.json().user.scope).toEqual({ kind: 'department', departmentCode: 'dept-miit' });
  });

  it('secadmin cannot create accounts or read business data (403); lists roles with their permissions', async () => {
    const create = await post('/api/users', secadmin, {
      username: 'nope',
      displayName: 'x',
      roles: ['expert'],
    });
    expect(create.statusCode).toBe(403);
    const orgs = await t.app.inject({
      method: 'GET',
      url: '/api/organisations',
      headers: { cookie: secadmin.cookie },
    });
    expect(orgs.statusCode).toBe(403);
    const roles = await t.app.inject({
      method: 'GET',
      url: '/api/roles',
      headers: { cookie: secadmin.cookie },
    });
    expect(roles.statusCode).toBe(200);
    const auditorRole = roles.json().items.find((r: { code: string }) => r.code === 'auditor');
    expect(auditorRole).toMatchObject({ isSystem: true, scopeKind: 'none', permissions: ['audit.read'] });
  });

  it('secadmin unlocks an account locked by failed logins before the 15 minutes are over', async () => {
    await post('/api/users', admin, {
      username: 'unlock-early',
      displayName: 'x',
      roles: ['expert'],
      password: 'Unlock-Passw0rd!',
    });
    for (let i = 0; i < 5; i++) await login(t.app, 'unlock-early', 'Wrong-Passw0rd!');
    expect((await login(t.app, 'unlock-early', 'Unlock-Passw0rd!')).statusCode).toBe(423);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { cookie: secadmin.cookie },
    });
    const user = list.json().items.find((u: { username: string }) => u.username === 'unlock-early');
    expect(user.lockedUntil).not.toBeNull();
    const unlocked = await post(`/api/users/${user.id}/unlock`, secadmin);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({ isLocked: false, lockedUntil: null, failedLoginCount: 0 });
    expect((await login(t.app, 'unlock-early', 'Unlock-Passw0rd!')).statusCode).toBe(200);
  });

  it('400 naming the field for an unknown role code and for unknown fields', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: `/api/users/${admin.userId}/roles`,
      headers: secadmin.headers,
      payload: { roles: ['overlord'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toMatch(/^body\.roles/);
    const extra = await post(`/api/users/${admin.userId}/unlock`, secadmin, { force: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.body).toContain('force');
    const bare = await t.app.inject({
      method: 'POST',
      url: `/api/users/${admin.userId}/unlock`,
      headers: secadmin.headers,
    });
    expect(bare.statusCode).toBe(200);
  });
});
