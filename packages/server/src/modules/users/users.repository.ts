import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import {
  type OrganisationRow,
  organisations,
  type UserRow,
  userRoles,
  users,
} from '../../db/schema/index.ts';

export type UserWithRelations = { user: UserRow; roles: string[]; organisation: OrganisationRow | null };

async function attach(db: DbOrTx, rows: UserRow[]): Promise<UserWithRelations[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const roleRows = await db.select().from(userRoles).where(inArray(userRoles.userId, ids));
  const orgCodes = [
    ...new Set(rows.map((row) => row.organisationCode).filter((code): code is string => !!code)),
  ];
  const orgRows = orgCodes.length
    ? await db.select().from(organisations).where(inArray(organisations.code, orgCodes))
    : [];
  const orgByCode = new Map(orgRows.map((org) => [org.code, org]));
  return rows.map((user) => ({
    user,
    roles: roleRows
      .filter((role) => role.userId === user.id)
      .map((role) => role.roleCode)
      .sort(),
    organisation: user.organisationCode ? (orgByCode.get(user.organisationCode) ?? null) : null,
  }));
}

export async function listUsers(db: DbOrTx): Promise<UserWithRelations[]> {
  return attach(db, await db.select().from(users).orderBy(asc(users.username)));
}

export async function findUserWithRelations(db: DbOrTx, id: string): Promise<UserWithRelations | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id));
  const [found] = await attach(db, rows);
  return found;
}

export async function findUserIdByUsername(db: DbOrTx, username: string): Promise<string | undefined> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row?.id;
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
  return insertOne(db, users, values);
}

export async function replaceUserRoles(
  db: DbOrTx,
  userId: string,
  roleCodes: (typeof userRoles.$inferInsert)['roleCode'][],
) {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roleCodes.length)
    await db.insert(userRoles).values(roleCodes.map((roleCode) => ({ userId, roleCode })));
}
