import { AppError } from '@qunce/core';
import type {
  ClusterMemberView,
  CreateEnterpriseRequest,
  CreateMembershipRequest,
  EnterpriseDetail,
  EnterpriseView,
  ListClusterMembersQuery,
  ListEnterprisesQuery,
  MembershipView,
  UpdateEnterpriseRequest,
  UpdateMembershipRequest,
} from '@qunce/core/registry';
import { normaliseCreditCode } from '@qunce/core/validators';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { EnterpriseRow, MembershipRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { findClusterRow } from '../clusters/clusters.repository.ts';
import { getClusterRowInScope } from '../clusters/clusters.service.ts';
import {
  chinaDate,
  isClusterInScope,
  notFound,
  type RegistryScope,
  registryScopeOf,
  staleVersion,
} from '../clusters/registry.scope.ts';
import {
  assertVersion,
  invalidField,
  pagedResult,
  softDeleteAudited,
  sortOf,
} from '../registry-kit/registry-kit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  countCurrentMembershipsOfEnterprise,
  type EnterpriseSortField,
  findCityOrCounty,
  findEnterpriseRow,
  findEnterpriseRowInScope,
  findMembershipRow,
  findOverlappingMembership,
  insertEnterprise,
  insertMembership,
  listClusterMemberRows,
  listEnterpriseRows,
  listMembershipRows,
  updateEnterpriseRow,
  updateMembershipRow,
} from './enterprises.repository.ts';

export function toEnterpriseView(row: EnterpriseRow): EnterpriseView {
  return {
    creditCode: row.creditCode,
    name: row.name,
    cityCode: row.cityCode,
    countyCode: row.countyCode,
    industryDivision: row.industryDivision,
    isAboveScale: row.isAboveScale,
    isKeyEnterprise: row.isKeyEnterprise,
    has5g: row.has5g,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toMembershipView(row: MembershipRow): MembershipView {
  return {
    id: row.id,
    creditCode: row.creditCode,
    clusterCode: row.clusterCode,
    role: row.role,
    validFrom: row.validFrom,
    validTo: row.validTo,
    version: row.version,
  };
}

/** A city user may register enterprises of its own cities only; others in scope `all`. */
function canWriteCity(scope: RegistryScope, cityCode: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'cities' && scope.cityCodes.includes(cityCode));
}

async function checkRegions(
  db: DbOrTx,
  cityCode: string,
  countyCode: string | null | undefined,
): Promise<void> {
  const city = await findCityOrCounty(db, cityCode);
  if (city?.level !== 'city') throw invalidField('body.cityCode', `未知城市 / unknown city: ${cityCode}`);
  if (countyCode && countyCode.slice(0, 4) !== cityCode.slice(0, 4)) {
    throw invalidField('body.countyCode', '区县须属于所在城市 / the county must belong to the city');
  }
}

export async function listEnterprises(db: DbOrTx, user: SessionUser, query: ListEnterprisesQuery) {
  const { rows, total } = await listEnterpriseRows(db, {
    filter: query,
    scope: registryScopeOf(user),
    sort: sortOf<EnterpriseSortField>(query.sort, 'creditCode'),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toEnterpriseView);
}

/** The live enterprise in the user's scope; 404 otherwise (existence is not disclosed). */
export async function getEnterpriseRowInScope(
  db: DbOrTx,
  user: SessionUser,
  creditCode: string,
): Promise<EnterpriseRow> {
  const code = normaliseCreditCode(creditCode);
  const row = await findEnterpriseRowInScope(db, code, registryScopeOf(user));
  if (!row) throw notFound(`enterprise ${code}`);
  return row;
}

export async function getEnterprise(
  db: DbOrTx,
  user: SessionUser,
  creditCode: string,
): Promise<EnterpriseDetail> {
  const row = await getEnterpriseRowInScope(db, user, creditCode);
  const memberships = await listMembershipRows(db, row.creditCode);
  return { ...toEnterpriseView(row), memberships: memberships.map(toMembershipView) };
}

/**
 * Registers an enterprise. A soft-deleted enterprise with the same credit code (the code is the legal
 * person's identity) is restored with the new values.
 */
export async function createEnterprise(
  db: Db,
  user: SessionUser,
  input: CreateEnterpriseRequest,
  actor: Actor,
): Promise<EnterpriseDetail> {
  return db.transaction(async (tx) => {
    if (!canWriteCity(registryScopeOf(user), input.cityCode)) throw notFound(`city ${input.cityCode}`);
    await checkRegions(tx, input.cityCode, input.countyCode);
    const values = {
      name: input.name,
      cityCode: input.cityCode,
      countyCode: input.countyCode ?? null,
      industryDivision: input.industryDivision,
      isAboveScale: input.isAboveScale,
      isKeyEnterprise: input.isKeyEnterprise ?? false,
      has5g: input.has5g ?? false,
      updatedAt: actor.at,
    };
    const existing = await findEnterpriseRow(tx, input.creditCode);
    if (existing && existing.deletedAt === null) {
      throw new AppError('conflict', `企业已登记 / enterprise already registered: ${input.creditCode}`, {
        creditCode: input.creditCode,
      });
    }
    const row = existing
      ? await updateEnterpriseRow(
          tx,
          existing.creditCode,
          existing.version,
          { ...values, deletedAt: null },
          true,
        )
      : await insertEnterprise(tx, {
          creditCode: input.creditCode,
          ...values,
          version: 1,
          createdAt: actor.at,
        });
    if (!row) throw staleVersion(`企业 enterprise ${input.creditCode}`, (existing?.version ?? 0) + 1, 0);
    const view = toEnterpriseView(row);
    await appendAudit(tx, {
      ...actor,
      action: existing ? 'enterprise.restored' : 'enterprise.created',
      entityType: 'enterprise',
      entityId: row.creditCode,
      ...(existing ? { before: toEnterpriseView(existing) } : {}),
      after: view,
    });
    return { ...view, memberships: (await listMembershipRows(tx, row.creditCode)).map(toMembershipView) };
  });
}

export async function updateEnterprise(
  db: Db,
  user: SessionUser,
  creditCode: string,
  input: UpdateEnterpriseRequest,
  actor: Actor,
): Promise<EnterpriseDetail> {
  return db.transaction(async (tx) => {
    const current = await getEnterpriseRowInScope(tx, user, creditCode);
    const label = `企业 enterprise ${current.creditCode}`;
    assertVersion(label, current, input.version);
    const cityCode = input.cityCode ?? current.cityCode;
    if (!canWriteCity(registryScopeOf(user), cityCode)) throw notFound(`city ${cityCode}`);
    await checkRegions(tx, cityCode, input.countyCode === undefined ? current.countyCode : input.countyCode);
    const row = await updateEnterpriseRow(tx, current.creditCode, input.version, {
      name: input.name,
      cityCode: input.cityCode,
      countyCode: input.countyCode,
      industryDivision: input.industryDivision,
      isAboveScale: input.isAboveScale,
      isKeyEnterprise: input.isKeyEnterprise,
      has5g: input.has5g,
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(label, current.version + 1, input.version);
    const view = toEnterpriseView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'enterprise.updated',
      entityType: 'enterprise',
      entityId: row.creditCode,
      before: toEnterpriseView(current),
      after: view,
    });
    return { ...view, memberships: (await listMembershipRows(tx, row.creditCode)).map(toMembershipView) };
  });
}

/** Soft delete; refused (422) while the enterprise is a current member of a cluster. */
export async function deleteEnterprise(
  db: Db,
  user: SessionUser,
  creditCode: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getEnterpriseRowInScope(tx, user, creditCode);
    const label = `企业 enterprise ${current.creditCode}`;
    assertVersion(label, current, version);
    const members = await countCurrentMembershipsOfEnterprise(tx, current.creditCode, chinaDate(actor.at));
    if (members > 0) {
      throw new AppError(
        'rule_violated',
        `企业仍是 ${members} 个集群的成员，请先结束成员关系 / the enterprise is still a member of ${members} clusters: end the memberships first`,
        { reason: 'has_memberships', memberships: members },
      );
    }
    const row = await updateEnterpriseRow(tx, current.creditCode, version, {
      deletedAt: actor.at,
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(label, current.version + 1, version);
    await appendAudit(tx, {
      ...actor,
      action: 'enterprise.deleted',
      entityType: 'enterprise',
      entityId: current.creditCode,
      before: toEnterpriseView(current),
    });
  });
}

/** The cluster must be live and in the user's scope; otherwise 400 "unknown cluster" (not disclosed). */
async function checkMembershipCluster(db: DbOrTx, user: SessionUser, clusterCode: string): Promise<void> {
  const cluster = await findClusterRow(db, clusterCode);
  if (!cluster || cluster.deletedAt !== null || !isClusterInScope(registryScopeOf(user), cluster)) {
    throw invalidField('body.clusterCode', `未知集群 / unknown cluster: ${clusterCode}`);
  }
}

const overlapping = (existing: MembershipRow) =>
  new AppError(
    'conflict',
    `该企业在此集群已有重叠的成员期间（${existing.validFrom} 起）/ the enterprise already has an overlapping membership of this cluster (from ${existing.validFrom})`,
    { reason: 'overlapping_membership', membershipId: existing.id },
  );

export async function createMembership(
  db: Db,
  user: SessionUser,
  creditCode: string,
  input: CreateMembershipRequest,
  actor: Actor,
): Promise<MembershipView> {
  return db.transaction(async (tx) => {
    const enterprise = await getEnterpriseRowInScope(tx, user, creditCode);
    await checkMembershipCluster(tx, user, input.clusterCode);
    const validTo = input.validTo ?? null;
    const clash = await findOverlappingMembership(tx, {
      creditCode: enterprise.creditCode,
      clusterCode: input.clusterCode,
      from: input.validFrom,
      to: validTo,
    });
    if (clash) throw overlapping(clash);
    const row = await insertMembership(tx, {
      creditCode: enterprise.creditCode,
      clusterCode: input.clusterCode,
      role: input.role,
      validFrom: input.validFrom,
      validTo,
      version: 1,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const view = toMembershipView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'membership.created',
      entityType: 'membership',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateMembership(
  db: Db,
  user: SessionUser,
  creditCode: string,
  id: string,
  input: UpdateMembershipRequest,
  actor: Actor,
): Promise<MembershipView> {
  return db.transaction(async (tx) => {
    const enterprise = await getEnterpriseRowInScope(tx, user, creditCode);
    const current = await findMembershipRow(tx, enterprise.creditCode, id);
    if (!current) throw notFound(`membership ${id}`);
    assertVersion(`成员关系 membership ${id}`, current, input.version);
    const validFrom = input.validFrom ?? current.validFrom;
    const validTo = input.validTo === undefined ? current.validTo : input.validTo;
    if (validTo !== null && validTo < validFrom) {
      throw invalidField('body.validTo', '结束日期不得早于开始日期 / validTo must not be before validFrom');
    }
    const clash = await findOverlappingMembership(tx, {
      creditCode: enterprise.creditCode,
      clusterCode: current.clusterCode,
      from: validFrom,
      to: validTo,
      exceptId: id,
    });
    if (clash) throw overlapping(clash);
    const row = await updateMembershipRow(tx, id, input.version, {
      role: input.role,
      validFrom: input.validFrom,
      validTo: input.validTo,
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(`成员关系 membership ${id}`, current.version + 1, input.version);
    const view = toMembershipView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'membership.updated',
      entityType: 'membership',
      entityId: id,
      before: toMembershipView(current),
      after: view,
    });
    return view;
  });
}

/** Soft delete of a membership entered by mistake (to end a real one, set its validTo). */
export async function deleteMembership(
  db: Db,
  user: SessionUser,
  creditCode: string,
  id: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const enterprise = await getEnterpriseRowInScope(tx, user, creditCode);
    const current = await findMembershipRow(tx, enterprise.creditCode, id);
    if (!current) throw notFound(`membership ${id}`);
    await softDeleteAudited(
      tx,
      actor,
      {
        what: `成员关系 membership ${id}`,
        entityType: 'membership',
        entityId: id,
        current,
        sentVersion: version,
      },
      (values) => updateMembershipRow(tx, id, version, values),
      toMembershipView,
    );
  });
}

/** Members of a cluster in the user's scope (404 for a cluster outside it), chain masters first. */
export async function listClusterMembers(
  db: DbOrTx,
  user: SessionUser,
  clusterCode: string,
  query: ListClusterMembersQuery,
): Promise<{ items: ClusterMemberView[]; total: number; page: number; pageSize: number }> {
  await getClusterRowInScope(db, user, clusterCode);
  const { rows, total } = await listClusterMemberRows(db, {
    clusterCode,
    on: query.on,
    role: query.role,
    scope: registryScopeOf(user),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, (row) => ({
    ...toMembershipView(row.membership),
    enterpriseName: row.enterpriseName,
    cityCode: row.cityCode,
  }));
}
