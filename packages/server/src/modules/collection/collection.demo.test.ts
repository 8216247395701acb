import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { collectionValues, enterprises, observationLocks, observations } from '../../db/schema/index.ts';
import { demoQuarterOf, seedCollectionDemo } from './collection.demo.ts';
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
    // 16 annual + 16 quarterly submissions + the demo cluster organisation's return awaiting city review
    expect(await seedCollectionDemo(t.database.db, actor)).toEqual({ submissions: 33 });
    expect(await seedCollectionDemo(t.database.db, actor)).toEqual({ submissions: 0 });
    const report = await getCompleteness(
      t.database.db,
      null,
      { period: '2025', dataSet: 'enterprise-annual' },
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

  it('demo-city (潍坊) owes two submissions (the 2025 annual return returned with its reason, the 2025Q4 quarterly draft due 2026-04-01, 30 days after the demo clock 2026-03-02) and reviews the demo cluster organisation’s return', async () => {
    const city = await signIn(t.app, 'demo-city');
    const todo = await t.app.inject({ method: 'GET', url: '/api/collection/todo', headers: city.headers });
    expect(todo.statusCode).toBe(200);
    const items = todo.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(
      items.map(({ kind, dataSet, period, assignee, state, deadline, overdue, reason }) => ({
        kind,
        dataSet,
        period,
        assignee,
        state,
        deadline,
        overdue,
        reason,
      })),
    ).toEqual([
      {
        kind: 'submit',
        dataSet: 'enterprise-annual',
        period: '2025',
        assignee: 'city-370700',
        state: 'returned',
        deadline: '2026-03-31T15:59:59.000Z',
        overdue: false,
        reason: '部分企业研发费用为零，请核实 / some enterprises report no R&D: check',
      },
      {
        kind: 'submit',
        dataSet: 'enterprise-quarterly',
        period: '2025Q4',
        assignee: 'city-370700',
        state: 'open',
        deadline: '2026-04-01T15:59:59.000Z',
        overdue: false,
        reason: null,
      },
      {
        kind: 'city_review',
        dataSet: 'cluster-org-annual',
        period: '2025',
        assignee: 'cluster-org-demo',
        state: 'submitted',
        deadline: '2026-04-01T15:59:59.000Z',
        overdue: false,
        reason: null,
      },
    ]);
  });

  it('the province still has the 4 on-time + 1 late annual submissions to accept, and not the one awaiting city review', async () => {
    const province = await signIn(t.app, 'demo-province');
    const todo = await t.app.inject({
      method: 'GET',
      url: '/api/collection/todo',
      headers: province.headers,
    });
    const items = todo.json<{
      items: Array<{ kind: string; state: string; period: string; dataSet: string }>;
    }>().items;
    expect(items.some((i) => i.dataSet === 'cluster-org-annual')).toBe(false);
    expect(
      items.filter((i) => i.kind === 'review' && i.state === 'submitted' && i.period === '2025'),
    ).toHaveLength(5);
  });
});

describe('demoQuarterOf', () => {
  it.each([
    ['2026-03-02T01:00:00.000Z', '2025Q4', '2026-04-01T15:59:59.000Z'],
    // 2026-06-30T17:00Z is 2026-07-01 01:00 in China: Q3 has begun, so Q2 is reported; +30 days = 07-31
    ['2026-06-30T17:00:00.000Z', '2026Q2', '2026-07-31T15:59:59.000Z'],
    ['2026-11-28T05:00:00.000Z', '2026Q3', '2026-12-28T15:59:59.000Z'],
  ])('demo clock %s → last quarter ended %s, due %s (30 days on, 23:59:59 UTC+8)', (at, period, deadline) => {
    const got = demoQuarterOf(new Date(at));
    expect({ period: got.period, deadline: got.deadline.toISOString() }).toEqual({ period, deadline });
  });
});
