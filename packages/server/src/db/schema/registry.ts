import {
  clusterHistoryFields,
  clusterStatuses,
  clusterTiers,
  designationLevels,
  designationTypes,
  membershipRoles,
} from '@qunce/core/registry';
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';
import { regions } from './reference.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  /** Soft delete: the row stays for history and audit; lists and details ignore it. */
  deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
};

/**
 * Clusters (docs/briefs/registry-contract.md). The code is stable and never reused, even after a soft
 * delete. Cities are an array (lead city first) so that "clusters of city X" is one indexed `&&`/`@>`.
 */
export const clusters = pgTable(
  'clusters',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    leadIndustry: text('lead_industry').notNull(),
    tier: text('tier', { enum: clusterTiers }).notNull(),
    cultivationTarget: text('cultivation_target', { enum: clusterTiers }).notNull(),
    status: text('status', { enum: clusterStatuses }).notNull(),
    cityCodes: text('city_codes').array().notNull(),
    leadCityCode: text('lead_city_code')
      .notNull()
      .references(() => regions.code),
    promotingOrganisationCode: text('promoting_organisation_code').references(() => organisations.code),
    chainMasterCreditCodes: text('chain_master_credit_codes').array().notNull().default(sql`'{}'::text[]`),
    /** Synthetic demo row (docs/methods/demo-data.md); the UI labels it. */
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('clusters_city_codes_idx').using('gin', table.cityCodes),
    index('clusters_tier_idx').on(table.tier, table.status),
    index('clusters_promoting_org_idx').on(table.promotingOrganisationCode),
  ],
);

/** Dated tier, cultivation-target and status changes (and creation, deletion) with their document. */
export const clusterHistory = pgTable(
  'cluster_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clusterCode: text('cluster_code')
      .notNull()
      .references(() => clusters.code),
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    field: text('field', { enum: clusterHistoryFields }).notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    documentNumber: text('document_number'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull(),
    recordedBy: text('recorded_by'),
  },
  (table) => [index('cluster_history_cluster_idx').on(table.clusterCode, table.changedOn)],
);

/** Enterprises keyed by the unified social credit code (stored normalised, 18 characters). */
export const enterprises = pgTable(
  'enterprises',
  {
    creditCode: text('credit_code').primaryKey(),
    name: text('name').notNull(),
    cityCode: text('city_code')
      .notNull()
      .references(() => regions.code),
    countyCode: text('county_code'),
    industryDivision: text('industry_division').notNull(),
    isAboveScale: boolean('is_above_scale').notNull(),
    isKeyEnterprise: boolean('is_key_enterprise').notNull().default(false),
    has5g: boolean('has_5g').notNull().default(false),
    /** Synthetic demo row (docs/methods/demo-data.md); the UI labels it. */
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('enterprises_city_idx').on(table.cityCode, table.creditCode),
    index('enterprises_division_idx').on(table.industryDivision),
  ],
);

/** Dated cluster memberships: valid from `valid_from` through `valid_to` inclusive (null: open). */
export const clusterMemberships = pgTable(
  'cluster_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: text('credit_code')
      .notNull()
      .references(() => enterprises.creditCode),
    clusterCode: text('cluster_code')
      .notNull()
      .references(() => clusters.code),
    role: text('role', { enum: membershipRoles }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('cluster_memberships_cluster_idx').on(table.clusterCode, table.creditCode),
    index('cluster_memberships_enterprise_idx').on(table.creditCode),
  ],
);

/** Designations (qualifications); one live row per (enterprise, type, level, grant date). */
export const designations = pgTable(
  'designations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: text('credit_code')
      .notNull()
      .references(() => enterprises.creditCode),
    type: text('type', { enum: designationTypes }).notNull(),
    level: text('level', { enum: designationLevels }).notNull(),
    grantedOn: date('granted_on', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    /** First day the designation no longer holds after a revocation (撤销); null: never revoked. */
    revokedOn: date('revoked_on', { mode: 'string' }),
    documentNumber: text('document_number').notNull(),
    grantingDepartmentCode: text('granting_department_code')
      .notNull()
      .references(() => organisations.code),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('designations_natural_key')
      .on(table.creditCode, table.type, table.level, table.grantedOn)
      .where(sql`${table.deletedAt} is null`),
    index('designations_type_idx').on(table.type, table.grantedOn),
    index('designations_enterprise_idx').on(table.creditCode),
  ],
);

export type ClusterRow = typeof clusters.$inferSelect;
export type ClusterHistoryRow = typeof clusterHistory.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;
export type MembershipRow = typeof clusterMemberships.$inferSelect;
export type DesignationRow = typeof designations.$inferSelect;
