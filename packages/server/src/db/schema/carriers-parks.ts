import {
  carrierLevels,
  carrierTypes,
  ecoIndustrialStatuses,
  fiveGCoverages,
  parkLevels,
} from '@qunce/core/carriers-parks';
import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './reference.ts';
import { clusters } from './registry.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  /** Soft delete: the row stays for history and audit; lists and details ignore it. */
  deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
};

/** Innovation carriers; one live row per (name, host credit code), the import's natural key. */
export const innovationCarriers = pgTable(
  'innovation_carriers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type', { enum: carrierTypes }).notNull(),
    level: text('level', { enum: carrierLevels }).notNull(),
    hostCreditCode: text('host_credit_code').notNull(),
    hostName: text('host_name').notNull(),
    cityCode: text('city_code')
      .notNull()
      .references(() => regions.code),
    clusterCode: text('cluster_code').references(() => clusters.code),
    recognisedOn: date('recognised_on', { mode: 'string' }),
    documentNumber: text('document_number'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('innovation_carriers_natural_key')
      .on(table.name, table.hostCreditCode)
      .where(sql`${table.deletedAt} is null`),
    index('innovation_carriers_city_idx').on(table.cityCode),
    index('innovation_carriers_cluster_idx').on(table.clusterCode),
    index('innovation_carriers_type_idx').on(table.type, table.level),
  ],
);

/** Parks with a stable code; the clusters they serve as an array (one indexed `&&`/`@>`). */
export const parks = pgTable(
  'parks',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    cityCode: text('city_code')
      .notNull()
      .references(() => regions.code),
    countyCode: text('county_code'),
    level: text('level', { enum: parkLevels }).notNull(),
    ecoIndustrialStatus: text('eco_industrial_status', { enum: ecoIndustrialStatuses }).notNull(),
    fiveGCoverage: text('five_g_coverage', { enum: fiveGCoverages }).notNull(),
    clusterCodes: text('cluster_codes').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('parks_city_idx').on(table.cityCode),
    index('parks_cluster_codes_idx').using('gin', table.clusterCodes),
  ],
);

export type CarrierRow = typeof innovationCarriers.$inferSelect;
export type ParkRow = typeof parks.$inferSelect;
