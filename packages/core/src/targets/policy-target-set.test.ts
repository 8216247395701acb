import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import policy from './fixtures/policy-2023-185.json';
import {
  buildPolicyTargetSet,
  expandObligations,
  parseYuanThreshold,
  withBaselines,
} from './policy-target-set.ts';
import { assessProgress } from './progress.ts';

const cities = [
  { code: '370100', name: '济南市' },
  { code: '370200', name: '青岛市' },
  { code: '370700', name: '潍坊市' },
];

describe('the 2023 policy target set (鲁政办字〔2023〕185号)', () => {
  const set = buildPolicyTargetSet(policy);
  const byCode = new Map(set.targets.map((t) => [t.code, t]));
  const get = (code: string) => {
    const t = byCode.get(code);
    if (!t) throw new Error(`missing ${code}`);
    return t;
  };

  it('has the 23 targets T01–T23, all due 2025-12-31, set "policy-2023-185" version 1, no baselines yet', () => {
    expect(set.targets.map((t) => t.code)).toEqual(
      Array.from({ length: 23 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`),
    );
    expect(set.code).toBe('policy-2023-185');
    expect(set.version).toBe(1);
    expect(set.targets.every((t) => t.deadline === '2025-12-31' && t.baseline === null)).toBe(true);
  });

  it('trend: % and 百分点 (T07, T08, T11, T15, T23) linear, the 18 counts compound', () => {
    const linear = set.targets.filter((t) => t.trend === 'linear').map((t) => t.code);
    expect(linear).toEqual(['T07', 'T08', 'T11', 'T15', 'T23']);
  });

  it('左右 targets get ±10 %: T08 1.5 ± 0.15 pp, T22 15 ± 1.5, T23 50 ± 5 %; others none', () => {
    expect(get('T08').tolerance).toBeCloseTo(0.15, 12);
    expect(get('T22').tolerance).toBeCloseTo(1.5, 12);
    expect(get('T23').tolerance).toBeCloseTo(5, 12);
    expect(get('T06').tolerance).toBeNull();
    expect(buildPolicyTargetSet(policy, { tolerances: { T22: 2 } }).targets[21]?.tolerance).toBe(2);
  });

  it('departments from the task, first listed leads: T06 (2.1.1) 省工业和信息化厅 + 省发展改革委, 省科技厅', () => {
    expect(get('T06').departments).toEqual({
      lead: '省工业和信息化厅',
      coOwners: ['省发展改革委', '省科技厅'],
    });
    expect(get('T15').departments).toEqual({ lead: '省工业和信息化厅', coOwners: ['省生态环境厅'] });
  });

  it('overall goals T01–T05 (no 责任单位 in the text): 省工业和信息化厅 leads with 各市人民政府', () => {
    expect(get('T01').departments).toEqual({ lead: '省工业和信息化厅', coOwners: ['各市人民政府'] });
  });

  it('bindings: T06 valid-on-date in clusters; T12 cumulative grants; T18 province-wide; T05 industry output ≥ 3000亿元; T23 reported', () => {
    expect(get('T06').binding).toMatchObject({
      kind: 'registry',
      scope: 'recognised-clusters',
      counting: 'valid-on-date',
    });
    expect(get('T12').binding).toMatchObject({ kind: 'registry', counting: 'cumulative-grants' });
    expect(get('T18').binding).toMatchObject({ kind: 'registry', scope: 'province' });
    expect(get('T05').binding).toEqual({ kind: 'industry-output', scaleGroup: 'S3000', thresholdYuan: 3e11 });
    expect(get('T23').binding).toEqual({ kind: 'reported', reporter: '省工业和信息化厅' });
    for (const code of ['T18', 'T19', 'T20', 'T21', 'T22'])
      expect(get(code).binding).toMatchObject({ scope: 'province' });
  });

  it('"5000亿元" = 5000 × 10⁸ = 5 × 10¹¹ yuan', () => {
    expect(parseYuanThreshold('5000亿元')).toBe(5e11);
    expect(() => parseYuanThreshold('5000万元')).toThrow(AppError);
  });

  it('refuses a document of another shape, and a target whose task does not exist', () => {
    expect(() => buildPolicyTargetSet({ document: {} })).toThrow(AppError);
    const broken = { ...policy, targets: [{ ...policy.targets[5], task: '9.9' }] };
    expect(() => buildPolicyTargetSet(broken)).toThrow(/unknown task 9.9/);
  });

  it('with a baseline filled in, T06 is assessed: 3000 (2022) → 4200 (2024) → on_track', () => {
    const withBase = withBaselines(set, { T06: { period: '2022', date: '2022-12-31', value: 3000 } });
    const t06 = withBase.targets.find((t) => t.code === 'T06');
    if (!t06) throw new Error('T06');
    const a = assessProgress({
      target: t06,
      observations: [{ date: '2024-12-31', value: 4200 }],
      asOf: '2025-06-30',
    });
    expect(a.status).toBe('on_track');
    expect(() => withBaselines(set, { T99: { period: '2022', date: '2022-12-31', value: 1 } })).toThrow(
      AppError,
    );
    // a baseline dated after the deadline is refused
    expect(() => withBaselines(set, { T06: { period: '2026', date: '2026-12-31', value: 1 } })).toThrow(
      /baseline/,
    );
  });
});

describe('obligations: 各市人民政府 expands to one per city', () => {
  it('task 3.3 (省工业和信息化厅, 省发展改革委, 省财政厅, 各市人民政府) with 3 cities → 3 + 3 = 6 obligations', () => {
    const task = policy.tasks.find((t) => t.code === '3.3');
    const [lead = '', ...coOwners] = task?.units ?? [];
    const obligations = expandObligations({ lead, coOwners }, cities);
    expect(obligations).toHaveLength(6);
    expect(obligations[0]).toEqual({
      unit: '省工业和信息化厅',
      role: 'lead',
      cityCode: null,
      expandedFrom: null,
    });
    expect(obligations[3]).toEqual({
      unit: '济南市人民政府',
      role: 'co-owner',
      cityCode: '370100',
      expandedFrom: '各市人民政府',
    });
    expect(obligations.map((o) => o.unit)).toContain('潍坊市人民政府');
  });

  it('with 16 cities the collective owner becomes 16 obligations; a unit listed twice counts once', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => ({
      code: `37${String(i + 1).padStart(2, '0')}00`,
      name: `第${i + 1}市`,
    }));
    const obligations = expandObligations(
      { lead: '各市人民政府', coOwners: ['省政府有关部门', '各市人民政府'] },
      sixteen,
    );
    expect(obligations).toHaveLength(17);
    expect(obligations.filter((o) => o.role === 'lead')).toHaveLength(16);
  });
});
