import { describe, expect, it } from 'vitest';
import { rollup } from '../rollup/rollup.ts';
import {
  derivedSubjectTypes,
  isDerivedFor,
  type MetricDefinition,
  metricDefinitionSchema,
  metricsAffectedBy,
  observationInputSchema,
} from './metric.contract.ts';
import { metricCatalogue } from './metric-catalogue.ts';

const parsed: MetricDefinition[] = metricCatalogue.map((m) => metricDefinitionSchema.parse(m));
const byCode = new Map(parsed.map((m) => [m.code, m]));

function ruleOf(code: string) {
  const derivation = byCode.get(code)?.derivation;
  if (derivation?.kind !== 'rollup') throw new Error(`${code} is not a roll-up`);
  return derivation.rule;
}

describe('seed metric catalogue', () => {
  it('every entry satisfies the contract and codes are unique', () => {
    expect(parsed).toHaveLength(metricCatalogue.length);
    expect(byCode.size).toBe(parsed.length);
  });

  it('roll-up rules only read enterprise metrics of the catalogue, gaps only province-level metrics', () => {
    for (const metric of parsed) {
      const d = metric.derivation;
      if (d?.kind === 'rollup') {
        const inputs =
          d.rule.kind === 'sum'
            ? [d.rule.metric]
            : d.rule.kind === 'ratio_of_sums'
              ? [d.rule.numerator, d.rule.denominator]
              : [];
        for (const input of inputs)
          expect(byCode.get(input)?.subjectTypes, metric.code).toContain('enterprise');
      }
      if (d?.kind === 'gap_to_province') {
        const reference = byCode.get(d.metric);
        expect(reference?.subjectTypes).toContain('province');
        expect(reference && isDerivedFor(reference, 'province')).toBe(false);
      }
    }
  });

  it('the provincial R&D intensity is entered (statistics bureau), the cluster one derived', () => {
    const rd = byCode.get('rd-intensity-above-scale');
    expect(rd && derivedSubjectTypes(rd)).toEqual(['cluster']);
    expect(rd?.publisher).toContain('统计局');
    const count = byCode.get('high-tech-enterprises');
    expect(count && derivedSubjectTypes(count)).toEqual(['cluster', 'province']);
    const revenue = byCode.get('revenue');
    expect(revenue && isDerivedFor(revenue, 'enterprise')).toBe(false);
  });

  it('R&D intensity by the catalogue rule: 100 × (30 + 10) / (1000 + 1000) = 2.0 %, the below-scale firm left out', () => {
    const result = rollup(
      ruleOf('rd-intensity-above-scale'),
      {
        memberships: ['A', 'B', 'C'].map((id) => ({
          enterpriseId: id,
          clusterId: 'K',
          from: '2020-01-01',
          to: null,
        })),
        enterprises: [
          { enterpriseId: 'A', aboveScale: true },
          { enterpriseId: 'B', aboveScale: true },
          { enterpriseId: 'C', aboveScale: false },
        ],
        observations: [
          { enterpriseId: 'A', metric: 'rd-expense', period: '2024', value: 30 },
          { enterpriseId: 'A', metric: 'revenue', period: '2024', value: 1000 },
          { enterpriseId: 'B', metric: 'rd-expense', period: '2024', value: 10 },
          { enterpriseId: 'B', metric: 'revenue', period: '2024', value: 1000 },
          { enterpriseId: 'C', metric: 'rd-expense', period: '2024', value: 50 },
          { enterpriseId: 'C', metric: 'revenue', period: '2024', value: 100 },
        ],
      },
      '2024',
      { kind: 'clusters', clusterIds: ['K'] },
    );
    expect(result.value).toBeCloseTo(2.0, 12);
  });
});

describe('metric and observation contracts', () => {
  it('refuses a derived metric without the cluster subject type', () => {
    const result = metricDefinitionSchema.safeParse({
      code: 'x-sum',
      name: 'x',
      nameEn: 'x',
      unit: '万元',
      periodKinds: ['year'],
      subjectTypes: ['enterprise'],
      derivation: { kind: 'rollup', rule: { kind: 'sum', metric: 'x' } },
      publisher: null,
      description: null,
    });
    expect(result.success).toBe(false);
  });

  it('an observation defaults to entered and provisional; a malformed period is refused', () => {
    const ok = observationInputSchema.parse({
      subjectType: 'enterprise',
      subjectCode: '913707000000000001',
      metric: 'revenue',
      period: '2024M09YTD',
      value: 12.5,
    });
    expect(ok).toMatchObject({ source: 'entered', status: 'provisional' });
    expect(observationInputSchema.safeParse({ ...ok, period: '2024-09' }).success).toBe(false);
    expect(observationInputSchema.safeParse({ ...ok, source: 'rollup' }).success).toBe(false);
  });
});

describe('metrics affected by a write', () => {
  it('revenue feeds its own sum, R&D intensity (and so its gap) and the high-tech product share', () => {
    expect(metricsAffectedBy(parsed, ['revenue'])).toEqual([
      'high-tech-product-share',
      'rd-intensity-above-scale',
      'rd-intensity-gap',
      'revenue',
    ]);
  });

  it('the provincial R&D intensity affects only the gap; employees only their sum; designations nothing here', () => {
    expect(metricsAffectedBy(parsed, ['rd-intensity-above-scale'])).toEqual(['rd-intensity-gap']);
    expect(metricsAffectedBy(parsed, ['employees'])).toEqual(['employees']);
    expect(metricsAffectedBy(parsed, ['industry-output-reported'])).toEqual([]);
  });
});
