/**
 * Innovation carriers and parks (DESIGN.md, "Innovation carrier", "Park"; issue 4). Carriers are keyed
 * by their natural key (name + host's credit code) and carry a generated id; parks by a stable code
 * that does not encode the level.
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

export const carrierTypes = [
  'manufacturing-innovation-centre', // 制造业创新中心
  'technology-innovation-centre', // 技术创新中心
  'industry-innovation-centre', // 产业创新中心
  'market-supervision-innovation-centre', // 市场监管技术创新中心
  'enterprise-technology-centre', // 企业技术中心
  'industrial-design-centre', // 工业设计中心
  'key-laboratory', // 重点实验室
] as const;
export type CarrierType = (typeof carrierTypes)[number];

export const carrierLevels = ['national', 'provincial'] as const;
export type CarrierLevel = (typeof carrierLevels)[number];

const clusterCode = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, '集群代码 / cluster code');

const carrierFields = {
  name: z.string().trim().min(1).max(200),
  type: z.enum(carrierTypes),
  level: z.enum(carrierLevels),
  /** The host's unified social credit code (an enterprise, university or institute). */
  hostCreditCode: creditCodeSchema,
  hostName: z.string().trim().min(1).max(200),
  cityCode: regionCodeSchema,
  clusterCode: clusterCode.nullable(),
  recognisedOn: isoDateSchema.nullable(),
  documentNumber: z.string().trim().min(1).max(100).nullable(),
};

export const createCarrierRequestSchema = z.strictObject({
  ...carrierFields,
  clusterCode: carrierFields.clusterCode.optional(),
  recognisedOn: carrierFields.recognisedOn.optional(),
  documentNumber: carrierFields.documentNumber.optional(),
});
export type CreateCarrierRequest = z.infer<typeof createCarrierRequestSchema>;

export const updateCarrierRequestSchema = z.strictObject({
  name: carrierFields.name.optional(),
  type: carrierFields.type.optional(),
  level: carrierFields.level.optional(),
  hostName: carrierFields.hostName.optional(),
  cityCode: carrierFields.cityCode.optional(),
  clusterCode: carrierFields.clusterCode.optional(),
  recognisedOn: carrierFields.recognisedOn.optional(),
  documentNumber: carrierFields.documentNumber.optional(),
  version: versionSchema,
});
export type UpdateCarrierRequest = z.infer<typeof updateCarrierRequestSchema>;

export const carrierViewSchema = z.object({
  id: z.string(),
  ...carrierFields,
  hostCreditCode: z.string(),
  clusterCode: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CarrierView = z.infer<typeof carrierViewSchema>;

export const carrierSortFields = ['name', 'type', 'level', 'recognisedOn', 'updatedAt'] as const;

export const listCarriersQuerySchema = pagingQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional(),
  type: z.enum(carrierTypes).optional(),
  level: z.enum(carrierLevels).optional(),
  cityCode: regionCodeSchema.optional(),
  clusterCode: z.string().min(1).max(64).optional(),
  hostCreditCode: z.string().min(1).max(64).optional(),
  sort: sortQuerySchema(carrierSortFields),
});
export type ListCarriersQuery = z.infer<typeof listCarriersQuerySchema>;

// ── parks ─────────────────────────────────────────────────────────────────────────────────────────

export const parkLevels = ['national', 'provincial', 'municipal'] as const;
export type ParkLevel = (typeof parkLevels)[number];

/** 生态工业园区: none, being built (创建中), provincial, national. */
export const ecoIndustrialStatuses = ['none', 'building', 'provincial', 'national'] as const;
export type EcoIndustrialStatus = (typeof ecoIndustrialStatuses)[number];

/** 5G network coverage of the park. */
export const fiveGCoverages = ['none', 'partial', 'full'] as const;
export type FiveGCoverage = (typeof fiveGCoverages)[number];

export const parkCodeSchema = z
  .string()
  .regex(
    /^[A-Z0-9][A-Z0-9-]{1,39}$/,
    '园区代码：大写字母、数字和连字符 / park code: upper-case letters, digits, hyphens',
  );

const parkFields = {
  name: z.string().trim().min(1).max(200),
  cityCode: regionCodeSchema,
  countyCode: regionCodeSchema.nullable(),
  level: z.enum(parkLevels),
  ecoIndustrialStatus: z.enum(ecoIndustrialStatuses),
  fiveGCoverage: z.enum(fiveGCoverages),
  /** Clusters the park serves. */
  clusterCodes: z.array(clusterCode).max(50),
};

const countyInCity = (body: { cityCode?: string | undefined; countyCode?: string | null | undefined }) =>
  !body.countyCode || !body.cityCode || body.countyCode.slice(0, 4) === body.cityCode.slice(0, 4);
const countyMessage = {
  message: '区县须属于所在城市 / the county must lie in the city',
  path: ['countyCode'],
};

export const createParkRequestSchema = z
  .strictObject({
    code: parkCodeSchema,
    ...parkFields,
    countyCode: parkFields.countyCode.optional(),
    ecoIndustrialStatus: parkFields.ecoIndustrialStatus.default('none'),
    fiveGCoverage: parkFields.fiveGCoverage.default('none'),
    clusterCodes: parkFields.clusterCodes.default([]),
  })
  .refine(countyInCity, countyMessage);
export type CreateParkRequest = z.infer<typeof createParkRequestSchema>;

export const updateParkRequestSchema = z
  .strictObject({
    name: parkFields.name.optional(),
    cityCode: parkFields.cityCode.optional(),
    countyCode: parkFields.countyCode.optional(),
    level: parkFields.level.optional(),
    ecoIndustrialStatus: parkFields.ecoIndustrialStatus.optional(),
    fiveGCoverage: parkFields.fiveGCoverage.optional(),
    clusterCodes: parkFields.clusterCodes.optional(),
    version: versionSchema,
  })
  .refine(countyInCity, countyMessage);
export type UpdateParkRequest = z.infer<typeof updateParkRequestSchema>;

export const parkViewSchema = z.object({
  code: z.string(),
  ...parkFields,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ParkView = z.infer<typeof parkViewSchema>;

export const parkSortFields = ['code', 'name', 'level', 'updatedAt'] as const;

export const listParksQuerySchema = pagingQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional(),
  cityCode: regionCodeSchema.optional(),
  level: z.enum(parkLevels).optional(),
  ecoIndustrialStatus: z.enum(ecoIndustrialStatuses).optional(),
  fiveGCoverage: z.enum(fiveGCoverages).optional(),
  /** Parks serving this cluster. */
  clusterCode: z.string().min(1).max(64).optional(),
  sort: sortQuerySchema(parkSortFields),
});
export type ListParksQuery = z.infer<typeof listParksQuerySchema>;

/** Soft delete names the version it read (a stale one is 409). */
export const deleteByVersionQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1) });
