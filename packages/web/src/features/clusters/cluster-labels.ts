import type { MessageKey } from '../../i18n/zh-CN.ts';

/** Catalogue keys of the registries' codes (tier, status, industry, role, level). */
export const tierKey = (tier: string) => `tier.${tier}` as MessageKey;
export const statusKey = (status: string) => `status.${status}` as MessageKey;
export const industryKey = (code: string) => `industry.${code}` as MessageKey;
export const roleKey = (role: string) => `role.${role}` as MessageKey;
export const levelKey = (level: string) => `level.${level}` as MessageKey;
export const designationKey = (type: string) => `designation.${type}` as MessageKey;
export const carrierTypeKey = (type: string) => `carrierType.${type}` as MessageKey;

export const tierColours: Record<string, string> = {
  world: 'red',
  national: 'blue',
  provincial: 'green',
  candidate: 'default',
};
export const statusColours: Record<string, string> = {
  cultivating: 'processing',
  recognised: 'success',
  rectifying: 'warning',
  revoked: 'default',
};
