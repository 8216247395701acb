import { AppError, type RegionsResponse, regionsResponseSchema } from '@qunce/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireUser } from '../auth/auth.hooks.ts';
import { listCircleCityRows, listCircleRows, listRegionRows } from './reference.repository.ts';

/** Reference data is public within the platform: any signed-in user may read it. */
export async function referenceRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  api.get(
    '/reference/regions',
    {
      schema: {
        tags: ['reference'],
        summary: '省、市与经济圈 / province, cities and economic circles',
        response: { 200: regionsResponseSchema },
      },
    },
    async (request): Promise<RegionsResponse> => {
      requireUser(request);
      const [regionRows, circleRows, links] = [
        await listRegionRows(db),
        await listCircleRows(db),
        await listCircleCityRows(db),
      ];
      const province = regionRows.find((row) => row.level === 'province');
      if (!province) throw new AppError('internal', '参考数据未加载 / reference data not loaded');
      return {
        province: { code: province.code, name: province.name, nameEn: province.nameEn },
        cities: regionRows
          .filter((row) => row.level === 'city')
          .map((row) => ({
            code: row.code,
            name: row.name,
            nameEn: row.nameEn,
            shortName: row.shortName,
            isHeart: row.isHeart,
            circleCodes: links.filter((link) => link.cityCode === row.code).map((link) => link.circleCode),
          })),
        circles: circleRows.map((row) => ({
          code: row.code,
          name: row.name,
          nameEn: row.nameEn,
          cityCodes: links.filter((link) => link.circleCode === row.code).map((link) => link.cityCode),
        })),
      };
    },
  );
}
