/**
 * Import of innovation carriers (创新载体), upserted by carrier name + host credit code (the
 * registry's live-row unique key; ADR 0009's flow). Checks: type and level by their Chinese names,
 * the host's credit code (GB 32100), city, cluster (a live cluster), duplicates in the file, the
 * user's scope (a city bureau its own city) and, for a department that is not a carrier manager,
 * only the carrier types it recognises (carrierTypeGrantingDepartments: 市场监管局 its technology
 * innovation centres). The host need not be a registered enterprise (universities and institutes
 * host carriers too).
 */
import { AppError } from '@qunce/core';
import { type CarrierLevel, type CarrierType, carrierLevels, carrierTypes } from '@qunce/core/carriers-parks';
import { createDuplicateTracker } from '@qunce/core/import';
import { carrierImportColumns, carrierTypeGrantingDepartments, carrierTypeNames } from '@qunce/core/registry';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type CarrierRow, clusters, innovationCarriers } from '../../db/schema/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import {
  batchSize,
  oneOf,
  type RegistryImportOptions,
  type RegistryImportResult,
  readRegistrySheet,
  textValue,
} from './registry-import-kit.ts';

export type CarrierImportRow = {
  name: string;
  type: CarrierType;
  level: CarrierLevel;
  hostCreditCode: string;
  hostName: string;
  cityCode: string;
  clusterCode: string | null;
  recognisedOn: string | null;
  documentNumber: string | null;
};

export type CarrierImportResult = RegistryImportResult<'carriers'>;

export type CarrierImportOptions = RegistryImportOptions & {
  /** `all` for a carrier manager (province, city bureau); else the types the department recognises. */
  allowedTypes: 'all' | readonly CarrierType[];
};

const keyOf = (r: { name: string; hostCreditCode: string }) => JSON.stringify([r.name, r.hostCreditCode]);

function sameCarrier(current: CarrierRow, row: CarrierImportRow): boolean {
  return (
    current.type === row.type &&
    current.level === row.level &&
    current.hostName === row.hostName &&
    current.cityCode === row.cityCode &&
    current.clusterCode === row.clusterCode &&
    current.recognisedOn === row.recognisedOn &&
    current.documentNumber === row.documentNumber
  );
}

export async function importCarriers(
  db: Db,
  source: ZipSource,
  options: CarrierImportOptions,
): Promise<CarrierImportResult> {
  const rows: { rowNumber: number; row: CarrierImportRow }[] = [];
  let duplicate: ReturnType<typeof createDuplicateTracker> | undefined;
  const { scope, allowedTypes } = options;
  const sheet = await readRegistrySheet(db, source, options, carrierImportColumns, (record, context) => {
    duplicate ??= createDuplicateTracker(context.sheet, ['name', 'hostCreditCode'], {
      zh: '载体（名称 + 依托单位信用代码）',
      en: 'carrier (name + host credit code)',
    });
    const clash = duplicate(record);
    if (clash) {
      context.issue({ ...clash, columnKey: 'name' });
      return;
    }
    const v = record.values;
    const name = textValue(v, 'name');
    const type = oneOf(v, 'type', carrierTypes);
    const level = oneOf(v, 'level', carrierLevels);
    const hostCreditCode = textValue(v, 'hostCreditCode');
    const hostName = textValue(v, 'hostName');
    const cityCode = textValue(v, 'cityCode');
    if (!name || !type || !level || !hostCreditCode || !hostName || !cityCode) return;
    if (allowedTypes !== 'all' && !allowedTypes.includes(type)) {
      const typeName = carrierTypeNames.find((t) => t.code === type)?.name ?? type;
      const grantedBy = carrierTypeGrantingDepartments[type];
      context.issue({
        row: record.rowNumber,
        columnKey: 'type',
        value: typeName,
        reason: `“${typeName}”由 ${grantedBy} 认定，本单位无权导入 / ${type} is recognised by ${grantedBy}: your department may not import it`,
      });
      return;
    }
    if (scope.kind !== 'all' && !(scope.kind === 'cities' && scope.cityCodes.includes(cityCode))) {
      context.issue({
        row: record.rowNumber,
        columnKey: 'cityCode',
        value: cityCode,
        reason: `无权导入城市 ${cityCode} 的载体 / you may not import carriers of city ${cityCode}`,
      });
      return;
    }
    rows.push({
      rowNumber: record.rowNumber,
      row: {
        name,
        type,
        level,
        hostCreditCode,
        hostName,
        cityCode,
        clusterCode: textValue(v, 'clusterCode'),
        recognisedOn: textValue(v, 'recognisedOn'),
        documentNumber: textValue(v, 'documentNumber'),
      },
    });
  });

  // the registry: live clusters named, live carriers of the hosts
  const clusterCodes = [...new Set(rows.flatMap((r) => (r.row.clusterCode ? [r.row.clusterCode] : [])))];
  const liveClusters = new Set<string>();
  for (let i = 0; i < clusterCodes.length; i += batchSize) {
    const found = await db
      .select({ code: clusters.code })
      .from(clusters)
      .where(and(inArray(clusters.code, clusterCodes.slice(i, i + batchSize)), isNull(clusters.deletedAt)));
    for (const c of found) liveClusters.add(c.code);
  }
  const current = new Map<string, CarrierRow>();
  const hosts = [...new Set(rows.map((r) => r.row.hostCreditCode))];
  for (let i = 0; i < hosts.length; i += batchSize) {
    const found = await db
      .select()
      .from(innovationCarriers)
      .where(
        and(
          inArray(innovationCarriers.hostCreditCode, hosts.slice(i, i + batchSize)),
          isNull(innovationCarriers.deletedAt),
        ),
      );
    for (const c of found) current.set(keyOf(c), c);
  }
  const inserts: CarrierImportRow[] = [];
  const updates: { current: CarrierRow; row: CarrierImportRow }[] = [];
  let unchanged = 0;
  for (const { rowNumber, row } of rows) {
    if (row.clusterCode !== null && !liveClusters.has(row.clusterCode)) {
      sheet.issueAt(
        rowNumber,
        'clusterCode',
        row.clusterCode,
        `未知集群 / unknown cluster: ${row.clusterCode}`,
      );
      continue;
    }
    const same = current.get(keyOf(row));
    if (same && scope.kind === 'cities' && !scope.cityCodes.includes(same.cityCode)) {
      sheet.issueAt(
        rowNumber,
        'name',
        row.name,
        `该载体已由其他城市登记 / the carrier is registered by another city`,
      );
      continue;
    }
    if (!same) inserts.push(row);
    else if (sameCarrier(same, row)) unchanged++;
    else updates.push({ current: same, row });
  }

  const counts: ImportCounts = {
    rows: rows.length,
    insert: inserts.length,
    update: updates.length,
    unchanged,
  };
  const issues = sheet.issues();
  const result: CarrierImportResult = {
    kind: 'carriers',
    dryRun: options.dryRun,
    committed: false,
    sheet: sheet.sheet,
    counts,
    issues,
    notices: sheet.notices(),
  };
  if (options.dryRun || issues.length > 0) return result;
  const { actor } = options;
  await db.transaction(async (tx) => {
    for (let i = 0; i < inserts.length; i += batchSize) {
      await tx
        .insert(innovationCarriers)
        .values(
          inserts
            .slice(i, i + batchSize)
            .map((row) => ({ ...row, version: 1, createdAt: actor.at, updatedAt: actor.at })),
        );
    }
    for (const { current: same, row } of updates) {
      const { name: _n, hostCreditCode: _h, ...changes } = row;
      const [updated] = await tx
        .update(innovationCarriers)
        .set({ ...changes, version: sql`${innovationCarriers.version} + 1`, updatedAt: actor.at })
        .where(and(eq(innovationCarriers.id, same.id), eq(innovationCarriers.version, same.version)))
        .returning({ id: innovationCarriers.id });
      if (!updated) {
        throw new AppError(
          'conflict',
          `载体 ${same.name} 已被他人修改，请重新导入 / carrier ${same.name} changed meanwhile: import again`,
          { reason: 'stale_version', carrierId: same.id },
        );
      }
    }
    await appendAudit(tx, {
      ...actor,
      action: 'carrier.imported',
      entityType: 'carrier',
      entityId: null,
      after: counts,
    });
  });
  return { ...result, committed: true };
}
