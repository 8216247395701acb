/**
 * Import of metric observations (.xlsx or CSV): metric, subject type, subject code, period, value,
 * optional unit and note. Reads the file ONCE, inside ONE transaction, so that memory does not grow
 * with its length (ADR 0010, "One read for observations"):
 *
 * - each row is normalised and checked on its own as it is read (known metric, subject type allowed
 *   by the metric and the user, value not derived, period of a kind the metric is reported in, unit
 *   convertible to the metric's unit, subject code well-formed) and staged a batch at a time into a
 *   temporary table (`COPY` through pg-copy-streams on PostgreSQL, `jsonb_to_recordset` on PGlite);
 *   a commit merges each batch into `observations` at once (`INSERT … ON CONFLICT … DO UPDATE …
 *   WHERE value IS DISTINCT FROM`, locked figures left out) while the next batch is read. Only the
 *   distinct subjects (with the first row naming each) are kept in memory;
 * - after the read: the subjects are checked against the registry and the user's scope a batch at a
 *   time, then in SQL on the staged file: duplicates and conflicting values of the file and locked
 *   (accepted) figures. Any issue, or a dry run, rolls everything back; a commit writes one audit
 *   entry with the insert / update / unchanged counts.
 *
 * After a commit the derived cluster metrics of the touched periods are recomputed
 * (`recomputeClusterMetrics`), outside the transaction, as `upsertObservations` does.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AmountUnit,
  type ColumnSpec,
  convertAmount,
  createCityLookup,
  createLookup,
  type ImportIssue,
  type Lookup,
  type NoticeSummary,
  normaliseCode,
  normaliseCreditCodeCell,
  parseAmountUnit,
  type SheetRecord,
} from '@qunce/core/import';
import {
  isDerivedFor,
  type MetricDefinition,
  metricsAffectedBy,
  type SubjectType,
  subjectTypes,
} from '@qunce/core/metrics';
import { periodEndDate, periodKind } from '@qunce/core/periods';
import { industryCodes } from '@qunce/core/registry';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, DbOrTx } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { regions } from '../../db/schema/index.ts';
import type { TemplateColumn } from '../../spreadsheet/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';
import {
  findClustersInScope,
  findEnterprisesInScope,
  findParksInScope,
  findRegionCodes,
  listMetricRows,
} from '../metrics/metrics.repository.ts';
import { toMetricDefinition, writableSubjectTypes } from '../metrics/metrics.service.ts';
import { recomputeClusterMetrics } from '../metrics/metrics-rollup.service.ts';
import type { Actor } from '../users/users.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import { type ReadOptions, type RecordContext, readImportSheet } from './import-reader.ts';

export type ObservationImportRow = {
  rowNumber: number;
  subjectType: SubjectType;
  subjectCode: string;
  metricCode: string;
  period: string;
  value: number;
};

export type ObservationImportResult = {
  kind: 'observations';
  dryRun: boolean;
  committed: boolean;
  sheet: string;
  counts: ImportCounts;
  issues: ImportIssue[];
  notices: NoticeSummary[];
  /** Periods whose derived cluster metrics were recomputed after the commit. */
  recomputedPeriods: string[];
  /**
   * With `recompute: false`, the derived metrics the commit made stale, by period, for the caller to
   * pass to `recomputeClusterMetrics` (e.g. once after several files); empty otherwise.
   */
  pendingRecompute: { period: string; metrics: string[] }[];
};

export type ObservationImportOptions = ReadOptions & {
  dryRun: boolean;
  actor: Actor;
  /** Which subjects the user may write (the same scope the registries use). */
  scope: RegistryScope;
  /** Subject types the user may write; by default those of `scope` (see `writableSubjectTypesOf`). */
  writableSubjectTypes?: readonly SubjectType[];
  /** May overwrite accepted (locked) figures (permission data.review). */
  canReview?: boolean;
  /** A PostgreSQL pool: the staging table is then filled with COPY on one connection of it. */
  pool?: pg.Pool | undefined;
  /** Rows staged per statement (tests set it low to make a failure happen in a later batch). */
  batchSize?: number;
  /** Recompute the derived cluster metrics after the commit (default true); see `pendingRecompute`. */
  recompute?: boolean;
};

const subjectNames: Record<SubjectType, { zh: string; aliases: string[] }> = {
  enterprise: { zh: '企业', aliases: ['企业单位'] },
  cluster: { zh: '集群', aliases: ['产业集群'] },
  park: { zh: '园区', aliases: ['产业园区'] },
  city: { zh: '城市', aliases: ['市', '地市'] },
  province: { zh: '全省', aliases: ['省', '省级'] },
  industry: { zh: '产业', aliases: ['行业', '产业领域'] },
};

const subjectTypeByName: Lookup = createLookup(
  subjectTypes.map((type) => ({
    code: type,
    name: subjectNames[type].zh,
    aliases: subjectNames[type].aliases,
  })),
  { label: { zh: '主体类型', en: 'subject type' } },
);

/** The subject type; a cell that already holds the code ("enterprise") is not reported as normalised. */
const subjectTypeLookup: Lookup = (raw) => {
  const result = subjectTypeByName(raw);
  return result.ok && result.normalised !== null && result.value === raw
    ? { ...result, normalised: null }
    : result;
};

const metricKey = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/** Column definitions, shared by the reader and the template; metrics are matched by code or name. */
export function observationColumnSpecs(metrics: readonly MetricDefinition[]): ColumnSpec[] {
  // by code (any case, as written in the catalogue) or by Chinese or English name
  const byKey = new Map<string, string>();
  for (const m of metrics) for (const name of [m.nameEn, m.name, m.code]) byKey.set(metricKey(name), m.code);
  const metricLookup: Lookup = (raw) => {
    if (raw === null || raw === undefined) return { ok: true, value: null, normalised: null };
    const text = String(raw);
    if (metricKey(text) === '') return { ok: true, value: null, normalised: null };
    const code = byKey.get(metricKey(text));
    if (code === undefined) return { ok: false, reason: `未知指标“${text}” / unknown metric “${text}”` };
    return {
      ok: true,
      value: code,
      normalised: code === text ? null : `“${text}”读作 ${code} / “${text}” read as ${code}`,
    };
  };
  return [
    {
      key: 'metricCode',
      header: '指标代码',
      aliases: ['指标', '指标名称', 'metric', 'metric code'],
      required: true,
      type: 'lookup',
      lookup: metricLookup,
    },
    {
      key: 'subjectType',
      header: '主体类型',
      aliases: ['subject type'],
      required: true,
      type: 'lookup',
      lookup: subjectTypeLookup,
    },
    {
      key: 'subjectCode',
      header: '主体代码',
      aliases: ['统一社会信用代码', '代码', 'subject code', 'subject'],
      required: true,
      type: 'text',
      maxLength: 64,
    },
    {
      key: 'period',
      header: '期间',
      aliases: ['报告期', '统计期', 'period'],
      required: true,
      type: 'period',
    },
    { key: 'value', header: '数值', aliases: ['数据', '值', 'value'], required: true, type: 'number' },
    { key: 'unit', header: '单位', aliases: ['计量单位', 'unit'], type: 'text', maxLength: 20 },
    { key: 'note', header: '备注', aliases: ['说明', 'note'], type: 'text', maxLength: 500 },
  ];
}

/** The template's columns: notes in Chinese and English, drop-down lists for the coded columns. */
export function observationTemplateColumns(metrics: readonly MetricDefinition[]): TemplateColumn[] {
  const entered = metrics.filter((m) => m.subjectTypes.some((t) => !isDerivedFor(m, t)));
  return [
    {
      key: 'metricCode',
      header: '指标代码',
      required: true,
      type: 'code',
      allowedValues: entered.map((m) => m.code),
      note: '指标目录中的代码或名称，如 revenue（营业收入） / a code or name from the metric catalogue',
      example: 'revenue',
    },
    {
      key: 'subjectType',
      header: '主体类型',
      required: true,
      type: 'code',
      allowedValues: subjectTypes.map((t) => subjectNames[t].zh),
      note: '企业、集群、园区、城市、全省或产业 / enterprise, cluster, park, city, province or industry',
      example: '企业',
    },
    {
      key: 'subjectCode',
      header: '主体代码',
      required: true,
      type: 'text',
      note: '企业填统一社会信用代码，集群/园区填代码，城市填名称或行政区划代码，产业填产业代码 / credit code, cluster or park code, city name or code, industry code',
      example: '91370700MA3C4XYZ5K',
    },
    {
      key: 'period',
      header: '期间',
      required: true,
      type: 'period',
      note: '年度 2024、季度 2024Q3 或 1—N月累计 2024M09YTD（也可写 2024年1-9月） / year, quarter or year to date',
      example: '2024',
    },
    {
      key: 'value',
      header: '数值',
      required: true,
      type: 'number',
      note: '按指标单位填写；表头写“数值（亿元）”或填写“单位”列时按单位换算 / in the metric unit, or give the unit in the header or the unit column',
      example: '12000',
    },
    {
      key: 'unit',
      header: '单位',
      required: false,
      type: 'text',
      note: '可选：万元、亿元、元、%、家 … 金额单位自动换算为指标单位 / optional; money units are converted to the metric unit',
      example: '万元',
    },
    {
      key: 'note',
      header: '备注',
      required: false,
      type: 'text',
      note: '可选，不超过 500 字（不入库） / optional, at most 500 characters (not stored)',
    },
  ];
}

/** Subject types a registry scope may write (a department passes its own list: province, industry). */
export function writableSubjectTypesOf(scope: RegistryScope): readonly SubjectType[] {
  // One rule for the API and the import: the metrics service's table, by the scope's kind.
  switch (scope.kind) {
    case 'all':
      return writableSubjectTypes.province;
    case 'cities':
      return writableSubjectTypes.city;
    case 'organisation':
      return writableSubjectTypes.cluster;
    case 'nothing':
      return writableSubjectTypes.none;
  }
}

const defaultBatchSize = 5000;
/** Rows per COPY on PostgreSQL (about 1 MB of text). */
const defaultCopyBatchSize = 20_000;
const subjectBatchSize = 5000;
/** Issues found in SQL are listed up to this many (a file of a million bad rows stays readable). */
const maxSqlIssues = 1000;

type Catalogue = Map<string, MetricDefinition>;

async function loadCatalogue(db: DbOrTx): Promise<Catalogue> {
  return new Map((await listMetricRows(db)).map((row) => [row.code, toMetricDefinition(row)]));
}

type RegionLookups = { city: Lookup; province: Lookup };

async function loadRegionLookups(db: DbOrTx): Promise<RegionLookups> {
  const rows = await db
    .select({ code: regions.code, name: regions.name, shortName: regions.shortName, level: regions.level })
    .from(regions);
  const cities = rows.filter((r) => r.level === 'city');
  const provinces = rows.filter((r) => r.level === 'province');
  return {
    city: createCityLookup(
      cities.map((c) => ({ code: c.code, name: c.name, short: c.shortName ?? undefined })),
    ),
    province: createLookup(
      provinces.map((p) => ({ code: p.code, name: p.name, aliases: p.shortName ? [p.shortName] : [] })),
      { label: { zh: '省份', en: 'province' }, optionalSuffixes: ['省'] },
    ),
  };
}

const industrySet = new Set<string>(industryCodes);

/** The subject code as stored, by subject type; an error reason when it cannot be one. */
function normaliseSubjectCode(
  type: SubjectType,
  text: string,
  lookups: RegionLookups,
): { ok: true; value: string; normalised: string | null } | { ok: false; reason: string } {
  switch (type) {
    case 'enterprise': {
      const r = normaliseCreditCodeCell(text);
      if (!r.ok) return r;
      if (r.value === null) return { ok: false, reason: '主体代码为空 / empty subject code' };
      return { ok: true, value: r.value, normalised: r.normalised };
    }
    case 'cluster':
    case 'park': {
      const r = normaliseCode(text);
      if (!r.ok) return r;
      if (r.value === null || !/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(r.value))
        return { ok: false, reason: `代码格式不对：“${text}” / malformed code “${text}”` };
      return { ok: true, value: r.value, normalised: r.normalised };
    }
    case 'city':
    case 'province': {
      const r = lookups[type](text);
      if (!r.ok) return r;
      if (r.value === null) return { ok: false, reason: '主体代码为空 / empty subject code' };
      return { ok: true, value: r.value, normalised: r.normalised };
    }
    case 'industry': {
      const code = text.trim().toLowerCase();
      if (!industrySet.has(code))
        return { ok: false, reason: `未知产业代码“${text}” / unknown industry code “${text}”` };
      return { ok: true, value: code, normalised: code === text ? null : `“${text}”读作 ${code}` };
    }
  }
}

/**
 * The unit the value is given in: the row's unit column, else the header's money unit, else the
 * metric's own. Money units convert (1.2 亿元 → 1.2 × 10⁸ / 10⁴ = 12000 万元); another unit must be
 * the metric's.
 */
function convertValue(
  value: number,
  rowUnit: string | null,
  headerUnit: AmountUnit | null,
  metric: MetricDefinition,
):
  | { ok: true; value: number; from: string | null }
  | { ok: false; reason: string; column: 'unit' | 'value' } {
  const given = rowUnit ?? headerUnit;
  if (given === null || given.replace(/\s+/g, '') === metric.unit) return { ok: true, value, from: null };
  const from = parseAmountUnit(given);
  const to = parseAmountUnit(metric.unit);
  if (from !== null && to !== null) return { ok: true, value: convertAmount(value, from, to), from };
  return {
    ok: false,
    column: rowUnit !== null ? 'unit' : 'value',
    reason: `单位“${given}”与指标 ${metric.code} 的单位“${metric.unit}”不符 / unit “${given}” does not match the unit “${metric.unit}” of metric ${metric.code}`,
  };
}

type RowChecker = (record: SheetRecord, context: RecordContext) => ObservationImportRow | null;

/** Per-row checks, run on each row as it is read. */
function createRowChecker(
  catalogue: Catalogue,
  lookups: RegionLookups,
  writable: readonly SubjectType[],
  reportNotices: boolean,
): RowChecker {
  const codeCache = new Map<string, ReturnType<typeof normaliseSubjectCode>>();
  return (record, context) => {
    const { metricCode, subjectType, subjectCode, period, value, unit } = record.values;
    if (
      typeof metricCode !== 'string' ||
      typeof subjectType !== 'string' ||
      typeof subjectCode !== 'string' ||
      typeof period !== 'string' ||
      typeof value !== 'number'
    ) {
      return null; // the normaliser has reported the empty or refused cell
    }
    const at = { row: record.rowNumber };
    const metric = catalogue.get(metricCode);
    const type = subjectType as SubjectType;
    if (!metric) {
      context.issue({
        ...at,
        columnKey: 'metricCode',
        value: metricCode,
        reason: `未知指标 / unknown metric`,
      });
      return null;
    }
    if (!metric.subjectTypes.includes(type)) {
      context.issue({
        ...at,
        columnKey: 'subjectType',
        value: subjectType,
        reason: `指标 ${metric.code} 不适用于${subjectNames[type].zh} / metric ${metric.code} is not observed for ${type}`,
      });
      return null;
    }
    if (isDerivedFor(metric, type)) {
      context.issue({
        ...at,
        columnKey: 'metricCode',
        value: metricCode,
        reason: `指标 ${metric.code} 的${subjectNames[type].zh}值由汇总计算，不能导入 / metric ${metric.code} is derived for ${type}, not imported`,
      });
      return null;
    }
    if (!writable.includes(type)) {
      context.issue({
        ...at,
        columnKey: 'subjectType',
        value: subjectType,
        reason: `无权导入${subjectNames[type].zh}数据 / you may not import ${type} figures`,
      });
      return null;
    }
    const kind = periodFacts(period).kind;
    if (!metric.periodKinds.includes(kind)) {
      const kinds = metric.periodKinds.join(', ');
      context.issue({
        ...at,
        columnKey: 'period',
        value: period,
        reason: `指标 ${metric.code} 按 ${kinds} 报送，不接受期间 ${period} / metric ${metric.code} is reported for ${kinds} periods, not ${period}`,
      });
      return null;
    }
    // a subject recurs on many rows (10 metrics × periods each): its code is checked once per pass
    const cacheKey = `${type}|${subjectCode}`;
    let code = codeCache.get(cacheKey);
    if (code === undefined) {
      code = normaliseSubjectCode(type, subjectCode, lookups);
      codeCache.set(cacheKey, code);
    }
    if (!code.ok) {
      context.issue({ ...at, columnKey: 'subjectCode', value: subjectCode, reason: code.reason });
      return null;
    }
    const converted = convertValue(
      value,
      typeof unit === 'string' ? unit : null,
      context.headerUnit('value'),
      metric,
    );
    if (!converted.ok) {
      context.issue({
        ...at,
        columnKey: converted.column,
        value: converted.column === 'unit' ? String(unit) : String(value),
        reason: converted.reason,
      });
      return null;
    }
    if (reportNotices) {
      if (code.normalised !== null) {
        context.notice({
          ...at,
          columnKey: 'subjectCode',
          value: subjectCode,
          normalisedValue: code.value,
          note: code.normalised,
        });
      }
      if (converted.from !== null) {
        context.notice({
          ...at,
          columnKey: typeof unit === 'string' ? 'unit' : 'value',
          value: String(value),
          normalisedValue: String(converted.value),
          note: `按单位${converted.from}换算为${metric.unit} / converted from ${converted.from} to ${metric.unit}`,
        });
      }
    }
    return {
      rowNumber: record.rowNumber,
      subjectType: type,
      subjectCode: code.value,
      metricCode: metric.code,
      period,
      value: converted.value,
    };
  };
}

/** Subjects among `keys` (type|code) that exist and lie in the scope, a batch of codes at a time. */
async function findSubjects(db: Db, scope: RegistryScope, byType: Map<SubjectType, string[]>) {
  const found = new Set<string>();
  for (const [type, codes] of byType) {
    for (let i = 0; i < codes.length; i += subjectBatchSize) {
      const batch = codes.slice(i, i + subjectBatchSize);
      let hits: Iterable<string> = [];
      if (type === 'enterprise') hits = await findEnterprisesInScope(db, batch, scope);
      else if (type === 'cluster') hits = await findClustersInScope(db, batch, scope);
      else if (type === 'park') hits = await findParksInScope(db, batch, scope);
      else if (type === 'city') {
        hits = [...(await findRegionCodes(db, batch, 'city'))].filter(
          (c) => scope.kind === 'all' || (scope.kind === 'cities' && scope.cityCodes.includes(c)),
        );
      } else if (type === 'province') hits = await findRegionCodes(db, batch, 'province');
      else hits = batch; // industry codes were checked against the controlled list
      for (const code of hits) found.add(`${type}|${code}`);
    }
  }
  return found;
}

/** Thrown inside the transaction to roll it back (dry run, or issues found in SQL). */
class Rollback extends Error {
  constructor(
    readonly counts: ImportCounts,
    readonly issues: ImportIssue[],
  ) {
    super('rollback');
  }
}

const stageColumns = `row_number integer, subject_type text, subject_code text, metric_code text, period text, period_kind text, period_end date, value double precision`;

/** Kind and end date of each period staged (a file names a handful of periods). */
const periodColumns = new Map<string, { kind: ReturnType<typeof periodKind>; end: string }>();
function periodFacts(period: string): { kind: ReturnType<typeof periodKind>; end: string } {
  let facts = periodColumns.get(period);
  if (facts === undefined) {
    facts = { kind: periodKind(period), end: periodEndDate(period) };
    if (periodColumns.size < 10_000) periodColumns.set(period, facts);
  }
  return facts;
}

const stageRecord = (r: ObservationImportRow) => ({
  row_number: r.rowNumber,
  subject_type: r.subjectType,
  subject_code: r.subjectCode,
  metric_code: r.metricCode,
  period: r.period,
  period_kind: periodFacts(r.period).kind,
  period_end: periodFacts(r.period).end,
  value: r.value,
});

/** Tab-separated COPY text; codes and periods never hold tabs, newlines or backslashes. */
const copyLine = (r: ObservationImportRow) => {
  const { kind, end } = periodFacts(r.period);
  return `${r.rowNumber}\t${r.subjectType}\t${r.subjectCode}\t${r.metricCode}\t${r.period}\t${kind}\t${end}\t${r.value}\n`;
};

/** Reads, validates and (unless a dry run or the file has issues) commits observations. */
export async function importObservations(
  db: Db,
  source: ZipSource,
  options: ObservationImportOptions,
): Promise<ObservationImportResult> {
  const catalogue = await loadCatalogue(db);
  const columns = observationColumnSpecs([...catalogue.values()]);
  const lookups = await loadRegionLookups(db);
  const writable = options.writableSubjectTypes ?? writableSubjectTypesOf(options.scope);
  const batchSize = options.batchSize ?? (options.pool ? defaultCopyBatchSize : defaultBatchSize);
  const result: ObservationImportResult = {
    kind: 'observations',
    dryRun: options.dryRun,
    committed: false,
    sheet: '',
    counts: { rows: 0, insert: 0, update: 0, unchanged: 0 },
    issues: [],
    notices: [],
    recomputedPeriods: [],
    pendingRecompute: [],
  };
  const changed = new Map<string, Set<string>>();
  try {
    // one read inside ONE transaction: each row is checked and staged as it is read
    await withStagingTransaction(db, options.pool, async (tx, stage) => {
      const subjects = new Map<string, { row: number; rows: number }>();
      let rows = 0;
      const check = createRowChecker(catalogue, lookups, writable, true);
      let pending: ObservationImportRow[] = [];
      const counts: ImportCounts = { rows: 0, insert: 0, update: 0, unchanged: 0 };
      // a commit merges each batch as soon as it is staged, so that PostgreSQL writes while the next
      // batch is read; an issue found later (in the file, or in SQL) rolls all of it back
      const stageAndMerge = async (batch: ObservationImportRow[]) => {
        await stage(batch);
        if (options.dryRun) return;
        for (const m of await mergeBatch(tx, options.actor, options.canReview === true)) {
          if (m.inserted) counts.insert += m.n;
          else counts.update += m.n;
          // periods whose derived metrics read what changed (enterprise and province figures)
          if (m.feeds_rollup) changed.set(m.period, (changed.get(m.period) ?? new Set()).add(m.metric_code));
        }
      };
      // the batch being written while the next one is read (PostgreSQL ingests while we parse)
      let inflight: Promise<void> | null = null;
      const flush = async () => {
        const batch = pending;
        pending = [];
        if (inflight) await inflight;
        inflight = batch.length > 0 ? stageAndMerge(batch) : null;
        inflight?.catch(() => {}); // awaited before the next batch or after the read
      };
      let read: Awaited<ReturnType<typeof readImportSheet>>;
      try {
        read = await readImportSheet(source, options, columns, (record, context) => {
          const row = check(record, context);
          if (!row) return;
          rows++;
          const key = `${row.subjectType}|${row.subjectCode}`;
          const seen = subjects.get(key);
          if (seen) seen.rows++;
          else subjects.set(key, { row: row.rowNumber, rows: 1 });
          pending.push(row);
          if (pending.length >= batchSize) return flush();
        });
        await flush();
        if (inflight) await inflight;
      } catch (error) {
        // the transaction rolls back; let the batch in flight settle first
        await (inflight as Promise<void> | null)?.catch(() => {});
        throw error;
      }
      result.sheet = read.sheet;
      result.notices = read.notices;
      counts.rows = rows;
      result.counts = counts;
      const issues = [...read.issues, ...(await subjectIssues(tx, options.scope, read.sheet, subjects))];
      subjects.clear();
      if (issues.length > 0)
        throw new Rollback(
          { rows, insert: 0, update: 0, unchanged: 0 },
          issues.sort((a, b) => a.row - b.row),
        );

      await tx.execute(sql.raw('ANALYZE observation_import_stage'));
      const sqlIssues = await findStagedIssues(tx, read.sheet, options.canReview === true);
      if (sqlIssues.length > 0 || options.dryRun) {
        throw new Rollback(await countStaged(tx, rows), sqlIssues);
      }
      counts.unchanged = rows - counts.insert - counts.update;
      // a re-import of the same file writes nothing, not even an audit entry
      if (counts.insert + counts.update === 0) return;
      await appendAudit(tx, {
        ...options.actor,
        action: 'observations.imported',
        entityType: 'observation',
        entityId: null,
        after: { ...counts, periods: [...changed.keys()].sort() },
      });
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    result.counts = error.counts;
    result.issues = error.issues;
    return result;
  }
  result.committed = true;

  const definitions = [...catalogue.values()];
  for (const period of [...changed.keys()].sort()) {
    const affected = metricsAffectedBy(definitions, [...(changed.get(period) ?? [])]);
    if (affected.length === 0) continue;
    if (options.recompute === false) {
      result.pendingRecompute.push({ period, metrics: affected });
      continue;
    }
    await recomputeClusterMetrics(db, { period, metrics: affected }, options.actor);
    result.recomputedPeriods.push(period);
  }
  return result;
}

/** Subjects that do not exist or lie outside the scope: one issue at the first row naming each. */
async function subjectIssues(
  db: DbOrTx,
  scope: RegistryScope,
  sheet: string,
  subjects: Map<string, { row: number; rows: number }>,
): Promise<ImportIssue[]> {
  const byType = new Map<SubjectType, string[]>();
  for (const key of subjects.keys()) {
    const [type, code] = key.split('|') as [SubjectType, string];
    const list = byType.get(type);
    if (list) list.push(code);
    else byType.set(type, [code]);
  }
  const found = await findSubjects(db, scope, byType);
  const issues: ImportIssue[] = [];
  for (const [key, { row, rows: count }] of subjects) {
    if (found.has(key)) continue;
    const [type, code] = key.split('|') as [SubjectType, string];
    const more = count > 1 ? `（共 ${count} 行） / (${count} rows)` : '';
    issues.push({
      sheet,
      row,
      column: '',
      value: code,
      reason: `未找到或不在您的范围内的${subjectNames[type].zh}：${code}${more} / ${type} ${code} not found or outside your scope`,
    });
  }
  return issues;
}

/**
 * Writes the batch just staged in one statement: new keys are inserted, keys whose value differs are
 * updated (`ON CONFLICT … DO UPDATE … WHERE value IS DISTINCT FROM`), equal ones are left alone.
 * Locked figures are left alone too (accepted ones unless the user may review, and those of an
 * accepted data-collection submission), so that `findStagedIssues` still sees their stored value and
 * refuses the file. Answers how many rows were inserted and updated per metric and period
 * (`xmax = 0` marks a row this statement inserted rather than updated), so no join is needed for
 * the counts.
 */
async function mergeBatch(tx: DbOrTx, actor: Actor, canReview: boolean) {
  const merged = await tx.execute(sql`
    with merged as (
      insert into observations as o (subject_type, subject_code, metric_code, period, period_kind, period_end,
        value, source, status, version, created_at, updated_at, updated_by)
      select b.subject_type, b.subject_code, b.metric_code, b.period, b.period_kind, b.period_end, b.value,
        'imported', 'provisional', 1, ${actor.at}, ${actor.at}, ${actor.actorName}
      from (
        -- one row per key: a key repeated inside the file is refused after the read
        select distinct on (subject_type, subject_code, metric_code, period) * from observation_import_batch
        order by subject_type, subject_code, metric_code, period, row_number
      ) b
      where not exists (select 1 from observation_locks l where (l.subject_type, l.subject_code, l.metric_code,
        l.period) = (b.subject_type, b.subject_code, b.metric_code, b.period))
      on conflict (subject_type, subject_code, metric_code, period) do update
        set value = excluded.value, source = 'imported', status = 'provisional', version = o.version + 1,
          updated_at = excluded.updated_at, updated_by = excluded.updated_by
        where o.value is distinct from excluded.value and (${canReview} or o.status <> 'accepted')
      returning (o.xmax = 0) as inserted, o.subject_type, o.metric_code, o.period
    )
    select inserted, metric_code, period, subject_type in ('enterprise', 'province') as feeds_rollup,
      count(*)::int as n
    from merged group by 1, 2, 3, 4`);
  return rowsOf<{ inserted: boolean; metric_code: string; period: string; feeds_rollup: boolean; n: number }>(
    merged,
  );
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres returns { rows }, PGlite returns { rows } too; drizzle passes them through
  return (result as { rows: T[] }).rows;
}

type StageWriter = (rows: readonly ObservationImportRow[]) => Promise<void>;

/**
 * Runs `work` in one transaction with a temporary staging table (dropped at commit or rollback).
 * With a PostgreSQL pool the transaction runs on one dedicated connection so that `COPY` and the
 * Drizzle statements share it; otherwise (PGlite, or a Db without its pool) rows go in as
 * `jsonb_to_recordset` batches.
 */
async function withStagingTransaction(
  db: Db,
  pool: pg.Pool | undefined,
  work: (tx: DbOrTx, stage: StageWriter) => Promise<void>,
): Promise<void> {
  const create = async (tx: DbOrTx) => {
    for (const table of ['observation_import_stage', 'observation_import_batch'])
      await tx.execute(sql.raw(`create temporary table ${table} (${stageColumns}) on commit drop`));
  };
  // the batch table holds the rows of one batch (merged from there); the stage keeps the whole file
  const append = sql.raw('insert into observation_import_stage select * from observation_import_batch');
  const clear = sql.raw('truncate observation_import_batch');
  if (!pool) {
    await db.transaction(async (tx) => {
      await create(tx);
      await work(tx, async (rows) => {
        await tx.execute(clear);
        await tx.execute(sql`insert into observation_import_batch
          select * from jsonb_to_recordset(${JSON.stringify(rows.map(stageRecord))}::jsonb) as x(${sql.raw(stageColumns)})`);
        await tx.execute(append);
      });
    });
    return;
  }
  const client = await pool.connect();
  try {
    const single = drizzleNodePg({ client, schema }) as unknown as Db;
    await single.transaction(async (tx) => {
      await create(tx);
      // hash aggregates and sorts over a million staged rows stay in memory (this transaction only)
      await tx.execute(sql.raw(`set local work_mem = '64MB'`));
      await work(tx, async (rows) => {
        await tx.execute(clear);
        const copy = client.query(copyFrom('copy observation_import_batch from stdin'));
        let text = '';
        for (const r of rows) text += copyLine(r);
        await pipeline(Readable.from([Buffer.from(text)]), copy);
        await tx.execute(append);
      });
    });
  } finally {
    client.release();
  }
}

/** Duplicates and conflicting values inside the file, and accepted figures the user may not change. */
async function findStagedIssues(tx: DbOrTx, sheet: string, canReview: boolean): Promise<ImportIssue[]> {
  const issues: ImportIssue[] = [];
  const dupes = await tx.execute<{
    subject_type: string;
    subject_code: string;
    metric_code: string;
    period: string;
    row_number: number;
    first_row: number;
    value: number;
    first_value: number;
  }>(sql`
    select * from (
      select subject_type, subject_code, metric_code, period, row_number, value,
        first_value(row_number) over w as first_row, first_value(value) over w as first_value
      from observation_import_stage
      -- only the keys that occur more than once (a hash aggregate, not a sort of the whole file)
      where (subject_type, subject_code, metric_code, period) in (
        select subject_type, subject_code, metric_code, period from observation_import_stage
        group by subject_type, subject_code, metric_code, period having count(*) > 1)
      window w as (partition by subject_type, subject_code, metric_code, period order by row_number)
    ) d where row_number <> first_row order by row_number limit ${maxSqlIssues}`);
  for (const d of rowsOf<{
    subject_code: string;
    metric_code: string;
    period: string;
    row_number: number;
    first_row: number;
    value: number;
    first_value: number;
  }>(dupes)) {
    const key = `${d.metric_code} ${d.subject_code} ${d.period}`;
    issues.push({
      sheet,
      row: d.row_number,
      column: '',
      value: key,
      reason:
        Number(d.value) === Number(d.first_value)
          ? `与第 ${d.first_row} 行重复 / repeats row ${d.first_row}`
          : `与第 ${d.first_row} 行的数值 ${d.first_value} 冲突 / conflicts with the value ${d.first_value} on row ${d.first_row}`,
    });
  }
  if (!canReview) {
    const locked = await tx.execute(sql`
      select s.row_number, s.metric_code, s.subject_code, s.period, o.value from observation_import_stage s
      join observations o on (o.subject_type, o.subject_code, o.metric_code, o.period)
        = (s.subject_type, s.subject_code, s.metric_code, s.period)
      where o.status = 'accepted' and o.value is distinct from s.value
      order by s.row_number limit ${maxSqlIssues}`);
    for (const l of rowsOf<{
      row_number: number;
      metric_code: string;
      subject_code: string;
      period: string;
      value: number;
    }>(locked)) {
      issues.push({
        sheet,
        row: l.row_number,
        column: '',
        value: `${l.metric_code} ${l.subject_code} ${l.period}`,
        reason: `已确认的数据（${l.value}）已锁定，只有审核人可修改 / the accepted figure ${l.value} is locked: only a reviewer may change it`,
      });
    }
  }
  // Figures accepted through data collection stay locked for everyone until the province reopens the
  // submission (docs/data-collection.md): the metrics API answers 423, the import refuses the row.
  const collectionLocked = await tx.execute(sql`
    select s.row_number, s.metric_code, s.subject_code, s.period, o.value from observation_import_stage s
    join observation_locks l on (l.subject_type, l.subject_code, l.metric_code, l.period)
      = (s.subject_type, s.subject_code, s.metric_code, s.period)
    left join observations o on (o.subject_type, o.subject_code, o.metric_code, o.period)
      = (s.subject_type, s.subject_code, s.metric_code, s.period)
    where o.value is distinct from s.value
    order by s.row_number limit ${maxSqlIssues}`);
  const reported = new Set(issues.map((i) => `${i.row}`));
  for (const l of rowsOf<{
    row_number: number;
    metric_code: string;
    subject_code: string;
    period: string;
    value: number | null;
  }>(collectionLocked)) {
    if (reported.has(`${l.row_number}`) && !canReview) continue;
    issues.push({
      sheet,
      row: l.row_number,
      column: '',
      value: `${l.metric_code} ${l.subject_code} ${l.period}`,
      reason: `该数据已在数据报送中确认并锁定，须先由省级用户重新打开报送 / the figure was accepted in data collection and is locked: a province user must reopen the submission first`,
    });
  }
  return issues.sort((a, b) => a.row - b.row);
}

async function countStaged(tx: DbOrTx, rows: number): Promise<ImportCounts> {
  const result = await tx.execute(sql`
    select count(*) filter (where o.id is null)::int as insert,
      count(*) filter (where o.id is not null and o.value is distinct from s.value)::int as update,
      count(*) filter (where o.id is not null and o.value is not distinct from s.value)::int as unchanged
    from observation_import_stage s
    left join observations o on (o.subject_type, o.subject_code, o.metric_code, o.period)
      = (s.subject_type, s.subject_code, s.metric_code, s.period)`);
  const [c] = rowsOf<{ insert: number; update: number; unchanged: number }>(result);
  return { rows, insert: c?.insert ?? 0, update: c?.update ?? 0, unchanged: c?.unchanged ?? 0 };
}
