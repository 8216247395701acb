/**
 * `qunce demo generate --out dir/ [--enterprises N] [--clusters M] [--years Y] [--end-year YYYY]
 *   [--seed S] [--format csv|xlsx]`
 *
 * Writes the deterministic synthetic demo data set (`@qunce/core/demo`, docs/methods/demo-data.md) as
 * import files, one per entity kind, with Chinese headers: clusters, cluster-history, organisations,
 * enterprises, memberships, designations, observations. Coded columns hold the registry codes
 * (national, chain_master, high-tech …) that the import lookups accept alongside names. Defaults:
 * 20,000 enterprises, 40 clusters, 5 years to 2025, seed 1, CSV. Prints the rows per file and the
 * time taken. Bad flags exit 2 with one line.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { AppError } from '@qunce/core';
import { type DemoData, type DemoReference, generateDemoData } from '@qunce/core/demo';
import { industryDivisions, policyIndustries } from '@qunce/core/registry';
import { readDemoReference } from '../../modules/demo/demo-reference.ts';
import {
  type ExportColumn,
  type ExportRows,
  writeCsvExport,
  writeXlsxExport,
} from '../../spreadsheet/index.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage =
  'usage: qunce demo generate --out <dir> [--enterprises N] [--clusters M] [--years Y] [--end-year YYYY] [--seed S] [--format csv|xlsx]';

export type DemoFile = {
  kind: string;
  sheetName: string;
  columns: ExportColumn[];
  rows: () => ExportRows;
};

const yesNo = (value: boolean): string => (value ? '是' : '否');

/** The files of a generated data set: name, Chinese headers and rows. */
export function demoFiles(data: DemoData, reference: DemoReference): DemoFile[] {
  const industryName = new Map<string, string>(policyIndustries.map((i) => [i.code, i.name]));
  const divisionName = new Map<string, string>(industryDivisions.map((d) => [d.code, d.name]));
  const cityName = new Map(reference.cities.map((c) => [c.code, c.name]));
  const countyName = new Map(reference.counties.map((c) => [c.code, c.name]));
  const enterpriseName = new Map(data.enterprises.map((e) => [e.creditCode, e.name]));
  const metric = new Map(data.metrics.map((m) => [m.code, m]));
  return [
    {
      kind: 'clusters',
      sheetName: '集群',
      columns: [
        { key: 'code', header: '集群代码' },
        { key: 'name', header: '集群名称', width: 36 },
        { key: 'nameEn', header: '英文名称', width: 40 },
        { key: 'leadIndustry', header: '主导产业' },
        { key: 'tier', header: '层级' },
        { key: 'cultivationTarget', header: '培育目标' },
        { key: 'status', header: '状态' },
        { key: 'cityCodes', header: '所在城市代码（牵头城市在前）', width: 30 },
        { key: 'cities', header: '所在城市', width: 24 },
        { key: 'promotingOrganisationCode', header: '促进组织代码' },
        { key: 'chainMasters', header: '链主企业信用代码', width: 40 },
        { key: 'isDemo', header: '示例数据' },
      ],
      rows: () =>
        data.clusters.map((c) => ({
          code: c.code,
          name: c.name,
          nameEn: c.nameEn ?? null,
          leadIndustry: industryName.get(c.leadIndustry) ?? c.leadIndustry,
          tier: c.tier,
          cultivationTarget: c.cultivationTarget,
          status: c.status,
          cityCodes: c.cityCodes.join('、'),
          cities: c.cityCodes.map((code) => cityName.get(code) ?? code).join('、'),
          promotingOrganisationCode: c.promotingOrganisationCode ?? null,
          chainMasters: (c.chainMasterCreditCodes ?? []).join('、'),
          isDemo: yesNo(c.isDemo),
        })),
    },
    {
      kind: 'cluster-history',
      sheetName: '集群变更记录',
      columns: [
        { key: 'clusterCode', header: '集群代码' },
        { key: 'changedOn', header: '变更日期' },
        { key: 'field', header: '变更事项' },
        { key: 'from', header: '变更前' },
        { key: 'to', header: '变更后' },
        { key: 'documentNumber', header: '文号（示例）', width: 24 },
      ],
      rows: () => data.clusterHistory,
    },
    {
      kind: 'organisations',
      sheetName: '集群促进组织',
      columns: [
        { key: 'code', header: '组织代码' },
        { key: 'name', header: '组织名称', width: 36 },
        { key: 'type', header: '组织类型' },
        { key: 'clusterCode', header: '集群代码' },
        { key: 'cityCode', header: '所在城市代码' },
        { key: 'foundedOn', header: '成立日期' },
      ],
      rows: () => data.organisations,
    },
    {
      kind: 'enterprises',
      sheetName: '企业',
      columns: [
        { key: 'creditCode', header: '统一社会信用代码', width: 22 },
        { key: 'name', header: '企业名称', width: 36 },
        { key: 'cityCode', header: '城市代码' },
        { key: 'city', header: '所在城市' },
        { key: 'countyCode', header: '区县代码' },
        { key: 'county', header: '所在区县' },
        { key: 'industryDivision', header: '行业大类代码' },
        { key: 'industryDivisionName', header: '行业大类', width: 30 },
        { key: 'isAboveScale', header: '规上企业' },
        { key: 'isKeyEnterprise', header: '重点企业' },
        { key: 'has5g', header: '5G覆盖' },
        { key: 'establishedOn', header: '成立日期' },
      ],
      rows: () =>
        data.enterprises.map((e) => ({
          creditCode: e.creditCode,
          name: e.name,
          cityCode: e.cityCode,
          city: cityName.get(e.cityCode) ?? null,
          countyCode: e.countyCode,
          county: countyName.get(e.countyCode) ?? null,
          industryDivision: e.industryDivision,
          industryDivisionName: divisionName.get(e.industryDivision) ?? null,
          isAboveScale: yesNo(e.isAboveScale),
          isKeyEnterprise: yesNo(e.isKeyEnterprise),
          has5g: yesNo(e.has5g),
          establishedOn: e.establishedOn,
        })),
    },
    {
      kind: 'memberships',
      sheetName: '集群成员',
      columns: [
        { key: 'creditCode', header: '统一社会信用代码', width: 22 },
        { key: 'clusterCode', header: '集群代码' },
        { key: 'role', header: '角色' },
        { key: 'validFrom', header: '加入日期' },
        { key: 'validTo', header: '退出日期' },
      ],
      rows: () => data.memberships,
    },
    {
      kind: 'designations',
      sheetName: '企业资质',
      columns: [
        { key: 'creditCode', header: '统一社会信用代码', width: 22 },
        { key: 'enterpriseName', header: '企业名称', width: 36 },
        { key: 'type', header: '资质类型', width: 24 },
        { key: 'level', header: '级别' },
        { key: 'grantedOn', header: '认定日期' },
        { key: 'expiresOn', header: '有效期至' },
        { key: 'documentNumber', header: '文号（示例）', width: 24 },
        { key: 'grantingDepartmentCode', header: '认定部门代码' },
      ],
      rows: () =>
        data.designations.map((d) => ({ ...d, enterpriseName: enterpriseName.get(d.creditCode) ?? null })),
    },
    {
      kind: 'observations',
      sheetName: '指标数据',
      columns: [
        { key: 'subjectType', header: '主体类型' },
        { key: 'subjectCode', header: '主体代码', width: 22 },
        { key: 'metric', header: '指标代码', width: 26 },
        { key: 'metricName', header: '指标名称', width: 30 },
        { key: 'period', header: '期间' },
        { key: 'value', header: '数值', width: 14 },
        { key: 'unit', header: '单位' },
        { key: 'source', header: '来源' },
      ],
      rows: function* () {
        for (const o of data.observations()) {
          const m = metric.get(o.metric);
          yield { ...o, metricName: m?.name ?? null, unit: m?.unit ?? null, source: '示例数据（合成）' };
        }
      },
    },
  ];
}

function integerFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.replace(/_/g, ''))) {
    throw new CliUsageError(
      `--${name} 须为非负整数 / --${name} must be a non-negative integer, got ${String(raw)}`,
    );
  }
  return Number(raw.replace(/_/g, ''));
}

export const run: CliCommand = async (args, io) => {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'generate') {
    throw new CliUsageError(`未知子命令 / unknown subcommand ${subcommand ?? '(none)'}; ${usage}`);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        enterprises: { type: 'string' },
        clusters: { type: 'string' },
        years: { type: 'string' },
        'end-year': { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}; ${usage}`);
  }
  const out = values.out;
  if (typeof out !== 'string' || out.trim() === '')
    throw new CliUsageError(`--out 必填 / --out is required; ${usage}`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') {
    throw new CliUsageError(
      `--format 须为 csv 或 xlsx / --format must be csv or xlsx, got ${String(format)}`,
    );
  }
  const reference = readDemoReference();
  const started = performance.now();
  let data: DemoData;
  try {
    data = generateDemoData({
      seed: integerFlag(values, 'seed', 1),
      enterprises: integerFlag(values, 'enterprises', 20_000),
      clusters: integerFlag(values, 'clusters', 40),
      years: integerFlag(values, 'years', 5),
      endYear: integerFlag(values, 'end-year', 2025),
      reference,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') throw new CliUsageError(error.message);
    throw error;
  }
  await mkdir(out, { recursive: true });
  io.stdout.write(
    `示例数据 / demo data: seed ${data.options.seed}, ${data.options.enterprises} enterprises, ${data.options.clusters} clusters, ${data.options.years} years to ${data.options.endYear}\n`,
  );
  for (const file of demoFiles(data, reference)) {
    const fileStarted = performance.now();
    const path = join(out, `${file.kind}.${format}`);
    const stream = createWriteStream(path);
    const done = finished(stream);
    let count: number;
    if (format === 'csv') {
      count = await writeCsvExport(stream, { columns: file.columns, rows: file.rows() });
      stream.end();
    } else {
      count = await writeXlsxExport(stream, {
        sheetName: file.sheetName,
        columns: file.columns,
        rows: file.rows(),
      });
    }
    await done;
    io.stdout.write(`  ${path}  ${count} rows  ${Math.round(performance.now() - fileStarted)} ms\n`);
  }
  io.stdout.write(`完成 / done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
};
