/**
 * Designation registry contracts (DESIGN.md, "Designation"): an enterprise's qualification with its
 * level, grant and expiry dates, document and granting department. Each granting department writes
 * only its own types (designationTypeRules).
 *
 * Validity: a designation is valid on date D when grantedOn ≤ D, (expiresOn is null or
 * D ≤ expiresOn) and (revokedOn is null or D < revokedOn): `expiresOn` is the last day of validity,
 * `revokedOn` the first day it no longer holds (the same rule as rollup's isDesignationValidOn).
 * "Ever granted up to D" counts every grant with grantedOn ≤ D, expired or revoked or not (the
 * policy's 累计 counts).
 */
import { z } from 'zod';
import { type DesignationType, designationLevels, designationTypes } from '../targets/target.contract.ts';
import {
  creditCodeSchema,
  isoDateSchema,
  pageSchema,
  pagingQuerySchema,
  regionCodeSchema,
  sortQuerySchema,
  versionSchema,
} from './common.contract.ts';

export {
  type DesignationLevel,
  type DesignationType,
  designationLevels,
  designationTypes,
} from '../targets/target.contract.ts';

/**
 * Who grants each type (organisation codes, docs/briefs/auth-contract.md) and at which levels:
 * 省科技厅 (dept-sti) recognises high-tech enterprises; 省工业和信息化厅 (dept-miit) the 专精特新,
 * single-item champion, gazelle, unicorn, leading-enterprise, smart-manufacturing and benchmark lists
 * (it also forwards the national lists the ministries publish). A province loading its own
 * configuration changes this table.
 */
export const designationTypeRules: Readonly<
  Record<DesignationType, { grantingDepartmentCode: string; levels: readonly ('national' | 'provincial')[] }>
> = {
  'high-tech': { grantingDepartmentCode: 'dept-sti', levels: ['national'] },
  'specialised-sme': { grantingDepartmentCode: 'dept-miit', levels: ['provincial'] },
  'little-giant': { grantingDepartmentCode: 'dept-miit', levels: ['national'] },
  'single-champion': { grantingDepartmentCode: 'dept-miit', levels: ['national', 'provincial'] },
  gazelle: { grantingDepartmentCode: 'dept-miit', levels: ['provincial'] },
  unicorn: { grantingDepartmentCode: 'dept-miit', levels: ['provincial'] },
  'world-class-enterprise': { grantingDepartmentCode: 'dept-miit', levels: ['national', 'provincial'] },
  'leading-enterprise': { grantingDepartmentCode: 'dept-miit', levels: ['national', 'provincial'] },
  'national-smart-factory': { grantingDepartmentCode: 'dept-miit', levels: ['national'] },
  'provincial-smart-factory': { grantingDepartmentCode: 'dept-miit', levels: ['provincial'] },
  'digital-workshop': { grantingDepartmentCode: 'dept-miit', levels: ['provincial'] },
  'benchmark-enterprise': { grantingDepartmentCode: 'dept-miit', levels: ['national', 'provincial'] },
};

/** Designation types the organisation may write (empty for every other organisation). */
export function designationTypesGrantedBy(organisationCode: string): DesignationType[] {
  return designationTypes.filter(
    (type) => designationTypeRules[type].grantingDepartmentCode === organisationCode,
  );
}

export const designationViewSchema = z.object({
  id: z.string(),
  creditCode: z.string(),
  /** The enterprise's name and city, for lists. */
  enterpriseName: z.string(),
  cityCode: z.string(),
  type: z.enum(designationTypes),
  level: z.enum(designationLevels),
  grantedOn: z.string(),
  expiresOn: z.string().nullable(),
  /** Revoked (撤销) from this day on; null when never revoked. */
  revokedOn: z.string().nullable(),
  documentNumber: z.string(),
  grantingDepartmentCode: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DesignationView = z.infer<typeof designationViewSchema>;

const expiryAfterGrant = (body: { grantedOn?: string | undefined; expiresOn?: string | null | undefined }) =>
  !body.expiresOn || !body.grantedOn || body.expiresOn >= body.grantedOn;
const expiryMessage = {
  message: '到期日不得早于认定日 / expiresOn must not be before grantedOn',
  path: ['expiresOn'],
};

/** The granting department is the signed-in user's organisation; it is not sent. */
export const createDesignationRequestSchema = z
  .strictObject({
    creditCode: creditCodeSchema,
    type: z.enum(designationTypes),
    level: z.enum(designationLevels),
    grantedOn: isoDateSchema,
    expiresOn: isoDateSchema.nullable().optional(),
    documentNumber: z.string().trim().min(1).max(100),
  })
  .refine(expiryAfterGrant, expiryMessage)
  .refine((body) => designationTypeRules[body.type].levels.includes(body.level), {
    message: '该类型不授予此级别 / this designation type is not granted at this level',
    path: ['level'],
  });
export type CreateDesignationRequest = z.infer<typeof createDesignationRequestSchema>;

export const updateDesignationRequestSchema = z
  .strictObject({
    version: versionSchema,
    grantedOn: isoDateSchema.optional(),
    expiresOn: isoDateSchema.nullable().optional(),
    revokedOn: isoDateSchema.nullable().optional(),
    documentNumber: z.string().trim().min(1).max(100).optional(),
  })
  .refine(expiryAfterGrant, expiryMessage)
  .refine((body) => !body.revokedOn || !body.grantedOn || body.revokedOn > body.grantedOn, {
    message: '撤销日须晚于认定日 / revokedOn must be after grantedOn',
    path: ['revokedOn'],
  });
export type UpdateDesignationRequest = z.infer<typeof updateDesignationRequestSchema>;

export const designationSortFields = ['grantedOn', 'expiresOn', 'creditCode', 'type', 'updatedAt'] as const;

export const listDesignationsQuerySchema = pagingQuerySchema
  .extend({
    creditCode: z.string().min(1).max(64).optional(),
    type: z.enum(designationTypes).optional(),
    level: z.enum(designationLevels).optional(),
    grantingDepartmentCode: z.string().min(1).max(64).optional(),
    cityCode: regionCodeSchema.optional(),
    /** Valid on this date: grantedOn ≤ D ≤ expiresOn (or no expiry) and not revoked on or before D. */
    validOn: isoDateSchema.optional(),
    /** Ever granted up to this date: grantedOn ≤ D, expired or not. */
    grantedBy: isoDateSchema.optional(),
    sort: sortQuerySchema(designationSortFields),
  })
  .refine((query) => !(query.validOn && query.grantedBy), {
    message: 'validOn 与 grantedBy 只能选一 / use validOn or grantedBy, not both',
    path: ['grantedBy'],
  });
export type ListDesignationsQuery = z.infer<typeof listDesignationsQuerySchema>;

/** A page of designations; `enterpriseCount` = distinct enterprises over all matching rows (not just the page). */
export const designationPageSchema = pageSchema(designationViewSchema).extend({
  enterpriseCount: z.number().int(),
});
export type DesignationPage = z.infer<typeof designationPageSchema>;
