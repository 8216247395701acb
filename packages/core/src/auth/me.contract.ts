import { z } from 'zod';
import { scopeKinds } from './roles.ts';

export const organisationTypes = [
  'province',
  'department',
  'collective',
  'city',
  'cluster_org',
  'expert_group',
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisationRefSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** English name where one is recorded (the English UI shows it; otherwise the Chinese name). */
  nameEn: z.string().nullable(),
  type: z.enum(organisationTypes),
});

export const scopeSchema = z.object({
  kind: z.enum(scopeKinds),
  cityCodes: z.array(z.string()).optional(),
  clusterCodes: z.array(z.string()).optional(),
  departmentCode: z.string().optional(),
});
export type Scope = z.infer<typeof scopeSchema>;

/** The signed-in user as the web app sees it (`GET /api/auth/me`, `POST /api/auth/login`). */
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  organisation: organisationRefSchema.nullable(),
  scope: scopeSchema,
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const meResponseSchema = z.object({ user: meSchema, csrfToken: z.string() });
export type MeResponse = z.infer<typeof meResponseSchema>;

export const loginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const changePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
