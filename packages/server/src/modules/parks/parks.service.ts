import { AppError } from '@qunce/core';
import type {
  CreateParkRequest,
  ListParksQuery,
  ParkView,
  UpdateParkRequest,
} from '@qunce/core/carriers-parks';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { ParkRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { findLiveClusterCodes, isCity } from '../carriers/carriers.repository.ts';
import { notFound, type RegistryScope, registryScopeOf, staleVersion } from '../clusters/registry.scope.ts';
import { findClustersInScope } from '../metrics/metrics.repository.ts';
import {
  assertVersion,
  invalidField,
  pagedResult,
  softDeleteAudited,
  sortOf,
} from '../registry-kit/registry-kit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  findParkRow,
  insertPark,
  isParkInScope,
  listParkRows,
  type ParkSortField,
  updateParkRow,
} from './parks.repository.ts';

export function toParkView(row: ParkRow): ParkView {
  return {
    code: row.code,
    name: row.name,
    cityCode: row.cityCode,
    countyCode: row.countyCode,
    level: row.level,
    ecoIndustrialStatus: row.ecoIndustrialStatus,
    fiveGCoverage: row.fiveGCoverage,
    clusterCodes: row.clusterCodes,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function checkReferences(db: DbOrTx, cityCode: string | undefined, clusterCodes: string[] | undefined) {
  if (cityCode !== undefined && !(await isCity(db, cityCode))) {
    throw invalidField('body.cityCode', `未知城市 / unknown city: ${cityCode}`);
  }
  const codes = [...new Set(clusterCodes ?? [])];
  const known = await findLiveClusterCodes(db, codes);
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw invalidField('body.clusterCodes', `未知集群 / unknown clusters: ${unknown.join(', ')}`);
}

/** A park about to be written lies in the writer's scope (its city; for an organisation, one of its clusters). */
async function isNewParkInScope(
  db: DbOrTx,
  scope: RegistryScope,
  park: { cityCode: string; clusterCodes: string[] },
): Promise<boolean> {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'cities':
      return scope.cityCodes.includes(park.cityCode);
    case 'organisation':
      return (await findClustersInScope(db, park.clusterCodes, scope)).size > 0;
    case 'nothing':
      return false;
  }
}

export async function listParks(db: DbOrTx, user: SessionUser, query: ListParksQuery) {
  const { rows, total } = await listParkRows(db, {
    filter: query,
    scope: registryScopeOf(user),
    sort: sortOf<ParkSortField>(query.sort, 'code'),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toParkView);
}

export async function getParkRowInScope(db: DbOrTx, user: SessionUser, code: string): Promise<ParkRow> {
  const row = await findParkRow(db, code);
  if (!row || row.deletedAt !== null || !(await isParkInScope(db, code, registryScopeOf(user)))) {
    throw notFound(`park ${code}`);
  }
  return row;
}

export async function createPark(
  db: Db,
  user: SessionUser,
  input: CreateParkRequest,
  actor: Actor,
): Promise<ParkView> {
  return db.transaction(async (tx) => {
    await checkReferences(tx, input.cityCode, input.clusterCodes);
    const clusterCodes = [...new Set(input.clusterCodes)];
    if (!(await isNewParkInScope(tx, registryScopeOf(user), { cityCode: input.cityCode, clusterCodes }))) {
      throw notFound(`city ${input.cityCode}`);
    }
    if (await findParkRow(tx, input.code)) {
      throw new AppError(
        'conflict',
        `园区代码已存在（代码不复用）/ park code already used (codes are never reused): ${input.code}`,
        {
          code: input.code,
        },
      );
    }
    const row = await insertPark(tx, {
      ...input,
      countyCode: input.countyCode ?? null,
      clusterCodes,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const view = toParkView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'park.created',
      entityType: 'park',
      entityId: row.code,
      after: view,
    });
    return view;
  });
}

export async function updatePark(
  db: Db,
  user: SessionUser,
  code: string,
  input: UpdateParkRequest,
  actor: Actor,
): Promise<ParkView> {
  return db.transaction(async (tx) => {
    const current = await getParkRowInScope(tx, user, code);
    assertVersion(`园区 park ${code}`, current, input.version);
    await checkReferences(tx, input.cityCode, input.clusterCodes);
    const cityCode = input.cityCode ?? current.cityCode;
    const countyCode = input.countyCode === undefined ? current.countyCode : input.countyCode;
    if (countyCode && countyCode.slice(0, 4) !== cityCode.slice(0, 4)) {
      throw invalidField('body.countyCode', '区县须属于所在城市 / the county must lie in the city');
    }
    const clusterCodes = input.clusterCodes ? [...new Set(input.clusterCodes)] : current.clusterCodes;
    if (!(await isNewParkInScope(tx, registryScopeOf(user), { cityCode, clusterCodes }))) {
      throw notFound(`city ${cityCode}`);
    }
    const { version, ...changes } = input;
    const row = await updateParkRow(tx, code, version, { ...changes, clusterCodes, updatedAt: actor.at });
    if (!row) throw staleVersion(`园区 park ${code}`, current.version + 1, version);
    const view = toParkView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'park.updated',
      entityType: 'park',
      entityId: code,
      before: toParkView(current),
      after: view,
    });
    return view;
  });
}

/** Soft delete: the row stays for the audit trail and its code is never reused. */
export async function deletePark(
  db: Db,
  user: SessionUser,
  code: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getParkRowInScope(tx, user, code);
    await softDeleteAudited(
      tx,
      actor,
      { what: `园区 park ${code}`, entityType: 'park', entityId: code, current, sentVersion: version },
      (values) => updateParkRow(tx, code, version, values),
      toParkView,
    );
  });
}
