/**
 * Cluster promoting organisations (集群发展促进组织; issue 4, item 1): the body that runs a cluster,
 * its members (enterprises by credit code, and other organisations such as universities) and its
 * activity log. The policy asks each recognised cluster for major cooperation activities every year,
 * so "activities per cluster per year" is a first-class query. A promoting organisation is keyed by
 * its `organisations` code (type `cluster_org`): the code clusters already point at and a cluster_org
 * user belongs to.
 */
import { z } from 'zod';
import {
  creditCodeSchema,
  isoDateSchema,
  pagingQuerySchema,
  regionCodeSchema,
  sortQuerySchema,
  versionSchema,
} from '../registry/common.contract.ts';

/** Controlled list of organisation types, with Chinese and English names. */
export const promotingOrgTypes = ['association', 'alliance', 'institute', 'enterprise', 'other'] as const;
export type PromotingOrgType = (typeof promotingOrgTypes)[number];
export const promotingOrgTypeNames: Record<PromotingOrgType, { zh: string; en: string }> = {
  association: { zh: '协会', en: 'Association' },
  alliance: { zh: '联盟', en: 'Alliance' },
  institute: { zh: '研究院', en: 'Research institute' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  other: { zh: '其他', en: 'Other' },
};

/** What a member is: a registered enterprise (by credit code) or another organisation (by name). */
export const promotingOrgMemberKinds = ['enterprise', 'organisation'] as const;
export type PromotingOrgMemberKind = (typeof promotingOrgMemberKinds)[number];

export const promotingOrgMemberRoles = ['chair', 'vice_chair', 'council', 'member'] as const;
export type PromotingOrgMemberRole = (typeof promotingOrgMemberRoles)[number];
export const promotingOrgMemberRoleNames: Record<PromotingOrgMemberRole, { zh: string; en: string }> = {
  chair: { zh: '理事长单位', en: 'Chair' },
  vice_chair: { zh: '副理事长单位', en: 'Vice chair' },
  council: { zh: '理事单位', en: 'Council member' },
  member: { zh: '会员单位', en: 'Member' },
};

export const promotingActivityTypes = [
  'cooperation',
  'matchmaking',
  'training',
  'annual_plan',
  'other',
] as const;
export type PromotingActivityType = (typeof promotingActivityTypes)[number];
export const promotingActivityTypeNames: Record<PromotingActivityType, { zh: string; en: string }> = {
  cooperation: { zh: '合作交流', en: 'Cooperation and exchange' },
  matchmaking: { zh: '对接活动', en: 'Matchmaking event' },
  training: { zh: '培训', en: 'Training' },
  annual_plan: { zh: '年度推进计划', en: 'Annual work plan' },
  other: { zh: '其他', en: 'Other' },
};

/** Organisation codes as the organisations table issues them (`org-…`, `city-370700`). */
export const organisationCodeSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9-]{1,63}$/,
    '组织代码：字母、数字、连字符 / organisation code: letters, digits, -',
  );

const contactFields = {
  contactName: z.string().trim().min(1).max(50).nullable(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,30}$/, '电话号码 / phone number')
    .nullable(),
  contactEmail: z.email().max(200).nullable(),
};

export const promotingOrgViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  type: z.enum(promotingOrgTypes),
  creditCode: z.string(),
  cityCode: z.string(),
  /** The live clusters whose promoting organisation this is (set on the cluster: PATCH /clusters/:code). */
  clusterCodes: z.array(z.string()),
  establishedOn: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  memberCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PromotingOrgView = z.infer<typeof promotingOrgViewSchema>;

export const createPromotingOrgRequestSchema = z.strictObject({
  code: organisationCodeSchema,
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200).nullable().optional(),
  type: z.enum(promotingOrgTypes),
  creditCode: creditCodeSchema,
  cityCode: regionCodeSchema,
  establishedOn: isoDateSchema.nullable().optional(),
  contactName: contactFields.contactName.optional(),
  contactPhone: contactFields.contactPhone.optional(),
  contactEmail: contactFields.contactEmail.optional(),
});
export type CreatePromotingOrgRequest = z.infer<typeof createPromotingOrgRequestSchema>;

export const updatePromotingOrgRequestSchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  nameEn: z.string().trim().min(1).max(200).nullable().optional(),
  type: z.enum(promotingOrgTypes).optional(),
  creditCode: creditCodeSchema.optional(),
  cityCode: regionCodeSchema.optional(),
  establishedOn: isoDateSchema.nullable().optional(),
  contactName: contactFields.contactName.optional(),
  contactPhone: contactFields.contactPhone.optional(),
  contactEmail: contactFields.contactEmail.optional(),
});
export type UpdatePromotingOrgRequest = z.infer<typeof updatePromotingOrgRequestSchema>;

export const promotingOrgSortFields = ['code', 'name', 'cityCode', 'updatedAt'] as const;
export const listPromotingOrgsQuerySchema = pagingQuerySchema.extend({
  /** Substring of the code or name, or a credit-code prefix. */
  q: z.string().trim().min(1).max(100).optional(),
  type: z.enum(promotingOrgTypes).optional(),
  cityCode: regionCodeSchema.optional(),
  /** The organisation promoting this cluster. */
  clusterCode: z.string().min(1).max(40).optional(),
  sort: sortQuerySchema(promotingOrgSortFields),
});
export type ListPromotingOrgsQuery = z.infer<typeof listPromotingOrgsQuerySchema>;

// ---- members ----

export const promotingOrgMemberViewSchema = z.object({
  id: z.string(),
  organisationCode: z.string(),
  kind: z.enum(promotingOrgMemberKinds),
  /** Enterprise members always; other organisations when known. */
  creditCode: z.string().nullable(),
  /** The enterprise's registered name, or the other organisation's name. */
  name: z.string(),
  role: z.enum(promotingOrgMemberRoles),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  version: z.number().int(),
});
export type PromotingOrgMemberView = z.infer<typeof promotingOrgMemberViewSchema>;

const leftAfterJoined = (body: { joinedOn?: string | undefined; leftOn?: string | null | undefined }) =>
  !body.leftOn || !body.joinedOn || body.leftOn >= body.joinedOn;
const leftMessage = {
  message: '退出日期不得早于加入日期 / leftOn must not be before joinedOn',
  path: ['leftOn'],
};

export const createPromotingOrgMemberRequestSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('enterprise'),
      creditCode: creditCodeSchema,
      role: z.enum(promotingOrgMemberRoles),
      joinedOn: isoDateSchema,
      leftOn: isoDateSchema.nullable().optional(),
    }),
    z.strictObject({
      kind: z.literal('organisation'),
      name: z.string().trim().min(1).max(200),
      creditCode: creditCodeSchema.nullable().optional(),
      role: z.enum(promotingOrgMemberRoles),
      joinedOn: isoDateSchema,
      leftOn: isoDateSchema.nullable().optional(),
    }),
  ])
  .refine(leftAfterJoined, leftMessage);
export type CreatePromotingOrgMemberRequest = z.infer<typeof createPromotingOrgMemberRequestSchema>;

export const updatePromotingOrgMemberRequestSchema = z
  .strictObject({
    version: versionSchema,
    role: z.enum(promotingOrgMemberRoles).optional(),
    joinedOn: isoDateSchema.optional(),
    leftOn: isoDateSchema.nullable().optional(),
    /** Other organisations only: their name. */
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine(leftAfterJoined, leftMessage);
export type UpdatePromotingOrgMemberRequest = z.infer<typeof updatePromotingOrgMemberRequestSchema>;

export const listPromotingOrgMembersQuerySchema = pagingQuerySchema.extend({
  /** Members on this date (joinedOn ≤ D ≤ leftOn); default: every live membership row. */
  on: isoDateSchema.optional(),
  kind: z.enum(promotingOrgMemberKinds).optional(),
});
export type ListPromotingOrgMembersQuery = z.infer<typeof listPromotingOrgMembersQuerySchema>;

// ---- activities ----

export const promotingActivityViewSchema = z.object({
  id: z.string(),
  organisationCode: z.string(),
  /** The cluster the activity served; null: every cluster the organisation promotes. */
  clusterCode: z.string().nullable(),
  heldOn: z.string(),
  type: z.enum(promotingActivityTypes),
  title: z.string(),
  participantCount: z.number().int(),
  enterpriseCreditCodes: z.array(z.string()),
  attachmentIds: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PromotingActivityView = z.infer<typeof promotingActivityViewSchema>;

const activityFields = {
  clusterCode: z.string().min(1).max(40).nullable(),
  heldOn: isoDateSchema,
  type: z.enum(promotingActivityTypes),
  title: z.string().trim().min(1).max(300),
  participantCount: z.number().int().min(0).max(1_000_000),
  enterpriseCreditCodes: z.array(creditCodeSchema).max(2000),
  attachmentIds: z.array(z.uuid()).max(50),
};

export const createPromotingActivityRequestSchema = z.strictObject({
  ...activityFields,
  clusterCode: activityFields.clusterCode.optional(),
  enterpriseCreditCodes: activityFields.enterpriseCreditCodes.default([]),
  attachmentIds: activityFields.attachmentIds.default([]),
});
export type CreatePromotingActivityRequest = z.infer<typeof createPromotingActivityRequestSchema>;

export const updatePromotingActivityRequestSchema = z.strictObject({
  version: versionSchema,
  clusterCode: activityFields.clusterCode.optional(),
  heldOn: activityFields.heldOn.optional(),
  type: activityFields.type.optional(),
  title: activityFields.title.optional(),
  participantCount: activityFields.participantCount.optional(),
  enterpriseCreditCodes: activityFields.enterpriseCreditCodes.optional(),
  attachmentIds: activityFields.attachmentIds.optional(),
});
export type UpdatePromotingActivityRequest = z.infer<typeof updatePromotingActivityRequestSchema>;

export const listPromotingActivitiesQuerySchema = pagingQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  type: z.enum(promotingActivityTypes).optional(),
  clusterCode: z.string().min(1).max(40).optional(),
});
export type ListPromotingActivitiesQuery = z.infer<typeof listPromotingActivitiesQuerySchema>;

/** Activities per cluster per year: the evaluation's "major cooperation activities" indicator. */
export const activityCountsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  clusterCode: z.string().min(1).max(40).optional(),
  /** Count only these types (comma-separated); default all. */
  types: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((s) => s.trim()) : undefined))
    .pipe(z.array(z.enum(promotingActivityTypes)).optional()),
});
export type ActivityCountsQuery = z.infer<typeof activityCountsQuerySchema>;

export const activityCountSchema = z.object({
  clusterCode: z.string(),
  year: z.number().int(),
  count: z.number().int(),
});
export const activityCountsSchema = z.object({ items: z.array(activityCountSchema) });

/** One entry of an organisation's change history (from the audit trail). */
export const promotingOrgHistoryEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export const promotingOrgHistorySchema = z.object({ items: z.array(promotingOrgHistoryEntrySchema) });

export const promotingOrgVersionQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1) });
