/**
 * Roles and permissions as data (DESIGN.md, "Who uses it"). The server authorises with these; the web
 * app builds its navigation from `Me.permissions`. Three-role separation (MLPS 2.0 / 等保 2.0): the
 * system administrator, the security administrator and the auditor hold no business permission.
 */
export const permissionCodes = [
  // accounts and settings (system administrator)
  'users.read',
  'users.create',
  'users.update',
  'users.reset_password',
  'settings.manage',
  // roles, permissions, lockouts (security administrator)
  'roles.read',
  'roles.assign',
  'users.lock',
  // audit trail (auditor)
  'audit.read',
  // business data
  'reference.read',
  'organisations.read',
  'organisations.manage',
  'clusters.read',
  'clusters.manage',
  'clusters.edit_own',
  'enterprises.read',
  'enterprises.manage',
  'data.submit',
  'data.review',
  'indicators.read',
  'indicators.manage',
  'evaluations.read',
  'evaluations.run',
  'targets.read',
  'targets.report',
  'targets.manage',
  'tasks.read',
  'tasks.report',
  'tasks.manage',
  'designations.import',
  'metrics.read',
  'metrics.manage',
  'observations.write',
  'carriers.manage',
  'parks.manage',
  'recognition.read',
  'recognition.manage',
  'recognition.apply',
  'recognition.score',
  'reviews.read',
  'reviews.manage',
  'attachments.read',
  'attachments.upload',
  'jobs.read',
] as const;

export type Permission = (typeof permissionCodes)[number];

export const scopeKinds = ['province', 'department', 'city', 'cluster', 'assignment', 'none'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

export const roleCodes = [
  'system_admin',
  'security_admin',
  'auditor',
  'province_admin',
  'department',
  'city',
  'cluster_org',
  'expert',
] as const;

export type RoleCode = (typeof roleCodes)[number];

export type RoleDefinition = {
  code: RoleCode;
  name: string;
  nameEn: string;
  scopeKind: ScopeKind;
  /** System roles (the three-role separation) may be granted only from the command line. */
  isSystem: boolean;
  permissions: readonly Permission[];
};

const businessRead: readonly Permission[] = [
  'reference.read',
  'organisations.read',
  'clusters.read',
  'enterprises.read',
  'metrics.read',
  'indicators.read',
  'evaluations.read',
  'targets.read',
  'tasks.read',
  'recognition.read',
  'reviews.read',
  'attachments.read',
  'jobs.read',
];

export const roles: Record<RoleCode, RoleDefinition> = {
  system_admin: {
    code: 'system_admin',
    name: '系统管理员',
    nameEn: 'System administrator',
    scopeKind: 'none',
    isSystem: true,
    permissions: ['users.read', 'users.create', 'users.update', 'users.reset_password', 'settings.manage'],
  },
  security_admin: {
    code: 'security_admin',
    name: '安全管理员',
    nameEn: 'Security administrator',
    scopeKind: 'none',
    isSystem: true,
    permissions: ['users.read', 'roles.read', 'roles.assign', 'users.lock'],
  },
  auditor: {
    code: 'auditor',
    name: '审计管理员',
    nameEn: 'Auditor',
    scopeKind: 'none',
    isSystem: true,
    permissions: ['audit.read'],
  },
  province_admin: {
    code: 'province_admin',
    name: '省级管理员',
    nameEn: 'Province administrator',
    scopeKind: 'province',
    isSystem: false,
    permissions: [
      ...businessRead,
      'organisations.manage',
      'clusters.manage',
      'enterprises.manage',
      // 省工业和信息化厅 (dept-miit) grants the 专精特新, champion and smart-manufacturing designations.
      'designations.import',
      'metrics.manage',
      'observations.write',
      'carriers.manage',
      'parks.manage',
      'data.review',
      'indicators.manage',
      'evaluations.run',
      'targets.manage',
      'tasks.manage',
      'recognition.manage',
      'reviews.manage',
      'attachments.upload',
    ],
  },
  department: {
    code: 'department',
    name: '责任单位',
    nameEn: 'Responsible department',
    scopeKind: 'department',
    isSystem: false,
    permissions: [
      ...businessRead,
      'targets.report',
      'tasks.report',
      'designations.import',
      'observations.write',
      'attachments.upload',
    ],
  },
  city: {
    code: 'city',
    name: '市工信局',
    nameEn: 'City bureau',
    scopeKind: 'city',
    isSystem: false,
    permissions: [
      ...businessRead,
      // Its own city's enterprises and their memberships (the services refuse other cities: 404).
      'enterprises.manage',
      'data.submit',
      'observations.write',
      'carriers.manage',
      'parks.manage',
      'attachments.upload',
      // applies to a recognition round on behalf of its cities' clusters (docs/recognition.md)
      'recognition.apply',
    ],
  },
  cluster_org: {
    code: 'cluster_org',
    name: '集群发展促进组织',
    nameEn: 'Cluster promoting organisation',
    scopeKind: 'cluster',
    isSystem: false,
    permissions: [
      'reference.read',
      'organisations.read',
      'clusters.read',
      'clusters.edit_own',
      'enterprises.read',
      'metrics.read',
      'data.submit',
      'observations.write',
      'recognition.read',
      'recognition.apply',
      // its own cluster's published evaluation result and reviews (docs/evaluations.md)
      'evaluations.read',
      'reviews.read',
      'attachments.read',
      'attachments.upload',
      'jobs.read',
    ],
  },
  expert: {
    code: 'expert',
    name: '评审专家',
    nameEn: 'Expert reviewer',
    scopeKind: 'assignment',
    isSystem: false,
    permissions: ['recognition.read', 'recognition.score', 'attachments.read'],
  },
};

export function isRoleCode(value: string): value is RoleCode {
  return (roleCodes as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (permissionCodes as readonly string[]).includes(value);
}

/** The union of the permissions of the given roles, in catalogue order; unknown role codes add nothing. */
export function permissionsOf(roleList: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const code of roleList) {
    if (isRoleCode(code)) for (const permission of roles[code].permissions) granted.add(permission);
  }
  return permissionCodes.filter((permission) => granted.has(permission));
}

/**
 * A user's scope kind from their roles: the business role decides; system roles have none. A user holds
 * at most one role (enforced where roles are assigned), so there is nothing to merge.
 */
export function scopeKindOf(roleList: readonly string[]): ScopeKind {
  for (const code of roleList) if (isRoleCode(code) && !roles[code].isSystem) return roles[code].scopeKind;
  return 'none';
}
