/**
 * Import of parks (园区), upserted by the stable park code (ADR 0009's flow). Checks: city, county
 * within the row's city, level / eco-industrial status / 5G coverage by their Chinese names, the
 * clusters served (live clusters), duplicate codes in the file, the code of a deleted park (codes
 * are never reused) and the user's scope (a city bureau its own city). Optional columns the file
 * leaves out keep the registry's values; empty eco-industrial and 5G cells mean none.
 */
import { AppError } from '@qunce/core';
import {
  type EcoIndustrialStatus,
  ecoIndustrialStatuses,
  type FiveGCoverage,
  fiveGCoverages,
  type ParkLevel,
  parkLevels,
} from '@qunce/core/carriers-parks';
import { createDuplicateTracker } from '@qunce/core/import';
import { parkImportColumns } from '@qunce/core/registry';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clusters, type ParkRow, parks } from '../../db/schema/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import {
  batchSize,
  listValue,
  oneOf,
  type RegistryImportOptions,
  type RegistryImportResult,
  readRegistrySheet,
  resolveCounty,
  sameSet,
  textValue,
} from './registry-import-kit.ts';

export type ParkImportRow = {
  code: string;
  name: string;
  cityCode: string;
  countyCode: string | null;
  level: ParkLevel;
  ecoIndustrialStatus: EcoIndustrialStatus;
  fiveGCoverage: FiveGCoverage;
  clusterCodes: string[];
};

export type ParkImportResult = RegistryImportResult<'parks'>;

function samePark(current: ParkRow, row: ParkImportRow): boolean {
  return (
    current.name === row.name &&
    current.cityCode === row.cityCode &&
    current.countyCode === row.countyCode &&
    current.level === row.level &&
    current.ecoIndustrialStatus === row.ecoIndustrialStatus &&
    current.fiveGCoverage === row.fiveGCoverage &&
    sameSet(current.clusterCodes, row.clusterCodes)
  );
}

export async function importParks(
  db: Db,
  source: ZipSource,
  options: RegistryImportOptions,
): Promise<ParkImportResult> {
  const rows: { rowNumber: number; row: ParkImportRow }[] = [];
  let duplicate: ReturnType<typeof createDuplicateTracker> | undefined;
  const { scope } = options;
  const canWriteCity = (cityCode: string) =>
    scope.kind === 'all' || (scope.kind === 'cities' && scope.cityCodes.includes(cityCode));
  const sheet = await readRegistrySheet(db, source, options, parkImportColumns, (record, context) => {
    duplicate ??= createDuplicateTracker(context.sheet, ['code'], { zh: '园区代码', en: 'park code' });
    const clash = duplicate(record);
    if (clash) {
      context.issue({ ...clash, columnKey: 'code' });
      return;
    }
    const v = record.values;
    const at = { row: record.rowNumber };
    const code = textValue(v, 'code');
    const name = textValue(v, 'name');
    const cityCode = textValue(v, 'cityCode');
    const level = oneOf(v, 'level', parkLevels);
    if (!code || !name || !cityCode || !level) return;
    let countyCode = textValue(v, 'countyCode');
    if (countyCode !== null) {
      const county = resolveCounty(cityCode, countyCode);
      if (!county.ok) {
        context.issue({ ...at, columnKey: 'countyCode', value: countyCode, reason: county.reason });
        return;
      }
      if (county.normalised !== null) {
        context.notice({
          ...at,
          columnKey: 'countyCode',
          value: countyCode,
          normalisedValue: county.value,
          note: county.normalised,
        });
      }
      countyCode = county.value;
    }
    if (!canWriteCity(cityCode)) {
      context.issue({
        ...at,
        columnKey: 'cityCode',
        value: cityCode,
        reason: `无权导入城市 ${cityCode} 的园区 / you may not import parks of city ${cityCode}`,
      });
      return;
    }
    rows.push({
      rowNumber: record.rowNumber,
      row: {
        code,
        name,
        cityCode,
        countyCode,
        level,
        ecoIndustrialStatus: oneOf(v, 'ecoIndustrialStatus', ecoIndustrialStatuses) ?? 'none',
        fiveGCoverage: oneOf(v, 'fiveGCoverage', fiveGCoverages) ?? 'none',
        clusterCodes: listValue(v, 'clusterCodes'),
      },
    });
  });

  // the registry: parks by code (deleted ones too: codes are never reused), the clusters named
  const existing = new Map<string, ParkRow>();
  const codes = rows.map((r) => r.row.code);
  for (let i = 0; i < codes.length; i += batchSize) {
    const found = await db
      .select()
      .from(parks)
      .where(inArray(parks.code, codes.slice(i, i + batchSize)));
    for (const p of found) existing.set(p.code, p);
  }
  const named = [...new Set(rows.flatMap((r) => r.row.clusterCodes))];
  const liveClusters = new Set<string>();
  for (let i = 0; i < named.length; i += batchSize) {
    const found = await db
      .select({ code: clusters.code })
      .from(clusters)
      .where(and(inArray(clusters.code, named.slice(i, i + batchSize)), isNull(clusters.deletedAt)));
    for (const c of found) liveClusters.add(c.code);
  }
  const inserts: ParkImportRow[] = [];
  const updates: { current: ParkRow; row: ParkImportRow }[] = [];
  let unchanged = 0;
  for (const { rowNumber, row } of rows) {
    const current = existing.get(row.code);
    if (current) {
      if (!sheet.hasColumn('countyCode')) row.countyCode = current.countyCode;
      if (!sheet.hasColumn('ecoIndustrialStatus')) row.ecoIndustrialStatus = current.ecoIndustrialStatus;
      if (!sheet.hasColumn('fiveGCoverage')) row.fiveGCoverage = current.fiveGCoverage;
      if (!sheet.hasColumn('clusterCodes')) row.clusterCodes = current.clusterCodes;
    }
    const unknown = row.clusterCodes.filter(
      (c) => !liveClusters.has(c) && !current?.clusterCodes.includes(c),
    );
    if (current?.deletedAt) {
      sheet.issueAt(
        rowNumber,
        'code',
        row.code,
        `园区代码属于已删除的园区（代码不复用）/ the code belongs to a deleted park (codes are never reused): ${row.code}`,
      );
    } else if (current && !canWriteCity(current.cityCode)) {
      sheet.issueAt(
        rowNumber,
        'code',
        row.code,
        `该园区已由其他城市登记 / the park is registered by another city`,
      );
    } else if (unknown.length > 0) {
      sheet.issueAt(
        rowNumber,
        'clusterCodes',
        row.clusterCodes.join('、'),
        `未知集群 / unknown clusters: ${unknown.join(', ')}`,
      );
    } else if (!current) inserts.push(row);
    else if (samePark(current, row)) unchanged++;
    else updates.push({ current, row });
  }

  const counts: ImportCounts = {
    rows: rows.length,
    insert: inserts.length,
    update: updates.length,
    unchanged,
  };
  const issues = sheet.issues();
  const result: ParkImportResult = {
    kind: 'parks',
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
        .insert(parks)
        .values(
          inserts
            .slice(i, i + batchSize)
            .map((row) => ({ ...row, version: 1, createdAt: actor.at, updatedAt: actor.at })),
        );
    }
    for (const { current, row } of updates) {
      const { code: _c, ...changes } = row;
      const [updated] = await tx
        .update(parks)
        .set({ ...changes, version: sql`${parks.version} + 1`, updatedAt: actor.at })
        .where(and(eq(parks.code, current.code), eq(parks.version, current.version)))
        .returning({ code: parks.code });
      if (!updated) {
        throw new AppError(
          'conflict',
          `园区 ${current.code} 已被他人修改，请重新导入 / park ${current.code} changed meanwhile: import again`,
          { reason: 'stale_version', code: current.code },
        );
      }
    }
    await appendAudit(tx, {
      ...actor,
      action: 'park.imported',
      entityType: 'park',
      entityId: null,
      after: counts,
    });
  });
  return { ...result, committed: true };
}
