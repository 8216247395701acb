import { describe, expect, it } from 'vitest';
import { validationRulesSchema } from './collection.contract.ts';
import {
  buildCityLeague,
  checkRulesAgainstMetrics,
  evaluateComparison,
  findOutliers,
  isFuturePeriod,
  isOnTime,
  nextState,
  parseComparison,
  type StagedValue,
  sampleStandardDeviation,
  validateSubmission,
} from './collection-rules.ts';

const values = (entries: Record<string, number | null>) => new Map(Object.entries(entries));

describe('cross-field formulas', () => {
  it('rd-expense <= revenue: 30 ≤ 1000 holds, 1200 ≤ 1000 fails, missing revenue cannot be judged', () => {
    const rule = parseComparison('rd-expense <= revenue');
    expect(evaluateComparison(rule, values({ 'rd-expense': 30, revenue: 1000 })).holds).toBe(true);
    expect(evaluateComparison(rule, values({ 'rd-expense': 1200, revenue: 1000 }))).toEqual({
      holds: false,
      left: 1200,
      right: 1000,
    });
    expect(evaluateComparison(rule, values({ 'rd-expense': 30, revenue: null })).holds).toBeNull();
  });

  it('local-purchases <= purchases * 1.0 and (a + b) / 2 >= 10 - 4 * 2 with precedence: (3 + 5) / 2 = 4 ≥ 10 − 8 = 2', () => {
    expect(evaluateComparison(parseComparison('(a + b) / 2 >= 10 - 4 * 2'), values({ a: 3, b: 5 }))).toEqual({
      holds: true,
      left: 4,
      right: 2,
    });
    expect(
      evaluateComparison(
        parseComparison('local-purchases <= purchases * 1.0'),
        values({ 'local-purchases': 80, purchases: 100 }),
      ).holds,
    ).toBe(true);
    expect(evaluateComparison(parseComparison('-a < 0'), values({ a: 2 })).holds).toBe(true);
  });

  it('refuses formulas without a comparison, with unknown characters or dangling text (400)', () => {
    expect(() => parseComparison('rd-expense + revenue')).toThrow(/comparison/);
    expect(() => parseComparison('rd-expense <= revenue;')).toThrow(/unexpected/);
    expect(() => parseComparison('a <= b c')).toThrow(/after the comparison/);
  });

  it('a data set’s rules may name only its metrics', () => {
    const rules = validationRulesSchema.parse({
      required: ['revenue'],
      crossField: [{ formula: 'rd-expense <= revenue' }],
      outliers: [{ metric: 'employees', sdMultiple: 3 }],
    });
    expect(checkRulesAgainstMetrics(rules, ['revenue', 'rd-expense', 'employees'])).toEqual([]);
    expect(checkRulesAgainstMetrics(rules, ['revenue'])).toHaveLength(2);
  });
});

describe('outliers against the subject’s own history', () => {
  it('sample sd of 100, 110, 90, 100 = √(200 / 3) = 8.165', () => {
    expect(sampleStandardDeviation([100, 110, 90, 100])).toBeCloseTo(8.165, 3);
  });

  it('history 100, 110, 90, 100 (mean 100, sd 8.165), N = 3: 130 is |130 − 100| / 8.165 = 3.67 sd > 3, an outlier; 120 is 2.45 sd, not', () => {
    const rule = { sdMultiple: 3, minHistory: 3 };
    const [finding] = findOutliers(130, [100, 110, 90, 100], null, rule);
    expect(finding?.kind).toBe('sd');
    expect(finding?.kind === 'sd' && finding.deviations).toBeCloseTo(3.674, 3);
    expect(findOutliers(120, [100, 110, 90, 100], null, rule)).toEqual([]);
  });

  it('year-on-year bound 50%: 160 after 100 is +60% > 50%, an outlier; 40 after 100 is −60%; 140 is +40%, not', () => {
    const rule = { yoyBound: 0.5, minHistory: 3 };
    expect(findOutliers(160, [], 100, rule)).toEqual([
      { kind: 'yoy', previous: 100, change: expect.closeTo(0.6, 9), bound: 0.5 },
    ]);
    expect(findOutliers(40, [], 100, rule)[0]?.kind).toBe('yoy');
    expect(findOutliers(140, [], 100, rule)).toEqual([]);
  });

  it('too little history (2 values < minHistory 3), a flat history (sd 0) or a zero previous year flag nothing', () => {
    expect(findOutliers(500, [100, 110], null, { sdMultiple: 2, minHistory: 3 })).toEqual([]);
    expect(findOutliers(500, [100, 100, 100], null, { sdMultiple: 2, minHistory: 3 })).toEqual([]);
    expect(findOutliers(500, [], 0, { yoyBound: 0.1, minHistory: 3 })).toEqual([]);
  });
});

describe('validateSubmission', () => {
  const rules = validationRulesSchema.parse({
    required: ['revenue'],
    ranges: [{ metric: 'employees', min: 0 }],
    crossField: [{ formula: 'rd-expense <= revenue', message: '研发费用不得超过营业收入 / R&D ≤ revenue' }],
    outliers: [{ metric: 'revenue', yoyBound: 0.5 }],
  });
  const staged = (entries: Record<string, Record<string, StagedValue>>) =>
    new Map(Object.entries(entries).map(([s, m]) => [s, new Map(Object.entries(m))]));
  const v = (value: number | null, comment: string | null = null): StagedValue => ({ value, comment });
  const history = () => ({ values: [], previous: 1000 });

  it('A: revenue 1000 → 1800 is +80% > 50% without a comment (blocking); B: missing revenue, R&D 50 > revenue —, employees −1', () => {
    const report = validateSubmission({
      subjects: ['A', 'B'],
      metrics: ['revenue', 'rd-expense', 'employees'],
      rules,
      values: staged({
        A: { revenue: v(1800), 'rd-expense': v(30) },
        B: { 'rd-expense': v(50), employees: v(-1) },
      }),
      history,
    });
    expect(report.ok).toBe(false);
    expect(report.values).toBe(4);
    expect(report.issues.map((i) => [i.subjectCode, i.kind, i.blocking])).toEqual([
      ['A', 'outlier', true],
      ['B', 'required', true],
      ['B', 'range', true],
    ]);
  });

  it('the same outlier with a comment passes (listed, not blocking); R&D 2000 > revenue 1000 fails the cross-field rule', () => {
    const passing = validateSubmission({
      subjects: ['A'],
      metrics: ['revenue', 'rd-expense'],
      rules,
      values: staged({ A: { revenue: v(1800, '新产线投产 / new line'), 'rd-expense': v(30) } }),
      history,
    });
    expect(passing.ok).toBe(true);
    expect(passing.issues).toMatchObject([{ kind: 'outlier', blocking: false }]);
    const failing = validateSubmission({
      subjects: ['A'],
      metrics: ['revenue', 'rd-expense'],
      rules,
      values: staged({ A: { revenue: v(1000), 'rd-expense': v(2000) } }),
      history,
    });
    expect(failing.issues).toMatchObject([
      {
        kind: 'cross_field',
        metric: 'rd-expense',
        value: 2000,
        message: '研发费用不得超过营业收入 / R&D ≤ revenue',
      },
    ]);
  });
});

describe('state machine and time', () => {
  it('open → submitted → returned (reason) → submitted → accepted → reopened (reason) → submitted', () => {
    expect(nextState('open', 'submit', null)).toBe('submitted');
    expect(nextState('submitted', 'return', '数据有误 / wrong figures')).toBe('returned');
    expect(nextState('returned', 'submit', null)).toBe('submitted');
    expect(nextState('submitted', 'accept', null)).toBe('accepted');
    expect(nextState('accepted', 'reopen', '补充更正 / correction')).toBe('reopened');
    expect(nextState('reopened', 'submit', null)).toBe('submitted');
  });

  it('refuses accepting an open submission (422), returning without a reason (400), submitting an accepted one (422)', () => {
    expect(() => nextState('open', 'accept', null)).toThrow(
      expect.objectContaining({ code: 'rule_violated' }),
    );
    expect(() => nextState('submitted', 'return', '  ')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => nextState('accepted', 'submit', null)).toThrow(
      expect.objectContaining({ code: 'rule_violated' }),
    );
  });

  it('2026 has not ended on 2026-11-28 (future); 2025 and 2026M10YTD (ends 10-31) have', () => {
    expect(isFuturePeriod('2026', '2026-11-28')).toBe(true);
    expect(isFuturePeriod('2025', '2026-11-28')).toBe(false);
    expect(isFuturePeriod('2026M10YTD', '2026-11-28')).toBe(false);
    expect(isFuturePeriod('2026Q4', '2026-11-28')).toBe(true);
  });

  it('on time: first submitted at or before the deadline; nothing yet: null before, false after', () => {
    const deadline = new Date('2026-03-31T15:59:59Z');
    expect(isOnTime(new Date('2026-03-31T15:59:59Z'), deadline, new Date('2026-05-01Z'))).toBe(true);
    expect(isOnTime(new Date('2026-04-01T00:00:00Z'), deadline, new Date('2026-05-01Z'))).toBe(false);
    expect(isOnTime(null, deadline, new Date('2026-03-01Z'))).toBeNull();
    expect(isOnTime(null, deadline, new Date('2026-04-01Z'))).toBe(false);
  });
});

describe('league table by city', () => {
  it('潍坊 2/2 submitted on time ranks 1; 青岛 1/2 (one missing) ranks 2 with completeness 0.5, timeliness 0.5', () => {
    const league = buildCityLeague([
      { cityCode: '370200', cityName: '青岛市', state: 'accepted', onTime: true, everReturned: true },
      { cityCode: '370200', cityName: '青岛市', state: 'open', onTime: false, everReturned: false },
      { cityCode: '370700', cityName: '潍坊市', state: 'submitted', onTime: true, everReturned: false },
      { cityCode: '370700', cityName: '潍坊市', state: 'accepted', onTime: true, everReturned: false },
    ]);
    expect(league).toEqual([
      expect.objectContaining({ rank: 1, cityCode: '370700', submitted: 2, completeness: 1, timeliness: 1 }),
      expect.objectContaining({
        rank: 2,
        cityCode: '370200',
        submitted: 1,
        missing: 1,
        returned: 1,
        accepted: 1,
        completeness: 0.5,
        timeliness: 0.5,
      }),
    ]);
  });

  it('equal cities share a rank: 1, 1, 3', () => {
    const row = (cityCode: string, onTime: boolean | null) => ({
      cityCode,
      cityName: cityCode,
      state: 'submitted' as const,
      onTime,
      everReturned: false,
    });
    expect(buildCityLeague([row('A', true), row('B', true), row('C', false)]).map((r) => r.rank)).toEqual([
      1, 1, 3,
    ]);
  });
});
