/**
 * The seed metric catalogue: what the policy's 2025 targets and the cluster evaluation framework need.
 * Codes are stable and match the demo data and the import templates. Amounts in 万元. The bootstrap
 * inserts entries that are missing and leaves edited ones alone.
 */
import type { MetricDefinitionInput } from './metric.contract.ts';

const amounts = ['year', 'quarter', 'ytd'] as const;
const yearly = ['year'] as const;
const statisticsBureau = '省统计局 / Shandong Provincial Bureau of Statistics';
const miit = '省工业和信息化厅 / Department of Industry and Information Technology';

const summed = (
  code: string,
  name: string,
  nameEn: string,
  unit: string,
  extra: readonly ('city' | 'industry' | 'park')[] = [],
): MetricDefinitionInput => ({
  code,
  name,
  nameEn,
  unit,
  periodKinds: [...amounts],
  subjectTypes: ['enterprise', 'cluster', ...extra],
  derivation: { kind: 'rollup', rule: { kind: 'sum', metric: code } },
  publisher: null,
  description: `集群值 = 成员企业${name}之和 / cluster value = Σ members' ${nameEn.toLowerCase()}`,
});

const designatedCount = (
  code: string,
  name: string,
  nameEn: string,
  designationTypes: string[],
  levels?: string[],
): MetricDefinitionInput => ({
  code,
  name,
  nameEn,
  unit: '家',
  periodKinds: [...yearly, 'quarter'],
  subjectTypes: ['cluster', 'province'],
  derivation: {
    kind: 'rollup',
    rule: { kind: 'count_designated', designationTypes, ...(levels ? { levels } : {}), mode: 'valid_on' },
    province: true,
  },
  publisher: null,
  description:
    '期末有效资质的不同成员企业数；全省值按企业去重（同属两个集群的企业只计一次） / distinct members holding a valid designation at the period end; the province-wide value counts each enterprise once',
});

export const metricCatalogue: readonly MetricDefinitionInput[] = [
  summed('revenue', '营业收入', 'Revenue', '万元'),
  summed('industrial-output', '工业总产值', 'Gross industrial output', '万元', ['city', 'industry', 'park']),
  summed('rd-expense', '研发费用', 'R&D expense', '万元'),
  summed('high-tech-product-revenue', '高新技术产品收入', 'High-tech product revenue', '万元'),
  summed('purchases', '采购总额', 'Purchases', '万元'),
  summed('local-purchases', '本地配套采购额', 'Purchases from local suppliers', '万元'),
  {
    ...summed('employees', '从业人员', 'Employees', '人'),
    periodKinds: ['year'],
  },
  {
    code: 'rd-intensity-above-scale',
    name: '规上工业企业研发投入强度',
    nameEn: 'R&D intensity of above-scale industrial enterprises',
    unit: '%',
    periodKinds: [...yearly],
    subjectTypes: ['cluster', 'city', 'province'],
    derivation: {
      kind: 'rollup',
      rule: {
        kind: 'ratio_of_sums',
        numerator: 'rd-expense',
        denominator: 'revenue',
        scale: 100,
        filter: { aboveScaleOnly: true },
      },
    },
    publisher: statisticsBureau,
    description:
      '集群值 = 100 × Σ研发费用 / Σ营业收入（规上成员企业）；全省、市值为统计部门公布数，录入而非推算 / cluster value = 100 × Σ R&D / Σ revenue over above-scale members; province and city values are entered as the statistics bureau publishes them',
  },
  {
    code: 'rd-intensity-gap',
    name: '研发投入强度与全省平均差距',
    nameEn: 'R&D intensity gap to the provincial average',
    unit: '百分点',
    periodKinds: [...yearly],
    subjectTypes: ['cluster'],
    derivation: { kind: 'gap_to_province', metric: 'rd-intensity-above-scale' },
    publisher: null,
    description:
      '集群规上研发投入强度 − 全省平均（统计部门公布） / cluster above-scale R&D intensity − provincial average as published',
  },
  {
    code: 'local-supporting-rate',
    name: '本地配套率',
    nameEn: 'Local supporting rate',
    unit: '%',
    periodKinds: [...amounts],
    subjectTypes: ['cluster'],
    derivation: {
      kind: 'rollup',
      rule: { kind: 'ratio_of_sums', numerator: 'local-purchases', denominator: 'purchases', scale: 100 },
    },
    publisher: null,
    description: '100 × Σ本地配套采购额 / Σ采购总额 / 100 × Σ local purchases / Σ purchases',
  },
  {
    code: 'high-tech-product-share',
    name: '高新技术产品收入占比',
    nameEn: 'Share of high-tech product revenue',
    unit: '%',
    periodKinds: [...amounts],
    subjectTypes: ['cluster'],
    derivation: {
      kind: 'rollup',
      rule: {
        kind: 'ratio_of_sums',
        numerator: 'high-tech-product-revenue',
        denominator: 'revenue',
        scale: 100,
      },
    },
    publisher: null,
    description: '100 × Σ高新技术产品收入 / Σ营业收入 / 100 × Σ high-tech product revenue / Σ revenue',
  },
  {
    code: 'member-enterprises',
    name: '集群成员企业数',
    nameEn: 'Member enterprises',
    unit: '家',
    periodKinds: [...yearly, 'quarter'],
    subjectTypes: ['cluster', 'province'],
    derivation: { kind: 'rollup', rule: { kind: 'count_members' }, province: true },
    publisher: null,
    description:
      '期末在册成员企业数；全省值按企业去重 / members at the period end; the province-wide value counts each enterprise once',
  },
  designatedCount('high-tech-enterprises', '高新技术企业数', 'High-tech enterprises', ['high-tech']),
  designatedCount('specialised-smes', '专精特新中小企业数', 'Specialised and sophisticated SMEs', [
    'specialised-sme',
  ]),
  designatedCount('little-giants', '专精特新“小巨人”企业数', '“Little giant” enterprises', ['little-giant']),
  designatedCount(
    'national-single-champions',
    '国家级制造业单项冠军数',
    'National single-item champions',
    ['single-champion'],
    ['national'],
  ),
  {
    code: 'high-tech-enterprise-share',
    name: '高新技术企业占比',
    nameEn: 'Share of high-tech enterprises',
    unit: '%',
    periodKinds: [...yearly],
    subjectTypes: ['cluster', 'province'],
    derivation: {
      kind: 'rollup',
      rule: { kind: 'share_designated', designationTypes: ['high-tech'], scale: 100 },
      province: true,
    },
    publisher: null,
    description: '100 × 高新技术企业数 / 成员企业数 / 100 × high-tech members / members',
  },
  {
    code: 'industry-output-reported',
    name: '产业工业总产值（工信厅报送）',
    nameEn: 'Industry output as reported by the department',
    unit: '亿元',
    periodKinds: [...amounts],
    subjectTypes: ['industry', 'province'],
    derivation: null,
    publisher: miit,
    description:
      '按政策产业目录报送的产业总产值，录入 / output of each policy industry as reported, entered not derived',
  },
];
