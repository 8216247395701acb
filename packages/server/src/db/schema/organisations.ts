import { organisationTypes } from '@qunce/core';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { regions } from './reference.ts';

/**
 * Organisations as data: the province's department (省工业和信息化厅), the responsible units of the policy,
 * the 16 city bureaus, cluster promoting organisations. Codes are stable (docs/briefs/auth-contract.md).
 */
export const organisations = pgTable(
  'organisations',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    type: text('type', { enum: organisationTypes }).notNull(),
    /** Home city of a city bureau or cluster organisation; null for provincial bodies. */
    regionCode: text('region_code').references(() => regions.code),
    /** The unit's name as the policy writes it, for responsible units (责任单位); null otherwise. */
    policyUnit: text('policy_unit').unique(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index('organisations_type_idx').on(table.type),
    index('organisations_region_idx').on(table.regionCode),
  ],
);

export type OrganisationRow = typeof organisations.$inferSelect;
