/**
 * What the cluster, designation, carrier and park imports share (ADR 0009's flow): the province's
 * regions for the column specs, a read that also tells the column letter of each column key (so
 * that issues found after the read, against the registry, still name their cell), issues and
 * notices added after the read, and the result shape.
 */
import {
  createNoticeSummary,
  type ImportIssue,
  type NoticeSummary,
  type SheetRecord,
} from '@qunce/core/import';
import {
  createCountyResolver,
  type RegionRef,
  type RegistryImportColumn,
  registryColumnSpecs,
} from '@qunce/core/registry';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { regions } from '../../db/schema/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';
import { readReferenceJson } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import { type ReadOptions, type RecordContext, readImportSheet } from './import-reader.ts';

export type RegistryImportKind = 'clusters' | 'designations' | 'carriers' | 'parks';

export type RegistryImportResult<K extends RegistryImportKind> = {
  kind: K;
  dryRun: boolean;
  /** True when the rows were written (a commit of a file without issues). */
  committed: boolean;
  sheet: string;
  counts: ImportCounts;
  issues: ImportIssue[];
  notices: NoticeSummary[];
};

export type RegistryImportOptions = ReadOptions & { dryRun: boolean; actor: Actor; scope: RegistryScope };

/** Rows per SELECT … IN (…) and per multi-row INSERT. */
export const batchSize = 1000;

export async function loadRegionRefs(db: DbOrTx): Promise<RegionRef[]> {
  const rows = await db
    .select({ code: regions.code, name: regions.name, shortName: regions.shortName, level: regions.level })
    .from(regions);
  return rows.flatMap((r) => (r.level === 'province' ? [] : [{ ...r, level: r.level }]));
}

const countiesFileSchema = z.object({
  counties: z.array(z.object({ code: z.string(), name: z.string(), cityCode: z.string() })),
});
let countyResolver: ReturnType<typeof createCountyResolver> | undefined;

/** Counties resolved within a city, from the reference file shipped with the server. */
export function resolveCounty(cityCode: string, text: string) {
  countyResolver ??= createCountyResolver(
    countiesFileSchema.parse(readReferenceJson('counties.json')).counties,
  );
  return countyResolver(cityCode, text);
}

/** A marker no real issue carries: the probes that learn each column's letter. */
const probe = '\u0000column-probe';

export type RegistrySheet = {
  sheet: string;
  /** Whether the file has the column (an optional column left out keeps the registry's value). */
  hasColumn(key: string): boolean;
  /** Issue about a cell found after the read (e.g. against the registry). */
  issueAt(row: number, key: string, value: string | null, reason: string): void;
  /** A notice found after the read (e.g. a name that differs from the registry's). */
  noticeAt(
    row: number,
    key: string,
    value: string | null,
    normalisedValue: string | null,
    note: string,
  ): void;
  issues(): ImportIssue[];
  notices(): NoticeSummary[];
};

/**
 * Streams the data sheet through core's normaliser with the kind's columns and hands each record to
 * `visit`, like `readImportSheet`; in addition learns the letter of every column so that later
 * issues name their cell.
 */
export async function readRegistrySheet(
  db: DbOrTx,
  source: ZipSource,
  options: ReadOptions,
  columns: readonly RegistryImportColumn[],
  visit: (record: SheetRecord, context: RecordContext) => void,
): Promise<RegistrySheet> {
  const specs = registryColumnSpecs(columns, await loadRegionRefs(db));
  let probed = false;
  const read = await readImportSheet(source, options, specs, (record, context) => {
    if (!probed) {
      probed = true;
      for (const c of columns) context.issue({ row: 0, columnKey: c.key, value: probe, reason: probe });
    }
    visit(record, context);
  });
  const letters = new Map<string, string>();
  const keys = columns.map((c) => c.key);
  const issues: ImportIssue[] = [];
  let nextProbe = 0;
  for (const issue of read.issues) {
    if (issue.reason !== probe) {
      issues.push(issue);
      continue;
    }
    const key = keys[nextProbe++];
    if (key !== undefined && issue.column !== '') letters.set(key, issue.column);
  }
  const extraNotices = createNoticeSummary();
  return {
    sheet: read.sheet,
    hasColumn: (key) => letters.has(key),
    issueAt(row, key, value, reason) {
      issues.push({ sheet: read.sheet, row, column: letters.get(key) ?? '', value, reason });
    },
    noticeAt(row, key, value, normalisedValue, note) {
      extraNotices.add({
        sheet: read.sheet,
        row,
        column: letters.get(key) ?? '',
        value,
        normalisedValue,
        note,
      });
    },
    issues: () =>
      issues.sort(
        (a, b) => a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column),
      ),
    notices: () => [...read.notices, ...extraNotices.list()],
  };
}

/** `values[key]` as a string, or null. */
export function textValue(values: SheetRecord['values'], key: string): string | null {
  const value = values[key];
  return typeof value === 'string' ? value : null;
}

/** `values[key]` if it is one of `allowed`. */
export function oneOf<T extends string>(
  values: SheetRecord['values'],
  key: string,
  allowed: readonly T[],
): T | null {
  const value = values[key];
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Splits a list column's joined codes ("370700,370600"). */
export function listValue(values: SheetRecord['values'], key: string): string[] {
  const value = textValue(values, key);
  return value === null ? [] : value.split(',');
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x)) && new Set(b).size === set.size;
}
