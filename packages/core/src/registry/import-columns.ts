/**
 * Import columns of the registries: the Chinese header each template writes, the aliases bureaus
 * use in their own files, whether the column is required, its cell type and its drop-down values.
 * One definition drives the template (server `writeImportTemplate`) and the reading
 * (`createSheetNormaliser`), so the two cannot drift.
 */

import { type CellResult, cellError } from '../import/import-issue.ts';
import { createCityLookup, createLookup, type Lookup } from '../import/lookup-cell.ts';
import type { ColumnSpec } from '../import/sheet-normaliser.ts';
import type { membershipRoles } from './enterprise.contract.ts';
import { industryDivisions } from './industries.ts';

export type ImportColumnType =
  | 'text'
  | 'creditCode'
  | 'boolean'
  | 'city'
  | 'county'
  | 'industryDivision'
  | 'clusterCode'
  | 'membershipRole'
  | 'date';

export type ImportColumnDefinition = {
  key: string;
  header: string;
  aliases: readonly string[];
  required: boolean;
  type: ImportColumnType;
  /** What to enter, shown as the header's note in the template. */
  note: string;
  example: string;
  maxLength?: number;
};

/** The enterprise roster (企业名录): upserted by credit code. */
export const enterpriseImportColumns = [
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码', '统一代码', '企业信用代码'],
    required: true,
    type: 'creditCode',
    note: '18位，按 GB 32100-2015 校验 / 18 characters, GB 32100-2015 check digit',
    example: '913707007060356088',
  },
  {
    key: 'name',
    header: '企业名称',
    aliases: ['企业全称', '单位名称', '名称', '公司名称'],
    required: true,
    type: 'text',
    note: '营业执照上的全称 / full legal name',
    example: '潍柴动力股份有限公司',
    maxLength: 200,
  },
  {
    key: 'cityCode',
    header: '所在城市',
    aliases: ['城市', '所属城市', '所在市', '市', '地市'],
    required: true,
    type: 'city',
    note: '城市名称或 GB/T 2260 代码（潍坊、潍坊市、370700）/ city name or GB/T 2260 code',
    example: '潍坊市',
  },
  {
    key: 'countyCode',
    header: '所在区县',
    aliases: ['区县', '所属区县', '县市区', '区（县）'],
    required: false,
    type: 'county',
    note: '区县名称或代码，须属于所在城市 / county name or code, in the city',
    example: '奎文区',
  },
  {
    key: 'industryDivision',
    header: '行业大类',
    aliases: ['国民经济行业', '所属行业', '行业代码', '行业'],
    required: true,
    type: 'industryDivision',
    note: 'GB/T 4754-2017 工业大类代码或名称（06–46）/ GB/T 4754 industrial division code or name',
    example: '34',
  },
  {
    key: 'isAboveScale',
    header: '是否规上',
    aliases: ['规上企业', '规模以上', '是否规模以上'],
    required: true,
    type: 'boolean',
    note: '是/否 / yes or no',
    example: '是',
  },
  {
    key: 'isKeyEnterprise',
    header: '是否重点企业',
    aliases: ['重点企业'],
    required: false,
    type: 'boolean',
    note: '是/否，空为否 / yes or no, empty means no',
    example: '否',
  },
  {
    key: 'has5g',
    header: '是否5G覆盖',
    aliases: ['5G覆盖', '5G网络覆盖'],
    required: false,
    type: 'boolean',
    note: '是/否，空为否 / yes or no, empty means no',
    example: '是',
  },
] as const satisfies readonly ImportColumnDefinition[];

export type EnterpriseImportKey = (typeof enterpriseImportColumns)[number]['key'];

export type RegionRef = { code: string; name: string; shortName?: string | null; level: 'city' | 'county' };
export type CountyRef = { code: string; name: string; cityCode: string };

/** GB/T 4754 divisions by code ("34", or 6 for "06") or by name. */
export function createIndustryDivisionLookup(): Lookup {
  return createLookup(
    industryDivisions.map((d) => ({ code: d.code, name: d.name, aliases: [String(Number(d.code))] })),
    { label: { zh: '行业大类', en: 'industry division' } },
  );
}

/** Drop-down values of a column for the template. */
export function importColumnValues(
  type: ImportColumnType,
  regions: readonly RegionRef[],
): string[] | undefined {
  switch (type) {
    case 'city':
      return regions.filter((r) => r.level === 'city').map((r) => r.name);
    case 'industryDivision':
      return industryDivisions.map((d) => `${d.code} ${d.name}`);
    case 'boolean':
      return ['是', '否'];
    case 'membershipRole':
      return membershipRoleNames.map((r) => r.name);
    default:
      return undefined;
  }
}

/**
 * The column specs the sheet normaliser reads with, given the regions of the province (cities and
 * counties from the reference data).
 */
export function enterpriseColumnSpecs(regions: readonly RegionRef[]): ColumnSpec[] {
  const city = createCityLookup(
    regions
      .filter((r) => r.level === 'city')
      .map((r) => ({ code: r.code, name: r.name, ...(r.shortName ? { short: r.shortName } : {}) })),
  );
  const division = createIndustryDivisionLookup();
  const divisionWithName: Lookup = (raw) =>
    // "34 通用设备制造业" as the template's drop-down writes it
    typeof raw === 'string' && /^\s*\d{2}\s+\S/.test(raw) ? division(raw.trim().slice(0, 2)) : division(raw);
  return enterpriseImportColumns.map((c): ColumnSpec => {
    const head = { key: c.key, header: c.header, aliases: c.aliases, required: c.required };
    switch (c.type) {
      case 'text':
        return { ...head, type: 'text', maxLength: 'maxLength' in c ? c.maxLength : undefined };
      case 'creditCode':
        return { ...head, type: 'creditCode' };
      case 'boolean':
        return { ...head, type: 'boolean' };
      case 'city':
        return { ...head, type: 'lookup', lookup: city };
      case 'county':
        // resolved with the row's city (createCountyResolver): 市中区 is in Jinan and in Zaozhuang
        return { ...head, type: 'text' };
      default:
        return { ...head, type: 'lookup', lookup: divisionWithName };
    }
  });
}

/**
 * Counties resolved within the row's city, by name (寿光, 寿光市) or GB/T 2260 code: 市中区 is a
 * district of both Jinan (370103) and Zaozhuang (370402), so a name is only unambiguous inside a city.
 */
export function createCountyResolver(counties: readonly CountyRef[]) {
  const byCity = new Map<string, Lookup>();
  const cityOf = new Map(counties.map((c) => [c.code, c.cityCode]));
  for (const cityCode of new Set(counties.map((c) => c.cityCode))) {
    byCity.set(
      cityCode,
      createLookup(
        counties.filter((c) => c.cityCode === cityCode).map((c) => ({ code: c.code, name: c.name })),
        { label: { zh: '区县', en: 'county' }, optionalSuffixes: ['市', '区', '县'] },
      ),
    );
  }
  return (cityCode: string, text: string): CellResult<string | null> => {
    const other = cityOf.get(text.trim());
    if (other !== undefined && other !== cityCode) {
      return cellError(`区县 ${text} 不属于城市 ${cityCode} / county ${text} is not in city ${cityCode}`);
    }
    const lookup = byCity.get(cityCode);
    if (!lookup) return cellError(`城市 ${cityCode} 没有区县数据 / no counties known for city ${cityCode}`);
    return lookup(text);
  };
}

/** 链主 chain master, 核心 core, 配套 supporting, as bureaus write them. */
export const membershipRoleNames = [
  { code: 'chain_master', name: '链主', aliases: ['链主企业', 'chain master', 'chain-master'] },
  { code: 'core', name: '核心', aliases: ['核心企业'] },
  { code: 'supporting', name: '配套', aliases: ['配套企业', '一般配套'] },
] as const satisfies readonly { code: (typeof membershipRoles)[number]; name: string; aliases: string[] }[];

/** Cluster memberships (集群成员): keyed by credit code + cluster code + start date. */
export const membershipImportColumns = [
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码', '企业信用代码'],
    required: true,
    type: 'creditCode',
    note: '已登记企业的18位代码 / the 18-character code of a registered enterprise',
    example: '913707007060356088',
  },
  {
    key: 'clusterCode',
    header: '集群代码',
    aliases: ['集群编码', '集群编号'],
    required: true,
    type: 'clusterCode',
    note: '平台上的集群代码 / the cluster code on the platform',
    example: 'SD-C-0001',
  },
  {
    key: 'role',
    header: '角色',
    aliases: ['成员角色', '企业角色', '类型'],
    required: true,
    type: 'membershipRole',
    note: '链主、核心或配套 / chain master, core or supporting',
    example: '核心',
  },
  {
    key: 'validFrom',
    header: '加入日期',
    aliases: ['起始日期', '开始日期', '入群日期'],
    required: true,
    type: 'date',
    note: '如 2023-05-01 / e.g. 2023-05-01',
    example: '2023-05-01',
  },
  {
    key: 'validTo',
    header: '退出日期',
    aliases: ['结束日期', '截止日期'],
    required: false,
    type: 'date',
    note: '仍是成员则留空 / empty while still a member',
    example: '',
  },
] as const satisfies readonly ImportColumnDefinition[];

export function membershipColumnSpecs(): ColumnSpec[] {
  const role = createLookup(
    membershipRoleNames.map((r) => ({ code: r.code, name: r.name, aliases: [...r.aliases] })),
    { label: { zh: '角色', en: 'role' } },
  );
  return membershipImportColumns.map((c): ColumnSpec => {
    const head = { key: c.key, header: c.header, aliases: c.aliases, required: c.required };
    switch (c.type) {
      case 'creditCode':
        return { ...head, type: 'creditCode' };
      case 'clusterCode':
        return { ...head, type: 'code' };
      case 'membershipRole':
        return { ...head, type: 'lookup', lookup: role };
      default:
        return { ...head, type: 'date' };
    }
  });
}
