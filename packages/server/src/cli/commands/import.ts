import { isAppError } from '@qunce/core';
import type { ImportIssue } from '@qunce/core/import';
import { loadConfig } from '../../config.ts';
import { type Db, runMigrations } from '../../db/client.ts';
import { importCarriers } from '../../modules/imports/carrier-import.service.ts';
import { importClusters } from '../../modules/imports/cluster-import.service.ts';
import { importDesignations } from '../../modules/imports/designation-import.service.ts';
import { importEnterprises } from '../../modules/imports/enterprise-import.service.ts';
import { importMemberships } from '../../modules/imports/membership-import.service.ts';
import { importObservations } from '../../modules/imports/observation-import.service.ts';
import { importParks } from '../../modules/imports/park-import.service.ts';
import type { RegistryImportOptions } from '../../modules/imports/registry-import-kit.ts';
import { seedMetricCatalogue } from '../../modules/metrics/metrics.service.ts';
import { seedOrganisations } from '../../modules/organisations/organisations.seed.ts';
import { seedReferenceData } from '../../modules/reference/reference.seed.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage =
  'usage: qunce import enterprises|memberships|observations|clusters|designations|carriers|parks <file.xlsx|file.csv> [--dry-run]';

// clusters, designation lists (公示名单), carriers and parks, run by the operator as the system:
// every designation and carrier type, each designation recorded under its granting department
const registryImporters = {
  clusters: importClusters,
  designations: (db: Db, source: ZipSource, options: RegistryImportOptions) =>
    importDesignations(db, source, { ...options, importer: 'system' }),
  carriers: (db: Db, source: ZipSource, options: RegistryImportOptions) =>
    importCarriers(db, source, { ...options, allowedTypes: 'all' }),
  parks: importParks,
} as const;

const importers = {
  enterprises: importEnterprises,
  memberships: importMemberships,
  observations: importObservations,
  ...registryImporters,
} as const;

/** One line per issue: 企业名录!C5 reason (the sheet is omitted for a CSV). */
export function formatIssue(issue: ImportIssue): string {
  const cell = `${issue.column}${issue.row > 0 ? issue.row : ''}`;
  const where = issue.sheet === '' ? cell || 'file' : `${issue.sheet}!${cell}`;
  const value = issue.value === null ? '' : ` “${issue.value}”`;
  return `${where}${value}: ${issue.reason}`;
}

/**
 * `qunce import <kind> <file> [--dry-run]`: imports the enterprise roster, cluster memberships,
 * observations, clusters, designation lists, carriers or parks as the system (scope:
 * the whole province). Exit 0 when the file is clean (and, without --dry-run, committed); 1 with one
 * line per issue when it is not, writing nothing; 2 for bad arguments.
 */
export const run: CliCommand = async (args, io) => {
  const dryRun = args.includes('--dry-run');
  const rest = args.filter((a) => a !== '--dry-run');
  const [kind, file, ...extra] = rest;
  if (kind === undefined || !Object.hasOwn(importers, kind) || file === undefined || extra.length > 0) {
    throw new CliUsageError(usage);
  }
  const importer = importers[kind as keyof typeof importers];
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, 'qunce import');
  try {
    await runMigrations(database);
    await seedReferenceData(database.db);
    // observations are checked against the metric catalogue (seeded when missing, as the server does)
    if (kind === 'observations') await seedMetricCatalogue(database.db);
    // designations name their granting department (an organisation row)
    if (kind === 'designations') await seedOrganisations(database.db);
    const result = await importer(
      database.db,
      { path: file },
      {
        fileName: file,
        dryRun,
        scope: { kind: 'all' },
        pool: database.pool,
        actor: { actorId: null, actorName: 'cli:import', ip: null, at: new Date() },
      },
    );
    for (const notice of result.notices) {
      io.stdout.write(
        `注意 / notice: ${notice.sheet ? `${notice.sheet}!` : ''}${notice.column} ${notice.header ?? ''}: ${notice.note} ×${notice.count}\n`,
      );
    }
    const { rows, insert, update, unchanged } = result.counts;
    if (result.issues.length > 0) {
      for (const issue of result.issues) io.stderr.write(`${formatIssue(issue)}\n`);
      io.stderr.write(
        `${result.issues.length} 个问题，未写入任何数据 / ${result.issues.length} issues, nothing written\n`,
      );
      return 1;
    }
    const verb = result.committed ? '已导入 / imported' : '试导入（未写入）/ dry run (nothing written)';
    io.stdout.write(`${verb}: ${rows} rows: ${insert} new, ${update} updated, ${unchanged} unchanged\n`);
    return 0;
  } catch (error) {
    // a refused file (.xls, not a workbook, too large, zip bomb): one line, nothing written
    if (isAppError(error) && error.code !== 'internal') {
      io.stderr.write(`${file}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
};
