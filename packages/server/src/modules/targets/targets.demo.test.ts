import { type ProgressStatus, progressStatuses } from '@qunce/core/targets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { seedOrganisations } from '../organisations/organisations.seed.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import { seedTargetsDemo } from './targets.demo.ts';
import { getTargetsStatus } from './targets.service.ts';

let database: TestDatabase;
const actor = { actorId: null, actorName: 'system', ip: null, at: new Date('2026-03-02T01:00:00Z') };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
  await seedOrganisations(database.db);
  await seedTargetsDemo(database.db, actor);
});
afterAll(async () => {
  await database.drop();
});

const statusesOn = async (date: string) => {
  const body = await getTargetsStatus(database.db, { date });
  return new Map(body.targets.map((t) => [t.code, t]));
};

describe('demo targets: every status class by a worked example', () => {
  it('2024-12-31, T07 share 38 → 43.2 (2 yr): slope 2.6 vs (45 − 38)/3 = 2.333: ratio 1.114 → on_track', async () => {
    const t07 = (await statusesOn('2024-12-31')).get('T07');
    expect(t07?.calculation.ratio).toBeCloseTo(2.6 / (7 / 3), 10);
    expect(t07?.status).toBe('on_track');
  });

  it('2024-12-31, T11 5G coverage 80 → 90: slope 5 vs (100 − 80)/3 = 6.667: ratio 0.75 → needs_acceleration', async () => {
    const t11 = (await statusesOn('2024-12-31')).get('T11');
    expect(t11?.calculation.ratio).toBeCloseTo(0.75, 10);
    expect(t11?.status).toBe('needs_acceleration');
  });

  it('2024-12-31, T08 R&D gap 0.9 → 1.1 pp: slope 0.1 vs (1.5 − 0.9)/3 = 0.2: ratio 0.5 → limited_progress', async () => {
    const t08 = (await statusesOn('2024-12-31')).get('T08');
    expect(t08?.calculation.ratio).toBeCloseTo(0.5, 10);
    expect(t08?.status).toBe('limited_progress');
  });

  it('2024-12-31, T23 local supporting rate 44 → 42: slope −1 vs (50 − 44)/3 = 2: ratio −0.5 → deteriorating', async () => {
    const t23 = (await statusesOn('2024-12-31')).get('T23');
    expect(t23?.calculation.ratio).toBeCloseTo(-0.5, 10);
    expect(t23?.status).toBe('deteriorating');
  });

  it('T14 has no baseline → no_data', async () => {
    expect((await statusesOn('2024-12-31')).get('T14')?.status).toBe('no_data');
  });

  it('2026-03-01 (deadline passed): T07 45.3 ≥ 45 → achieved; T04 3 industries ≥ 5000亿元 (5400, 5200, 5050) → achieved', async () => {
    const after = await statusesOn('2026-03-01');
    expect(after.get('T07')).toMatchObject({ actual: 45.3, status: 'achieved' });
    expect(after.get('T04')).toMatchObject({ actual: 3, status: 'achieved' });
  });

  it('2026-03-01: T08 |1.2 − 1.5| = 0.3 > 0.15 → not_achieved; T05 5 named + 新能源装备 (3100) in the open slot = 6 < 7 → not_achieved', async () => {
    const after = await statusesOn('2026-03-01');
    expect(after.get('T08')).toMatchObject({ actual: 1.2, status: 'not_achieved' });
    expect(after.get('T05')).toMatchObject({ actual: 6, status: 'not_achieved' });
  });

  it('between the two dates all seven classes appear, and seeding again changes nothing', async () => {
    const seen = new Set<ProgressStatus>();
    for (const date of ['2024-12-31', '2026-03-01'])
      for (const t of (await statusesOn(date)).values()) seen.add(t.status);
    expect([...seen].sort()).toEqual([...progressStatuses].sort());
    const before = JSON.stringify(await getTargetsStatus(database.db, { date: '2024-12-31' }));
    await seedTargetsDemo(database.db, actor);
    expect(JSON.stringify(await getTargetsStatus(database.db, { date: '2024-12-31' }))).toBe(before);
  });
});
