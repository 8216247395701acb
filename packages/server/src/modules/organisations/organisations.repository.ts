import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { type OrganisationRow, organisations, regions } from '../../db/schema/index.ts';

export async function listOrganisationRows(
  db: DbOrTx,
  type?: OrganisationRow['type'],
): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(type ? eq(organisations.type, type) : undefined)
    .orderBy(asc(organisations.sortOrder), asc(organisations.code));
}

export async function findOrganisationRow(db: DbOrTx, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}

export async function insertOrganisation(
  db: DbOrTx,
  values: typeof organisations.$inferInsert,
): Promise<OrganisationRow> {
  return insertOne(db, organisations, values);
}

export async function findCityRegion(db: DbOrTx, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row?.level === 'city' ? row : undefined;
}
