import {
  AppError,
  isRoleCode,
  type OrganisationType,
  type RoleCode,
  roles as roleCatalogue,
  type UserView,
  usernameSchema,
} from '@qunce/core';
import type { Db, DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { deleteSessionsOfUser, findOrganisation, updateUser } from '../auth/auth.repository.ts';
import { assertPasswordPolicy, normaliseUsername } from '../auth/auth.service.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import {
  findUserIdByUsername,
  findUserWithRelations,
  insertUser,
  replaceUserRoles,
  type UserWithRelations,
} from './users.repository.ts';

/** Who acts, for the audit trail: a signed-in user, or the command line. */
export type Actor = { actorId: string | null; actorName: string | null; ip: string | null; at: Date };

/** The organisation types each role may belong to (null: no organisation allowed). */
const organisationTypesOfRole: Record<RoleCode, readonly (OrganisationType | null)[]> = {
  system_admin: [null, 'province'],
  security_admin: [null, 'province'],
  auditor: [null, 'province'],
  province_admin: ['province'],
  department: ['department', 'province'],
  city: ['city'],
  cluster_org: ['cluster_org'],
  expert: [null, 'expert_group'],
};

export function toUserView({ user, roles, organisation }: UserWithRelations): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles,
    organisation: organisation
      ? {
          code: organisation.code,
          name: organisation.name,
          nameEn: organisation.nameEn,
          type: organisation.type as OrganisationType,
        }
      : null,
    mustChangePassword: user.mustChangePassword,
    isLocked: user.isLocked,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    failedLoginCount: user.failedLoginCount,
    isBuiltIn: user.isBuiltIn,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The audited picture of an account: no hash, no counters that change on every login. */
function auditView(view: UserView) {
  return {
    username: view.username,
    displayName: view.displayName,
    roles: view.roles,
    organisationCode: view.organisation?.code ?? null,
    isLocked: view.isLocked,
    mustChangePassword: view.mustChangePassword,
  };
}

export async function getUser(db: DbOrTx, id: string): Promise<UserWithRelations> {
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await findUserWithRelations(db, id) : undefined;
  if (!found) throw new AppError('not_found', `用户不存在 / user not found: ${id}`);
  return found;
}

export async function getUserIdByUsername(db: DbOrTx, username: string): Promise<string> {
  const id = await findUserIdByUsername(db, normaliseUsername(username));
  if (!id) throw new AppError('not_found', `用户不存在 / user not found: ${username}`);
  return id;
}

/** 422 unless the role may belong to the organisation (a city bureau user needs a city bureau, ...). */
async function checkRoleOrganisation(
  db: DbOrTx,
  roleList: readonly string[],
  organisationCode: string | null,
) {
  if (roleList.length !== 1) {
    throw new AppError('rule_violated', '每个用户只能有一个角色 / a user holds exactly one role', {
      roles: roleList,
    });
  }
  const [role] = roleList;
  if (!role || !isRoleCode(role)) throw new AppError('invalid_input', `未知角色 / unknown role: ${role}`);
  const organisation = organisationCode ? await findOrganisation(db, organisationCode) : undefined;
  if (organisationCode && !organisation) {
    throw new AppError('invalid_input', `机构不存在 / unknown organisation: ${organisationCode}`, {
      issues: [{ field: 'body.organisationCode', message: 'unknown organisation' }],
    });
  }
  const allowed = organisationTypesOfRole[role];
  const type = organisation ? (organisation.type as OrganisationType) : null;
  if (!allowed.includes(type)) {
    throw new AppError(
      'rule_violated',
      `角色 ${roleCatalogue[role].name} 须属于 ${allowed.map((t) => t ?? '无机构').join(' / ')} / role ${role} needs an organisation of type ${allowed.map((t) => t ?? 'none').join(' or ')}`,
      { role, organisationType: type },
    );
  }
  return role;
}

export type CreateUserInput = {
  username: string;
  displayName: string;
  roles: string[];
  organisationCode?: string | null | undefined;
  password?: string | undefined;
  /** Defaults to true: the user changes the password an administrator chose or generated. */
  mustChangePassword?: boolean;
  isBuiltIn?: boolean;
  /** System roles (admin, secadmin, auditor) only from the command line and the first start. */
  allowSystemRoles: boolean;
  /** Skip the password policy (built-in accounts from QUNCE_ADMIN_PASSWORD: the operator's choice). */
  skipPolicy?: boolean;
};

export async function createUser(
  db: Db,
  input: CreateUserInput,
  actor: Actor,
): Promise<{ user: UserView; initialPassword: string | null }> {
  const parsedUsername = usernameSchema.safeParse(input.username);
  if (!parsedUsername.success) {
    throw new AppError('invalid_input', `用户名无效 / invalid username: ${input.username}`, {
      issues: [{ field: 'body.username', message: parsedUsername.error.issues[0]?.message ?? 'invalid' }],
    });
  }
  const username = parsedUsername.data;
  const organisationCode = input.organisationCode ?? null;
  const role = await checkRoleOrganisation(db, input.roles, organisationCode);
  if (roleCatalogue[role].isSystem && !input.allowSystemRoles) {
    throw new AppError(
      'forbidden',
      '系统角色只能在命令行授予 / system roles are granted from the command line only',
      {
        role,
      },
    );
  }
  if (input.password !== undefined && !input.skipPolicy)
    assertPasswordPolicy(input.password, username, 'password');
  const initialPassword = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? initialPassword ?? '');
  const view = await db.transaction(async (tx) => {
    if (await findUserIdByUsername(tx, username)) {
      throw new AppError('conflict', `用户名已存在 / username already taken: ${username}`, { username });
    }
    const row = await insertUser(tx, {
      username,
      displayName: input.displayName,
      passwordHash,
      organisationCode,
      mustChangePassword: input.mustChangePassword ?? true,
      isBuiltIn: input.isBuiltIn ?? false,
      passwordChangedAt: actor.at,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    await replaceUserRoles(tx, row.id, [role]);
    const created = toUserView(await getUser(tx, row.id));
    await appendAudit(tx, {
      ...actor,
      action: 'user.created',
      entityType: 'user',
      entityId: row.id,
      after: auditView(created),
    });
    return created;
  });
  return { user: view, initialPassword };
}

export async function updateUserProfile(
  db: Db,
  id: string,
  changes: { displayName?: string | undefined; organisationCode?: string | null | undefined },
  actor: Actor,
): Promise<UserView> {
  return db.transaction(async (tx) => {
    const current = await getUser(tx, id);
    const before = toUserView(current);
    const organisationCode =
      changes.organisationCode === undefined ? current.user.organisationCode : changes.organisationCode;
    await checkRoleOrganisation(tx, current.roles, organisationCode);
    await updateUser(tx, id, {
      displayName: changes.displayName ?? current.user.displayName,
      organisationCode,
      updatedAt: actor.at,
    });
    const after = toUserView(await getUser(tx, id));
    await appendAudit(tx, {
      ...actor,
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

export async function setUserRoles(
  db: Db,
  id: string,
  roleList: string[],
  actor: Actor,
  options: { allowSystemRoles: boolean },
): Promise<UserView> {
  return db.transaction(async (tx) => {
    const current = await getUser(tx, id);
    const before = toUserView(current);
    const role = await checkRoleOrganisation(tx, roleList, current.user.organisationCode);
    const touchesSystem =
      roleCatalogue[role].isSystem || current.roles.some((r) => isRoleCode(r) && roleCatalogue[r].isSystem);
    if ((touchesSystem && !options.allowSystemRoles) || current.user.isBuiltIn) {
      throw new AppError(
        'forbidden',
        '系统角色只能在命令行变更 / system roles are changed from the command line only',
        {
          role,
        },
      );
    }
    await replaceUserRoles(tx, id, [role]);
    await updateUser(tx, id, { updatedAt: actor.at });
    // A changed role changes permissions and scope: end the user's sessions.
    await deleteSessionsOfUser(tx, id);
    const after = toUserView(await getUser(tx, id));
    await appendAudit(tx, {
      ...actor,
      action: 'user.roles_changed',
      entityType: 'user',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/** Sets a new password (given, or generated and returned once), forces a change at next login, ends sessions. */
export async function resetUserPassword(
  db: Db,
  id: string,
  password: string | undefined,
  actor: Actor,
  options: { mustChangePassword?: boolean } = {},
): Promise<{ initialPassword: string | null }> {
  const current = await getUser(db, id);
  if (password !== undefined) assertPasswordPolicy(password, current.user.username, 'password');
  const initialPassword = password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(password ?? initialPassword ?? '');
  await db.transaction(async (tx) => {
    await updateUser(tx, id, {
      passwordHash,
      mustChangePassword: options.mustChangePassword ?? true,
      failedLoginCount: 0,
      lockedUntil: null,
      passwordChangedAt: actor.at,
      updatedAt: actor.at,
    });
    await deleteSessionsOfUser(tx, id);
    await appendAudit(tx, {
      ...actor,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      after: { username: current.user.username },
    });
  });
  return { initialPassword };
}

/** Locks (until unlocked, sessions ended) or unlocks (also clears an automatic lockout) an account. */
export async function setUserLocked(db: Db, id: string, locked: boolean, actor: Actor): Promise<UserView> {
  return db.transaction(async (tx) => {
    const before = toUserView(await getUser(tx, id));
    if (locked && actor.actorId === id) {
      throw new AppError('rule_violated', '不能锁定自己 / you cannot lock your own account');
    }
    await updateUser(tx, id, {
      isLocked: locked,
      ...(locked ? {} : { lockedUntil: null, failedLoginCount: 0 }),
      updatedAt: actor.at,
    });
    if (locked) await deleteSessionsOfUser(tx, id);
    const after = toUserView(await getUser(tx, id));
    await appendAudit(tx, {
      ...actor,
      action: locked ? 'user.locked' : 'user.unlocked',
      entityType: 'user',
      entityId: id,
      before: { ...auditView(before), lockedUntil: before.lockedUntil },
      after: { ...auditView(after), lockedUntil: after.lockedUntil },
    });
    return after;
  });
}
