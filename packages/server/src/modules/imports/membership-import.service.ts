/**
 * Import of cluster memberships (集群成员): the same flow as the enterprise roster (ADR 0009), keyed
 * by credit code + cluster code + start date. Checks: the enterprise is registered and in the user's
 * scope, the cluster exists (and, for a cluster organisation, is its own), end not before start, no
 * duplicate key and no overlapping periods of one enterprise in one cluster, in the file or against
 * memberships already registered. Commit: one transaction, inserts batched, changed rows updated
 * with version + 1, one audit entry with the counts.
 */
import { AppError } from '@qunce/core';
import { createDuplicateTracker, type ImportIssue, type NoticeSummary } from '@qunce/core/import';
import { type MembershipRole, membershipColumnSpecs, membershipRoles } from '@qunce/core/registry';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clusterMemberships, clusters, enterprises } from '../../db/schema/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import { type ReadOptions, readImportSheet } from './import-reader.ts';

export type MembershipImportRow = {
  creditCode: string;
  clusterCode: string;
  role: MembershipRole;
  validFrom: string;
  validTo: string | null;
};

export type MembershipImportResult = {
  kind: 'memberships';
  dryRun: boolean;
  committed: boolean;
  sheet: string;
  counts: ImportCounts;
  issues: ImportIssue[];
  notices: NoticeSummary[];
};

export type MembershipImportOptions = ReadOptions & { dryRun: boolean; actor: Actor; scope: RegistryScope };

const batchSize = 1000;

const isRole = (value: unknown): value is MembershipRole =>
  typeof value === 'string' && (membershipRoles as readonly string[]).includes(value);

function overlaps(a: { validFrom: string; validTo: string | null }, b: typeof a): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}

export async function importMemberships(
  db: Db,
  source: ZipSource,
  options: MembershipImportOptions,
): Promise<MembershipImportResult> {
  const rows: { rowNumber: number; row: MembershipImportRow }[] = [];
  let duplicate: ReturnType<typeof createDuplicateTracker> | undefined;
  const read = await readImportSheet(source, options, membershipColumnSpecs(), (record, context) => {
    duplicate ??= createDuplicateTracker(context.sheet, ['creditCode', 'clusterCode', 'validFrom'], {
      zh: '成员关系（信用代码 + 集群 + 加入日期）',
      en: 'membership (credit code + cluster + start date)',
    });
    const clash = duplicate(record);
    if (clash) {
      context.issue(clash);
      return;
    }
    const { creditCode, clusterCode, role, validFrom, validTo } = record.values;
    if (
      typeof creditCode !== 'string' ||
      typeof clusterCode !== 'string' ||
      !isRole(role) ||
      typeof validFrom !== 'string'
    ) {
      return;
    }
    const end = typeof validTo === 'string' ? validTo : null;
    if (end !== null && end < validFrom) {
      context.issue({
        row: record.rowNumber,
        columnKey: 'validTo',
        value: end,
        reason: `退出日期早于加入日期 ${validFrom} / the end date is before the start date ${validFrom}`,
      });
      return;
    }
    rows.push({
      rowNumber: record.rowNumber,
      row: { creditCode, clusterCode, role, validFrom, validTo: end },
    });
  });
  const issues = [...read.issues];
  const issue = (rowNumber: number, value: string, reason: string) =>
    issues.push({ sheet: read.sheet, row: rowNumber, column: '', value, reason });

  // references: enterprises and clusters, a batch at a time
  const enterpriseCity = new Map<string, string>();
  const clusterLive = new Set<string>();
  const codes = [...new Set(rows.map((r) => r.row.creditCode))];
  const clusterCodes = [...new Set(rows.map((r) => r.row.clusterCode))];
  for (let i = 0; i < codes.length; i += batchSize) {
    const found = await db
      .select({ creditCode: enterprises.creditCode, cityCode: enterprises.cityCode })
      .from(enterprises)
      .where(
        and(inArray(enterprises.creditCode, codes.slice(i, i + batchSize)), isNull(enterprises.deletedAt)),
      );
    for (const e of found) enterpriseCity.set(e.creditCode, e.cityCode);
  }
  if (clusterCodes.length > 0) {
    const found = await db
      .select({ code: clusters.code })
      .from(clusters)
      .where(and(inArray(clusters.code, clusterCodes), isNull(clusters.deletedAt)));
    for (const c of found) clusterLive.add(c.code);
  }
  const scope = options.scope;
  const valid: typeof rows = [];
  for (const item of rows) {
    const { creditCode, clusterCode } = item.row;
    const city = enterpriseCity.get(creditCode);
    const enterpriseOk =
      city !== undefined &&
      scope.kind !== 'nothing' &&
      (scope.kind !== 'cities' || scope.cityCodes.includes(city));
    const clusterOk =
      clusterLive.has(clusterCode) &&
      (scope.kind !== 'organisation' || scope.clusterCodes.includes(clusterCode));
    if (!enterpriseOk) {
      issue(item.rowNumber, creditCode, `未登记的企业 / enterprise not registered: ${creditCode}`);
    } else if (!clusterOk) {
      issue(item.rowNumber, clusterCode, `未知集群 / unknown cluster: ${clusterCode}`);
    } else {
      valid.push(item);
    }
  }

  // overlaps inside the file, then against the registry; classify insert / update / unchanged
  const byPair = new Map<string, typeof rows>();
  for (const item of valid) {
    const key = `${item.row.creditCode}|${item.row.clusterCode}`;
    const list = byPair.get(key) ?? [];
    for (const other of list) {
      if (overlaps(other.row, item.row)) {
        issue(
          item.rowNumber,
          item.row.validFrom,
          `与第 ${other.rowNumber} 行的成员期间重叠 / the period overlaps row ${other.rowNumber}`,
        );
      }
    }
    list.push(item);
    byPair.set(key, list);
  }
  const inserts: MembershipImportRow[] = [];
  const updates: { id: string; version: number; row: MembershipImportRow }[] = [];
  let unchanged = 0;
  const validCodes = [...new Set(valid.map((v) => v.row.creditCode))];
  const existing: (typeof clusterMemberships.$inferSelect)[] = [];
  for (let i = 0; i < validCodes.length; i += batchSize) {
    existing.push(
      ...(await db
        .select()
        .from(clusterMemberships)
        .where(
          and(
            inArray(clusterMemberships.creditCode, validCodes.slice(i, i + batchSize)),
            isNull(clusterMemberships.deletedAt),
          ),
        )),
    );
  }
  const existingByPair = new Map<string, typeof existing>();
  for (const m of existing) {
    const key = `${m.creditCode}|${m.clusterCode}`;
    existingByPair.set(key, [...(existingByPair.get(key) ?? []), m]);
  }
  for (const [key, items] of byPair) {
    const registered = existingByPair.get(key) ?? [];
    for (const item of items) {
      const same = registered.find((m) => m.validFrom === item.row.validFrom);
      // registered periods the file does not restate must not overlap the file's
      for (const m of registered) {
        if (m === same || items.some((other) => other.row.validFrom === m.validFrom)) continue;
        if (overlaps(m, item.row)) {
          issue(
            item.rowNumber,
            item.row.validFrom,
            `与已登记的成员期间（${m.validFrom} 起）重叠 / overlaps the registered membership from ${m.validFrom}`,
          );
        }
      }
      if (!same) inserts.push(item.row);
      else if (same.role === item.row.role && same.validTo === item.row.validTo) unchanged++;
      else updates.push({ id: same.id, version: same.version, row: item.row });
    }
  }

  const counts: ImportCounts = {
    rows: rows.length,
    insert: inserts.length,
    update: updates.length,
    unchanged,
  };
  const result: MembershipImportResult = {
    kind: 'memberships',
    dryRun: options.dryRun,
    committed: false,
    sheet: read.sheet,
    counts,
    issues: issues.sort((a, b) => a.row - b.row),
    notices: read.notices,
  };
  if (options.dryRun || issues.length > 0) return result;
  const { actor } = options;
  await db.transaction(async (tx) => {
    for (let i = 0; i < inserts.length; i += batchSize) {
      await tx
        .insert(clusterMemberships)
        .values(
          inserts
            .slice(i, i + batchSize)
            .map((r) => ({ ...r, version: 1, createdAt: actor.at, updatedAt: actor.at })),
        );
    }
    for (const { id, version, row } of updates) {
      const [updated] = await tx
        .update(clusterMemberships)
        .set({
          role: row.role,
          validTo: row.validTo,
          version: sql`${clusterMemberships.version} + 1`,
          updatedAt: actor.at,
        })
        .where(and(eq(clusterMemberships.id, id), eq(clusterMemberships.version, version)))
        .returning({ id: clusterMemberships.id });
      // changed by someone since the comparison: roll the whole import back
      if (!updated) {
        throw new AppError(
          'conflict',
          `成员关系 ${id} 已被他人修改，请重新导入 / membership ${id} changed meanwhile: import again`,
          {
            reason: 'stale_version',
            membershipId: id,
          },
        );
      }
    }
    await appendAudit(tx, {
      ...actor,
      action: 'membership.imported',
      entityType: 'membership',
      entityId: null,
      after: counts,
    });
  });
  return { ...result, committed: true };
}
