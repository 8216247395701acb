/**
 * Framework v1 "集群综合竞争力评价 v1" (cluster comprehensive competitiveness, version 1): the policy's five
 * task areas (鲁政办字〔2023〕185号) as the dimensions, each indicator a formula over catalogue metrics,
 * goalpost normalisation (absolute: one cluster can be scored alone and years stay comparable), weighted
 * arithmetic means at every level.
 *
 * Weights, frozen in the version: the five areas by AHP over an illustrative pairwise matrix (marked
 * illustrative until the province records its own judgements); the indicators within each area by
 * entropy on the goalpost-normalised reference data set `reference-2023` (framework-v1.reference.ts),
 * computed once by `freezeWeights` (combined weighting, multiplicative rule: the areas keep their AHP
 * weights, equal subjective indicator weights × entropy = entropy). One page per indicator:
 * docs/methods/framework-v1/.
 */

import { freezeWeights } from '../evaluation/pipeline/freeze-weights.ts';
import type { EvaluationSpecInput } from '../evaluation/spec/evaluation-spec.schema.ts';
import type { FrameworkDefinition } from './framework-definition.ts';
import { frameworkV1Reference, frameworkV1ReferenceName } from './framework-v1.reference.ts';

export type FrameworkIndicator = {
  code: string;
  area: string;
  name: string;
  nameEn: string;
  formula: string;
  unit: string;
  goalposts: { lower: number; upper: number };
  direction: 1 | -1;
};

export const frameworkV1Areas = [
  { code: 'innovation', name: '创新能力', nameEn: 'Innovation' },
  { code: 'manufacturing', name: '高端化智能化绿色化', nameEn: 'High-end, smart and green manufacturing' },
  { code: 'market', name: '市场主体', nameEn: 'Market players' },
  { code: 'ecosystem', name: '资源要素与产业生态', nameEn: 'Resources and ecosystem' },
  { code: 'governance', name: '治理与开放合作', nameEn: 'Governance and openness' },
] as const;

export const frameworkV1Indicators: readonly FrameworkIndicator[] = [
  {
    code: 'rd_intensity',
    area: 'innovation',
    name: '规上成员企业研发投入强度',
    nameEn: 'R&D intensity of above-scale members',
    formula: 'rd_intensity_above_scale',
    unit: '%',
    goalposts: { lower: 0, upper: 5 },
    direction: 1,
  },
  {
    code: 'hte_per_100',
    area: 'innovation',
    name: '每百家成员企业高新技术企业数',
    nameEn: 'High-tech enterprises per 100 members',
    formula: '100 * high_tech_enterprises / member_enterprises',
    unit: '家/百家',
    goalposts: { lower: 0, upper: 50 },
    direction: 1,
  },
  {
    code: 'national_carriers',
    area: 'innovation',
    name: '国家级创新载体数',
    nameEn: 'National innovation carriers',
    formula: 'national_innovation_carriers',
    unit: '个',
    goalposts: { lower: 0, upper: 10 },
    direction: 1,
  },
  {
    code: 'provincial_carriers',
    area: 'innovation',
    name: '省级创新载体数',
    nameEn: 'Provincial innovation carriers',
    formula: 'provincial_innovation_carriers',
    unit: '个',
    goalposts: { lower: 0, upper: 40 },
    direction: 1,
  },
  {
    code: 'high_tech_product_share',
    area: 'manufacturing',
    name: '高新技术产品收入占比',
    nameEn: 'Share of high-tech product revenue',
    formula: 'high_tech_product_share',
    unit: '%',
    goalposts: { lower: 0, upper: 80 },
    direction: 1,
  },
  {
    code: 'smart_factories',
    area: 'manufacturing',
    name: '智能工厂和数字化车间数',
    nameEn: 'Smart factories and digital workshops',
    formula: 'smart_factories + digital_workshops',
    unit: '个',
    goalposts: { lower: 0, upper: 60 },
    direction: 1,
  },
  {
    code: 'eco_park_share',
    area: 'manufacturing',
    name: '生态工业园区占比',
    nameEn: 'Share of eco-industrial parks',
    formula: 'eco_industrial_park_share',
    unit: '%',
    goalposts: { lower: 0, upper: 100 },
    direction: 1,
  },
  {
    code: 'single_champions',
    area: 'market',
    name: '制造业单项冠军数（国家级+省级）',
    nameEn: 'Single-item champions (national and provincial)',
    formula: 'national_single_champions + provincial_single_champions',
    unit: '家',
    goalposts: { lower: 0, upper: 20 },
    direction: 1,
  },
  {
    code: 'little_giants',
    area: 'market',
    name: '专精特新“小巨人”企业数',
    nameEn: '“Little giant” enterprises',
    formula: 'little_giants',
    unit: '家',
    goalposts: { lower: 0, upper: 40 },
    direction: 1,
  },
  {
    code: 'gazelles_unicorns',
    area: 'market',
    name: '瞪羚和独角兽企业数',
    nameEn: 'Gazelles and unicorns',
    formula: 'gazelles + unicorns',
    unit: '家',
    goalposts: { lower: 0, upper: 30 },
    direction: 1,
  },
  {
    code: 'lead_output',
    area: 'market',
    name: '主导产业产值',
    nameEn: 'Lead-industry output',
    formula: 'industrial_output / 10000',
    unit: '亿元',
    goalposts: { lower: 0, upper: 3000 },
    direction: 1,
  },
  {
    code: 'lead_output_growth',
    area: 'market',
    name: '主导产业产值增速',
    nameEn: 'Lead-industry output growth',
    formula: '100 * (industrial_output[t] / industrial_output[t-1] - 1)',
    unit: '%',
    goalposts: { lower: -10, upper: 20 },
    direction: 1,
  },
  {
    code: 'local_supporting_rate',
    area: 'ecosystem',
    name: '本地配套率',
    nameEn: 'Local supporting rate',
    formula: 'local_supporting_rate',
    unit: '%',
    goalposts: { lower: 0, upper: 80 },
    direction: 1,
  },
  {
    code: 'smes_per_100',
    area: 'ecosystem',
    name: '每百家成员企业专精特新中小企业数',
    nameEn: 'Specialised SMEs per 100 members',
    formula: '100 * specialised_smes / member_enterprises',
    unit: '家/百家',
    goalposts: { lower: 0, upper: 40 },
    direction: 1,
  },
  {
    code: 'promoting_org_activity',
    area: 'governance',
    name: '集群促进组织年度活动数',
    nameEn: 'Promoting-organisation activities in the year',
    formula: 'promoting_org_activities',
    unit: '次',
    goalposts: { lower: 0, upper: 24 },
    direction: 1,
  },
];

/**
 * Illustrative AHP judgements over the five areas (Saaty's 1–9 scale; rows and columns in the order of
 * frameworkV1Areas): innovation moderately more important than manufacturing and market players, which
 * are equal, and so on. To be replaced by the province's recorded judgements in a later version.
 */
export const frameworkV1AreaJudgements: number[][] = [
  [1, 2, 2, 3, 4],
  [1 / 2, 1, 1, 2, 3],
  [1 / 2, 1, 1, 2, 3],
  [1 / 3, 1 / 2, 1 / 2, 1, 2],
  [1 / 4, 1 / 3, 1 / 3, 1 / 2, 1],
];

/** Tier boundaries on the absolute index (thresholds, best first); below the last: candidate. */
export const frameworkV1Tiers = {
  method: 'thresholds',
  tiers: [
    { code: 'world', min: 75 },
    { code: 'national', min: 60 },
    { code: 'provincial', min: 45 },
  ],
  rest: 'candidate',
} as const;

/** Triennial review line: a recognised cluster whose absolute index falls below it is rectified or revoked. */
export const frameworkV1ReviewLine = 40;

export const frameworkV1Root = 'competitiveness';

/** The spec before its weights are frozen (AHP over areas × entropy within areas). */
export function frameworkV1SpecInput(): EvaluationSpecInput {
  return {
    version: 1,
    nodes: [
      { code: frameworkV1Root, name: '集群综合竞争力指数', parent: null, kind: 'aggregate' },
      ...frameworkV1Areas.map((a) => ({
        code: a.code,
        name: a.name,
        parent: frameworkV1Root,
        kind: 'aggregate' as const,
      })),
      ...frameworkV1Indicators.map((i) => ({
        code: i.code,
        name: i.name,
        parent: i.area,
        kind: 'indicator' as const,
        formula: i.formula,
        direction: i.direction,
        goalposts: i.goalposts,
        unit: i.unit,
      })),
    ],
    imputation: { method: 'none' },
    treatment: { method: 'none' },
    normalisation: { method: 'goalposts', scale: 100 },
    weighting: {
      method: 'combined',
      subjective: {
        method: 'ahp',
        judgements: {
          [frameworkV1Root]: {
            children: frameworkV1Areas.map((a) => a.code),
            pairwise: frameworkV1AreaJudgements,
            derivation: 'eigenvector',
            riTable: 'saaty',
          },
        },
        onInconsistent: 'refuse',
      },
      objective: { method: 'derived', derivation: 'entropy' },
      rule: 'multiplicative',
    },
    aggregation: { method: 'arithmetic', minAvailability: 0 },
    tiers: frameworkV1Tiers,
    seed: 20231,
  };
}

/** Framework v1 with its weights frozen on `reference-2023` (pure and deterministic). */
export function buildFrameworkV1(): FrameworkDefinition {
  const spec = freezeWeights(frameworkV1SpecInput(), frameworkV1Reference, {
    reference: frameworkV1ReferenceName,
  });
  return {
    version: 'v1',
    name: '集群综合竞争力评价 v1',
    nameEn: 'Cluster comprehensive competitiveness v1',
    spec,
    reviewLine: frameworkV1ReviewLine,
    referencePeriod: frameworkV1ReferenceName,
    illustrative: true,
    description:
      '五大任务领域（创新能力；高端化智能化绿色化；市场主体；资源要素与产业生态；治理与开放合作）15 项指标，目标区间（goalposts）标准化，领域权重为示意性 AHP（待省厅录入正式判断），领域内指标权重为参考数据集 reference-2023 上一次性计算的熵权并冻结 / Five policy task areas, 15 indicators, goalpost normalisation; area weights from an illustrative AHP (until the province records its own judgements), indicator weights by entropy computed once on the reference data set reference-2023 and frozen.',
  };
}
