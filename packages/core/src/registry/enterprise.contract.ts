/**
 * Enterprise registry contracts (DESIGN.md, "Enterprise"): keyed by the unified social credit code,
 * with dated cluster memberships. An enterprise may belong to several clusters at once.
 */
import { z } from 'zod';
import { clusterCodeSchema } from './cluster.contract.ts';
import {
  creditCodeSchema,
  isoDateSchema,
  pagingQuerySchema,
  queryBooleanSchema,
  regionCodeSchema,
  sortQuerySchema,
  versionSchema,
} from './common.contract.ts';
import { isIndustryDivision } from './industries.ts';

/** GB/T 4754-2017 two-digit division of an industrial enterprise (06–46). */
export const industryDivisionSchema = z
  .string()
  .refine(isIndustryDivision, 'GB/T 4754 工业大类代码（06–46） / a GB/T 4754 industrial division (06–46)');

export const enterpriseViewSchema = z.object({
  creditCode: z.string(),
  name: z.string(),
  cityCode: z.string(),
  countyCode: z.string().nullable(),
  industryDivision: z.string(),
  /** 规模以上工业企业 (annual revenue ≥ 20 million yuan). */
  isAboveScale: z.boolean(),
  /** 重点企业 as the city or cluster designates it. */
  isKeyEnterprise: z.boolean(),
  /** The enterprise's site has 5G coverage. */
  has5g: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EnterpriseView = z.infer<typeof enterpriseViewSchema>;

const enterpriseFields = {
  name: z.string().trim().min(1).max(200),
  cityCode: regionCodeSchema,
  /** A county of the city: its first four digits are the city's. */
  countyCode: regionCodeSchema.nullable().optional(),
  industryDivision: industryDivisionSchema,
  isAboveScale: z.boolean(),
  isKeyEnterprise: z.boolean().optional(),
  has5g: z.boolean().optional(),
};

const countyInCity = (body: { cityCode?: string | undefined; countyCode?: string | null | undefined }) =>
  !body.countyCode || !body.cityCode || body.countyCode.slice(0, 4) === body.cityCode.slice(0, 4);
const countyMessage = {
  message: '区县须属于所在城市 / the county must belong to the city',
  path: ['countyCode'],
};

export const createEnterpriseRequestSchema = z
  .strictObject({ creditCode: creditCodeSchema, ...enterpriseFields })
  .refine(countyInCity, countyMessage);
export type CreateEnterpriseRequest = z.infer<typeof createEnterpriseRequestSchema>;

export const updateEnterpriseRequestSchema = z
  .strictObject({
    version: versionSchema,
    name: enterpriseFields.name.optional(),
    cityCode: enterpriseFields.cityCode.optional(),
    countyCode: enterpriseFields.countyCode,
    industryDivision: enterpriseFields.industryDivision.optional(),
    isAboveScale: enterpriseFields.isAboveScale.optional(),
    isKeyEnterprise: enterpriseFields.isKeyEnterprise,
    has5g: enterpriseFields.has5g,
  })
  .refine(countyInCity, countyMessage);
export type UpdateEnterpriseRequest = z.infer<typeof updateEnterpriseRequestSchema>;

export const enterpriseSortFields = ['creditCode', 'name', 'cityCode', 'updatedAt'] as const;

export const listEnterprisesQuerySchema = pagingQuerySchema.extend({
  /** Substring of the name, or a credit-code prefix. */
  q: z.string().trim().min(1).max(100).optional(),
  cityCode: regionCodeSchema.optional(),
  countyCode: regionCodeSchema.optional(),
  industryDivision: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  isAboveScale: queryBooleanSchema.optional(),
  isKeyEnterprise: queryBooleanSchema.optional(),
  has5g: queryBooleanSchema.optional(),
  /** Members of this cluster on `memberOn` (default: members at any time). */
  clusterCode: z.string().min(1).max(40).optional(),
  memberOn: isoDateSchema.optional(),
  sort: sortQuerySchema(enterpriseSortFields),
});
export type ListEnterprisesQuery = z.infer<typeof listEnterprisesQuerySchema>;

/** 链主 chain master, 核心 core, 配套 supporting. */
export const membershipRoles = ['chain_master', 'core', 'supporting'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

/** Valid from `validFrom` through `validTo` inclusive; `validTo` null = still a member. */
export const membershipViewSchema = z.object({
  id: z.string(),
  creditCode: z.string(),
  clusterCode: z.string(),
  role: z.enum(membershipRoles),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  version: z.number().int(),
});
export type MembershipView = z.infer<typeof membershipViewSchema>;

export const createMembershipRequestSchema = z
  .strictObject({
    clusterCode: clusterCodeSchema,
    role: z.enum(membershipRoles),
    validFrom: isoDateSchema,
    validTo: isoDateSchema.nullable().optional(),
  })
  .refine((body) => !body.validTo || body.validTo >= body.validFrom, {
    message: '结束日期不得早于开始日期 / validTo must not be before validFrom',
    path: ['validTo'],
  });
export type CreateMembershipRequest = z.infer<typeof createMembershipRequestSchema>;

export const updateMembershipRequestSchema = z.strictObject({
  version: versionSchema,
  role: z.enum(membershipRoles).optional(),
  validFrom: isoDateSchema.optional(),
  validTo: isoDateSchema.nullable().optional(),
});
export type UpdateMembershipRequest = z.infer<typeof updateMembershipRequestSchema>;

export const enterpriseDetailSchema = enterpriseViewSchema.extend({
  memberships: z.array(membershipViewSchema),
});
export type EnterpriseDetail = z.infer<typeof enterpriseDetailSchema>;

/** A cluster's member as the cluster page lists it: the membership with the enterprise's name and city. */
export const clusterMemberViewSchema = membershipViewSchema.extend({
  enterpriseName: z.string(),
  cityCode: z.string(),
});
export type ClusterMemberView = z.infer<typeof clusterMemberViewSchema>;

export const listClusterMembersQuerySchema = pagingQuerySchema.extend({
  /** Memberships valid on this date (validFrom ≤ D ≤ validTo); default: every live membership. */
  on: isoDateSchema.optional(),
  role: z.enum(membershipRoles).optional(),
});
export type ListClusterMembersQuery = z.infer<typeof listClusterMembersQuerySchema>;
