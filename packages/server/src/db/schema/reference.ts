import { boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Provinces, cities and counties (GB/T 2260 codes). */
export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  shortName: text('short_name'),
  level: text('level', { enum: ['province', 'city', 'county'] }).notNull(),
  parentCode: text('parent_code'),
  sortOrder: integer('sort_order').notNull().default(0),
  /** One of the "two hearts" (两心) of the regional layout, e.g. Jinan and Qingdao in Shandong. */
  isHeart: boolean('is_heart').notNull().default(false),
});

/** Economic circles (一群两心三圈) and the cities in each. */
export const economicCircles = pgTable('economic_circles', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const economicCircleCities = pgTable(
  'economic_circle_cities',
  {
    circleCode: text('circle_code')
      .notNull()
      .references(() => economicCircles.code),
    cityCode: text('city_code')
      .notNull()
      .references(() => regions.code),
  },
  (table) => [primaryKey({ columns: [table.circleCode, table.cityCode] })],
);

export type RegionRow = typeof regions.$inferSelect;
export type EconomicCircleRow = typeof economicCircles.$inferSelect;
