import { AppError, type OrganisationType, type OrganisationView } from '@qunce/core';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { OrganisationRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { canSeeCity, type SessionUser } from '../auth/auth.hooks.ts';
import type { Actor } from '../users/users.service.ts';
import {
  findCityRegion,
  findOrganisationRow,
  insertOrganisation,
  listOrganisationRows,
} from './organisations.repository.ts';

export function toOrganisationView(row: OrganisationRow): OrganisationView {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    type: row.type as OrganisationType,
    regionCode: row.regionCode,
    policyUnit: row.policyUnit,
  };
}

/**
 * Scope of the organisation directory: provincial bodies (no home city) are visible to every business
 * user; a city bureau or cluster organisation only to users whose scope covers its city, and to its
 * own members.
 */
export function canSeeOrganisation(user: SessionUser, row: OrganisationRow): boolean {
  if (row.regionCode === null) return true;
  if (user.organisation?.code === row.code) return true;
  return canSeeCity(user, row.regionCode);
}

export async function listOrganisations(db: DbOrTx, user: SessionUser, type?: OrganisationType) {
  const rows = await listOrganisationRows(db, type);
  return rows.filter((row) => canSeeOrganisation(user, row)).map(toOrganisationView);
}

/** 404 when it does not exist or lies outside the user's scope (the two are not told apart). */
export async function getOrganisation(
  db: DbOrTx,
  user: SessionUser,
  code: string,
): Promise<OrganisationView> {
  const row = await findOrganisationRow(db, code);
  if (!row || !canSeeOrganisation(user, row)) {
    throw new AppError('not_found', `机构不存在 / organisation not found: ${code}`);
  }
  return toOrganisationView(row);
}

/** Registers a cluster promoting organisation (集群发展促进组织) in one of the cities. */
export async function createClusterOrganisation(
  db: Db,
  input: { code: string; name: string; nameEn?: string | null | undefined; regionCode: string },
  actor: Actor,
): Promise<OrganisationView> {
  return db.transaction(async (tx) => {
    if (!(await findCityRegion(tx, input.regionCode))) {
      throw new AppError('invalid_input', `城市代码无效 / unknown city: ${input.regionCode}`, {
        issues: [{ field: 'body.regionCode', message: 'unknown city' }],
      });
    }
    if (await findOrganisationRow(tx, input.code)) {
      throw new AppError('conflict', `机构代码已存在 / organisation code already taken: ${input.code}`, {
        code: input.code,
      });
    }
    const row = await insertOrganisation(tx, {
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      type: 'cluster_org',
      regionCode: input.regionCode,
      policyUnit: null,
      sortOrder: 1000,
      createdAt: actor.at,
    });
    const view = toOrganisationView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: row.code,
      after: view,
    });
    return view;
  });
}
