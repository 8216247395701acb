import { z } from 'zod';
import { organisationRefSchema, organisationTypes } from './me.contract.ts';
import { roleCodes, scopeKinds } from './roles.ts';

/** Usernames: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,63}$/,
    '2–64 个小写字母、数字或 . _ - / 2–64 lower-case letters, digits, . _ -',
  );

/** An account as administrators see it (never the password hash). */
export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  organisation: organisationRefSchema.nullable(),
  mustChangePassword: z.boolean(),
  isLocked: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedLoginCount: z.number().int(),
  isBuiltIn: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(100),
  roles: z.array(z.enum(roleCodes)).length(1),
  organisationCode: z.string().min(1).max(64).nullable().optional(),
  /** Omitted: a password is generated and returned once. The user must change it at first login. */
  password: z.string().min(1).max(256).optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const createUserResponseSchema = z.object({
  user: userViewSchema,
  initialPassword: z.string().nullable(),
});

export const updateUserRequestSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  organisationCode: z.string().min(1).max(64).nullable().optional(),
});

export const setRolesRequestSchema = z.strictObject({ roles: z.array(z.enum(roleCodes)).length(1) });

export const resetPasswordRequestSchema = z.strictObject({ password: z.string().min(1).max(256).optional() });
export const resetPasswordResponseSchema = z.object({ initialPassword: z.string().nullable() });

export const roleViewSchema = z.object({
  code: z.enum(roleCodes),
  name: z.string(),
  nameEn: z.string(),
  scopeKind: z.enum(scopeKinds),
  isSystem: z.boolean(),
  permissions: z.array(z.string()),
});

export const organisationViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  type: z.enum(organisationTypes),
  regionCode: z.string().nullable(),
  policyUnit: z.string().nullable(),
});
export type OrganisationView = z.infer<typeof organisationViewSchema>;

export const createOrganisationRequestSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '3–64 个小写字母、数字或 - / 3–64 lower-case letters, digits, -'),
  name: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(1).max(200).nullable().optional(),
  /** The organisation's home city (GB/T 2260 code). */
  regionCode: z.string().regex(/^\d{6}$/),
});

export const auditOutcomes = ['success', 'denied', 'failure'] as const;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actorId: z.string().max(64).optional(),
  actorName: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextBeforeSeq: z.number().int().nullable(),
});
