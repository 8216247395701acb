import type { DemoReference } from '@qunce/core/demo';
import { clusterTiers } from '@qunce/core/registry';
import { z } from 'zod';
import { readReferenceJson } from '../reference/reference.seed.ts';

const referenceSchema = z.object({
  cities: z.object({
    cities: z.array(z.object({ code: z.string(), name: z.string(), short: z.string(), nameEn: z.string() })),
  }),
  counties: z.object({
    counties: z.array(z.object({ code: z.string(), name: z.string(), cityCode: z.string() })),
  }),
  clusters: z.object({
    clusters: z.array(
      z.object({
        name: z.string(),
        nameEn: z.string().optional(),
        cities: z.array(z.string()),
        tier: z.enum(clusterTiers),
        since: z.number().int(),
        field: z.string(),
        history: z.array(z.object({ tier: z.enum(clusterTiers), since: z.number().int() })).optional(),
      }),
    ),
  }),
});

/** Cities, counties and public-record clusters from the reference files shipped with the server. */
export function readDemoReference(): DemoReference {
  const parsed = referenceSchema.parse({
    cities: readReferenceJson('cities.json'),
    counties: readReferenceJson('counties.json'),
    clusters: readReferenceJson('clusters-public-record.json'),
  });
  return {
    cities: parsed.cities.cities,
    counties: parsed.counties.counties,
    publicClusters: parsed.clusters.clusters,
  };
}
