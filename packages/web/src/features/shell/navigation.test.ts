import { permissionsOf } from '@qunce/core';
import { describe, expect, it } from 'vitest';
import { homePathFor, navigationItemForPath, safeNextPath, visibleNavigation } from './navigation.ts';

const as = (...roles: string[]) => ({ permissions: permissionsOf(roles) });
const features = (user: { permissions: string[] }) => visibleNavigation(user).map((item) => item.feature);

describe('navigation by role (permissions from the core role catalogue)', () => {
  it('a city bureau sees the business pages it may read, import (its own city’s data) and data collection, not admin or audit', () => {
    expect(features(as('city'))).toEqual([
      'cockpit',
      'clusters',
      'enterprises',
      'evaluation',
      'import',
      'targets',
      'recognition',
      'reviews',
      'collection',
      'todo',
    ]);
  });

  it('three-role separation: admin sees administration, the auditor the audit trail, neither business pages', () => {
    expect(features(as('system_admin'))).toEqual(['todo', 'admin']);
    expect(features(as('security_admin'))).toEqual(['todo', 'admin']);
    expect(features(as('auditor'))).toEqual(['todo', 'audit']);
  });

  it('the province administrator sees every business page including import', () => {
    expect(features(as('province_admin'))).toContain('import');
    expect(features(as('province_admin'))).not.toContain('audit');
  });

  it('an expert sees recognition (to score) and the to-do list only', () => {
    expect(features(as('expert'))).toEqual(['recognition', 'todo']);
  });

  it('home is the cockpit when permitted, else the first permitted page', () => {
    expect(homePathFor(as('city'))).toBe('/');
    expect(homePathFor(as('auditor'))).toBe('/todo');
    expect(homePathFor(as('expert'))).toBe('/recognition');
  });
});

describe('paths', () => {
  it('a detail address belongs to its list entry', () => {
    expect(navigationItemForPath('/clusters/370700-01')?.feature).toBe('clusters');
    expect(navigationItemForPath('/')?.feature).toBe('cockpit');
    expect(navigationItemForPath('/nowhere')).toBeUndefined();
  });

  it('?next= accepts same-site paths only', () => {
    expect(safeNextPath('/clusters?tier=world')).toBe('/clusters?tier=world');
    expect(safeNextPath('//evil.example/')).toBeUndefined();
    expect(safeNextPath('https://evil.example/')).toBeUndefined();
    expect(safeNextPath('/\\evil.example')).toBeUndefined();
    expect(safeNextPath('/login')).toBeUndefined();
    expect(safeNextPath(null)).toBeUndefined();
  });
});
