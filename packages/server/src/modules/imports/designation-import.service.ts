/**
 * Import of a granting department's published list (公示名单) of designations, matched by credit
 * code (ADR 0009's flow). The natural key is the registry's: credit code + type + level + granted
 * date (the live-row unique index); a repeated row updates the expiry and the document number.
 * Checks: the type is one the user's department grants (designationTypeRules: 科技厅 high-tech,
 * 工信厅 the rest; others refused per row with the reason), the level is one the type is granted
 * at (may be left empty when the type has one level), expiry not before the grant, duplicates in
 * the file, the enterprise registered (unknown credit code: an issue) and in scope; an enterprise
 * name differing from the registry's is a notice, not an error.
 */
import { AppError } from '@qunce/core';
import { createDuplicateTracker } from '@qunce/core/import';
import {
  type DesignationLevel,
  type DesignationType,
  designationImportColumns,
  designationLevels,
  designationTypeNames,
  designationTypeRules,
  designationTypes,
  levelNames,
} from '@qunce/core/registry';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type DesignationRow, designations, enterprises } from '../../db/schema/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { recomputeAfterChange } from '../metrics/rollup-trigger.service.ts';
import type { ImportCounts } from './enterprise-import.service.ts';
import {
  batchSize,
  oneOf,
  type RegistryImportOptions,
  type RegistryImportResult,
  readRegistrySheet,
  textValue,
} from './registry-import-kit.ts';

export type DesignationImportRow = {
  creditCode: string;
  enterpriseName: string | null;
  type: DesignationType;
  level: DesignationLevel;
  grantedOn: string;
  expiresOn: string | null;
  documentNumber: string;
};

export type DesignationImportResult = RegistryImportResult<'designations'>;

export type DesignationImportOptions = RegistryImportOptions & {
  /**
   * Who imports: a user's organisation (only the types it grants are accepted), or `system` (the
   * CLI run by the operator: every type, each recorded under its granting department).
   */
  importer: { organisationCode: string | null } | 'system';
};

const typeName = (type: DesignationType) => designationTypeNames.find((t) => t.code === type)?.name ?? type;

const keyOf = (r: { creditCode: string; type: string; level: string; grantedOn: string }) =>
  `${r.creditCode}|${r.type}|${r.level}|${r.grantedOn}`;

export async function importDesignations(
  db: Db,
  source: ZipSource,
  options: DesignationImportOptions,
): Promise<DesignationImportResult> {
  const rows: { rowNumber: number; row: DesignationImportRow }[] = [];
  let duplicate: ReturnType<typeof createDuplicateTracker> | undefined;
  const { importer } = options;
  const sheet = await readRegistrySheet(db, source, options, designationImportColumns, (record, context) => {
    const v = record.values;
    const at = { row: record.rowNumber };
    const type = oneOf(v, 'type', designationTypes);
    if (!type) return;
    const rule = designationTypeRules[type];
    if (importer !== 'system' && importer.organisationCode !== rule.grantingDepartmentCode) {
      context.issue({
        ...at,
        columnKey: 'type',
        value: typeName(type),
        reason: `“${typeName(type)}”由 ${rule.grantingDepartmentCode} 认定，本单位无权导入 / ${type} is granted by ${rule.grantingDepartmentCode}: your department may not import it`,
      });
      return;
    }
    let level = oneOf(v, 'level', designationLevels);
    if (level === null && textValue(v, 'level') === null) {
      const [only, ...more] = rule.levels;
      if (only === undefined || more.length > 0) {
        context.issue({
          ...at,
          columnKey: 'level',
          value: null,
          reason: `“${typeName(type)}”须注明级别（国家级或省级）/ give the level of ${type} (national or provincial)`,
        });
        return;
      }
      level = only;
    }
    if (level === null) return;
    if (!rule.levels.includes(level)) {
      context.issue({
        ...at,
        columnKey: 'level',
        value: levelNames.find((l) => l.code === level)?.name ?? level,
        reason: `“${typeName(type)}”不授予此级别 / ${type} is not granted at level ${level}`,
      });
      return;
    }
    const creditCode = textValue(v, 'creditCode');
    const grantedOn = textValue(v, 'grantedOn');
    const documentNumber = textValue(v, 'documentNumber');
    if (!creditCode || !grantedOn || !documentNumber) return;
    const expiresOn = textValue(v, 'expiresOn');
    if (expiresOn !== null && expiresOn < grantedOn) {
      context.issue({
        ...at,
        columnKey: 'expiresOn',
        value: expiresOn,
        reason: `有效期至早于认定日期 ${grantedOn} / the expiry is before the grant date ${grantedOn}`,
      });
      return;
    }
    const row = {
      creditCode,
      enterpriseName: textValue(v, 'enterpriseName'),
      type,
      level,
      grantedOn,
      expiresOn,
      documentNumber,
    };
    duplicate ??= createDuplicateTracker(context.sheet, ['creditCode', 'type', 'level', 'grantedOn'], {
      zh: '认定（信用代码 + 类型 + 级别 + 认定日期）',
      en: 'designation (credit code + type + level + grant date)',
    });
    const clash = duplicate({ rowNumber: record.rowNumber, values: row });
    if (clash) {
      context.issue({ ...clash, columnKey: 'creditCode' });
      return;
    }
    rows.push({ rowNumber: record.rowNumber, row });
  });

  // the registry: enterprises by credit code, then their live designations
  const { scope } = options;
  const enterpriseByCode = new Map<string, { name: string; cityCode: string }>();
  const current = new Map<string, DesignationRow>();
  const codes = [...new Set(rows.map((r) => r.row.creditCode))];
  for (let i = 0; i < codes.length; i += batchSize) {
    const batch = codes.slice(i, i + batchSize);
    const found = await db
      .select({ creditCode: enterprises.creditCode, name: enterprises.name, cityCode: enterprises.cityCode })
      .from(enterprises)
      .where(and(inArray(enterprises.creditCode, batch), isNull(enterprises.deletedAt)));
    for (const e of found) enterpriseByCode.set(e.creditCode, e);
    const held = await db
      .select()
      .from(designations)
      .where(and(inArray(designations.creditCode, batch), isNull(designations.deletedAt)));
    for (const d of held) current.set(keyOf(d), d);
  }
  const inserts: DesignationImportRow[] = [];
  const updates: { current: DesignationRow; row: DesignationImportRow }[] = [];
  let unchanged = 0;
  for (const { rowNumber, row } of rows) {
    const enterprise = enterpriseByCode.get(row.creditCode);
    const inScope =
      enterprise !== undefined &&
      scope.kind !== 'nothing' &&
      scope.kind !== 'organisation' &&
      (scope.kind !== 'cities' || scope.cityCodes.includes(enterprise.cityCode));
    if (!enterprise || !inScope) {
      sheet.issueAt(
        rowNumber,
        'creditCode',
        row.creditCode,
        `企业未登记，请先导入企业名录 / enterprise not registered (import the roster first): ${row.creditCode}`,
      );
      continue;
    }
    if (row.enterpriseName !== null && row.enterpriseName !== enterprise.name) {
      sheet.noticeAt(
        rowNumber,
        'enterpriseName',
        row.enterpriseName,
        enterprise.name,
        '企业名称与名录不一致，按信用代码匹配 / the name differs from the registry’s: matched by credit code',
      );
    }
    const same = current.get(keyOf(row));
    if (!same) inserts.push(row);
    else if (same.expiresOn === row.expiresOn && same.documentNumber === row.documentNumber) unchanged++;
    else updates.push({ current: same, row });
  }

  const counts: ImportCounts = {
    rows: rows.length,
    insert: inserts.length,
    update: updates.length,
    unchanged,
  };
  const issues = sheet.issues();
  const result: DesignationImportResult = {
    kind: 'designations',
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
      await tx.insert(designations).values(
        inserts.slice(i, i + batchSize).map(({ enterpriseName: _n, ...row }) => ({
          ...row,
          grantingDepartmentCode: designationTypeRules[row.type].grantingDepartmentCode,
          version: 1,
          createdAt: actor.at,
          updatedAt: actor.at,
        })),
      );
    }
    for (const { current: same, row } of updates) {
      const [updated] = await tx
        .update(designations)
        .set({
          expiresOn: row.expiresOn,
          documentNumber: row.documentNumber,
          version: sql`${designations.version} + 1`,
          updatedAt: actor.at,
        })
        .where(and(eq(designations.id, same.id), eq(designations.version, same.version)))
        .returning({ id: designations.id });
      if (!updated) {
        throw new AppError(
          'conflict',
          `认定 ${same.id} 已被他人修改，请重新导入 / designation ${same.id} changed meanwhile: import again`,
          { reason: 'stale_version', designationId: same.id },
        );
      }
    }
    await appendAudit(tx, {
      ...actor,
      action: 'designation.imported',
      entityType: 'designation',
      entityId: null,
      after: counts,
    });
  });
  // Designation counts of clusters are derived metrics (docs/registries.md): recompute the periods
  // from the earliest grant date written, after the commit, as the API does.
  const written = [...inserts.map((r) => r.grantedOn), ...updates.map((u) => u.row.grantedOn)].sort();
  if (written[0] !== undefined) await recomputeAfterChange(db, { from: written[0], to: null }, actor);
  return { ...result, committed: true };
}
