import {
  promotingActivityTypes,
  promotingOrgMemberKinds,
  promotingOrgMemberRoles,
  promotingOrgTypes,
} from '@qunce/core/promoting-orgs';
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
import { clusters, enterprises } from './registry.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  /** Soft delete: the row stays for history and audit; lists and details ignore it. */
  deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
};

/**
 * Cluster promoting organisations (集群发展促进组织): the profile of an `organisations` row of type
 * `cluster_org`, keyed by the same code (clusters point at it; its users belong to it).
 */
export const promotingOrganisations = pgTable(
  'promoting_organisations',
  {
    code: text('code')
      .primaryKey()
      .references(() => organisations.code),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    type: text('type', { enum: promotingOrgTypes }).notNull(),
    creditCode: text('credit_code').notNull(),
    cityCode: text('city_code')
      .notNull()
      .references(() => regions.code),
    establishedOn: date('established_on', { mode: 'string' }),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    /** Synthetic demo row (docs/methods/demo-data.md); the UI labels it. */
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('promoting_organisations_credit_code')
      .on(table.creditCode)
      .where(sql`${table.deletedAt} is null`),
    index('promoting_organisations_city_idx').on(table.cityCode),
  ],
);

/** Members: registered enterprises by credit code, or other organisations by name; dated, with a role. */
export const promotingOrgMembers = pgTable(
  'promoting_org_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => promotingOrganisations.code),
    kind: text('kind', { enum: promotingOrgMemberKinds }).notNull(),
    /** Enterprise members: the registered enterprise. */
    enterpriseCreditCode: text('enterprise_credit_code').references(() => enterprises.creditCode),
    /** Other organisations: their name, and their credit code when known. */
    memberName: text('member_name'),
    memberCreditCode: text('member_credit_code'),
    role: text('role', { enum: promotingOrgMemberRoles }).notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('promoting_org_members_org_idx').on(table.organisationCode),
    index('promoting_org_members_enterprise_idx').on(table.enterpriseCreditCode),
  ],
);

/** The activity log: one row per activity (合作交流, 对接活动, 培训, 年度推进计划, …). */
export const promotingActivities = pgTable(
  'promoting_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => promotingOrganisations.code),
    /** The cluster served; null: every cluster the organisation promotes. */
    clusterCode: text('cluster_code').references(() => clusters.code),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    type: text('type', { enum: promotingActivityTypes }).notNull(),
    title: text('title').notNull(),
    participantCount: integer('participant_count').notNull().default(0),
    enterpriseCreditCodes: text('enterprise_credit_codes').array().notNull().default(sql`'{}'::text[]`),
    attachmentIds: text('attachment_ids').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('promoting_activities_org_idx').on(table.organisationCode, table.heldOn),
    index('promoting_activities_cluster_idx').on(table.clusterCode, table.heldOn),
  ],
);

export type PromotingOrgRow = typeof promotingOrganisations.$inferSelect;
export type PromotingOrgMemberRow = typeof promotingOrgMembers.$inferSelect;
export type PromotingActivityRow = typeof promotingActivities.$inferSelect;
