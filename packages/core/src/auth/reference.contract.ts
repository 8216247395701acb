import { z } from 'zod';

/** `GET /api/reference/regions`: the province, its cities and economic circles (for selects, maps, filters). */
export const regionsResponseSchema = z.object({
  province: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  cities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      shortName: z.string().nullable(),
      isHeart: z.boolean(),
      circleCodes: z.array(z.string()),
    }),
  ),
  circles: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      cityCodes: z.array(z.string()),
    }),
  ),
});
export type RegionsResponse = z.infer<typeof regionsResponseSchema>;
