import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { economicCircleCities, economicCircles, regions } from '../../db/schema/index.ts';

/** Reference files shipped with the server (packages/server/reference/<province>/, licences beside them). */
export const referenceDir = fileURLToPath(new URL('../../../reference/shandong/', import.meta.url));

const citiesFileSchema = z.object({
  province: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
  circles: z.array(
    z.object({ code: z.string(), name: z.string(), nameEn: z.string(), cities: z.array(z.string()) }),
  ),
  hearts: z.array(z.string()),
  cities: z.array(z.object({ code: z.string(), name: z.string(), short: z.string(), nameEn: z.string() })),
});
export type CitiesFile = z.infer<typeof citiesFileSchema>;

const policyUnitsSchema = z.object({ units: z.array(z.string()) });

export function readReferenceJson(file: string): unknown {
  return JSON.parse(readFileSync(`${referenceDir}${file}`, 'utf8'));
}

export function readCitiesFile(): CitiesFile {
  return citiesFileSchema.parse(readReferenceJson('cities.json'));
}

export function readPolicyUnits(): string[] {
  return policyUnitsSchema.parse(readReferenceJson('policy-2023-185.json')).units;
}

/**
 * Loads the province, its cities and the economic circles. Idempotent: rows are upserted, so a
 * corrected reference file takes effect at the next start.
 */
export async function seedReferenceData(db: DbOrTx): Promise<void> {
  const file = readCitiesFile();
  const hearts = new Set(file.hearts);
  await db.transaction(async (tx) => {
    const regionRows = [
      {
        code: file.province.code,
        name: file.province.name,
        nameEn: file.province.nameEn,
        shortName: null,
        level: 'province' as const,
        parentCode: null,
        sortOrder: 0,
        isHeart: false,
      },
      ...file.cities.map((city, index) => ({
        code: city.code,
        name: city.name,
        nameEn: city.nameEn,
        shortName: city.short,
        level: 'city' as const,
        parentCode: file.province.code,
        sortOrder: index + 1,
        isHeart: hearts.has(city.code),
      })),
    ];
    await tx
      .insert(regions)
      .values(regionRows)
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`,
          nameEn: sql`excluded.name_en`,
          shortName: sql`excluded.short_name`,
          level: sql`excluded.level`,
          parentCode: sql`excluded.parent_code`,
          sortOrder: sql`excluded.sort_order`,
          isHeart: sql`excluded.is_heart`,
        },
      });
    await tx
      .insert(economicCircles)
      .values(
        file.circles.map((circle, index) => ({
          code: circle.code,
          name: circle.name,
          nameEn: circle.nameEn,
          sortOrder: index,
        })),
      )
      .onConflictDoUpdate({
        target: economicCircles.code,
        set: { name: sql`excluded.name`, nameEn: sql`excluded.name_en`, sortOrder: sql`excluded.sort_order` },
      });
    await tx
      .insert(economicCircleCities)
      .values(
        file.circles.flatMap((circle) =>
          circle.cities.map((cityCode) => ({ circleCode: circle.code, cityCode })),
        ),
      )
      .onConflictDoNothing();
  });
}
