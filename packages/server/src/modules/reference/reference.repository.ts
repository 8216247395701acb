import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { economicCircleCities, economicCircles, regions } from '../../db/schema/index.ts';

export async function listRegionRows(db: DbOrTx) {
  return db.select().from(regions).orderBy(asc(regions.sortOrder), asc(regions.code));
}

export async function listCircleRows(db: DbOrTx) {
  return db.select().from(economicCircles).orderBy(asc(economicCircles.sortOrder));
}

export async function listCircleCityRows(db: DbOrTx) {
  return db.select().from(economicCircleCities);
}
