import { describe, expect, it } from 'vitest';
import { checkEligibility } from './eligibility.ts';
import { holidays2026 } from './holidays-2026.ts';
import { assignPanel, drawPanel, type PoolExpert, recusalReasons } from './panel.ts';
import { checkAspectSheet, defaultAspects, rankApplications, trimmedMean } from './scoring.ts';
import {
  buildCalendar,
  countWorkingDays,
  endOfWorkingDays,
  isWorkingDay,
  weekdayOf,
} from './working-days.ts';

const calendar = buildCalendar(holidays2026);

describe('working days on the 2026 calendar', () => {
  it('weekdays: 2026-01-01 is a Thursday, 2026-02-14 a Saturday', () => {
    expect(weekdayOf('2026-01-01')).toBe(4);
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(weekdayOf('2026-09-20')).toBe(0);
  });
  it('调休: Saturday 2026-02-14 is worked, Monday 2026-02-16 (春节) is off, an ordinary Saturday is off', () => {
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true);
    expect(isWorkingDay('2026-02-16', calendar)).toBe(false);
    expect(isWorkingDay('2026-03-07', calendar)).toBe(false);
    expect(isWorkingDay('2026-03-09', calendar)).toBe(true);
  });
  it('5 working days from Thu 2026-02-12: 12, 13, Sat 14 (调休), then 15–23 off, 24, 25 → ends Wed 2026-02-25', () => {
    expect(endOfWorkingDays('2026-02-12', 5, calendar)).toBe('2026-02-25');
    expect(countWorkingDays('2026-02-12', '2026-02-25', calendar)).toBe(5);
  });
  it('5 working days from Thu 2026-09-24: 24, 28, 29, 30 (中秋 25–27 off), 国庆 1–7 off → ends Thu 2026-10-08', () => {
    expect(endOfWorkingDays('2026-09-24', 5, calendar)).toBe('2026-10-08');
  });
  it('a start on a holiday counts from the next working day: 7 working days from 2026-05-01 → 6, 7, 8, Sat 9 (调休), 11, 12, 13', () => {
    expect(endOfWorkingDays('2026-05-01', 7, calendar)).toBe('2026-05-13');
  });
  it('the seeded 2026 list: 33 days off and 6 调休 working days', () => {
    expect(holidays2026.filter((d) => d.kind === 'holiday')).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(holidays2026.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
});

describe('trimmed mean of expert totals', () => {
  it('five experts 70, 80, 82, 84, 95: drop 70 and 95, mean (80 + 82 + 84) / 3 = 82, s = 2, s.e. = 2 / √3', () => {
    const t = trimmedMean([95, 80, 70, 84, 82]);
    expect(t.mean).toBeCloseTo(82, 12);
    expect(t.sd).toBeCloseTo(2, 12);
    expect(t.standardError).toBeCloseTo(2 / Math.sqrt(3), 12);
    expect(t.dropped).toEqual([70, 95]);
  });
  it('four experts 70, 80, 90, 100: nothing dropped, mean 85', () => {
    const t = trimmedMean([70, 80, 90, 100]);
    expect(t.mean).toBe(85);
    expect(t.dropped).toEqual([]);
  });
});

describe('aspect sheet', () => {
  it('the six aspects sum to 100; a score above an aspect maximum and an unknown aspect are reported', () => {
    expect(defaultAspects.reduce((s, a) => s + a.max, 0)).toBe(100);
    const full = { foundation: 18, approach: 12, targets: 13, tasks: 17, measures: 16, safeguards: 9 };
    expect(checkAspectSheet(defaultAspects, full)).toEqual({ problems: [], total: 85 });
    const bad = checkAspectSheet(defaultAspects, { ...full, safeguards: 11, extra: 1 });
    expect(bad.problems).toEqual([
      { aspect: 'safeguards', reason: 'out_of_range', max: 10 },
      { aspect: 'extra', reason: 'unknown' },
    ]);
  });
});

describe('combined ranking', () => {
  const q = (score: number, sd: number) => ({ score, sd, rank: null, rankLow: null, rankHigh: null });
  it('w = 0.6: A = 0.6·80 + 0.4·82 = 80.8; quota 2 line half-way between 2nd and 3rd; B and C borderline, A not', () => {
    const ranking = rankApplications(
      [
        { applicationId: 'a', clusterCode: 'A', quantitative: q(80, 1), expertTotals: [70, 80, 82, 84, 95] },
        { applicationId: 'b', clusterCode: 'B', quantitative: q(70, 2), expertTotals: [74, 76, 78] },
        { applicationId: 'c', clusterCode: 'C', quantitative: q(69, 2), expertTotals: [75, 77, 79] },
      ],
      0.6,
      2,
    );
    const [a, b, c] = ranking.rows;
    expect(a).toMatchObject({
      clusterCode: 'A',
      rank: 1,
      combinedScore: 80.8,
      withinQuota: true,
      borderline: false,
    });
    // B = 0.6·70 + 0.4·76 = 72.4; C = 0.6·69 + 0.4·77 = 72.2; line (72.4 + 72.2) / 2 = 72.3
    expect(b).toMatchObject({ clusterCode: 'B', combinedScore: 72.4, withinQuota: true, borderline: true });
    expect(c).toMatchObject({ clusterCode: 'C', combinedScore: 72.2, withinQuota: false, borderline: true });
    expect(ranking.line).toBeCloseTo(72.3, 10);
    // σ_A = √((0.6·1)² + (0.4·2/√3)²) = √(0.36 + 0.21333) = 0.757188
    expect(a?.combinedSd).toBeCloseTo(0.757188, 6);
  });
  it('no line when the quota covers everyone', () => {
    const ranking = rankApplications(
      [{ applicationId: 'a', clusterCode: 'A', quantitative: q(50, 5), expertTotals: [60] }],
      0.5,
      3,
    );
    expect(ranking.line).toBeNull();
    expect(ranking.rows[0]?.borderline).toBe(false);
  });
});

describe('eligibility', () => {
  it('output 80 亿元 below a minimum of 100 and no promoting organisation: ineligible with both reasons', () => {
    const r = checkEligibility(
      { minLeadIndustryOutput: 100, requirePromotingOrganisation: true, allowedTiers: ['candidate'] },
      { leadIndustryOutput: 80, hasPromotingOrganisation: false, tier: 'candidate', memberCount: 10 },
    );
    expect(r.eligible).toBe(false);
    expect(r.checks.map((c) => [c.rule, c.passed])).toEqual([
      ['minLeadIndustryOutput', false],
      ['requirePromotingOrganisation', false],
      ['allowedTiers', true],
    ]);
    expect(r.checks[0]?.message).toMatch(/80 亿元低于 100/);
  });
});

describe('panel draw and recusal', () => {
  const pool: PoolExpert[] = Array.from({ length: 8 }, (_, i) => ({
    id: `e${i}`,
    fields: i % 2 === 0 ? ['equipment'] : ['chemicals'],
    cityCode: i === 0 ? '370700' : '370100',
    employerCreditCode: i === 1 ? 'EMP1' : null,
    conflictClusterCodes: i === 2 ? ['X'] : [],
    active: i !== 7,
  }));
  it('the same seed draws the same panel; another seed another order; inactive experts never drawn', () => {
    const first = drawPanel(pool, { size: 5, seed: 42 });
    expect(drawPanel(pool, { size: 5, seed: 42 })).toEqual(first);
    expect(first).toHaveLength(5);
    expect(first).not.toContain('e7');
    expect(drawPanel(pool, { size: 7, seed: 7 })).not.toEqual(drawPanel(pool, { size: 7, seed: 8 }));
    expect(drawPanel(pool, { size: 10, seed: 1, fields: ['equipment'] }).sort()).toEqual([
      'e0',
      'e2',
      'e4',
      'e6',
    ]);
  });
  it('recusal: city, member employer, declared conflict', () => {
    const applicant = {
      applicationId: 'x',
      clusterCode: 'X',
      cityCodes: ['370700'],
      memberCreditCodes: new Set(['EMP1']),
    };
    expect(recusalReasons(pool[0] as PoolExpert, applicant)).toEqual(['same_city']);
    expect(recusalReasons(pool[1] as PoolExpert, applicant)).toEqual(['member_employer']);
    expect(recusalReasons(pool[2] as PoolExpert, applicant)).toEqual(['declared_conflict']);
    const { assignments, recusals } = assignPanel(pool.slice(0, 4), [applicant]);
    expect(assignments).toEqual([{ expertId: 'e3', applicationId: 'x' }]);
    expect(recusals).toHaveLength(3);
  });
});
