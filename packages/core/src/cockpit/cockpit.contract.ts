/**
 * The cockpit's one aggregate read (`GET /api/cockpit/summary`): the "3830" pattern against its goals,
 * one row per city for the province map, and the yearly trends of cluster output and R&D intensity.
 * Figures are in scope: a city bureau sees its own city, a promoting organisation its clusters.
 */
import { z } from 'zod';
import { clusterTiers } from '../targets/target.contract.ts';

/** The policy's goal (鲁政办字〔2023〕185号, policy-2023-185.json `pattern3830`): 3 world-class, 8 national, 30 provincial. */
export const pattern3830Goals = { worldClass: 3, national: 8, provincial: 30 } as const;

export const cockpitTierRowSchema = z.object({
  tier: z.enum(clusterTiers),
  /** The policy goal for the tier; null for `candidate`. */
  goal: z.number().int().nullable(),
  /** Clusters holding the tier (recognised or rectifying; candidates: every non-revoked candidate). */
  reached: z.number().int(),
  /** Non-revoked clusters cultivated toward the tier that have not reached it. */
  cultivating: z.number().int(),
});

export const cockpitCitySchema = z.object({
  cityCode: z.string(),
  name: z.string(),
  nameEn: z.string(),
  /** Non-revoked clusters having the city among their cities (a cross-city cluster counts in each). */
  clusterCount: z.number().int(),
  /** Gross industrial output (万元) in `year` of the clusters the city leads (their rolled-up figures). */
  output: z.number().nullable(),
  /** 100 × R&D expense / revenue of the clusters the city leads, in `year` (%). */
  rdIntensity: z.number().nullable(),
  /** Mean index score, in the latest published evaluation, of the scored clusters the city leads. */
  index: z.number().nullable(),
});

export const cockpitTrendPointSchema = z.object({
  period: z.string(),
  /** Gross industrial output (万元) summed over the clusters in scope (an enterprise in two clusters counts in both). */
  clusterOutput: z.number().nullable(),
  /** 100 × Σ R&D expense / Σ revenue over the clusters in scope (%). */
  clusterRdIntensity: z.number().nullable(),
  /** The province's published R&D intensity of above-scale industry (%), when entered. */
  provinceRdIntensity: z.number().nullable(),
});

export const cockpitSummarySchema = z.object({
  /** The latest year with cluster output figures (the map's year); null when there are none. */
  year: z.string().nullable(),
  tiers: z.array(cockpitTierRowSchema),
  /** Clusters in scope that are not revoked. */
  activeClusters: z.number().int(),
  cities: z.array(cockpitCitySchema),
  trends: z.array(cockpitTrendPointSchema),
  /** The published evaluation the cities' `index` comes from (newest period, then newest publication). */
  indexRun: z.object({ id: z.string(), period: z.string(), frameworkVersion: z.string() }).nullable(),
});

export type CockpitTierRow = z.infer<typeof cockpitTierRowSchema>;
export type CockpitCity = z.infer<typeof cockpitCitySchema>;
export type CockpitTrendPoint = z.infer<typeof cockpitTrendPointSchema>;
export type CockpitSummary = z.infer<typeof cockpitSummarySchema>;
