/**
 * Cluster registry contracts (DESIGN.md, "Cluster"). The code is stable and does not encode the tier:
 * tier, cultivation target and status change over the years and each change is a dated history
 * entry with its document number.
 */
import { z } from 'zod';
import { clusterTiers } from '../targets/target.contract.ts';
import {
  creditCodeSchema,
  isoDateSchema,
  pagingQuerySchema,
  regionCodeSchema,
  sortQuerySchema,
  versionSchema,
} from './common.contract.ts';
import { industryCodes } from './industries.ts';

export { type ClusterTier, clusterTiers } from '../targets/target.contract.ts';

/** `cultivating` 培育中, `recognised` 已认定, `rectifying` 整改中 (after a review), `revoked` 已撤销. */
export const clusterStatuses = ['cultivating', 'recognised', 'rectifying', 'revoked'] as const;
export type ClusterStatus = (typeof clusterStatuses)[number];

/** Upper-case letters, digits and '-', 2–40 characters, e.g. `SD-C-0001`. Never encodes the tier. */
export const clusterCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, '2–40 个大写字母、数字或 - / 2–40 upper-case letters, digits, -');

export const clusterViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  leadIndustry: z.enum(industryCodes),
  tier: z.enum(clusterTiers),
  cultivationTarget: z.enum(clusterTiers),
  status: z.enum(clusterStatuses),
  /** All cities of the cluster (a cross-city cluster has several), lead city first. */
  cityCodes: z.array(z.string()),
  leadCityCode: z.string(),
  promotingOrganisationCode: z.string().nullable(),
  chainMasterCreditCodes: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ClusterView = z.infer<typeof clusterViewSchema>;

/** Fields of a tier, target or status change: when it took effect and the document that decided it. */
const changeFields = {
  /** Date the change took effect (the document's date); required when tier, target or status change. */
  changedOn: isoDateSchema.optional(),
  /** e.g. 鲁工信集〔2024〕12号; required when tier, target or status change. */
  documentNumber: z.string().trim().min(1).max(100).optional(),
};

const clusterFields = {
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200).nullable().optional(),
  leadIndustry: z.enum(industryCodes),
  tier: z.enum(clusterTiers),
  cultivationTarget: z.enum(clusterTiers),
  status: z.enum(clusterStatuses),
  cityCodes: z.array(regionCodeSchema).min(1).max(16),
  leadCityCode: regionCodeSchema,
  promotingOrganisationCode: z.string().min(1).max(64).nullable().optional(),
  chainMasterCreditCodes: z.array(creditCodeSchema).max(50).optional(),
};

export const createClusterRequestSchema = z
  .strictObject({ code: clusterCodeSchema, ...clusterFields, ...changeFields })
  .refine((body) => body.cityCodes.includes(body.leadCityCode), {
    message: '牵头城市须在城市列表中 / the lead city must be one of the cities',
    path: ['leadCityCode'],
  });
export type CreateClusterRequest = z.infer<typeof createClusterRequestSchema>;

/** Partial update; `version` is the version read (409 when stale). */
export const updateClusterRequestSchema = z.strictObject({
  version: versionSchema,
  name: clusterFields.name.optional(),
  nameEn: clusterFields.nameEn,
  leadIndustry: clusterFields.leadIndustry.optional(),
  tier: clusterFields.tier.optional(),
  cultivationTarget: clusterFields.cultivationTarget.optional(),
  status: clusterFields.status.optional(),
  cityCodes: clusterFields.cityCodes.optional(),
  leadCityCode: clusterFields.leadCityCode.optional(),
  promotingOrganisationCode: clusterFields.promotingOrganisationCode,
  chainMasterCreditCodes: clusterFields.chainMasterCreditCodes,
  ...changeFields,
});
export type UpdateClusterRequest = z.infer<typeof updateClusterRequestSchema>;

/** `created` and `deleted` entries have `from`/`to` null on the missing side. */
export const clusterHistoryFields = ['created', 'tier', 'cultivationTarget', 'status', 'deleted'] as const;
export type ClusterHistoryField = (typeof clusterHistoryFields)[number];

export const clusterHistoryEntrySchema = z.object({
  id: z.string(),
  clusterCode: z.string(),
  changedOn: z.string(),
  field: z.enum(clusterHistoryFields),
  from: z.string().nullable(),
  to: z.string().nullable(),
  documentNumber: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
});
export type ClusterHistoryEntry = z.infer<typeof clusterHistoryEntrySchema>;

export const clusterDetailSchema = clusterViewSchema.extend({
  history: z.array(clusterHistoryEntrySchema),
});
export type ClusterDetail = z.infer<typeof clusterDetailSchema>;

export const clusterSortFields = ['code', 'name', 'tier', 'status', 'updatedAt'] as const;

export const listClustersQuerySchema = pagingQuerySchema.extend({
  /** Substring of the code, name or English name. */
  q: z.string().trim().min(1).max(100).optional(),
  tier: z.enum(clusterTiers).optional(),
  cultivationTarget: z.enum(clusterTiers).optional(),
  status: z.enum(clusterStatuses).optional(),
  leadIndustry: z.enum(industryCodes).optional(),
  /** Clusters having this city among their cities. */
  cityCode: regionCodeSchema.optional(),
  promotingOrganisationCode: z.string().min(1).max(64).optional(),
  sort: sortQuerySchema(clusterSortFields),
});
export type ListClustersQuery = z.infer<typeof listClustersQuerySchema>;

export const deleteQuerySchema = z.strictObject({
  version: z.coerce.number().int().min(1),
  changedOn: isoDateSchema.optional(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
});
