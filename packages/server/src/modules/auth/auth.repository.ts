import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  clusters,
  type OrganisationRow,
  organisations,
  type SessionRow,
  sessions,
  type UserRow,
  userRoles,
  users,
} from '../../db/schema/index.ts';

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function listRoleCodesOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .select({ code: userRoles.roleCode })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(userRoles.roleCode);
  return rows.map((row) => row.code);
}

export async function findOrganisation(db: DbOrTx, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}

/** The clusters a cluster organisation's users may see: the live clusters it promotes. */
export async function listClusterCodesOfOrganisation(
  db: DbOrTx,
  organisationCode: string,
): Promise<string[]> {
  const rows = await db
    .select({ code: clusters.code })
    .from(clusters)
    .where(and(eq(clusters.promotingOrganisationCode, organisationCode), isNull(clusters.deletedAt)))
    .orderBy(clusters.code);
  return rows.map((row) => row.code);
}

/** Adds one failed attempt and returns the new count (atomic, so concurrent failures all count). */
export async function incrementFailedLogins(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
    .where(eq(users.id, userId))
    .returning({ count: users.failedLoginCount });
  return row?.count ?? 0;
}

export async function updateUser(db: DbOrTx, userId: string, values: Partial<typeof users.$inferInsert>) {
  await db.update(users).set(values).where(eq(users.id, userId));
}

export async function insertSession(db: DbOrTx, row: SessionRow): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findSession(db: DbOrTx, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

export async function touchSession(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user, or all but one. */
export async function deleteSessionsOfUser(db: DbOrTx, userId: string, exceptId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptId
        ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptId}`)
        : eq(sessions.userId, userId),
    );
}

export async function deleteIdleSessions(db: DbOrTx, idleSince: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.lastSeenAt, idleSince));
}
