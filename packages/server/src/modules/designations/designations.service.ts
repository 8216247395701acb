import { AppError } from '@qunce/core';
import {
  type CreateDesignationRequest,
  type DesignationPage,
  type DesignationType,
  type DesignationView,
  designationTypeRules,
  type ListDesignationsQuery,
  type UpdateDesignationRequest,
} from '@qunce/core/registry';
import { normaliseCreditCode } from '@qunce/core/validators';
import type { Db, DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { notFound, registryScopeOf, staleVersion } from '../clusters/registry.scope.ts';
import { findEnterpriseRowInScope } from '../enterprises/enterprises.repository.ts';
import { assertVersion, invalidField, sortOf } from '../registry-kit/registry-kit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  type DesignationSortField,
  type DesignationWithEnterprise,
  findDesignationInScope,
  findLiveDesignationByKey,
  insertDesignation,
  listDesignationRows,
  updateDesignationRow,
} from './designations.repository.ts';

export function toDesignationView({
  designation,
  enterpriseName,
  cityCode,
}: DesignationWithEnterprise): DesignationView {
  return {
    id: designation.id,
    creditCode: designation.creditCode,
    enterpriseName,
    cityCode,
    type: designation.type,
    level: designation.level,
    grantedOn: designation.grantedOn,
    expiresOn: designation.expiresOn,
    revokedOn: designation.revokedOn,
    documentNumber: designation.documentNumber,
    grantingDepartmentCode: designation.grantingDepartmentCode,
    version: designation.version,
    createdAt: designation.createdAt.toISOString(),
    updatedAt: designation.updatedAt.toISOString(),
  };
}

/**
 * A granting department writes only its own designation types (designationTypeRules): 省科技厅
 * high-tech enterprises, 省工业和信息化厅 the rest. Anyone else: 403, audited as access.denied.
 */
function assertGrantingDepartment(user: SessionUser, type: DesignationType): string {
  const { grantingDepartmentCode } = designationTypeRules[type];
  if (user.organisation?.code !== grantingDepartmentCode) {
    throw new AppError(
      'forbidden',
      `只有认定部门（${grantingDepartmentCode}）可维护此类认定 / only the granting department (${grantingDepartmentCode}) may write ${type} designations`,
      { reason: 'not_granting_department', type, grantingDepartmentCode },
    );
  }
  return grantingDepartmentCode;
}

export async function listDesignations(
  db: DbOrTx,
  user: SessionUser,
  query: ListDesignationsQuery,
): Promise<DesignationPage> {
  const { rows, total, enterprises } = await listDesignationRows(db, {
    filter: { ...query, creditCode: query.creditCode ? normaliseCreditCode(query.creditCode) : undefined },
    scope: registryScopeOf(user),
    sort: sortOf<DesignationSortField>(query.sort, '-grantedOn'),
    page: query.page,
    pageSize: query.pageSize,
  });
  return {
    items: rows.map(toDesignationView),
    total,
    enterpriseCount: enterprises,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function getDesignationInScope(
  db: DbOrTx,
  user: SessionUser,
  id: string,
): Promise<DesignationWithEnterprise> {
  const row = await findDesignationInScope(db, id, registryScopeOf(user));
  if (!row) throw notFound(`designation ${id}`);
  return row;
}

export async function getDesignation(db: DbOrTx, user: SessionUser, id: string): Promise<DesignationView> {
  return toDesignationView(await getDesignationInScope(db, user, id));
}

export async function createDesignation(
  db: Db,
  user: SessionUser,
  input: CreateDesignationRequest,
  actor: Actor,
): Promise<DesignationView> {
  const grantingDepartmentCode = assertGrantingDepartment(user, input.type);
  return db.transaction(async (tx) => {
    const enterprise = await findEnterpriseRowInScope(tx, input.creditCode, registryScopeOf(user));
    if (!enterprise) {
      const message = `企业未登记 / enterprise not registered: ${input.creditCode}`;
      throw invalidField('body.creditCode', message);
    }
    const existing = await findLiveDesignationByKey(tx, input);
    if (existing) {
      throw new AppError(
        'conflict',
        `该认定已登记 / this designation is already registered (${input.type}, ${input.level}, ${input.grantedOn})`,
        { reason: 'duplicate', id: existing.id },
      );
    }
    const row = await insertDesignation(tx, {
      creditCode: enterprise.creditCode,
      type: input.type,
      level: input.level,
      grantedOn: input.grantedOn,
      expiresOn: input.expiresOn ?? null,
      documentNumber: input.documentNumber,
      grantingDepartmentCode,
      version: 1,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const view = toDesignationView({
      designation: row,
      enterpriseName: enterprise.name,
      cityCode: enterprise.cityCode,
    });
    await appendAudit(tx, {
      ...actor,
      action: 'designation.created',
      entityType: 'designation',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateDesignation(
  db: Db,
  user: SessionUser,
  id: string,
  input: UpdateDesignationRequest,
  actor: Actor,
): Promise<DesignationView> {
  return db.transaction(async (tx) => {
    const current = await getDesignationInScope(tx, user, id);
    assertGrantingDepartment(user, current.designation.type);
    const label = `认定 designation ${id}`;
    assertVersion(label, current.designation, input.version);
    const grantedOn = input.grantedOn ?? current.designation.grantedOn;
    const expiresOn = input.expiresOn === undefined ? current.designation.expiresOn : input.expiresOn;
    if (expiresOn !== null && expiresOn < grantedOn) {
      const message = '到期日不得早于认定日 / expiresOn must not be before grantedOn';
      throw invalidField('body.expiresOn', message);
    }
    const revokedOn = input.revokedOn === undefined ? current.designation.revokedOn : input.revokedOn;
    if (revokedOn !== null && revokedOn <= grantedOn) {
      const message = '撤销日须晚于认定日 / revokedOn must be after grantedOn';
      throw invalidField('body.revokedOn', message);
    }
    if (input.grantedOn && input.grantedOn !== current.designation.grantedOn) {
      const clash = await findLiveDesignationByKey(tx, {
        ...current.designation,
        grantedOn: input.grantedOn,
      });
      if (clash) {
        throw new AppError('conflict', `该认定已登记 / this designation is already registered`, {
          reason: 'duplicate',
          id: clash.id,
        });
      }
    }
    const row = await updateDesignationRow(tx, id, input.version, {
      grantedOn: input.grantedOn,
      expiresOn: input.expiresOn,
      revokedOn: input.revokedOn,
      documentNumber: input.documentNumber,
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(label, current.designation.version + 1, input.version);
    const view = toDesignationView({ ...current, designation: row });
    await appendAudit(tx, {
      ...actor,
      action: 'designation.updated',
      entityType: 'designation',
      entityId: id,
      before: toDesignationView(current),
      after: view,
    });
    return view;
  });
}

/** Soft delete (a designation entered by mistake or withdrawn); audited with the row as it was. */
export async function deleteDesignation(
  db: Db,
  user: SessionUser,
  id: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getDesignationInScope(tx, user, id);
    assertGrantingDepartment(user, current.designation.type);
    const label = `认定 designation ${id}`;
    assertVersion(label, current.designation, version);
    const row = await updateDesignationRow(tx, id, version, { deletedAt: actor.at, updatedAt: actor.at });
    if (!row) throw staleVersion(label, current.designation.version + 1, version);
    await appendAudit(tx, {
      ...actor,
      action: 'designation.deleted',
      entityType: 'designation',
      entityId: id,
      before: toDesignationView(current),
    });
  });
}
