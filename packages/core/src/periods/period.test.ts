import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import {
  comparableGrowth,
  comparePeriods,
  findPeriod,
  formatPeriod,
  isComparable,
  nextPeriod,
  type Period,
  parsePeriod,
  periodContaining,
  periodEndDate,
  periodIncludesDate,
  periodLabel,
  periodRange,
  periodSchema,
  periodStartDate,
  previousComparable,
  sortPeriods,
} from './period.ts';

describe('parse and format', () => {
  it('parses the three kinds', () => {
    expect(parsePeriod('2024')).toEqual({ kind: 'year', year: 2024 });
    expect(parsePeriod('2024Q3')).toEqual({ kind: 'quarter', year: 2024, quarter: 3 });
    expect(parsePeriod('2024M09YTD')).toEqual({ kind: 'ytd', year: 2024, month: 9 });
  });

  it.each([
    '',
    '24',
    '2024Q5',
    '2024Q0',
    '2024M9YTD',
    '2024M13YTD',
    '2024M00YTD',
    '2024m09ytd',
    '2024-09',
    ' 2024',
    '1900',
  ])('refuses %j', (text) => {
    expect(findPeriod(text)).toBeNull();
    expect(() => parsePeriod(text)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('the zod schema accepts canonical periods only', () => {
    expect(periodSchema.safeParse('2024M09YTD').success).toBe(true);
    expect(periodSchema.safeParse('2024年').success).toBe(false);
  });

  it('labels periods as statistical tables do: 2024年1—9月, 2024年第3季度', () => {
    expect(periodLabel('2024M09YTD')).toBe('2024年1—9月');
    expect(periodLabel('2024M01YTD')).toBe('2024年1月');
    expect(periodLabel('2024Q3')).toBe('2024年第3季度');
    expect(periodLabel('2024')).toBe('2024年');
  });

  const periodArb: fc.Arbitrary<Period> = fc.oneof(
    fc.integer({ min: 1949, max: 2999 }).map((year): Period => ({ kind: 'year', year })),
    fc
      .tuple(
        fc.integer({ min: 1949, max: 2999 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
      )
      .map(([year, quarter]): Period => ({ kind: 'quarter', year, quarter })),
    fc
      .tuple(fc.integer({ min: 1949, max: 2999 }), fc.integer({ min: 1, max: 12 }))
      .map(([year, month]): Period => ({ kind: 'ytd', year, month })),
  );

  it('property: parse(format(p)) = p and format(parse(s)) = s', () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const text = formatPeriod(p);
        expect(parsePeriod(text)).toEqual(p);
        expect(formatPeriod(parsePeriod(text))).toBe(text);
      }),
    );
  });

  it('property: string order of same-kind periods equals comparePeriods order', () => {
    fc.assert(
      fc.property(periodArb, periodArb, (a, b) => {
        fc.pre(a.kind === b.kind);
        const sa = formatPeriod(a);
        const sb = formatPeriod(b);
        expect(Math.sign(comparePeriods(sa, sb))).toBe(sa === sb ? 0 : sa < sb ? -1 : 1);
      }),
    );
  });
});

describe('dates', () => {
  it.each([
    ['2024', '2024-01-01', '2024-12-31'],
    ['2024Q1', '2024-01-01', '2024-03-31'],
    ['2024Q3', '2024-07-01', '2024-09-30'],
    ['2024M02YTD', '2024-01-01', '2024-02-29'],
    ['2023M02YTD', '2023-01-01', '2023-02-28'],
    ['2024M09YTD', '2024-01-01', '2024-09-30'],
  ])('%s runs from %s to %s', (period, start, end) => {
    expect(periodStartDate(period)).toBe(start);
    expect(periodEndDate(period)).toBe(end);
  });

  it('2024-09-15 lies in 2024, 2024Q3 and 2024M09YTD (the shortest year to date holding it)', () => {
    expect(periodContaining('2024-09-15', 'year')).toBe('2024');
    expect(periodContaining('2024-09-15', 'quarter')).toBe('2024Q3');
    expect(periodContaining('2024-09-15', 'ytd')).toBe('2024M09YTD');
    expect(periodContaining('2024-12-31', 'quarter')).toBe('2024Q4');
    expect(periodIncludesDate('2024M09YTD', '2024-01-01')).toBe(true);
    expect(periodIncludesDate('2024M09YTD', '2024-10-01')).toBe(false);
  });

  it('refuses impossible dates: 2023-02-29', () => {
    expect(() => periodContaining('2023-02-29', 'year')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('order and comparability', () => {
  it('sorts by end date, then longer first, then kind', () => {
    expect(
      sortPeriods([
        '2025Q1',
        '2024Q4',
        '2024M12YTD',
        '2024',
        '2024Q2',
        '2024M06YTD',
        '2024M03YTD',
        '2024Q1',
        '2023',
      ]),
    ).toEqual([
      '2023',
      '2024Q1',
      '2024M03YTD',
      '2024M06YTD',
      '2024Q2',
      '2024',
      '2024M12YTD',
      '2024Q4',
      '2025Q1',
    ]);
  });

  it('2024M09YTD is comparable with 2023M09YTD, not with 2024Q3, 2023M08YTD or 2024', () => {
    expect(isComparable('2024M09YTD', '2023M09YTD')).toBe(true);
    expect(isComparable('2024M09YTD', '2024Q3')).toBe(false);
    expect(isComparable('2024M09YTD', '2023M08YTD')).toBe(false);
    expect(isComparable('2024M09YTD', '2024')).toBe(false);
  });

  it('2024Q1 and 2024M03YTD cover the same months but are different series: not comparable', () => {
    expect(isComparable('2024Q1', '2024M03YTD')).toBe(false);
    expect(isComparable('2024Q1', '2023Q1')).toBe(true);
  });

  it('previousComparable is the same kind one year earlier', () => {
    expect(previousComparable('2024M09YTD')).toBe('2023M09YTD');
    expect(previousComparable('2024Q3')).toBe('2023Q3');
    expect(previousComparable('2024')).toBe('2023');
  });

  it('nextPeriod rolls over years: 2024Q4 → 2025Q1, 2024M12YTD → 2025M01YTD', () => {
    expect(nextPeriod('2024Q4')).toBe('2025Q1');
    expect(nextPeriod('2024M12YTD')).toBe('2025M01YTD');
    expect(nextPeriod('2024')).toBe('2025');
    expect(periodRange('2023Q3', '2024Q2')).toEqual(['2023Q3', '2023Q4', '2024Q1', '2024Q2']);
  });

  it('growth 2024M09YTD 1,150 over 2023M09YTD 1,000 = (1150 − 1000) / 1000 = 15%', () => {
    expect(
      comparableGrowth({ period: '2024M09YTD', value: 1150 }, { period: '2023M09YTD', value: 1000 }),
    ).toBeCloseTo(0.15, 12);
  });

  it('growth of 2024M09YTD over 2024Q3 is refused as rule_violated', () => {
    try {
      comparableGrowth({ period: '2024M09YTD', value: 1150 }, { period: '2024Q3', value: 400 });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('rule_violated');
    }
  });
});
