/**
 * Import columns of the registries: the Chinese header each template writes, the aliases bureaus
 * use in their own files, whether the column is required, its cell type and its drop-down values.
 * One definition drives the template (server `writeImportTemplate`) and the reading
 * (`createSheetNormaliser`), so the two cannot drift.
 */

import { type CellResult, cellError } from '../import/import-issue.ts';
import { createCityLookup, createLookup, type Lookup } from '../import/lookup-cell.ts';
import type { ColumnSpec } from '../import/sheet-normaliser.ts';
import { industryDivisions } from './industries.ts';

export type ImportColumnType = 'text' | 'creditCode' | 'boolean' | 'city' | 'county' | 'industryDivision';

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
