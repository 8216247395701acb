/**
 * Cluster promoting organisations (集群发展促进组织): profile, members and activity log, with optimistic
 * locking, soft delete, audit (`promoting_org.*`, `promoting_org_member.*`, `promoting_activity.*`) and
 * scope. Who writes: the province administrator (`clusters.manage`) every organisation; a promoting
 * organisation's own users (`clusters.edit_own`) their own organisation's profile, members and
 * activities. Readers (`clusters.read`) see what promotingOrgScopeCondition allows; outside it is 404.
 */
import { AppError } from '@qunce/core';
import type {
  ActivityCountsQuery,
  CreatePromotingActivityRequest,
  CreatePromotingOrgMemberRequest,
  CreatePromotingOrgRequest,
  ListPromotingActivitiesQuery,
  ListPromotingOrgMembersQuery,
  ListPromotingOrgsQuery,
  PromotingActivityView,
  PromotingOrgMemberView,
  PromotingOrgView,
  UpdatePromotingActivityRequest,
  UpdatePromotingOrgMemberRequest,
  UpdatePromotingOrgRequest,
} from '@qunce/core/promoting-orgs';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { PromotingActivityRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { findCityCodes } from '../clusters/clusters.repository.ts';
import { notFound, registryScopeOf, staleVersion } from '../clusters/registry.scope.ts';
import { findOrganisationRow, insertOrganisation } from '../organisations/organisations.repository.ts';
import { assertVersion, invalidField, pagedResult, sortOf } from '../registry-kit/registry-kit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  countActivitiesByCluster,
  findActivityRow,
  findAttachmentIds,
  findLiveEnterpriseCodes,
  findLiveOrgByCreditCode,
  findMemberRecord,
  findOverlappingMember,
  findPromotedClusterCodes,
  findPromotingOrgRecord,
  insertActivity,
  insertMember,
  insertPromotingOrg,
  isPromotingOrgInScope,
  listActivityRows,
  listHistoryRows,
  listMemberRows,
  listPromotingOrgRows,
  type MemberRecord,
  type PromotingOrgRecord,
  type PromotingOrgSortField,
  updateActivityRow,
  updateMemberRow,
  updatePromotingOrgRow,
} from './promoting-orgs.repository.ts';

export function toPromotingOrgView(row: PromotingOrgRecord): PromotingOrgView {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    type: row.type,
    creditCode: row.creditCode,
    cityCode: row.cityCode,
    clusterCodes: row.clusterCodes,
    establishedOn: row.establishedOn,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    memberCount: row.memberCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toMemberView(row: MemberRecord): PromotingOrgMemberView {
  return {
    id: row.id,
    organisationCode: row.organisationCode,
    kind: row.kind,
    creditCode: row.kind === 'enterprise' ? row.enterpriseCreditCode : row.memberCreditCode,
    name: row.kind === 'enterprise' ? (row.enterpriseName ?? '') : (row.memberName ?? ''),
    role: row.role,
    joinedOn: row.joinedOn,
    leftOn: row.leftOn,
    version: row.version,
  };
}

function toActivityView(row: PromotingActivityRow): PromotingActivityView {
  return {
    id: row.id,
    organisationCode: row.organisationCode,
    clusterCode: row.clusterCode,
    heldOn: row.heldOn,
    type: row.type,
    title: row.title,
    participantCount: row.participantCount,
    enterpriseCreditCodes: row.enterpriseCreditCodes,
    attachmentIds: row.attachmentIds,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---- scope ----

/** The live organisation if the user may see it; 404 otherwise (existence is not disclosed). */
async function getOrgInScope(db: DbOrTx, user: SessionUser, code: string): Promise<PromotingOrgRecord> {
  const row = await findPromotingOrgRecord(db, code);
  if (!row || row.deletedAt !== null || !(await isPromotingOrgInScope(db, code, registryScopeOf(user)))) {
    throw notFound(`promoting organisation ${code}`);
  }
  return row;
}

/** Province administrators write every organisation; a promoting organisation's users their own. */
export function canWritePromotingOrg(user: SessionUser, code: string): boolean {
  if (user.permissions.includes('clusters.manage')) return true;
  return user.permissions.includes('clusters.edit_own') && user.organisation?.code === code;
}

/** Visible (else 404) and writable (else 403) by the user. */
async function getWritableOrg(db: DbOrTx, user: SessionUser, code: string): Promise<PromotingOrgRecord> {
  const row = await getOrgInScope(db, user, code);
  if (!canWritePromotingOrg(user, code)) {
    throw new AppError(
      'forbidden',
      `无权修改该促进组织 / you may not change this promoting organisation: ${code}`,
      {
        reason: 'not_own_organisation',
      },
    );
  }
  return row;
}

function requireProvince(user: SessionUser): void {
  if (!user.permissions.includes('clusters.manage')) {
    throw new AppError(
      'forbidden',
      '仅省级管理员可登记或删除促进组织 / only the province registers or deletes promoting organisations',
      {
        permission: 'clusters.manage',
      },
    );
  }
}

async function checkCity(db: DbOrTx, cityCode: string | undefined): Promise<void> {
  if (cityCode && !(await findCityCodes(db, [cityCode])).has(cityCode)) {
    throw invalidField('body.cityCode', `未知城市 / unknown city: ${cityCode}`);
  }
}

async function checkCreditCodeFree(
  db: DbOrTx,
  creditCode: string | undefined,
  exceptCode?: string,
): Promise<void> {
  if (!creditCode) return;
  const other = await findLiveOrgByCreditCode(db, creditCode);
  if (other && other.code !== exceptCode) {
    throw new AppError(
      'conflict',
      `该信用代码已登记为促进组织 / credit code already registered: ${creditCode}`,
      {
        reason: 'credit_code_taken',
        code: other.code,
      },
    );
  }
}

const orgLabel = (code: string) => `促进组织 promoting organisation ${code}`;

// ---- organisations ----

export async function listPromotingOrgs(db: DbOrTx, user: SessionUser, query: ListPromotingOrgsQuery) {
  const { rows, total } = await listPromotingOrgRows(db, {
    filter: query,
    scope: registryScopeOf(user),
    sort: sortOf<PromotingOrgSortField>(query.sort, 'code'),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toPromotingOrgView);
}

export async function getPromotingOrg(
  db: DbOrTx,
  user: SessionUser,
  code: string,
): Promise<PromotingOrgView> {
  return toPromotingOrgView(await getOrgInScope(db, user, code));
}

/**
 * Registers a promoting organisation. Its code is an `organisations` code: an existing `cluster_org`
 * organisation gets its profile; a new code creates the organisation (type `cluster_org`, home city) too.
 * Codes are never reused (409, also for a deleted profile); a credit code belongs to one live organisation.
 */
export async function createPromotingOrg(
  db: Db,
  user: SessionUser,
  input: CreatePromotingOrgRequest,
  actor: Actor,
): Promise<PromotingOrgView> {
  requireProvince(user);
  return db.transaction(async (tx) => {
    await checkCity(tx, input.cityCode);
    if (await findPromotingOrgRecord(tx, input.code)) {
      throw new AppError(
        'conflict',
        `促进组织代码已存在 / promoting organisation code already taken: ${input.code}`,
        {
          code: input.code,
        },
      );
    }
    await checkCreditCodeFree(tx, input.creditCode);
    const organisation = await findOrganisationRow(tx, input.code);
    if (organisation && organisation.type !== 'cluster_org') {
      throw invalidField(
        'body.code',
        `该代码属于其他类型的机构 / the code belongs to a ${organisation.type} organisation`,
      );
    }
    if (!organisation) {
      await insertOrganisation(tx, {
        code: input.code,
        name: input.name,
        nameEn: input.nameEn ?? null,
        type: 'cluster_org',
        regionCode: input.cityCode,
        policyUnit: null,
        sortOrder: 1000,
        createdAt: actor.at,
      });
    }
    await insertPromotingOrg(tx, {
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      type: input.type,
      creditCode: input.creditCode,
      cityCode: input.cityCode,
      establishedOn: input.establishedOn ?? null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const record = await findPromotingOrgRecord(tx, input.code);
    if (!record) throw notFound(orgLabel(input.code));
    const view = toPromotingOrgView(record);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_org.created',
      entityType: 'promoting_org',
      entityId: input.code,
      after: view,
    });
    return view;
  });
}

export async function updatePromotingOrg(
  db: Db,
  user: SessionUser,
  code: string,
  input: UpdatePromotingOrgRequest,
  actor: Actor,
): Promise<PromotingOrgView> {
  return db.transaction(async (tx) => {
    const current = await getWritableOrg(tx, user, code);
    assertVersion(orgLabel(code), current, input.version);
    await checkCity(tx, input.cityCode);
    await checkCreditCodeFree(tx, input.creditCode, code);
    const { version, ...changes } = input;
    const row = await updatePromotingOrgRow(tx, code, version, { ...changes, updatedAt: actor.at });
    if (!row) throw staleVersion(orgLabel(code), current.version + 1, version);
    const record = await findPromotingOrgRecord(tx, code);
    if (!record) throw notFound(orgLabel(code));
    const view = toPromotingOrgView(record);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_org.updated',
      entityType: 'promoting_org',
      entityId: code,
      before: toPromotingOrgView(current),
      after: view,
    });
    return view;
  });
}

/** Soft delete; refused (422) while a live cluster names it as its promoting organisation. */
export async function deletePromotingOrg(
  db: Db,
  user: SessionUser,
  code: string,
  version: number,
  actor: Actor,
): Promise<void> {
  requireProvince(user);
  await db.transaction(async (tx) => {
    const current = await getOrgInScope(tx, user, code);
    assertVersion(orgLabel(code), current, version);
    if (current.clusterCodes.length > 0) {
      throw new AppError(
        'rule_violated',
        `仍有集群由该组织促进，请先在集群中更换促进组织 / clusters still name it as their promoting organisation: ${current.clusterCodes.join(', ')}`,
        { reason: 'has_clusters', clusterCodes: current.clusterCodes },
      );
    }
    const row = await updatePromotingOrgRow(tx, code, version, { deletedAt: actor.at, updatedAt: actor.at });
    if (!row) throw staleVersion(orgLabel(code), current.version + 1, version);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_org.deleted',
      entityType: 'promoting_org',
      entityId: code,
      before: toPromotingOrgView(current),
    });
  });
}

export async function getPromotingOrgHistory(db: DbOrTx, user: SessionUser, code: string) {
  await getOrgInScope(db, user, code);
  const rows = await listHistoryRows(db, code);
  return {
    items: rows.map((row) => ({
      at: row.at.toISOString(),
      action: row.action,
      actorName: row.actorName,
      entityType: row.entityType,
      entityId: row.entityId ?? '',
      before: row.before,
      after: row.after,
    })),
  };
}

// ---- members ----

export async function listPromotingOrgMembers(
  db: DbOrTx,
  user: SessionUser,
  code: string,
  query: ListPromotingOrgMembersQuery,
) {
  await getOrgInScope(db, user, code);
  const { rows, total } = await listMemberRows(db, {
    organisationCode: code,
    on: query.on,
    kind: query.kind,
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toMemberView);
}

const overlappingMember = (joinedOn: string) =>
  new AppError(
    'conflict',
    `该成员已有重叠的会员期间（${joinedOn} 起）/ the member already has an overlapping period (from ${joinedOn})`,
    { reason: 'overlapping_member' },
  );

export async function createPromotingOrgMember(
  db: Db,
  user: SessionUser,
  code: string,
  input: CreatePromotingOrgMemberRequest,
  actor: Actor,
): Promise<PromotingOrgMemberView> {
  return db.transaction(async (tx) => {
    await getWritableOrg(tx, user, code);
    const enterpriseCreditCode = input.kind === 'enterprise' ? input.creditCode : null;
    const memberName = input.kind === 'organisation' ? input.name : null;
    if (
      enterpriseCreditCode &&
      !(await findLiveEnterpriseCodes(tx, [enterpriseCreditCode])).has(enterpriseCreditCode)
    ) {
      throw invalidField(
        'body.creditCode',
        `企业未登记 / enterprise not registered: ${enterpriseCreditCode}`,
      );
    }
    const leftOn = input.leftOn ?? null;
    const clash = await findOverlappingMember(tx, {
      organisationCode: code,
      enterpriseCreditCode,
      memberName,
      from: input.joinedOn,
      to: leftOn,
    });
    if (clash) throw overlappingMember(clash.joinedOn);
    const row = await insertMember(tx, {
      organisationCode: code,
      kind: input.kind,
      enterpriseCreditCode,
      memberName,
      memberCreditCode: input.kind === 'organisation' ? (input.creditCode ?? null) : null,
      role: input.role,
      joinedOn: input.joinedOn,
      leftOn,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const record = await findMemberRecord(tx, code, row.id);
    if (!record) throw notFound(`member ${row.id}`);
    const view = toMemberView(record);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_org_member.created',
      entityType: 'promoting_org_member',
      entityId: `${code}/${row.id}`,
      after: view,
    });
    return view;
  });
}

export async function updatePromotingOrgMember(
  db: Db,
  user: SessionUser,
  code: string,
  id: string,
  input: UpdatePromotingOrgMemberRequest,
  actor: Actor,
): Promise<PromotingOrgMemberView> {
  return db.transaction(async (tx) => {
    await getWritableOrg(tx, user, code);
    const current = await findMemberRecord(tx, code, id);
    if (!current) throw notFound(`member ${id}`);
    const label = `成员 member ${id}`;
    assertVersion(label, current, input.version);
    if (input.name !== undefined && current.kind !== 'organisation') {
      throw invalidField(
        'body.name',
        '企业成员的名称取自企业名录 / an enterprise member is named by the registry',
      );
    }
    const joinedOn = input.joinedOn ?? current.joinedOn;
    const leftOn = input.leftOn === undefined ? current.leftOn : input.leftOn;
    if (leftOn !== null && leftOn < joinedOn) {
      throw invalidField('body.leftOn', '退出日期不得早于加入日期 / leftOn must not be before joinedOn');
    }
    const clash = await findOverlappingMember(tx, {
      organisationCode: code,
      enterpriseCreditCode: current.enterpriseCreditCode,
      memberName: input.name ?? current.memberName,
      from: joinedOn,
      to: leftOn,
      exceptId: id,
    });
    if (clash) throw overlappingMember(clash.joinedOn);
    const row = await updateMemberRow(tx, id, input.version, {
      role: input.role,
      joinedOn: input.joinedOn,
      leftOn: input.leftOn,
      memberName: input.name,
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(label, current.version + 1, input.version);
    const record = await findMemberRecord(tx, code, id);
    if (!record) throw notFound(`member ${id}`);
    const view = toMemberView(record);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_org_member.updated',
      entityType: 'promoting_org_member',
      entityId: `${code}/${id}`,
      before: toMemberView(current),
      after: view,
    });
    return view;
  });
}

export async function deletePromotingOrgMember(
  db: Db,
  user: SessionUser,
  code: string,
  id: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    await getWritableOrg(tx, user, code);
    const current = await findMemberRecord(tx, code, id);
    if (!current) throw notFound(`member ${id}`);
    const label = `成员 member ${id}`;
    assertVersion(label, current, version);
    const row = await updateMemberRow(tx, id, version, { deletedAt: actor.at, updatedAt: actor.at });
    if (!row) throw staleVersion(label, current.version + 1, version);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_org_member.deleted',
      entityType: 'promoting_org_member',
      entityId: `${code}/${id}`,
      before: toMemberView(current),
    });
  });
}

// ---- activities ----

export async function listPromotingActivities(
  db: DbOrTx,
  user: SessionUser,
  code: string,
  query: ListPromotingActivitiesQuery,
) {
  await getOrgInScope(db, user, code);
  const { rows, total } = await listActivityRows(db, {
    organisationCode: code,
    year: query.year,
    type: query.type,
    clusterCode: query.clusterCode,
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toActivityView);
}

/** The activity's cluster must be one the organisation promotes; its enterprises and attachments must exist. */
async function checkActivityReferences(
  db: DbOrTx,
  code: string,
  input: {
    clusterCode?: string | null | undefined;
    enterpriseCreditCodes?: readonly string[] | undefined;
    attachmentIds?: readonly string[] | undefined;
  },
): Promise<void> {
  if (input.attachmentIds && input.attachmentIds.length > 0) {
    const unique = [...new Set(input.attachmentIds)];
    const stored = await findAttachmentIds(db, unique);
    const missing = unique.filter((id) => !stored.has(id));
    if (missing.length > 0) {
      throw invalidField('body.attachmentIds', `附件不存在 / no such attachments: ${missing.join(', ')}`);
    }
  }
  if (input.clusterCode) {
    const promoted = await findPromotedClusterCodes(db, code);
    if (!promoted.includes(input.clusterCode)) {
      throw invalidField(
        'body.clusterCode',
        `该组织不促进此集群 / the organisation does not promote cluster ${input.clusterCode}`,
      );
    }
  }
  if (input.enterpriseCreditCodes && input.enterpriseCreditCodes.length > 0) {
    const unique = [...new Set(input.enterpriseCreditCodes)];
    const known = await findLiveEnterpriseCodes(db, unique);
    const unknown = unique.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw invalidField(
        'body.enterpriseCreditCodes',
        `企业未登记 / enterprises not registered: ${unknown.join(', ')}`,
      );
    }
  }
}

export async function createPromotingActivity(
  db: Db,
  user: SessionUser,
  code: string,
  input: CreatePromotingActivityRequest,
  actor: Actor,
): Promise<PromotingActivityView> {
  return db.transaction(async (tx) => {
    await getWritableOrg(tx, user, code);
    await checkActivityReferences(tx, code, input);
    const row = await insertActivity(tx, {
      organisationCode: code,
      clusterCode: input.clusterCode ?? null,
      heldOn: input.heldOn,
      type: input.type,
      title: input.title,
      participantCount: input.participantCount,
      enterpriseCreditCodes: [...new Set(input.enterpriseCreditCodes)],
      attachmentIds: input.attachmentIds,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const view = toActivityView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_activity.created',
      entityType: 'promoting_activity',
      entityId: `${code}/${row.id}`,
      after: view,
    });
    return view;
  });
}

export async function updatePromotingActivity(
  db: Db,
  user: SessionUser,
  code: string,
  id: string,
  input: UpdatePromotingActivityRequest,
  actor: Actor,
): Promise<PromotingActivityView> {
  return db.transaction(async (tx) => {
    await getWritableOrg(tx, user, code);
    const current = await findActivityRow(tx, code, id);
    if (!current) throw notFound(`activity ${id}`);
    const label = `活动 activity ${id}`;
    assertVersion(label, current, input.version);
    await checkActivityReferences(tx, code, input);
    const { version, ...changes } = input;
    const row = await updateActivityRow(tx, id, version, {
      ...changes,
      ...(changes.enterpriseCreditCodes
        ? { enterpriseCreditCodes: [...new Set(changes.enterpriseCreditCodes)] }
        : {}),
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(label, current.version + 1, version);
    const view = toActivityView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_activity.updated',
      entityType: 'promoting_activity',
      entityId: `${code}/${id}`,
      before: toActivityView(current),
      after: view,
    });
    return view;
  });
}

export async function deletePromotingActivity(
  db: Db,
  user: SessionUser,
  code: string,
  id: string,
  version: number,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    await getWritableOrg(tx, user, code);
    const current = await findActivityRow(tx, code, id);
    if (!current) throw notFound(`activity ${id}`);
    const label = `活动 activity ${id}`;
    assertVersion(label, current, version);
    const row = await updateActivityRow(tx, id, version, { deletedAt: actor.at, updatedAt: actor.at });
    if (!row) throw staleVersion(label, current.version + 1, version);
    await appendAudit(tx, {
      ...actor,
      action: 'promoting_activity.deleted',
      entityType: 'promoting_activity',
      entityId: `${code}/${id}`,
      before: toActivityView(current),
    });
  });
}

// ---- activities per cluster per year ----

/**
 * The number of activities held for a cluster in a calendar year (the evaluation's "major cooperation
 * activities" indicator): activities naming the cluster, plus activities naming no cluster of the
 * organisation promoting it. `types` limits the count (e.g. only 合作交流 and 对接活动).
 */
export async function countPromotingActivities(
  db: DbOrTx,
  input: { clusterCode: string; year: number; types?: readonly string[] },
): Promise<number> {
  const [row] = await countActivitiesByCluster(db, { ...input, scope: { kind: 'all' } });
  return row?.count ?? 0;
}

/** Activities per cluster in a year for every live cluster in the user's scope (0 included). */
export async function listActivityCounts(db: DbOrTx, user: SessionUser, query: ActivityCountsQuery) {
  const rows = await countActivitiesByCluster(db, {
    year: query.year,
    clusterCode: query.clusterCode,
    types: query.types,
    scope: registryScopeOf(user),
  });
  return { items: rows.map((row) => ({ clusterCode: row.clusterCode, year: query.year, count: row.count })) };
}
