import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy.ts';
import { permissionsOf, roleCodes, roles, scopeKindOf } from './roles.ts';

const systemPermissions = new Set([
  'users.read',
  'users.create',
  'users.update',
  'users.reset_password',
  'settings.manage',
  'roles.read',
  'roles.assign',
  'users.lock',
  'audit.read',
]);

describe('role catalogue', () => {
  it('three-role separation: system roles hold no business permission, business roles no system one', () => {
    for (const code of roleCodes) {
      const role = roles[code];
      for (const permission of role.permissions) {
        expect(systemPermissions.has(permission), `${code} ${permission}`).toBe(role.isSystem);
      }
    }
  });

  it('the auditor only reads the audit trail; nobody else does', () => {
    expect(roles.auditor.permissions).toEqual(['audit.read']);
    const readers = roleCodes.filter((code) => roles[code].permissions.includes('audit.read'));
    expect(readers).toEqual(['auditor']);
  });

  it('a city bureau submits data but may not manage organisations', () => {
    const granted = permissionsOf(['city']);
    expect(granted).toContain('data.submit');
    expect(granted).not.toContain('organisations.manage');
  });

  it('scope comes from the business role: city → city, auditor → none, unknown → none', () => {
    expect(scopeKindOf(['city'])).toBe('city');
    expect(scopeKindOf(['auditor'])).toBe('none');
    expect(scopeKindOf(['nonexistent'])).toBe('none');
    expect(permissionsOf(['nonexistent'])).toEqual([]);
  });
});

describe('password policy (≥ 10 characters, 3 of 4 classes, no username)', () => {
  it.each([
    ['Abcdefgh12', 'lower + upper + digit, 10 characters', 0],
    ['abcdefgh1!', 'lower + digit + other', 0],
    ['Abcdefg12', '9 characters is too short', 1],
    ['abcdefghijk', 'one class only', 1],
    ['abcdefgh12', 'two classes: lower + digit', 1],
    ['Ab1', 'three classes but only 3 characters', 1],
  ])('%s: %s → %i problems', (password, _why, count) => {
    expect(checkPasswordPolicy(password)).toHaveLength(count);
  });

  it('refuses a password containing the username, case-insensitively', () => {
    expect(checkPasswordPolicy('Weifang-City-2025', 'weifang')).toHaveLength(1);
  });
});
