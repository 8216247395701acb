/**
 * Import columns of the cluster, designation (公示名单), innovation-carrier and park registries: the
 * Chinese header each template writes, the aliases bureaus use, whether a column is required, its
 * cell type, drop-down values and notes. As for the enterprise roster (import-columns.ts), one
 * definition drives both the template and the reading, so the two cannot drift.
 */
import {
  type CarrierType,
  carrierTypes,
  type EcoIndustrialStatus,
  type FiveGCoverage,
  type ParkLevel,
} from '../carriers-parks/carrier-park.contract.ts';
import { type CellResult, cellError, cellOk } from '../import/import-issue.ts';
import { createCityLookup, createLookup, type Lookup, type LookupEntry } from '../import/lookup-cell.ts';
import type { ColumnSpec } from '../import/sheet-normaliser.ts';
import { removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import type { ClusterStatus, ClusterTier } from './cluster.contract.ts';
import type { DesignationLevel, DesignationType } from './designation.contract.ts';
import type { RegionRef } from './import-columns.ts';
import { policyIndustries } from './industries.ts';

/** A coded value as bureaus write it: the code stored, the Chinese name the template offers. */
export type ImportChoice = { code: string; name: string; aliases?: readonly string[] };

export type RegistryImportColumnType =
  | 'text'
  | 'code'
  | 'creditCode'
  | 'date'
  | 'city'
  /** Several cities in one cell, separated by 、，,;； or spaces. */
  | 'cities'
  | 'county'
  | 'clusterCode'
  /** Several cluster codes in one cell, separated as for `cities`. */
  | 'clusterCodes'
  | 'choice';

export type RegistryImportColumn = {
  key: string;
  header: string;
  aliases: readonly string[];
  required: boolean;
  type: RegistryImportColumnType;
  /** What to enter, shown as the header's note in the template. */
  note: string;
  example: string;
  maxLength?: number;
  /** The values of a `choice` column and what the list is called in messages. */
  choices?: readonly ImportChoice[];
  label?: { zh: string; en: string };
};

// ── names of the coded values ─────────────────────────────────────────────────────────────────────

export const clusterTierNames = [
  { code: 'world', name: '世界级', aliases: ['世界级集群', '世界级先进制造业集群'] },
  { code: 'national', name: '国家级', aliases: ['国家级集群', '国家先进制造业集群'] },
  { code: 'provincial', name: '省级', aliases: ['省级集群', '省先进制造业集群'] },
  { code: 'candidate', name: '培育对象', aliases: ['后备', '培育', '候选', '未认定'] },
] as const satisfies readonly (ImportChoice & { code: ClusterTier })[];

export const clusterStatusNames = [
  { code: 'cultivating', name: '培育中', aliases: ['培育'] },
  { code: 'recognised', name: '已认定', aliases: ['认定'] },
  { code: 'rectifying', name: '整改中', aliases: ['整改'] },
  { code: 'revoked', name: '已撤销', aliases: ['撤销'] },
] as const satisfies readonly (ImportChoice & { code: ClusterStatus })[];

export const designationTypeNames = [
  { code: 'high-tech', name: '高新技术企业', aliases: ['高企', '国家高新技术企业'] },
  { code: 'specialised-sme', name: '专精特新中小企业', aliases: ['专精特新', '省级专精特新中小企业'] },
  { code: 'little-giant', name: '专精特新“小巨人”企业', aliases: ['小巨人', '专精特新小巨人', '小巨人企业'] },
  { code: 'single-champion', name: '制造业单项冠军', aliases: ['单项冠军', '单项冠军企业'] },
  { code: 'gazelle', name: '瞪羚企业', aliases: ['瞪羚'] },
  { code: 'unicorn', name: '独角兽企业', aliases: ['独角兽'] },
  { code: 'world-class-enterprise', name: '世界一流企业', aliases: [] },
  { code: 'leading-enterprise', name: '制造业领航企业', aliases: ['领航企业'] },
  { code: 'national-smart-factory', name: '国家智能制造工厂', aliases: ['智能制造示范工厂'] },
  { code: 'provincial-smart-factory', name: '省级智能工厂', aliases: ['智能工厂'] },
  { code: 'digital-workshop', name: '数字化车间', aliases: [] },
  { code: 'benchmark-enterprise', name: '标杆企业', aliases: [] },
] as const satisfies readonly (ImportChoice & { code: DesignationType })[];

export const levelNames = [
  { code: 'national', name: '国家级', aliases: ['国家'] },
  { code: 'provincial', name: '省级', aliases: ['省'] },
] as const satisfies readonly (ImportChoice & { code: DesignationLevel })[];

export const carrierTypeNames = [
  { code: 'manufacturing-innovation-centre', name: '制造业创新中心', aliases: [] },
  { code: 'technology-innovation-centre', name: '技术创新中心', aliases: [] },
  { code: 'industry-innovation-centre', name: '产业创新中心', aliases: [] },
  {
    code: 'market-supervision-innovation-centre',
    name: '市场监管技术创新中心',
    aliases: ['市场监管总局技术创新中心'],
  },
  { code: 'enterprise-technology-centre', name: '企业技术中心', aliases: [] },
  { code: 'industrial-design-centre', name: '工业设计中心', aliases: [] },
  { code: 'key-laboratory', name: '重点实验室', aliases: [] },
] as const satisfies readonly (ImportChoice & { code: CarrierType })[];

/**
 * The department that recognises each carrier type at the provincial level and publishes its list:
 * a department user (no `carriers.manage`) may import only the types it grants, as for designations.
 * 市场监管局 its technology innovation centres; 科技厅 technology innovation centres and key
 * laboratories; 发改委 industry innovation centres; 工信厅 the rest.
 */
export const carrierTypeGrantingDepartments: Readonly<Record<CarrierType, string>> = {
  'manufacturing-innovation-centre': 'dept-miit',
  'technology-innovation-centre': 'dept-sti',
  'industry-innovation-centre': 'dept-ndrc',
  'market-supervision-innovation-centre': 'dept-amr',
  'enterprise-technology-centre': 'dept-miit',
  'industrial-design-centre': 'dept-miit',
  'key-laboratory': 'dept-sti',
};

/** Carrier types the organisation recognises (empty for every other organisation). */
export function carrierTypesGrantedBy(organisationCode: string): CarrierType[] {
  return carrierTypes.filter((type) => carrierTypeGrantingDepartments[type] === organisationCode);
}

export const parkLevelNames = [
  { code: 'national', name: '国家级', aliases: ['国家'] },
  { code: 'provincial', name: '省级', aliases: ['省'] },
  { code: 'municipal', name: '市级', aliases: ['市'] },
] as const satisfies readonly (ImportChoice & { code: ParkLevel })[];

export const ecoIndustrialStatusNames = [
  { code: 'none', name: '否', aliases: ['无', '不是'] },
  { code: 'building', name: '创建中', aliases: ['在建', '创建'] },
  { code: 'provincial', name: '省级', aliases: ['省级生态工业园区'] },
  { code: 'national', name: '国家级', aliases: ['国家生态工业示范园区', '国家级生态工业园区'] },
] as const satisfies readonly (ImportChoice & { code: EcoIndustrialStatus })[];

export const fiveGCoverageNames = [
  { code: 'none', name: '未覆盖', aliases: ['无', '否'] },
  { code: 'partial', name: '部分覆盖', aliases: ['部分'] },
  { code: 'full', name: '全覆盖', aliases: ['全部覆盖', '是', '已覆盖'] },
] as const satisfies readonly (ImportChoice & { code: FiveGCoverage })[];

const industryChoices: readonly ImportChoice[] = policyIndustries.map((i) => ({
  code: i.code,
  name: i.name,
}));

// ── column lists ──────────────────────────────────────────────────────────────────────────────────

const documentNumberNote = '如 鲁工信集〔2024〕12号 / e.g. 鲁工信集〔2024〕12号';

/** Clusters (集群名录): upserted by cluster code; tier, target and status changes become history. */
export const clusterImportColumns = [
  {
    key: 'code',
    header: '集群代码',
    aliases: ['集群编码', '集群编号'],
    required: true,
    type: 'clusterCode',
    note: '平台上的集群代码，不含层级，不复用 / the stable cluster code (never encodes the tier)',
    example: 'SD-C-0001',
  },
  {
    key: 'name',
    header: '集群名称',
    aliases: ['名称', '集群'],
    required: true,
    type: 'text',
    note: '集群全称 / full name',
    example: '潍坊市动力装备集群',
    maxLength: 200,
  },
  {
    key: 'nameEn',
    header: '英文名称',
    aliases: ['英文名'],
    required: false,
    type: 'text',
    note: '可空 / optional',
    example: 'Weifang Power Equipment',
    maxLength: 200,
  },
  {
    key: 'leadIndustry',
    header: '主导产业',
    aliases: ['所属产业', '产业领域', '产业'],
    required: true,
    type: 'choice',
    choices: industryChoices,
    label: { zh: '主导产业', en: 'lead industry' },
    note: '鲁政办字〔2023〕185号所列产业 / one of the policy’s industries',
    example: '动力装备',
  },
  {
    key: 'tier',
    header: '集群层级',
    aliases: ['层级', '级别', '集群级别'],
    required: true,
    type: 'choice',
    choices: clusterTierNames,
    label: { zh: '集群层级', en: 'tier' },
    note: '已达到的层级：世界级、国家级、省级或培育对象 / tier reached',
    example: '国家级',
  },
  {
    key: 'cultivationTarget',
    header: '培育目标',
    aliases: ['培育方向', '目标层级'],
    required: true,
    type: 'choice',
    choices: clusterTierNames,
    label: { zh: '培育目标', en: 'cultivation target' },
    note: '正在培育的目标层级 / the tier it is cultivated toward',
    example: '世界级',
  },
  {
    key: 'status',
    header: '状态',
    aliases: ['集群状态', '认定状态'],
    required: true,
    type: 'choice',
    choices: clusterStatusNames,
    label: { zh: '状态', en: 'status' },
    note: '培育中、已认定、整改中或已撤销 / cultivating, recognised, rectifying or revoked',
    example: '已认定',
  },
  {
    key: 'leadCityCode',
    header: '牵头城市',
    aliases: ['所在城市', '所属城市', '城市', '牵头市'],
    required: true,
    type: 'city',
    note: '城市名称或代码 / city name or GB/T 2260 code',
    example: '潍坊市',
  },
  {
    key: 'otherCityCodes',
    header: '其他城市',
    aliases: ['协同城市', '参与城市', '跨市城市'],
    required: false,
    type: 'cities',
    note: '跨市集群的其他城市，用顿号分隔 / other cities of a cross-city cluster, separated by 、',
    example: '',
  },
  {
    key: 'promotingOrganisationCode',
    header: '促进组织代码',
    aliases: ['集群促进组织代码', '促进机构代码'],
    required: false,
    type: 'code',
    note: '已登记的集群发展促进组织代码，可空 / code of a registered promoting organisation',
    example: '',
  },
  {
    key: 'changedOn',
    header: '变更日期',
    aliases: ['生效日期', '认定日期', '文件日期'],
    required: false,
    type: 'date',
    note: '层级、培育目标或状态变更时必填 / required when tier, target or status change',
    example: '2024-03-15',
  },
  {
    key: 'documentNumber',
    header: '文件文号',
    aliases: ['文号', '认定文号', '发文字号'],
    required: false,
    type: 'text',
    note: documentNumberNote,
    example: '鲁工信集〔2024〕12号',
    maxLength: 100,
  },
] as const satisfies readonly RegistryImportColumn[];

/** A granting department's published list (公示名单), matched by credit code. */
export const designationImportColumns = [
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
    key: 'enterpriseName',
    header: '企业名称',
    aliases: ['单位名称', '企业全称', '名称'],
    required: false,
    type: 'text',
    note: '与名录核对，不一致时提示 / checked against the registry (a mismatch is a notice)',
    example: '潍柴动力股份有限公司',
    maxLength: 200,
  },
  {
    key: 'type',
    header: '认定类型',
    aliases: ['类型', '资质类型', '称号'],
    required: true,
    type: 'choice',
    choices: designationTypeNames,
    label: { zh: '认定类型', en: 'designation type' },
    note: '只能导入本部门认定的类型 / only the types your department grants',
    example: '高新技术企业',
  },
  {
    key: 'level',
    header: '级别',
    aliases: ['认定级别', '层级'],
    required: false,
    type: 'choice',
    choices: levelNames,
    label: { zh: '级别', en: 'level' },
    note: '国家级或省级；类型只有一个级别时可空 / national or provincial; may be empty when the type has one level',
    example: '国家级',
  },
  {
    key: 'grantedOn',
    header: '认定日期',
    aliases: ['发证日期', '认定时间', '公布日期'],
    required: true,
    type: 'date',
    note: '如 2023-12-08 / e.g. 2023-12-08',
    example: '2023-12-08',
  },
  {
    key: 'expiresOn',
    header: '有效期至',
    aliases: ['到期日期', '有效期', '截止日期'],
    required: false,
    type: 'date',
    note: '有效期的最后一天，可空 / last day of validity, optional',
    example: '2026-12-07',
  },
  {
    key: 'documentNumber',
    header: '文号',
    aliases: ['文件文号', '认定文号', '证书编号'],
    required: true,
    type: 'text',
    note: documentNumberNote,
    example: '鲁科字〔2023〕145号',
    maxLength: 100,
  },
] as const satisfies readonly RegistryImportColumn[];

/** Innovation carriers (创新载体): upserted by carrier name + host credit code. */
export const carrierImportColumns = [
  {
    key: 'name',
    header: '载体名称',
    aliases: ['平台名称', '名称', '创新平台名称'],
    required: true,
    type: 'text',
    note: '认定文件上的全称 / full name as recognised',
    example: '山东省动力装备制造业创新中心',
    maxLength: 200,
  },
  {
    key: 'type',
    header: '载体类型',
    aliases: ['平台类型', '类型'],
    required: true,
    type: 'choice',
    choices: carrierTypeNames,
    label: { zh: '载体类型', en: 'carrier type' },
    note: '制造业创新中心、企业技术中心等 / manufacturing innovation centre, enterprise technology centre, …',
    example: '制造业创新中心',
  },
  {
    key: 'level',
    header: '级别',
    aliases: ['载体级别', '层级'],
    required: true,
    type: 'choice',
    choices: levelNames,
    label: { zh: '级别', en: 'level' },
    note: '国家级或省级 / national or provincial',
    example: '省级',
  },
  {
    key: 'hostCreditCode',
    header: '依托单位统一社会信用代码',
    aliases: ['依托单位信用代码', '统一社会信用代码', '信用代码'],
    required: true,
    type: 'creditCode',
    note: '企业、高校或院所的18位代码 / the host’s 18-character code',
    example: '913707007060356088',
  },
  {
    key: 'hostName',
    header: '依托单位名称',
    aliases: ['依托单位', '承建单位'],
    required: true,
    type: 'text',
    note: '依托单位全称 / the host’s full name',
    example: '潍柴动力股份有限公司',
    maxLength: 200,
  },
  {
    key: 'cityCode',
    header: '所在城市',
    aliases: ['城市', '所属城市', '市'],
    required: true,
    type: 'city',
    note: '城市名称或代码 / city name or code',
    example: '潍坊市',
  },
  {
    key: 'clusterCode',
    header: '所属集群代码',
    aliases: ['集群代码', '所属集群'],
    required: false,
    type: 'clusterCode',
    note: '平台上的集群代码，可空 / cluster code, optional',
    example: 'SD-C-0001',
  },
  {
    key: 'recognisedOn',
    header: '认定日期',
    aliases: ['获批日期', '认定时间'],
    required: false,
    type: 'date',
    note: '可空 / optional',
    example: '2022-06-30',
  },
  {
    key: 'documentNumber',
    header: '文号',
    aliases: ['认定文号', '文件文号'],
    required: false,
    type: 'text',
    note: documentNumberNote,
    example: '',
    maxLength: 100,
  },
] as const satisfies readonly RegistryImportColumn[];

/** Parks (园区): upserted by park code. */
export const parkImportColumns = [
  {
    key: 'code',
    header: '园区代码',
    aliases: ['园区编码', '园区编号'],
    required: true,
    type: 'code',
    note: '平台上的园区代码，不含级别 / the stable park code',
    example: 'SD-P-0001',
  },
  {
    key: 'name',
    header: '园区名称',
    aliases: ['名称', '园区'],
    required: true,
    type: 'text',
    note: '园区全称 / full name',
    example: '潍坊高新技术产业开发区',
    maxLength: 200,
  },
  {
    key: 'cityCode',
    header: '所在城市',
    aliases: ['城市', '所属城市', '市'],
    required: true,
    type: 'city',
    note: '城市名称或代码 / city name or code',
    example: '潍坊市',
  },
  {
    key: 'countyCode',
    header: '所在区县',
    aliases: ['区县', '所属区县', '县市区'],
    required: false,
    type: 'county',
    note: '区县名称或代码，须属于所在城市 / county name or code, in the city',
    example: '奎文区',
  },
  {
    key: 'level',
    header: '园区级别',
    aliases: ['级别', '层级'],
    required: true,
    type: 'choice',
    choices: parkLevelNames,
    label: { zh: '园区级别', en: 'park level' },
    note: '国家级、省级或市级 / national, provincial or municipal',
    example: '国家级',
  },
  {
    key: 'ecoIndustrialStatus',
    header: '生态工业园区',
    aliases: ['生态工业园区情况', '是否生态工业园区'],
    required: false,
    type: 'choice',
    choices: ecoIndustrialStatusNames,
    label: { zh: '生态工业园区', en: 'eco-industrial status' },
    note: '否、创建中、省级或国家级，空为否 / none, building, provincial or national; empty means none',
    example: '省级',
  },
  {
    key: 'fiveGCoverage',
    header: '5G覆盖',
    aliases: ['5G网络覆盖', '是否5G覆盖'],
    required: false,
    type: 'choice',
    choices: fiveGCoverageNames,
    label: { zh: '5G覆盖', en: '5G coverage' },
    note: '未覆盖、部分覆盖或全覆盖，空为未覆盖 / none, partial or full; empty means none',
    example: '全覆盖',
  },
  {
    key: 'clusterCodes',
    header: '服务集群代码',
    aliases: ['服务集群', '所属集群代码', '集群代码'],
    required: false,
    type: 'clusterCodes',
    note: '集群代码，多个用顿号分隔 / cluster codes, separated by 、',
    example: 'SD-C-0001',
  },
] as const satisfies readonly RegistryImportColumn[];

// ── reading ───────────────────────────────────────────────────────────────────────────────────────

const listSeparators = /[、,，;；\s/]+/;
const clusterCodePattern = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

function textOf(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
  return null;
}

/**
 * A cell holding several coded values (潍坊、烟台 → "370700,370600"): each part through `lookup`,
 * duplicates removed, the codes joined by ",". One bad part refuses the cell.
 */
export function createListLookup(lookup: Lookup): Lookup {
  return (raw) => {
    const text = textOf(raw);
    if (text === null) return lookup(raw);
    const parts = toHalfWidth(text)
      .split(listSeparators)
      .filter((p) => p !== '');
    if (parts.length === 0) return cellOk(null);
    const codes: string[] = [];
    const notes: string[] = [];
    for (const part of parts) {
      const result = lookup(part);
      if (!result.ok) return result;
      if (result.value !== null && !codes.includes(result.value)) codes.push(result.value);
      if (result.normalised !== null) notes.push(result.normalised);
    }
    return cellOk(codes.length > 0 ? codes.join(',') : null, notes);
  };
}

/** A cluster code as typed (sd-c-0001, ＳＤ－Ｃ－０００１): upper-cased, full-width folded, checked. */
export function normaliseClusterCode(raw: unknown): CellResult<string | null> {
  const text = textOf(raw);
  if (text === null) {
    return raw === null || raw === undefined ? cellOk(null) : cellError('应为集群代码 / expected a code');
  }
  const code = removeSpaces(toHalfWidth(text))
    .replace(/[－—–]/g, '-')
    .toUpperCase();
  if (code === '') return cellOk(null);
  if (!clusterCodePattern.test(code)) {
    return cellError(
      `代码须为 2–40 个大写字母、数字或 - / a code is 2–40 upper-case letters, digits or -: “${text}”`,
    );
  }
  return cellOk(code, code === text ? [] : [`“${text}”读作 ${code} / “${text}” read as ${code}`]);
}

/** The spec the sheet normaliser reads a column with, given the province's cities. */
export function registryColumnSpecs(
  columns: readonly RegistryImportColumn[],
  regions: readonly RegionRef[],
): ColumnSpec[] {
  const city = createCityLookup(
    regions
      .filter((r) => r.level === 'city')
      .map((r) => ({ code: r.code, name: r.name, ...(r.shortName ? { short: r.shortName } : {}) })),
  );
  return columns.map((c): ColumnSpec => {
    const head = { key: c.key, header: c.header, aliases: c.aliases, required: c.required };
    switch (c.type) {
      case 'text':
        return { ...head, type: 'text', maxLength: c.maxLength };
      case 'code':
      case 'clusterCode':
        return { ...head, type: 'lookup', lookup: normaliseClusterCode };
      case 'clusterCodes':
        return { ...head, type: 'lookup', lookup: createListLookup(normaliseClusterCode) };
      case 'creditCode':
        return { ...head, type: 'creditCode' };
      case 'date':
        return { ...head, type: 'date' };
      case 'city':
        return { ...head, type: 'lookup', lookup: city };
      case 'cities':
        return { ...head, type: 'lookup', lookup: createListLookup(city) };
      case 'county':
        // resolved with the row's city (createCountyResolver): 市中区 is in Jinan and in Zaozhuang
        return { ...head, type: 'text' };
      default:
        // 'choice'
        return {
          ...head,
          type: 'lookup',
          lookup: createLookup((c.choices ?? []) as readonly LookupEntry[], {
            label: c.label ?? { zh: c.header, en: c.key },
          }),
        };
    }
  });
}

/** Drop-down values of a column for the template (undefined: free text). */
export function registryColumnValues(
  column: RegistryImportColumn,
  regions: readonly RegionRef[],
): string[] | undefined {
  switch (column.type) {
    case 'city':
      return regions.filter((r) => r.level === 'city').map((r) => r.name);
    case 'choice':
      return (column.choices ?? []).map((c) => c.name);
    default:
      return undefined;
  }
}
