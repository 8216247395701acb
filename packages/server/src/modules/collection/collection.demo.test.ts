import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp } from '../../../test/identity-fixtures.ts';
import { seedCollectionDemo } from './collection.demo.ts';
import { getCompleteness } from './collection.service.ts';

let t: IdentityTestApp;

beforeAll(async () => {
  t = await buildIdentityTestApp();
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
    // completeness 1 for the 12 cities that submitted (ranked first), 0 for the 4 open ones
    expect(report.cities.filter((c) => c.completeness === 1)).toHaveLength(12);
    expect(report.cities.slice(-4).every((c) => c.missing === 1 && c.rank === 13)).toBe(true);
  });
});
