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

const enteredForClusters = (
  code: string,
  name: string,
  nameEn: string,
  unit: string,
  description: string,
): MetricDefinitionInput => ({
  code,
  name,
  nameEn,
  unit,
  periodKinds: [...yearly],
  subjectTypes: ['cluster'],
  derivation: null,
  publisher: null,
  description,
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
  // Framework v1 (packages/core/src/frameworks/, docs/methods/framework-v1/): designation counts it reads.
  designatedCount(
    'smart-factories',
    '智能工厂数（国家级和省级）',
    'Smart factories (national and provincial)',
    ['national-smart-factory', 'provincial-smart-factory'],
  ),
  designatedCount('digital-workshops', '数字化车间数', 'Digital workshops', ['digital-workshop']),
  designatedCount(
    'provincial-single-champions',
    '省级制造业单项冠军数',
    'Provincial single-item champions',
    ['single-champion'],
    ['provincial'],
  ),
  designatedCount('gazelles', '瞪羚企业数', 'Gazelle enterprises', ['gazelle']),
  designatedCount('unicorns', '独角兽企业数', 'Unicorn enterprises', ['unicorn']),
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
  // Framework v1: cluster figures entered (or imported) per year until the registries derive them.
  enteredForClusters(
    'national-innovation-carriers',
    '国家级创新载体数',
    'National innovation carriers',
    '个',
    '期末集群内国家级创新载体（制造业/技术/产业创新中心、企业技术中心、工业设计中心、重点实验室等）数，按创新载体登记核对后录入 / national-level innovation carriers of the cluster at the period end, entered after checking against the carrier registry',
  ),
  enteredForClusters(
    'provincial-innovation-carriers',
    '省级创新载体数',
    'Provincial innovation carriers',
    '个',
    '期末集群内省级创新载体数，按创新载体登记核对后录入 / provincial-level innovation carriers of the cluster at the period end, entered after checking against the carrier registry',
  ),
  enteredForClusters(
    'eco-industrial-park-share',
    '生态工业园区占比',
    'Share of eco-industrial parks',
    '%',
    '100 × 服务集群的园区中省级及以上生态工业园区数 / 服务集群的园区数，按园区登记核对后录入 / 100 × parks serving the cluster with provincial or national eco-industrial status / parks serving the cluster, entered after checking against the park registry',
  ),
  enteredForClusters(
    'promoting-org-activities',
    '集群促进组织年度活动数',
    'Promoting-organisation activities',
    '次',
    '集群发展促进组织年内组织的对接、培训、交流等活动次数 / events (matchmaking, training, exchanges) the promoting organisation held in the year',
  ),
];
