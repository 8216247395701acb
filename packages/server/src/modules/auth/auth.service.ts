import { createHash, randomBytes } from 'node:crypto';
import {
  AppError,
  checkPasswordPolicy,
  type Me,
  type OrganisationType,
  permissionsOf,
  type Scope,
  scopeKindOf,
} from '@qunce/core';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import {
  deleteIdleSessions,
  deleteSession,
  deleteSessionsOfUser,
  findOrganisation,
  findSession,
  findUserById,
  findUserByUsername,
  incrementFailedLogins,
  insertSession,
  listClusterCodesOfOrganisation,
  listRoleCodesOfUser,
  touchSession,
  updateUser,
} from './auth.repository.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';

/** The signed-in user on a request: what the web app sees, plus the session it came with. */
export type SessionUser = Me & { sessionId: string; csrfToken: string };

export const maxFailedLogins = 5;
export const lockoutMinutes = 15;
/** lastSeenAt is written at most once a minute, so idle expiry is exact to within a minute. */
const touchIntervalMs = 60_000;

const invalidCredentials = () =>
  new AppError('unauthenticated', '用户名或密码错误 / wrong username or password');

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function lockedError(lockedUntil: Date | null): AppError {
  if (!lockedUntil) {
    return new AppError('locked', '账户已被管理员锁定 / the account has been locked by an administrator', {
      lockedUntil: null,
    });
  }
  const until = lockedUntil.toISOString();
  return new AppError(
    'locked',
    `登录失败次数过多，账户锁定至 ${until} / too many failed logins: the account is locked until ${until}`,
    { lockedUntil: until },
  );
}

/** The Me view of a user: roles, permissions, organisation and scope. */
export async function buildMe(db: DbOrTx, user: UserRow): Promise<Me> {
  const roleCodes = await listRoleCodesOfUser(db, user.id);
  const organisation = user.organisationCode ? await findOrganisation(db, user.organisationCode) : undefined;
  const kind = scopeKindOf(roleCodes);
  let scope: Scope = { kind };
  if (kind === 'city') scope = { kind, cityCodes: organisation?.regionCode ? [organisation.regionCode] : [] };
  if (kind === 'department') scope = organisation ? { kind, departmentCode: organisation.code } : { kind };
  if (kind === 'cluster') {
    scope = {
      kind,
      clusterCodes: organisation ? await listClusterCodesOfOrganisation(db, organisation.code) : [],
    };
  }
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: roleCodes,
    permissions: permissionsOf(roleCodes),
    organisation: organisation
      ? {
          code: organisation.code,
          name: organisation.name,
          nameEn: organisation.nameEn,
          type: organisation.type as OrganisationType,
        }
      : null,
    scope,
    mustChangePassword: user.mustChangePassword,
  };
}

export type LoginInput = {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  now: Date;
};
export type LoginResult = { user: SessionUser; token: string };

/**
 * Checks the credentials. Unknown users and wrong passwords get the same 401; the fifth consecutive
 * failure locks the account for 15 minutes (423 then, and for any attempt while locked). Every
 * attempt is audited; a success opens a session.
 */
export async function login(db: Db, input: LoginInput, idleMinutes: number): Promise<LoginResult> {
  const username = normaliseUsername(input.username);
  const user = await findUserByUsername(db, username);
  const failure = (reason: string, extra: Record<string, unknown> = {}, on: DbOrTx = db) =>
    appendAudit(on, {
      actorId: user?.id ?? null,
      actorName: username,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      after: { reason, ...extra },
      ip: input.ip,
      outcome: 'failure',
      at: input.now,
    });
  if (!user) {
    await burnPasswordCheck(input.password);
    await failure('unknown_user');
    throw invalidCredentials();
  }
  if (user.isLocked) {
    await failure('locked');
    throw lockedError(null);
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > input.now.getTime()) {
    await failure('locked', { lockedUntil: user.lockedUntil.toISOString() });
    throw lockedError(user.lockedUntil);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const lockedUntil = await db.transaction(async (tx) => {
      const count = await incrementFailedLogins(tx, user.id);
      await failure('wrong_password', { consecutiveFailures: count }, tx);
      if (count < maxFailedLogins) return null;
      const until = new Date(input.now.getTime() + lockoutMinutes * 60_000);
      await updateUser(tx, user.id, { lockedUntil: until, failedLoginCount: 0 });
      await appendAudit(tx, {
        actorId: null,
        actorName: 'system',
        action: 'auth.locked',
        entityType: 'user',
        entityId: user.id,
        after: { username, lockedUntil: until.toISOString(), failures: count },
        ip: input.ip,
        at: input.now,
      });
      return until;
    });
    throw lockedUntil ? lockedError(lockedUntil) : invalidCredentials();
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  await db.transaction(async (tx) => {
    await deleteIdleSessions(tx, new Date(input.now.getTime() - idleMinutes * 60_000));
    await updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: input.now });
    await insertSession(tx, {
      id: sessionId,
      userId: user.id,
      csrfToken,
      createdAt: input.now,
      lastSeenAt: input.now,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    });
    await appendAudit(tx, {
      actorId: user.id,
      actorName: username,
      action: 'auth.login',
      entityType: 'session',
      entityId: sessionId.slice(0, 16),
      ip: input.ip,
      at: input.now,
    });
  });
  const me = await buildMe(db, user);
  return { user: { ...me, sessionId, csrfToken }, token };
}

/**
 * The user behind a session token, or null when the token is unknown, the session has been idle too
 * long (it is then deleted) or the user can no longer sign in. Slides the idle window.
 */
export async function authenticateSession(
  db: Db,
  token: string,
  now: Date,
  idleMinutes: number,
): Promise<SessionUser | null> {
  const session = await findSession(db, sessionIdOf(token));
  if (!session) return null;
  const idleMs = now.getTime() - session.lastSeenAt.getTime();
  if (idleMs > idleMinutes * 60_000) {
    await deleteSession(db, session.id);
    return null;
  }
  const user = await findUserById(db, session.userId);
  if (!user || user.isLocked) {
    await deleteSession(db, session.id);
    return null;
  }
  if (idleMs >= touchIntervalMs) await touchSession(db, session.id, now);
  const me = await buildMe(db, user);
  return { ...me, sessionId: session.id, csrfToken: session.csrfToken };
}

export async function logout(db: Db, user: SessionUser, ip: string | null, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, user.sessionId);
    await appendAudit(tx, {
      actorId: user.id,
      actorName: user.username,
      action: 'auth.logout',
      entityType: 'session',
      entityId: user.sessionId.slice(0, 16),
      ip,
      at: now,
    });
  });
}

/** Throws 400 naming the policy failures. */
export function assertPasswordPolicy(password: string, username: string, field = 'newPassword'): void {
  const problems = checkPasswordPolicy(password, username);
  if (problems.length > 0) {
    throw new AppError('invalid_input', `密码不符合要求 / password rejected: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ field: `body.${field}`, message })),
    });
  }
}

export async function changePassword(
  db: Db,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
  ip: string | null,
  now: Date,
): Promise<void> {
  const row = await findUserById(db, user.id);
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await appendAudit(db, {
      actorId: user.id,
      actorName: user.username,
      action: 'auth.password_change_failed',
      entityType: 'user',
      entityId: user.id,
      ip,
      outcome: 'failure',
      at: now,
    });
    throw new AppError('unauthenticated', '当前密码错误 / the current password is wrong');
  }
  assertPasswordPolicy(input.newPassword, row.username);
  if (await verifyPassword(row.passwordHash, input.newPassword)) {
    throw new AppError(
      'invalid_input',
      '新密码不能与当前密码相同 / the new password must differ from the current one',
      {
        issues: [{ field: 'body.newPassword', message: 'same as current' }],
      },
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, {
      passwordHash,
      mustChangePassword: false,
      passwordChangedAt: now,
      updatedAt: now,
    });
    await deleteSessionsOfUser(tx, user.id, user.sessionId);
    await appendAudit(tx, {
      actorId: user.id,
      actorName: user.username,
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      ip,
      at: now,
    });
  });
}
