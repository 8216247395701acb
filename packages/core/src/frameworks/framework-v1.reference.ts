/**
 * The reference data set `reference-2023` on which framework v1's entropy weights were computed once and
 * frozen: twelve illustrative cluster profiles for 2023 (with 2022 output for the growth indicator),
 * spanning the range the policy's tiers describe (a world-class candidate down to a young candidate
 * cluster). They are synthetic, labelled as such, and exist so that anyone can recompute the frozen
 * weights; a later framework version freezes its weights on the province's accepted figures of a named
 * year instead. Metric names as in formulas (underscores for the catalogue's hyphens).
 */
import type { EvaluationData } from '../evaluation/spec/evaluation-data.schema.ts';

export const frameworkV1ReferenceName = 'reference-2023';

const columns = [
  'rd_intensity_above_scale',
  'high_tech_enterprises',
  'member_enterprises',
  'national_innovation_carriers',
  'provincial_innovation_carriers',
  'high_tech_product_share',
  'smart_factories',
  'digital_workshops',
  'eco_industrial_park_share',
  'national_single_champions',
  'provincial_single_champions',
  'little_giants',
  'gazelles',
  'unicorns',
  'industrial_output',
  'local_supporting_rate',
  'specialised_smes',
  'promoting_org_activities',
] as const;

// code, then the columns above in order, then industrial output of 2022 (万元)
const rows: [string, ...number[]][] = [
  ['REF-01', 4.1, 118, 310, 9, 34, 62, 21, 38, 100, 7, 12, 31, 14, 3, 28_600_000, 68, 96, 22],
  ['REF-02', 3.6, 96, 280, 7, 29, 55, 18, 30, 50, 5, 9, 24, 11, 1, 21_400_000, 61, 80, 18],
  ['REF-03', 3.2, 74, 240, 5, 22, 48, 12, 26, 50, 3, 8, 18, 9, 1, 15_800_000, 57, 66, 15],
  ['REF-04', 2.9, 60, 220, 4, 19, 44, 10, 19, 100, 2, 6, 14, 6, 0, 12_100_000, 52, 58, 12],
  ['REF-05', 2.5, 48, 200, 3, 15, 39, 8, 15, 0, 2, 5, 11, 5, 0, 9_300_000, 49, 47, 10],
  ['REF-06', 2.2, 41, 190, 2, 13, 35, 6, 12, 50, 1, 4, 9, 4, 0, 7_600_000, 44, 40, 9],
  ['REF-07', 2.0, 33, 160, 2, 11, 31, 5, 10, 0, 1, 3, 7, 3, 0, 5_900_000, 41, 33, 8],
  ['REF-08', 1.8, 27, 150, 1, 9, 28, 4, 8, 33, 0, 3, 6, 2, 0, 4_800_000, 38, 28, 7],
  ['REF-09', 1.6, 22, 140, 1, 7, 24, 3, 6, 0, 0, 2, 4, 2, 0, 3_600_000, 35, 22, 6],
  ['REF-10', 1.4, 17, 120, 0, 6, 21, 2, 5, 0, 0, 1, 3, 1, 0, 2_700_000, 31, 17, 5],
  ['REF-11', 1.2, 12, 100, 0, 4, 17, 1, 3, 0, 0, 1, 2, 1, 0, 1_900_000, 27, 12, 4],
  ['REF-12', 1.0, 8, 80, 0, 3, 14, 1, 2, 0, 0, 0, 1, 0, 0, 1_200_000, 22, 8, 3],
];
const output2022 = [
  26_000_000, 19_800_000, 14_900_000, 11_500_000, 8_400_000, 7_300_000, 5_300_000, 4_700_000, 3_300_000,
  2_600_000, 1_600_000, 1_150_000,
];

export const frameworkV1Reference: EvaluationData = {
  units: rows.map(([code]) => ({ code })),
  period: '2023',
  values: Object.fromEntries(columns.map((c, j) => [c, rows.map(([, ...values]) => values[j] ?? null)])),
  panel: [{ period: '2022', values: { industrial_output: output2022 } }],
};
