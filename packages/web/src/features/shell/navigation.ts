import type { Me, Permission } from '@qunce/core';
import type { MessageKey } from '../../i18n/zh-CN.ts';

/** The features of the platform, one per top-level address (issue 8, "Addresses"). */
export const featureKeys = [
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
  'admin',
  'audit',
] as const;

export type FeatureKey = (typeof featureKeys)[number];

export type NavigationItem = {
  feature: FeatureKey;
  path: string;
  label: MessageKey;
  description: MessageKey;
  /** Shown when the user holds ANY of these; an empty list means every signed-in user. */
  anyOf: readonly Permission[];
};

/**
 * The side navigation, in order, and who sees each entry. Permissions come from the role catalogue in
 * `@qunce/core` (roles.ts); the server enforces them again on every request.
 */
export const navigation: readonly NavigationItem[] = [
  {
    feature: 'cockpit',
    path: '/',
    label: 'nav.cockpit',
    description: 'feature.cockpit',
    anyOf: ['clusters.read'],
  },
  {
    feature: 'clusters',
    path: '/clusters',
    label: 'nav.clusters',
    description: 'feature.clusters',
    anyOf: ['clusters.read'],
  },
  {
    feature: 'enterprises',
    path: '/enterprises',
    label: 'nav.enterprises',
    description: 'feature.enterprises',
    anyOf: ['enterprises.read'],
  },
  {
    feature: 'evaluation',
    path: '/evaluation',
    label: 'nav.evaluation',
    description: 'feature.evaluation',
    anyOf: ['evaluations.read'],
  },
  {
    feature: 'import',
    path: '/import',
    label: 'nav.import',
    description: 'feature.import',
    // The import kinds of the wizard (api/imports.ts `importKinds`) and the permission each needs.
    anyOf: [
      'clusters.manage',
      'enterprises.manage',
      'designations.import',
      'carriers.manage',
      'parks.manage',
      'observations.write',
    ],
  },
  {
    feature: 'targets',
    path: '/targets',
    label: 'nav.targets',
    description: 'feature.targets',
    anyOf: ['targets.read', 'tasks.read'],
  },
  {
    feature: 'recognition',
    path: '/recognition',
    label: 'nav.recognition',
    description: 'feature.recognition',
    anyOf: ['recognition.read', 'recognition.apply', 'recognition.score'],
  },
  {
    feature: 'reviews',
    path: '/reviews',
    label: 'nav.reviews',
    description: 'feature.reviews',
    anyOf: ['reviews.read'],
  },
  {
    feature: 'collection',
    path: '/collection',
    label: 'nav.collection',
    description: 'feature.collection',
    anyOf: ['data.submit', 'data.review'],
  },
  { feature: 'todo', path: '/todo', label: 'nav.todo', description: 'feature.todo', anyOf: [] },
  {
    feature: 'admin',
    path: '/admin',
    label: 'nav.admin',
    description: 'feature.admin',
    anyOf: ['users.read', 'roles.read', 'settings.manage'],
  },
  {
    feature: 'audit',
    path: '/audit',
    label: 'nav.audit',
    description: 'feature.audit',
    anyOf: ['audit.read'],
  },
];

export function navigationItem(feature: FeatureKey): NavigationItem {
  const item = navigation.find((entry) => entry.feature === feature);
  if (!item) throw new Error(`no navigation entry for ${feature}`);
  return item;
}

export function canOpen(user: Pick<Me, 'permissions'>, item: NavigationItem): boolean {
  return item.anyOf.length === 0 || item.anyOf.some((permission) => user.permissions.includes(permission));
}

/** The entries a user may open, in navigation order. */
export function visibleNavigation(user: Pick<Me, 'permissions'>): NavigationItem[] {
  return navigation.filter((item) => canOpen(user, item));
}

/** The entry whose address the path is in: `/clusters/370700-01` belongs to `/clusters`. */
export function navigationItemForPath(pathname: string): NavigationItem | undefined {
  const first = `/${pathname.split('/').filter(Boolean)[0] ?? ''}`;
  return navigation.find((item) => item.path === first);
}

/** Where a user goes after sign-in when no address was asked for: the cockpit, else their first entry. */
export function homePathFor(user: Pick<Me, 'permissions'>): string {
  return visibleNavigation(user)[0]?.path ?? '/todo';
}

/**
 * The address to go back to after signing in, from `?next=`. Only same-site paths are accepted
 * (no `//host` or `https://`), so the login page cannot be used to send users elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next === '/login' || next.startsWith('/login?')) return undefined;
  return next;
}
