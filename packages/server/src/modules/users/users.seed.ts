import { type RoleCode, roles as roleCatalogue, roleCodes } from '@qunce/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { organisations, roles } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { generatePassword } from '../auth/password.ts';
import { findUserIdByUsername } from './users.repository.ts';
import { type Actor, createUser } from './users.service.ts';

/** Mirrors the role catalogue of @qunce/core into the roles table (idempotent). */
export async function seedRoles(db: DbOrTx): Promise<void> {
  await db
    .insert(roles)
    .values(
      roleCodes.map((code) => {
        const role = roleCatalogue[code];
        return {
          code,
          name: role.name,
          nameEn: role.nameEn,
          scopeKind: role.scopeKind,
          isSystem: role.isSystem,
        };
      }),
    )
    .onConflictDoUpdate({
      target: roles.code,
      set: {
        name: sql`excluded.name`,
        nameEn: sql`excluded.name_en`,
        scopeKind: sql`excluded.scope_kind`,
        isSystem: sql`excluded.is_system`,
      },
    });
}

type SeedUser = { username: string; displayName: string; role: RoleCode; organisationCode: string | null };

export const builtInUsers: readonly SeedUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', organisationCode: null },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', organisationCode: null },
  { username: 'auditor', displayName: '审计管理员', role: 'auditor', organisationCode: null },
];

export const demoClusterOrganisation = {
  code: 'cluster-org-demo',
  name: '潍坊市动力装备产业集群发展促进会（演示）',
  nameEn: 'Weifang Power Equipment Cluster Association (demo)',
  regionCode: '370700',
};

export const demoUsers: readonly SeedUser[] = [
  {
    username: 'demo-province',
    displayName: '演示·省工信厅集群处',
    role: 'province_admin',
    organisationCode: 'dept-miit',
  },
  {
    username: 'demo-department',
    displayName: '演示·省科技厅',
    role: 'department',
    organisationCode: 'dept-sti',
  },
  { username: 'demo-city', displayName: '演示·潍坊市工信局', role: 'city', organisationCode: 'city-370700' },
  {
    username: 'demo-cluster',
    displayName: '演示·集群促进组织',
    role: 'cluster_org',
    organisationCode: 'cluster-org-demo',
  },
  { username: 'demo-expert', displayName: '演示·评审专家', role: 'expert', organisationCode: null },
];

export type SeededPassword = { username: string; password: string };

/**
 * Creates the users that do not exist yet. With `password` they get it (no forced change); without,
 * each gets a generated one, returned so that the caller prints it once, and `mustChangePassword`
 * when `forceChange`. Existing users are left alone: a restart never resets a password.
 */
async function seedUsers(
  db: Db,
  list: readonly SeedUser[],
  options: {
    password: string | undefined;
    forceChange: boolean;
    isBuiltIn: boolean;
    sharedGenerated: boolean;
  },
  actor: Actor,
): Promise<SeededPassword[]> {
  const generated: SeededPassword[] = [];
  const shared = options.sharedGenerated ? generatePassword() : undefined;
  for (const seed of list) {
    if (await findUserIdByUsername(db, seed.username)) continue;
    const password = options.password ?? shared ?? generatePassword();
    await createUser(
      db,
      {
        username: seed.username,
        displayName: seed.displayName,
        roles: [seed.role],
        organisationCode: seed.organisationCode,
        password,
        mustChangePassword: options.password === undefined && options.forceChange,
        isBuiltIn: options.isBuiltIn,
        allowSystemRoles: true,
        skipPolicy: true,
      },
      actor,
    );
    if (options.password === undefined) generated.push({ username: seed.username, password });
  }
  return generated;
}

export function seedBuiltInUsers(db: Db, adminPassword: string | undefined, actor: Actor) {
  return seedUsers(
    db,
    builtInUsers,
    { password: adminPassword, forceChange: true, isBuiltIn: true, sharedGenerated: false },
    actor,
  );
}

export async function seedDemoUsers(db: Db, demoPassword: string | undefined, actor: Actor) {
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(organisations)
      .values({
        ...demoClusterOrganisation,
        type: 'cluster_org',
        policyUnit: null,
        sortOrder: 1000,
        createdAt: actor.at,
      })
      .onConflictDoNothing()
      .returning({ code: organisations.code });
    if (inserted.length > 0) {
      await appendAudit(tx, {
        ...actor,
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: demoClusterOrganisation.code,
        after: { ...demoClusterOrganisation, type: 'cluster_org' },
      });
    }
  });
  return seedUsers(
    db,
    demoUsers,
    { password: demoPassword, forceChange: false, isBuiltIn: false, sharedGenerated: true },
    actor,
  );
}
