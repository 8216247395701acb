import { AppError } from '@qunce/core';
import type {
  ClusterDetail,
  ClusterHistoryEntry,
  ClusterHistoryField,
  ClusterView,
  CreateClusterRequest,
  ListClustersQuery,
  UpdateClusterRequest,
} from '@qunce/core/registry';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { ClusterHistoryRow, ClusterRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { findOrganisationRow } from '../organisations/organisations.repository.ts';
import { assertVersion, invalidField, pagedResult, sortOf } from '../registry-kit/registry-kit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  type ClusterSortField,
  countCurrentMemberships,
  findCityCodes,
  findClusterRow,
  insertCluster,
  insertClusterHistory,
  listClusterHistoryRows,
  listClusterRows,
  updateClusterRow,
} from './clusters.repository.ts';
import { chinaDate, isClusterInScope, notFound, registryScopeOf, staleVersion } from './registry.scope.ts';

export function toClusterView(row: ClusterRow): ClusterView {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    leadIndustry: row.leadIndustry as ClusterView['leadIndustry'],
    tier: row.tier,
    cultivationTarget: row.cultivationTarget,
    status: row.status,
    cityCodes: row.cityCodes,
    leadCityCode: row.leadCityCode,
    promotingOrganisationCode: row.promotingOrganisationCode,
    chainMasterCreditCodes: row.chainMasterCreditCodes,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toHistoryEntry(row: ClusterHistoryRow): ClusterHistoryEntry {
  return {
    id: row.id,
    clusterCode: row.clusterCode,
    changedOn: row.changedOn,
    field: row.field,
    from: row.fromValue,
    to: row.toValue,
    documentNumber: row.documentNumber,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: row.recordedBy,
  };
}

/** Cities must be cities of the province; the lead city is stored first. */
async function checkCities(db: DbOrTx, cityCodes: string[], leadCityCode: string): Promise<string[]> {
  const unique = [...new Set(cityCodes)];
  const known = await findCityCodes(db, unique);
  const unknown = unique.filter((code) => !known.has(code));
  if (unknown.length > 0)
    throw invalidField('body.cityCodes', `未知城市 / unknown cities: ${unknown.join(', ')}`);
  if (!unique.includes(leadCityCode)) {
    throw invalidField(
      'body.leadCityCode',
      '牵头城市须在城市列表中 / the lead city must be one of the cities',
    );
  }
  return [leadCityCode, ...unique.filter((code) => code !== leadCityCode)];
}

async function checkPromotingOrganisation(db: DbOrTx, code: string | null | undefined): Promise<void> {
  if (!code) return;
  const organisation = await findOrganisationRow(db, code);
  if (organisation?.type !== 'cluster_org') {
    throw invalidField(
      'body.promotingOrganisationCode',
      `不是已登记的集群促进组织 / not a registered cluster promoting organisation: ${code}`,
    );
  }
}

export async function listClusters(db: DbOrTx, user: SessionUser, query: ListClustersQuery) {
  const { rows, total } = await listClusterRows(db, {
    filter: query,
    scope: registryScopeOf(user),
    sort: sortOf<ClusterSortField>(query.sort, 'code'),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toClusterView);
}

/** The live cluster if it lies in the user's scope; 404 otherwise (existence is not disclosed). */
export async function getClusterRowInScope(db: DbOrTx, user: SessionUser, code: string): Promise<ClusterRow> {
  const row = await findClusterRow(db, code);
  if (!row || row.deletedAt !== null || !isClusterInScope(registryScopeOf(user), row)) {
    throw notFound(`cluster ${code}`);
  }
  return row;
}

export async function getCluster(db: DbOrTx, user: SessionUser, code: string): Promise<ClusterDetail> {
  const row = await getClusterRowInScope(db, user, code);
  const history = await listClusterHistoryRows(db, code);
  return { ...toClusterView(row), history: history.map(toHistoryEntry) };
}

export async function createCluster(
  db: Db,
  user: SessionUser,
  input: CreateClusterRequest,
  actor: Actor,
): Promise<ClusterDetail> {
  return db.transaction(async (tx) => {
    const cityCodes = await checkCities(tx, input.cityCodes, input.leadCityCode);
    if (
      !isClusterInScope(registryScopeOf(user), {
        code: input.code,
        cityCodes,
        promotingOrganisationCode: null,
      })
    ) {
      throw notFound(`city ${input.leadCityCode}`);
    }
    await checkPromotingOrganisation(tx, input.promotingOrganisationCode);
    if (await findClusterRow(tx, input.code)) {
      throw new AppError(
        'conflict',
        `集群代码已存在（代码不复用）/ cluster code already used (codes are never reused): ${input.code}`,
        { code: input.code },
      );
    }
    const row = await insertCluster(tx, {
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      leadIndustry: input.leadIndustry,
      tier: input.tier,
      cultivationTarget: input.cultivationTarget,
      status: input.status,
      cityCodes,
      leadCityCode: input.leadCityCode,
      promotingOrganisationCode: input.promotingOrganisationCode ?? null,
      chainMasterCreditCodes: [...new Set(input.chainMasterCreditCodes ?? [])],
      version: 1,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    await insertClusterHistory(tx, [
      {
        clusterCode: row.code,
        changedOn: input.changedOn ?? chinaDate(actor.at),
        field: 'created',
        fromValue: null,
        toValue: `${row.tier}/${row.cultivationTarget}/${row.status}`,
        documentNumber: input.documentNumber ?? null,
        recordedAt: actor.at,
        recordedBy: actor.actorName,
      },
    ]);
    const view = toClusterView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'cluster.created',
      entityType: 'cluster',
      entityId: row.code,
      after: view,
    });
    return { ...view, history: (await listClusterHistoryRows(tx, row.code)).map(toHistoryEntry) };
  });
}

const trackedFields = [
  'tier',
  'cultivationTarget',
  'status',
] as const satisfies readonly ClusterHistoryField[];

export async function updateCluster(
  db: Db,
  user: SessionUser,
  code: string,
  input: UpdateClusterRequest,
  actor: Actor,
): Promise<ClusterDetail> {
  return db.transaction(async (tx) => {
    const current = await getClusterRowInScope(tx, user, code);
    assertVersion(`集群 cluster ${code}`, current, input.version);
    const changes = trackedFields.filter(
      (field) => input[field] !== undefined && input[field] !== current[field],
    );
    if (changes.length > 0 && !input.changedOn) {
      throw invalidField(
        'body.changedOn',
        '级别、培育目标或状态变更须注明生效日期 / a tier, target or status change needs its effective date',
      );
    }
    let cityCodes: string[] | undefined;
    if (input.cityCodes !== undefined || input.leadCityCode !== undefined) {
      cityCodes = await checkCities(
        tx,
        input.cityCodes ?? current.cityCodes,
        input.leadCityCode ?? current.leadCityCode,
      );
    }
    await checkPromotingOrganisation(tx, input.promotingOrganisationCode);
    const row = await updateClusterRow(tx, code, input.version, {
      name: input.name,
      nameEn: input.nameEn,
      leadIndustry: input.leadIndustry,
      tier: input.tier,
      cultivationTarget: input.cultivationTarget,
      status: input.status,
      cityCodes,
      leadCityCode: input.leadCityCode,
      promotingOrganisationCode: input.promotingOrganisationCode,
      chainMasterCreditCodes: input.chainMasterCreditCodes
        ? [...new Set(input.chainMasterCreditCodes)]
        : undefined,
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(`集群 cluster ${code}`, current.version + 1, input.version);
    await insertClusterHistory(
      tx,
      changes.map((field) => ({
        clusterCode: code,
        changedOn: input.changedOn ?? chinaDate(actor.at),
        field,
        fromValue: current[field],
        toValue: row[field],
        documentNumber: input.documentNumber ?? null,
        recordedAt: actor.at,
        recordedBy: actor.actorName,
      })),
    );
    const view = toClusterView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'cluster.updated',
      entityType: 'cluster',
      entityId: code,
      before: toClusterView(current),
      after: view,
    });
    return { ...view, history: (await listClusterHistoryRows(tx, code)).map(toHistoryEntry) };
  });
}

/**
 * Soft delete: the row and its history stay, lists and details no longer show it and its code is
 * never reused. Refused (422) while enterprises are still members.
 */
export async function deleteCluster(
  db: Db,
  user: SessionUser,
  code: string,
  input: { version: number; changedOn?: string | undefined; documentNumber?: string | undefined },
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getClusterRowInScope(tx, user, code);
    assertVersion(`集群 cluster ${code}`, current, input.version);
    const today = chinaDate(actor.at);
    const members = await countCurrentMemberships(tx, code, today);
    if (members > 0) {
      throw new AppError(
        'rule_violated',
        `集群仍有 ${members} 家成员企业，请先结束其成员关系 / the cluster still has ${members} member enterprises: end their memberships first`,
        { reason: 'has_members', members },
      );
    }
    const row = await updateClusterRow(tx, code, input.version, { deletedAt: actor.at, updatedAt: actor.at });
    if (!row) throw staleVersion(`集群 cluster ${code}`, current.version + 1, input.version);
    await insertClusterHistory(tx, [
      {
        clusterCode: code,
        changedOn: input.changedOn ?? today,
        field: 'deleted',
        fromValue: current.status,
        toValue: null,
        documentNumber: input.documentNumber ?? null,
        recordedAt: actor.at,
        recordedBy: actor.actorName,
      },
    ]);
    await appendAudit(tx, {
      ...actor,
      action: 'cluster.deleted',
      entityType: 'cluster',
      entityId: code,
      before: toClusterView(current),
    });
  });
}
