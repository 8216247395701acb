import { AppError } from '@qunce/core';
import type {
  CarrierView,
  CreateCarrierRequest,
  ListCarriersQuery,
  UpdateCarrierRequest,
} from '@qunce/core/carriers-parks';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { CarrierRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
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
  type CarrierSortField,
  findCarrierByKey,
  findCarrierRow,
  findLiveClusterCodes,
  insertCarrier,
  isCity,
  listCarrierRows,
  updateCarrierRow,
} from './carriers.repository.ts';

export function toCarrierView(row: CarrierRow): CarrierView {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    level: row.level,
    hostCreditCode: row.hostCreditCode,
    hostName: row.hostName,
    cityCode: row.cityCode,
    clusterCode: row.clusterCode,
    recognisedOn: row.recognisedOn,
    documentNumber: row.documentNumber,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Whether a carrier (as stored or about to be) lies in the scope; the same rule as the list filter. */
async function isCarrierInScope(
  db: DbOrTx,
  scope: RegistryScope,
  carrier: { cityCode: string; clusterCode: string | null },
): Promise<boolean> {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'cities':
      return scope.cityCodes.includes(carrier.cityCode);
    case 'organisation':
      return (
        carrier.clusterCode !== null && (await findClustersInScope(db, [carrier.clusterCode], scope)).size > 0
      );
    case 'nothing':
      return false;
  }
}

async function checkReferences(
  db: DbOrTx,
  cityCode: string | undefined,
  clusterCode: string | null | undefined,
) {
  if (cityCode !== undefined && !(await isCity(db, cityCode))) {
    throw invalidField('body.cityCode', `未知城市 / unknown city: ${cityCode}`);
  }
  if (clusterCode && !(await findLiveClusterCodes(db, [clusterCode])).has(clusterCode)) {
    throw invalidField('body.clusterCode', `未知集群 / unknown cluster: ${clusterCode}`);
  }
}

export async function listCarriers(db: DbOrTx, user: SessionUser, query: ListCarriersQuery) {
  const { rows, total } = await listCarrierRows(db, {
    filter: query,
    scope: registryScopeOf(user),
    sort: sortOf<CarrierSortField>(query.sort, 'name'),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toCarrierView);
}

export async function getCarrierRowInScope(db: DbOrTx, user: SessionUser, id: string): Promise<CarrierRow> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await findCarrierRow(db, id) : undefined;
  if (!row || row.deletedAt !== null || !(await isCarrierInScope(db, registryScopeOf(user), row))) {
    throw notFound(`carrier ${id}`);
  }
  return row;
}

export async function createCarrier(
  db: Db,
  user: SessionUser,
  input: CreateCarrierRequest,
  actor: Actor,
): Promise<CarrierView> {
  return db.transaction(async (tx) => {
    await checkReferences(tx, input.cityCode, input.clusterCode);
    if (
      !(await isCarrierInScope(tx, registryScopeOf(user), {
        cityCode: input.cityCode,
        clusterCode: input.clusterCode ?? null,
      }))
    ) {
      throw notFound(`city ${input.cityCode}`);
    }
    if (await findCarrierByKey(tx, input.name, input.hostCreditCode)) {
      throw new AppError(
        'conflict',
        `该依托单位已有同名载体 / the host already has a carrier of this name: ${input.name}`,
        {
          name: input.name,
          hostCreditCode: input.hostCreditCode,
        },
      );
    }
    const row = await insertCarrier(tx, {
      ...input,
      clusterCode: input.clusterCode ?? null,
      recognisedOn: input.recognisedOn ?? null,
      documentNumber: input.documentNumber ?? null,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const view = toCarrierView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'carrier.created',
      entityType: 'carrier',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateCarrier(
  db: Db,
  user: SessionUser,
  id: string,
  input: UpdateCarrierRequest,
  actor: Actor,
): Promise<CarrierView> {
  return db.transaction(async (tx) => {
    const current = await getCarrierRowInScope(tx, user, id);
    assertVersion(`载体 carrier ${id}`, current, input.version);
    await checkReferences(tx, input.cityCode, input.clusterCode);
    const next = {
      cityCode: input.cityCode ?? current.cityCode,
      clusterCode: input.clusterCode === undefined ? current.clusterCode : input.clusterCode,
    };
    if (!(await isCarrierInScope(tx, registryScopeOf(user), next))) throw notFound(`city ${next.cityCode}`);
    const name = input.name ?? current.name;
    const other = await findCarrierByKey(tx, name, current.hostCreditCode);
    if (other && other.id !== id) {
      throw new AppError(
        'conflict',
        `该依托单位已有同名载体 / the host already has a carrier of this name: ${name}`,
        {
          name,
          hostCreditCode: current.hostCreditCode,
        },
      );
    }
    const { version, ...changes } = input;
    const row = await updateCarrierRow(tx, id, version, { ...changes, updatedAt: actor.at });
    if (!row) throw staleVersion(`载体 carrier ${id}`, current.version + 1, version);
    const view = toCarrierView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'carrier.updated',
      entityType: 'carrier',
      entityId: id,
      before: toCarrierView(current),
      after: view,
    });
    return view;
  });
}

/** Soft delete: the row stays for the audit trail; its natural key becomes free again. */
export async function deleteCarrier(
  db: Db,
  user: SessionUser,
  id: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getCarrierRowInScope(tx, user, id);
    await softDeleteAudited(
      tx,
      actor,
      { what: `载体 carrier ${id}`, entityType: 'carrier', entityId: id, current, sentVersion: version },
      (values) => updateCarrierRow(tx, id, version, values),
      toCarrierView,
    );
  });
}
