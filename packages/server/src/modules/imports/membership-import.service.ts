/**
 * Import of cluster memberships (集群成员), keyed by credit code + cluster code + start date. Checks:
 * the enterprise is registered and in the user's scope, the cluster exists (and, for a cluster
 * organisation, is its own), end not before start, no duplicate key and no overlapping periods of one
 * enterprise in one cluster, in the file or against memberships already registered. Two streamed
 * passes and a staging table (ADR 0010): memory does not grow with the file. Commit: one transaction,
 * new rows inserted, changed rows updated with version + 1, one audit entry with the counts.
 */
import type { ImportIssue, NoticeSummary, SheetRecord } from '@qunce/core/import';
import { type MembershipRole, membershipColumnSpecs, membershipRoles } from '@qunce/core/registry';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';
import { recomputeAfterChange } from '../metrics/rollup-trigger.service.ts';
import type { Actor } from '../users/users.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import { type ReadOptions, type RecordContext, readImportSheet } from './import-reader.ts';

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

/** Thrown inside the staging transaction to roll it back (dry run, or issues found). */
class Rollback extends Error {
  constructor() {
    super('rollback');
  }
}

type StagedRow = MembershipImportRow & { rowNumber: number };

const stageColumns =
  'row_number integer, credit_code text, cluster_code text, role text, valid_from date, valid_to date';

/**
 * Two streamed passes (ADR 0010): pass 1 checks each row on its own (role, dates) keeping nothing
 * per row; pass 2 re-reads the file inside ONE transaction into a temporary staging table and does
 * every check that needs other rows or the registry in SQL (duplicates, registered enterprise in
 * scope, live cluster in scope, overlapping periods in the file and with the registry), then counts,
 * and either rolls back (dry run, or any issue) or inserts the new and updates the changed rows.
 */
export async function importMemberships(
  db: Db,
  source: ZipSource,
  options: MembershipImportOptions,
): Promise<MembershipImportResult> {
  const columns = membershipColumnSpecs();
  /** The earliest start date in the file: derived cluster metrics from there on are recomputed. */
  let earliest: string | null = null;
  const check = (record: SheetRecord, context: RecordContext): StagedRow | null => {
    const { creditCode, clusterCode, role, validFrom, validTo } = record.values;
    if (
      typeof creditCode !== 'string' ||
      typeof clusterCode !== 'string' ||
      !isRole(role) ||
      typeof validFrom !== 'string'
    ) {
      return null;
    }
    const end = typeof validTo === 'string' ? validTo : null;
    if (end !== null && end < validFrom) {
      context.issue({
        row: record.rowNumber,
        columnKey: 'validTo',
        value: end,
        reason: `退出日期早于加入日期 ${validFrom} / the end date is before the start date ${validFrom}`,
      });
      return null;
    }
    if (earliest === null || validFrom < earliest) earliest = validFrom;
    return { rowNumber: record.rowNumber, creditCode, clusterCode, role, validFrom, validTo: end };
  };
  const read = await readImportSheet(source, options, columns, (record, context) => {
    check(record, context);
  });
  const issues = [...read.issues];
  const result: MembershipImportResult = {
    kind: 'memberships',
    dryRun: options.dryRun,
    committed: false,
    sheet: read.sheet,
    counts: { rows: 0, insert: 0, update: 0, unchanged: 0 },
    issues,
    notices: read.notices,
  };
  const { actor, scope } = options;
  try {
    await db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(`create temporary table membership_import_stage (${stageColumns}) on commit drop`),
      );
      let batch: StagedRow[] = [];
      const stage = async () => {
        const rows = batch;
        batch = [];
        if (rows.length === 0) return;
        await tx.execute(sql`insert into membership_import_stage
          select * from jsonb_to_recordset(${JSON.stringify(
            rows.map((r) => ({
              row_number: r.rowNumber,
              credit_code: r.creditCode,
              cluster_code: r.clusterCode,
              role: r.role,
              valid_from: r.validFrom,
              valid_to: r.validTo,
            })),
          )}::jsonb) as x(${sql.raw(stageColumns)})`);
      };
      await readImportSheet(source, { ...options, onProgress: undefined }, columns, (record, context) => {
        const row = check(record, context);
        if (!row) return;
        batch.push(row);
        if (batch.length >= batchSize) return stage();
      });
      await stage();
      const found = await checkStaged(tx, read.sheet, scope);
      issues.push(...found.issues);
      result.counts = found.counts;
      if (options.dryRun || issues.length > 0) throw new Rollback();
      await tx.execute(sql`
        insert into cluster_memberships (credit_code, cluster_code, role, valid_from, valid_to, version, created_at, updated_at)
        select s.credit_code, s.cluster_code, s.role, s.valid_from, s.valid_to, 1, ${actor.at}, ${actor.at}
        from membership_import_stage s
        where not exists (select 1 from cluster_memberships m where m.deleted_at is null
          and (m.credit_code, m.cluster_code, m.valid_from) = (s.credit_code, s.cluster_code, s.valid_from))
        order by s.row_number`);
      await tx.execute(sql`
        update cluster_memberships m set role = s.role, valid_to = s.valid_to, version = m.version + 1,
          updated_at = ${actor.at}
        from membership_import_stage s
        where m.deleted_at is null
          and (m.credit_code, m.cluster_code, m.valid_from) = (s.credit_code, s.cluster_code, s.valid_from)
          and (m.role, m.valid_to) is distinct from (s.role, s.valid_to)`);
      await appendAudit(tx, {
        ...actor,
        action: 'membership.imported',
        entityType: 'membership',
        entityId: null,
        after: result.counts,
      });
    });
    result.committed = true;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  // Memberships decide which enterprises a cluster's figures add up (docs/registries.md): recompute
  // the periods from the earliest start date in the file, after the commit, as the API does.
  if (result.committed && result.counts.insert + result.counts.update > 0 && earliest !== null) {
    await recomputeAfterChange(db, { from: earliest, to: null }, actor);
  }
  issues.sort((a, b) => a.row - b.row);
  return result;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * The checks that need other rows or the registry, on the staging table; rows refused by one check
 * are removed before the next, as the single-row checks are (one issue per cause).
 */
async function checkStaged(
  tx: DbOrTx,
  sheet: string,
  scope: RegistryScope,
): Promise<{ issues: ImportIssue[]; counts: ImportCounts }> {
  const issues: ImportIssue[] = [];
  const issue = (row: number, value: string, reason: string) =>
    issues.push({ sheet, row, column: '', value, reason });
  const remove = async (rowNumbers: number[]) => {
    if (rowNumbers.length === 0) return;
    await tx.execute(
      sql`delete from membership_import_stage where row_number = any(${`{${rowNumbers.join(',')}}`}::int[])`,
    );
  };

  // duplicates of (credit code, cluster, start date)
  const dupes = rowsOf<{
    row_number: number;
    first_row: number;
    credit_code: string;
    cluster_code: string;
    valid_from: string;
  }>(
    await tx.execute(sql`
      select row_number, first_row, credit_code, cluster_code, valid_from::text as valid_from from (
        select *, first_value(row_number) over (partition by credit_code, cluster_code, valid_from order by row_number) as first_row
        from membership_import_stage) d
      where row_number <> first_row order by row_number`),
  );
  for (const d of dupes) {
    const value = `${d.credit_code} + ${d.cluster_code} + ${d.valid_from}`;
    issue(
      d.row_number,
      value,
      `成员关系（信用代码 + 集群 + 加入日期）“${value}”与第 ${d.first_row} 行重复 / membership (credit code + cluster + start date) “${value}” repeats row ${d.first_row}`,
    );
  }
  await remove(dupes.map((d) => d.row_number));
  const rows =
    rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from membership_import_stage`))[0]
      ?.n ?? 0;

  // registered enterprise in scope; live cluster in scope
  const cityFilter =
    scope.kind === 'cities' ? sql`and e.city_code = any(${`{${scope.cityCodes.join(',')}}`}::text[])` : sql``;
  const enterpriseRefused = rowsOf<{ row_number: number; credit_code: string }>(
    await tx.execute(sql`
      select s.row_number, s.credit_code from membership_import_stage s
      where ${
        scope.kind === 'nothing'
          ? sql`true`
          : sql`not exists (select 1 from enterprises e
        where e.credit_code = s.credit_code and e.deleted_at is null ${cityFilter})`
      }
      order by s.row_number`),
  );
  for (const r of enterpriseRefused)
    issue(r.row_number, r.credit_code, `未登记的企业 / enterprise not registered: ${r.credit_code}`);
  await remove(enterpriseRefused.map((r) => r.row_number));
  const clusterFilter =
    scope.kind === 'organisation'
      ? sql`and c.code = any(${`{${scope.clusterCodes.join(',')}}`}::text[])`
      : sql``;
  const clusterRefused = rowsOf<{ row_number: number; cluster_code: string }>(
    await tx.execute(sql`
      select s.row_number, s.cluster_code from membership_import_stage s
      where not exists (select 1 from clusters c where c.code = s.cluster_code and c.deleted_at is null ${clusterFilter})
      order by s.row_number`),
  );
  for (const r of clusterRefused)
    issue(r.row_number, r.cluster_code, `未知集群 / unknown cluster: ${r.cluster_code}`);
  await remove(clusterRefused.map((r) => r.row_number));

  // overlapping periods of one enterprise in one cluster: inside the file, then with registered
  // periods the file does not restate
  const overlap = (a: string, b: string) =>
    sql.raw(
      `(${a}.valid_to is null or ${b}.valid_from <= ${a}.valid_to) and (${b}.valid_to is null or ${a}.valid_from <= ${b}.valid_to)`,
    );
  const inFile = rowsOf<{ row_number: number; other: number; valid_from: string }>(
    await tx.execute(sql`
      select b.row_number, a.row_number as other, b.valid_from::text as valid_from
      from membership_import_stage a join membership_import_stage b
        on (a.credit_code, a.cluster_code) = (b.credit_code, b.cluster_code) and a.row_number < b.row_number
      where ${overlap('a', 'b')} order by b.row_number, a.row_number`),
  );
  for (const r of inFile)
    issue(
      r.row_number,
      r.valid_from,
      `与第 ${r.other} 行的成员期间重叠 / the period overlaps row ${r.other}`,
    );
  const withRegistry = rowsOf<{ row_number: number; valid_from: string; registered_from: string }>(
    await tx.execute(sql`
      select s.row_number, s.valid_from::text as valid_from, m.valid_from::text as registered_from
      from membership_import_stage s join cluster_memberships m
        on (m.credit_code, m.cluster_code) = (s.credit_code, s.cluster_code) and m.deleted_at is null
      where not exists (select 1 from membership_import_stage r
          where (r.credit_code, r.cluster_code, r.valid_from) = (m.credit_code, m.cluster_code, m.valid_from))
        and ${overlap('m', 's')}
      order by s.row_number`),
  );
  for (const r of withRegistry) {
    issue(
      r.row_number,
      r.valid_from,
      `与已登记的成员期间（${r.registered_from} 起）重叠 / overlaps the registered membership from ${r.registered_from}`,
    );
  }

  const [c] = rowsOf<{ insert: number; update: number; unchanged: number }>(
    await tx.execute(sql`
      select count(*) filter (where m.id is null)::int as insert,
        count(*) filter (where m.id is not null and (m.role, m.valid_to) is distinct from (s.role, s.valid_to))::int as update,
        count(*) filter (where m.id is not null and (m.role, m.valid_to) is not distinct from (s.role, s.valid_to))::int as unchanged
      from membership_import_stage s
      left join cluster_memberships m on m.deleted_at is null
        and (m.credit_code, m.cluster_code, m.valid_from) = (s.credit_code, s.cluster_code, s.valid_from)`),
  );
  return {
    issues,
    counts: { rows, insert: c?.insert ?? 0, update: c?.update ?? 0, unchanged: c?.unchanged ?? 0 },
  };
}
