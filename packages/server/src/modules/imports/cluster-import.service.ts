/**
 * Import of the cluster list (集群名录), upserted by the stable cluster code (ADR 0009's flow: read
 * and validate everything, then one short transaction). Checks: lead industry from the policy's list,
 * tier / target / status by their Chinese names, lead city and other cities of the province, a
 * registered promoting organisation, duplicate codes in the file, a code of a deleted cluster (codes
 * are never reused), the user's scope, and a dated change: a tier, target or status that differs
 * from the registry needs its 变更日期. A commit writes one history entry per changed tracked field
 * (with the row's document number), as `PATCH /clusters/:code` does, and one audit entry with counts.
 */
import { AppError } from '@qunce/core';
import { createDuplicateTracker } from '@qunce/core/import';
import {
  type ClusterStatus,
  type ClusterTier,
  clusterImportColumns,
  clusterStatuses,
  clusterTiers,
  industryCodes,
} from '@qunce/core/registry';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type ClusterRow, clusterHistory, clusters, organisations } from '../../db/schema/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { chinaDate, isClusterInScope } from '../clusters/registry.scope.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import {
  batchSize,
  listValue,
  oneOf,
  type RegistryImportOptions,
  type RegistryImportResult,
  readRegistrySheet,
  sameSet,
  textValue,
} from './registry-import-kit.ts';

export type ClusterImportRow = {
  code: string;
  name: string;
  nameEn: string | null;
  leadIndustry: string;
  tier: ClusterTier;
  cultivationTarget: ClusterTier;
  status: ClusterStatus;
  leadCityCode: string;
  /** Lead city first. */
  cityCodes: string[];
  promotingOrganisationCode: string | null;
  changedOn: string | null;
  documentNumber: string | null;
};

export type ClusterImportResult = RegistryImportResult<'clusters'>;

const trackedFields = ['tier', 'cultivationTarget', 'status'] as const;

function sameCluster(current: ClusterRow, row: ClusterImportRow): boolean {
  return (
    current.name === row.name &&
    current.nameEn === row.nameEn &&
    current.leadIndustry === row.leadIndustry &&
    current.tier === row.tier &&
    current.cultivationTarget === row.cultivationTarget &&
    current.status === row.status &&
    current.leadCityCode === row.leadCityCode &&
    sameSet(current.cityCodes, row.cityCodes) &&
    current.promotingOrganisationCode === row.promotingOrganisationCode
  );
}

export async function importClusters(
  db: Db,
  source: ZipSource,
  options: RegistryImportOptions,
): Promise<ClusterImportResult> {
  const rows: { rowNumber: number; row: ClusterImportRow }[] = [];
  let duplicate: ReturnType<typeof createDuplicateTracker> | undefined;
  const sheet = await readRegistrySheet(db, source, options, clusterImportColumns, (record, context) => {
    duplicate ??= createDuplicateTracker(context.sheet, ['code'], { zh: '集群代码', en: 'cluster code' });
    const clash = duplicate(record);
    if (clash) {
      context.issue({ ...clash, columnKey: 'code' });
      return;
    }
    const v = record.values;
    const code = textValue(v, 'code');
    const name = textValue(v, 'name');
    const leadIndustry = oneOf(v, 'leadIndustry', industryCodes);
    const tier = oneOf(v, 'tier', clusterTiers);
    const cultivationTarget = oneOf(v, 'cultivationTarget', clusterTiers);
    const status = oneOf(v, 'status', clusterStatuses);
    const leadCityCode = textValue(v, 'leadCityCode');
    if (!code || !name || !leadIndustry || !tier || !cultivationTarget || !status || !leadCityCode) return;
    const others = listValue(v, 'otherCityCodes').filter((c) => c !== leadCityCode);
    rows.push({
      rowNumber: record.rowNumber,
      row: {
        code,
        name,
        nameEn: textValue(v, 'nameEn'),
        leadIndustry,
        tier,
        cultivationTarget,
        status,
        leadCityCode,
        cityCodes: [leadCityCode, ...others],
        promotingOrganisationCode: textValue(v, 'promotingOrganisationCode'),
        changedOn: textValue(v, 'changedOn'),
        documentNumber: textValue(v, 'documentNumber'),
      },
    });
  });

  // the registry: clusters by code (deleted ones too: codes are never reused), promoting organisations
  const existing = new Map<string, ClusterRow>();
  const codes = rows.map((r) => r.row.code);
  for (let i = 0; i < codes.length; i += batchSize) {
    const found = await db
      .select()
      .from(clusters)
      .where(inArray(clusters.code, codes.slice(i, i + batchSize)));
    for (const c of found) existing.set(c.code, c);
  }
  const organisationCodes = [
    ...new Set(
      rows.flatMap((r) => (r.row.promotingOrganisationCode ? [r.row.promotingOrganisationCode] : [])),
    ),
  ];
  const clusterOrgs = new Set(
    organisationCodes.length === 0
      ? []
      : (
          await db
            .select({ code: organisations.code })
            .from(organisations)
            .where(and(inArray(organisations.code, organisationCodes), eq(organisations.type, 'cluster_org')))
        ).map((o) => o.code),
  );

  const { scope } = options;
  const inserts: ClusterImportRow[] = [];
  const updates: { current: ClusterRow; row: ClusterImportRow }[] = [];
  let unchanged = 0;
  for (const { rowNumber, row } of rows) {
    const current = existing.get(row.code);
    // optional columns the file leaves out keep the registry's values
    if (current) {
      if (!sheet.hasColumn('nameEn')) row.nameEn = current.nameEn;
      if (!sheet.hasColumn('otherCityCodes')) {
        row.cityCodes = [row.leadCityCode, ...current.cityCodes.filter((c) => c !== row.leadCityCode)];
      }
      if (!sheet.hasColumn('promotingOrganisationCode')) {
        row.promotingOrganisationCode = current.promotingOrganisationCode;
      }
    }
    const before = sheet.issues().length;
    if (current?.deletedAt) {
      sheet.issueAt(
        rowNumber,
        'code',
        row.code,
        `集群代码属于已删除的集群（代码不复用）/ the code belongs to a deleted cluster (codes are never reused): ${row.code}`,
      );
    } else if (!isClusterInScope(scope, row) || (current && !isClusterInScope(scope, current))) {
      sheet.issueAt(
        rowNumber,
        'leadCityCode',
        row.leadCityCode,
        `无权导入此集群 / you may not import this cluster: ${row.code}`,
      );
    }
    if (
      row.promotingOrganisationCode !== null &&
      row.promotingOrganisationCode !== current?.promotingOrganisationCode &&
      !clusterOrgs.has(row.promotingOrganisationCode)
    ) {
      sheet.issueAt(
        rowNumber,
        'promotingOrganisationCode',
        row.promotingOrganisationCode,
        `不是已登记的集群促进组织 / not a registered cluster promoting organisation: ${row.promotingOrganisationCode}`,
      );
    }
    if (current && row.changedOn === null && trackedFields.some((f) => current[f] !== row[f])) {
      const changed = trackedFields.filter((f) => current[f] !== row[f]).join(', ');
      sheet.issueAt(
        rowNumber,
        'changedOn',
        null,
        `层级、培育目标或状态变更须注明变更日期（${changed}）/ a tier, target or status change needs its date (${changed})`,
      );
    }
    if (sheet.issues().length > before) continue;
    if (!current) inserts.push(row);
    else if (sameCluster(current, row)) unchanged++;
    else updates.push({ current, row });
  }

  const counts: ImportCounts = {
    rows: rows.length,
    insert: inserts.length,
    update: updates.length,
    unchanged,
  };
  const issues = sheet.issues();
  const result: ClusterImportResult = {
    kind: 'clusters',
    dryRun: options.dryRun,
    committed: false,
    sheet: sheet.sheet,
    counts,
    issues,
    notices: sheet.notices(),
  };
  if (options.dryRun || issues.length > 0) return result;
  const { actor } = options;
  const today = chinaDate(actor.at);
  await db.transaction(async (tx) => {
    for (let i = 0; i < inserts.length; i += batchSize) {
      const batch = inserts.slice(i, i + batchSize);
      await tx.insert(clusters).values(
        batch.map(({ changedOn: _c, documentNumber: _d, ...row }) => ({
          ...row,
          chainMasterCreditCodes: [],
          version: 1,
          createdAt: actor.at,
          updatedAt: actor.at,
        })),
      );
      await tx.insert(clusterHistory).values(
        batch.map((row) => ({
          clusterCode: row.code,
          changedOn: row.changedOn ?? today,
          field: 'created' as const,
          fromValue: null,
          toValue: `${row.tier}/${row.cultivationTarget}/${row.status}`,
          documentNumber: row.documentNumber,
          recordedAt: actor.at,
          recordedBy: actor.actorName,
        })),
      );
    }
    for (const { current, row } of updates) {
      const [updated] = await tx
        .update(clusters)
        .set({
          name: row.name,
          nameEn: row.nameEn,
          leadIndustry: row.leadIndustry,
          tier: row.tier,
          cultivationTarget: row.cultivationTarget,
          status: row.status,
          leadCityCode: row.leadCityCode,
          cityCodes: row.cityCodes,
          promotingOrganisationCode: row.promotingOrganisationCode,
          version: sql`${clusters.version} + 1`,
          updatedAt: actor.at,
        })
        .where(and(eq(clusters.code, current.code), eq(clusters.version, current.version)))
        .returning({ code: clusters.code });
      // changed by someone since the comparison: roll the whole import back
      if (!updated) {
        throw new AppError(
          'conflict',
          `集群 ${current.code} 已被他人修改，请重新导入 / cluster ${current.code} changed meanwhile: import again`,
          { reason: 'stale_version', code: current.code },
        );
      }
      const changes = trackedFields.filter((f) => current[f] !== row[f]);
      if (changes.length > 0) {
        await tx.insert(clusterHistory).values(
          changes.map((field) => ({
            clusterCode: current.code,
            changedOn: row.changedOn ?? today,
            field,
            fromValue: current[field],
            toValue: row[field],
            documentNumber: row.documentNumber,
            recordedAt: actor.at,
            recordedBy: actor.actorName,
          })),
        );
      }
    }
    await appendAudit(tx, {
      ...actor,
      action: 'cluster.imported',
      entityType: 'cluster',
      entityId: null,
      after: counts,
    });
  });
  return { ...result, committed: true };
}
