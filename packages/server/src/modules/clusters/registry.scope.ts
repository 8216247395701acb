import { AppError } from '@qunce/core';
import { arrayOverlaps, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { clusterMemberships, clusters, enterprises } from '../../db/schema/index.ts';
import { clientIp, type SessionUser } from '../auth/auth.hooks.ts';

/**
 * What part of the registries a user sees (docs/briefs/registry-contract.md, "Scope"):
 * province and department users everything; a city bureau the clusters having its city among their
 * cities and the enterprises registered in its city; a cluster promoting organisation its own
 * clusters and their member enterprises; anyone else nothing. Outside the scope is 404, never 403.
 */
export type RegistryScope =
  | { kind: 'all' }
  | { kind: 'cities'; cityCodes: string[] }
  | { kind: 'organisation'; organisationCode: string; clusterCodes: string[] }
  | { kind: 'nothing' };

export function registryScopeOf(user: SessionUser): RegistryScope {
  const { scope } = user;
  if (scope.kind === 'province' || scope.kind === 'department') return { kind: 'all' };
  if (scope.kind === 'city') return { kind: 'cities', cityCodes: scope.cityCodes ?? [] };
  if (scope.kind === 'cluster' && user.organisation) {
    return {
      kind: 'organisation',
      organisationCode: user.organisation.code,
      clusterCodes: scope.clusterCodes ?? [],
    };
  }
  return { kind: 'nothing' };
}

const never = sql`false`;

/** Row filter on `clusters` for the scope (undefined: no restriction). */
export function clusterScopeCondition(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'cities':
      return scope.cityCodes.length > 0 ? arrayOverlaps(clusters.cityCodes, scope.cityCodes) : never;
    case 'organisation':
      return scope.clusterCodes.length > 0
        ? or(
            eq(clusters.promotingOrganisationCode, scope.organisationCode),
            inArray(clusters.code, scope.clusterCodes),
          )
        : eq(clusters.promotingOrganisationCode, scope.organisationCode);
    case 'nothing':
      return never;
  }
}

/** Row filter on `enterprises` for the scope (undefined: no restriction). */
export function enterpriseScopeCondition(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'cities':
      return scope.cityCodes.length > 0 ? inArray(enterprises.cityCode, scope.cityCodes) : never;
    case 'organisation':
      return sql`exists (select 1 from ${clusterMemberships} join ${clusters} on ${clusters.code} = ${clusterMemberships.clusterCode}
            where ${clusterMemberships.creditCode} = ${enterprises.creditCode}
              and ${clusterMemberships.deletedAt} is null and ${clusters.deletedAt} is null
              and ${clusterScopeCondition(scope)})`;
    case 'nothing':
      return never;
  }
}

/** Whether a loaded cluster lies in the scope (the same rule as clusterScopeCondition). */
export function isClusterInScope(
  scope: RegistryScope,
  cluster: { code: string; cityCodes: string[]; promotingOrganisationCode: string | null },
): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'cities':
      return cluster.cityCodes.some((code) => scope.cityCodes.includes(code));
    case 'organisation':
      return (
        cluster.promotingOrganisationCode === scope.organisationCode ||
        scope.clusterCodes.includes(cluster.code)
      );
    case 'nothing':
      return false;
  }
}

export const notFound = (what: string) => new AppError('not_found', `未找到 / not found: ${what}`);

export const staleVersion = (what: string, currentVersion: number, sentVersion: number) =>
  new AppError(
    'conflict',
    `${what} 已被他人修改，请刷新后重试 / ${what} was changed by someone else: reload and try again`,
    { reason: 'stale_version', currentVersion, sentVersion },
  );

/** The calendar date in China (UTC+8, no daylight saving) at an instant: registry dates are local. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** `%` and `_` in a user's search text match themselves. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The audit actor of a write: the signed-in user, their address and the app's clock. */
export function actorOf(user: SessionUser, request: FastifyRequest, at: Date) {
  return { actorId: user.id, actorName: user.username, ip: clientIp(request), at };
}
