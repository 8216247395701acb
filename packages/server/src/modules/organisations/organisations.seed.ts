import { cityOrganisationCode, type OrganisationType, policyUnitCodes, unitCodeByName } from '@qunce/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organisations } from '../../db/schema/index.ts';
import { readCitiesFile, readPolicyUnits } from '../reference/reference.seed.ts';

const englishNames: Record<string, string> = {
  'dept-miit': 'Department of Industry and Information Technology',
  'dept-ndrc': 'Development and Reform Commission',
  'dept-sti': 'Department of Science and Technology',
  'dept-amr': 'Administration for Market Regulation',
  'dept-eco': 'Department of Ecology and Environment',
  'dept-hrss': 'Department of Human Resources and Social Security',
  'dept-fin': 'Department of Finance',
  'dept-lfra': 'Local Financial Regulatory Administration',
  'dept-pbc': "People's Bank of China, Shandong Branch",
  'dept-nr': 'Department of Natural Resources',
  'dept-bigdata': 'Big Data Bureau',
  'dept-transport': 'Department of Transport',
  'dept-commerce': 'Department of Commerce',
  'dept-mfg-office': 'Office of the Leading Group for Building a Strong Manufacturing Province',
  'dept-others': 'Other relevant provincial departments',
  'city-governments': 'City governments',
};

const collective = new Set(['dept-others', 'city-governments']);

/**
 * The organisations every installation has: the responsible units of the policy (with stable codes,
 * @qunce/core policyUnitCodes; 省工业和信息化厅 is the province administrator's organisation) and one
 * bureau (市工信局) per city. Idempotent upsert. Cluster organisations are created by the registries.
 */
export async function seedOrganisations(db: DbOrTx): Promise<void> {
  const units = readPolicyUnits();
  const rows: (typeof organisations.$inferInsert)[] = units.map((name, index) => {
    const code = unitCodeByName(name);
    if (!code) {
      throw new Error(
        `责任单位缺少代码 / responsible unit "${name}" has no code: add it to policyUnitCodes in @qunce/core`,
      );
    }
    const type: OrganisationType =
      code === policyUnitCodes.省工业和信息化厅
        ? 'province'
        : collective.has(code)
          ? 'collective'
          : 'department';
    return {
      code,
      name,
      nameEn: englishNames[code] ?? null,
      type,
      regionCode: null,
      policyUnit: name,
      sortOrder: index,
    };
  });
  const cities = readCitiesFile().cities;
  cities.forEach((city, index) => {
    rows.push({
      code: cityOrganisationCode(city.code),
      name: `${city.name}工业和信息化局`,
      nameEn: `${city.nameEn} Bureau of Industry and Information Technology`,
      type: 'city',
      regionCode: city.code,
      policyUnit: null,
      sortOrder: 100 + index,
    });
  });
  await db
    .insert(organisations)
    .values(rows)
    .onConflictDoUpdate({
      target: organisations.code,
      set: {
        name: sql`excluded.name`,
        nameEn: sql`excluded.name_en`,
        type: sql`excluded.type`,
        regionCode: sql`excluded.region_code`,
        policyUnit: sql`excluded.policy_unit`,
        sortOrder: sql`excluded.sort_order`,
      },
    });
}
