import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp } from '../../../test/identity-fixtures.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { collectionValues, enterprises, observationLocks, observations } from '../../db/schema/index.ts';
import { seedCollectionDemo } from './collection.demo.ts';
import { getCompleteness } from './collection.service.ts';

let t: IdentityTestApp;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  // one enterprise in 济南 (city-370100, the first bureau: accepted) with its 2025 revenue and R&D
  const [J] = buildCreditCodes(1, 801, '370100') as [string];
  const at = new Date('2026-01-01T00:00:00Z');
  await t.database.db.insert(enterprises).values({
    creditCode: J,
    name: '济南演示企业',
    cityCode: '370100',
    industryDivision: '34',
    isAboveScale: true,
    createdAt: at,
    updatedAt: at,
  });
  for (const [metricCode, value] of [
    ['revenue', 1000],
    ['rd-expense', 30],
  ] as const) {
    await t.database.db.insert(observations).values({
      subjectType: 'enterprise',
      subjectCode: J,
      metricCode,
      period: '2025',
      periodKind: 'year',
      periodEnd: '2025-12-31',
      value,
      source: 'imported',
      status: 'accepted',
      createdAt: at,
      updatedAt: at,
    });
  }
});

afterAll(async () => {
  await t.close();
});

describe('seedCollectionDemo', () => {
  it('16 city bureaus on 2026-05-01: 5 accepted, 4 submitted on time + 1 late, 2 returned, 4 open past the deadline; a second run adds nothing', async () => {
    const actor = { actorId: null, actorName: 'system', ip: null, at: t.clock.now() };
    expect(await seedCollectionDemo(t.database.db, actor)).toEqual({ submissions: 16 });
    expect(await seedCollectionDemo(t.database.db, actor)).toEqual({ submissions: 0 });
    const report = await getCompleteness(
      t.database.db,
      null,
      { period: '2025' },
      new Date('2026-05-01T00:00:00Z'),
    );
    expect(report.totals).toEqual({
      assignments: 16,
      open: 4,
      submitted: 5,
      returned: 2,
      accepted: 5,
      reopened: 0,
      late: 1,
      missing: 4,
    });
    expect(report.cities).toHaveLength(16);
    // 济南's two figures are staged in its accepted submission and locked
    expect(await t.database.db.select({ value: collectionValues.value }).from(collectionValues)).toHaveLength(
      2,
    );
    expect(await t.database.db.select().from(observationLocks)).toHaveLength(2);
    // completeness 1 for the 12 cities that submitted (ranked first), 0 for the 4 open ones
    expect(report.cities.filter((c) => c.completeness === 1)).toHaveLength(12);
    expect(report.cities.slice(-4).every((c) => c.missing === 1 && c.rank === 13)).toBe(true);
  });
});
