import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  buildIdentityTestApp,
  buildUser,
  demoPassword,
  type IdentityTestApp,
  login,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';

let t: IdentityTestApp;
beforeAll(async () => {
  t = await buildIdentityTestApp();
});
afterAll(async () => {
  await t.close();
});

async function lastAudit(action?: string) {
  const rows = await t.database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(50);
  return action ? rows.find((row) => row.action === action) : rows[0];
}

describe('login, me, logout', () => {
  it('signs in demo-city: Me with role, permissions, organisation and city scope; cookies httpOnly + SameSite=Strict', async () => {
    const response = await login(t.app, 'demo-city', demoPassword);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({
      username: 'demo-city',
      roles: ['city'],
      organisation: {
        code: 'city-370700',
        name: '潍坊市工业和信息化局',
        nameEn: 'Weifang Bureau of Industry and Information Technology',
        type: 'city',
      },
      scope: { kind: 'city', cityCodes: ['370700'] },
      mustChangePassword: false,
    });
    expect(body.user.permissions).toContain('data.submit');
    const session = response.cookies.find((c) => c.name === 'qunce_session');
    const csrf = response.cookies.find((c) => c.name === 'qunce_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toBe(body.csrfToken);
    expect((await lastAudit('auth.login'))?.actorName).toBe('demo-city');
  });

  it('marks cookies Secure when QUNCE_COOKIE_SECURE=true', async () => {
    const secure = await buildIdentityTestApp({ cookieSecure: true });
    try {
      const response = await login(secure.app, 'demo-city', demoPassword);
      expect(response.cookies.every((c) => c.secure === true)).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('GET /api/auth/me answers the signed-in user and 401 without a session', async () => {
    const session = await signIn(t.app, 'demo-department');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.scope).toEqual({ kind: 'department', departmentCode: 'dept-sti' });
    expect(me.json().csrfToken).toBe(session.csrfToken);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
  });

  it('logout ends the session (204, audited); the old cookie then gets 401', async () => {
    const session = await signIn(t.app, 'demo-province');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(204);
    expect((await lastAudit())?.action).toBe('auth.logout');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(401);
  });

  it('wrong password and unknown user get the same 401 message; both are audited as failures', async () => {
    const wrong = await login(t.app, 'demo-expert', 'Not-the-password-1');
    const unknown = await login(t.app, 'nobody-here', 'Not-the-password-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const failure = await lastAudit('auth.login_failed');
    expect(failure).toMatchObject({
      actorName: 'nobody-here',
      outcome: 'failure',
      after: { reason: 'unknown_user' },
    });
    // A success resets the consecutive-failure count.
    expect((await login(t.app, 'demo-expert', demoPassword)).statusCode).toBe(200);
  });

  it('signing in again with a session cookie (even one held to a password change) replaces that session', async () => {
    const user = await buildUser(t, { username: 'relogin', role: 'expert', mustChangePassword: true });
    const first = await signIn(t.app, user.username, user.password);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: first.cookie },
      payload: { username: 'demo-expert', password: demoPassword },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().user.username).toBe('demo-expert');
    const old = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } });
    expect(old.statusCode).toBe(401);
  });

  it('usernames are case-insensitive', async () => {
    expect((await login(t.app, 'Demo-Cluster', demoPassword)).statusCode).toBe(200);
  });
});

describe('lockout: five consecutive failures lock for 15 minutes', () => {
  it('failures 1–4 → 401, 5 → 423 with lockedUntil = now + 15 min; correct password still 423 at +14 min; 200 at +16 min', async () => {
    const user = await buildUser(t, { username: 'lock-me', role: 'city', organisationCode: 'city-370100' });
    const start = t.clock.now();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(t.app, user.username, 'Wrong-Passw0rd!')).statusCode).toBe(401);
    }
    const fifth = await login(t.app, user.username, 'Wrong-Passw0rd!');
    expect(fifth.statusCode).toBe(423);
    const lockedUntil = new Date(start.getTime() + 15 * 60_000).toISOString();
    expect(fifth.json().error).toMatchObject({ code: 'locked', details: { lockedUntil } });
    expect(fifth.json().error.message).toContain(lockedUntil);
    expect((await lastAudit('auth.locked'))?.entityId).toBe(user.id);

    t.clock.advanceMinutes(14);
    expect((await login(t.app, user.username, user.password)).statusCode).toBe(423);
    t.clock.advanceMinutes(2);
    expect((await login(t.app, user.username, user.password)).statusCode).toBe(200);
  });

  it('an account locked by the security administrator stays locked (423, lockedUntil null) until unlocked', async () => {
    const user = await buildUser(t, {
      username: 'manual-lock',
      role: 'city',
      organisationCode: 'city-370200',
    });
    const sec = await signIn(t.app, 'secadmin', adminPassword);
    const lock = await t.app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/lock`,
      headers: sec.headers,
    });
    expect(lock.statusCode).toBe(200);
    const refused = await login(t.app, user.username, user.password);
    expect(refused.statusCode).toBe(423);
    expect(refused.json().error.details).toEqual({ lockedUntil: null });
    t.clock.advanceMinutes(60);
    expect((await login(t.app, user.username, user.password)).statusCode).toBe(423);
    const sec2 = await signIn(t.app, 'secadmin', adminPassword);
    await t.app.inject({ method: 'POST', url: `/api/users/${user.id}/unlock`, headers: sec2.headers });
    expect((await login(t.app, user.username, user.password)).statusCode).toBe(200);
  });
});

describe('sessions expire after 30 idle minutes (sliding)', () => {
  it('29 + 29 minutes with a request in between stays signed in; 31 idle minutes → 401', async () => {
    const session = await signIn(t.app, 'demo-city');
    const me = () =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    t.clock.advanceMinutes(29);
    expect((await me()).statusCode).toBe(200);
    t.clock.advanceMinutes(29);
    expect((await me()).statusCode).toBe(200);
    t.clock.advanceMinutes(31);
    expect((await me()).statusCode).toBe(401);
    // Gone for good, even if time went back.
    expect((await me()).statusCode).toBe(401);
  });
});

describe('QUNCE_SESSION_IDLE_MINUTES', () => {
  it('5 idle minutes configured: 5 minutes idle still signed in, 6 → 401', async () => {
    const short = await buildIdentityTestApp({ sessionIdleMinutes: 5 });
    try {
      const session = await signIn(short.app, 'demo-city');
      const me = () =>
        short.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
      short.clock.advanceMinutes(5);
      expect((await me()).statusCode).toBe(200);
      short.clock.advanceMinutes(6);
      expect((await me()).statusCode).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('CSRF', () => {
  it('a state-changing request with the session cookie but without the token → 403 reason csrf, audited', async () => {
    const session = await signIn(t.app, 'demo-province');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toMatchObject({ code: 'forbidden', details: { reason: 'csrf' } });
    const denial = await lastAudit('access.denied');
    expect(denial).toMatchObject({
      actorName: 'demo-province',
      entityId: 'POST /api/auth/logout',
      outcome: 'denied',
      after: { reason: 'csrf' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken}x` },
      payload: { code: 'csrf-org', name: '测试组织', regionCode: '370700' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.details).toEqual({ reason: 'csrf' });
    // Still signed in: the refusal changed nothing.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
  });
});

describe('password change', () => {
  it('a user with mustChangePassword can only read me, log out or change the password (403 otherwise)', async () => {
    const user = await buildUser(t, {
      username: 'fresh-user',
      role: 'province_admin',
      organisationCode: 'dept-miit',
      mustChangePassword: true,
    });
    const session = await signIn(t.app, user.username, user.password);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/organisations',
      headers: { cookie: session.cookie },
    });
    expect(list.statusCode).toBe(403);
    expect(list.json().error.details).toEqual({ reason: 'password_change_required' });

    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: session.headers,
      payload: { currentPassword: user.password, newPassword: 'short1A' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.issues[0].field).toBe('body.newPassword');

    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: session.headers,
      payload: { currentPassword: 'Not-it-at-all-1', newPassword: 'Brand-New-Passw0rd' },
    });
    expect(wrongCurrent.statusCode).toBe(401);

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: session.headers,
      payload: { currentPassword: user.password, newPassword: 'Brand-New-Passw0rd' },
    });
    expect(changed.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/organisations',
      headers: { cookie: session.cookie },
    });
    expect(after.statusCode).toBe(200);
    expect((await login(t.app, user.username, user.password)).statusCode).toBe(401);
    expect((await login(t.app, user.username, 'Brand-New-Passw0rd')).statusCode).toBe(200);
  });
});

describe('bad input → 400 naming the field, never a stack trace', () => {
  it('malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "demo-city", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
    expect(response.body).not.toContain('at ');
  });

  it('unknown field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'demo-city', password: demoPassword, remember: true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe('body.remember');
    expect(response.json().error.message).toContain('body.remember');
  });

  it('a schema message written "中文 / English" gives each language its half, with the field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'demo-city', password: demoPassword, remember: true },
    });
    // The unknown-field message is "未知字段 / unknown field \"remember\"".
    expect(response.json().error.message).toBe(
      '字段 body.remember 无效：未知字段 / invalid field body.remember: unknown field "remember"',
    );
  });

  it('wrong type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 42, password: demoPassword },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe('body.username');
  });
});
