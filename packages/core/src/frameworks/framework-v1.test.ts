import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../evaluation/canonical-json.ts';
import { freezeWeights } from '../evaluation/pipeline/freeze-weights.ts';
import { runPipeline } from '../evaluation/pipeline/run-pipeline.ts';
import { parseEvaluationSpec } from '../evaluation/spec/evaluation-spec.schema.ts';
import { ahpWeights } from '../evaluation/weights/ahp.ts';
import { metricCatalogue } from '../metrics/metric-catalogue.ts';
import {
  assertFormulasResolve,
  formulaNameOf,
  frameworkMetricCodes,
  indicatorMetricsOf,
  metricCodeOf,
} from './framework-definition.ts';
import { frameworkV1Reference } from './framework-v1.reference.ts';
import {
  buildFrameworkV1,
  frameworkV1AreaJudgements,
  frameworkV1Areas,
  frameworkV1Indicators,
  frameworkV1Root,
  frameworkV1SpecInput,
} from './framework-v1.ts';
import { indexScoreSpread } from './score-spread.ts';

const framework = buildFrameworkV1();
const catalogue = metricCatalogue.map((m) => m.code);

describe('framework v1', () => {
  it('its frozen spec validates with the engine and covers the five task areas with 15 indicators', () => {
    const spec = parseEvaluationSpec(framework.spec);
    expect(spec.weighting.method).toBe('frozen');
    expect(spec.nodes.filter((n) => n.parent === frameworkV1Root).map((n) => n.code)).toEqual(
      frameworkV1Areas.map((a) => a.code),
    );
    expect(spec.nodes.filter((n) => n.kind === 'indicator')).toHaveLength(15);
    expect(framework.illustrative).toBe(true);
    expect(framework.referencePeriod).toBe('reference-2023');
  });

  it('every indicator formula resolves against the metric catalogue', () => {
    expect(() => assertFormulasResolve(framework.spec, catalogue)).not.toThrow();
    expect(frameworkMetricCodes(framework.spec)).toContain('rd-intensity-above-scale');
    const growth = indicatorMetricsOf(framework.spec).find((i) => i.indicator === 'lead_output_growth');
    expect(growth).toMatchObject({ metrics: ['industrial-output'], maxLag: 1 });
    expect(() =>
      assertFormulasResolve(
        framework.spec,
        catalogue.filter((c) => c !== 'gazelles'),
      ),
    ).toThrow(/gazelles_unicorns reads gazelles/);
  });

  it('metric names: rd-intensity-above-scale ↔ rd_intensity_above_scale', () => {
    expect(formulaNameOf('rd-intensity-above-scale')).toBe('rd_intensity_above_scale');
    expect(metricCodeOf('rd_intensity_above_scale')).toBe('rd-intensity-above-scale');
  });

  it('area weights = the AHP eigenvector of the illustrative matrix, consistent (CR < 0.1)', () => {
    const ahp = ahpWeights(frameworkV1AreaJudgements, { derivation: 'eigenvector', riTable: 'saaty' });
    expect(ahp.cr).toBeLessThan(0.1);
    const weighting = framework.spec.weighting;
    if (weighting.method !== 'frozen') throw new Error('not frozen');
    frameworkV1Areas.forEach((a, i) => {
      expect(weighting.weights[a.code]).toBeCloseTo(ahp.weights[i] as number, 12);
    });
    // innovation 0.376 > manufacturing = market 0.215 > ecosystem 0.121 > governance 0.074
    expect(weighting.weights.innovation).toBeCloseTo(0.376, 3);
    expect(weighting.weights.governance).toBeCloseTo(0.0738, 4);
  });

  it('recomputing the entropy weights on reference-2023 gives the frozen weights bit for bit', () => {
    const again = freezeWeights(frameworkV1SpecInput(), frameworkV1Reference, {
      reference: 'reference-2023',
    });
    expect(canonicalJson(again)).toBe(canonicalJson(framework.spec));
    const weighting = framework.spec.weighting;
    if (weighting.method !== 'frozen') throw new Error('not frozen');
    // within an area the indicator weights sum to the number of its indicators (subjective total, all 1)
    for (const area of frameworkV1Areas) {
      const codes = frameworkV1Indicators.filter((i) => i.area === area.code).map((i) => i.code);
      const total = codes.reduce((s, c) => s + (weighting.weights[c] ?? 0), 0);
      expect(total).toBeCloseTo(codes.length, 12);
    }
    // governance has one indicator: its weight is 1
    expect(weighting.weights.promoting_org_activity).toBe(1);
  });

  it('goalposts: REF-01 R&D intensity (4.1 − 0) / (5 − 0) × 100 = 82; growth 100 × (28.6 / 26 − 1) = 10 % → (10 + 10) / 30 × 100 = 66.67', () => {
    const result = runPipeline(framework.spec, frameworkV1Reference);
    const ref01 = result.units.find((u) => u.code === 'REF-01');
    expect(ref01?.scores.rd_intensity).toBeCloseTo(82, 10);
    expect(ref01?.scores.lead_output_growth).toBeCloseTo(66.6667, 3);
  });

  it('absolute scale: a cluster scored alone gets the score it gets among the twelve', () => {
    const all = runPipeline(framework.spec, frameworkV1Reference);
    const j = 4;
    const alone = {
      units: [{ code: 'REF-05' }],
      period: '2023',
      values: Object.fromEntries(
        Object.entries(frameworkV1Reference.values).map(([k, v]) => [k, [v[j] ?? null]]),
      ),
      panel: [{ period: '2022', values: { industrial_output: [8_400_000] } }],
    };
    const single = runPipeline(framework.spec, alone);
    expect(single.units[0]?.scores[frameworkV1Root]).toBe(
      all.units.find((u) => u.code === 'REF-05')?.scores[frameworkV1Root],
    );
  });

  it('score spread under ±25 % weights is deterministic and zero for a weight-independent unit', () => {
    const a = indexScoreSpread(framework.spec, frameworkV1Reference, { runs: 200, seed: 7 });
    const b = indexScoreSpread(framework.spec, frameworkV1Reference, { runs: 200, seed: 7 });
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(a.sd['REF-01']).toBeGreaterThan(0);
    // every indicator at the same normalised value v → every weighted mean is v whatever the weights
    const flat = {
      units: [{ code: 'FLAT' }],
      period: '2023',
      values: Object.fromEntries(
        frameworkV1Indicators.map((i) => [
          i.code,
          [i.goalposts.lower + (i.goalposts.upper - i.goalposts.lower) / 2],
        ]),
      ),
    };
    const flatSpec = parseEvaluationSpec({
      ...framework.spec,
      nodes: framework.spec.nodes.map((n) => (n.kind === 'indicator' ? { ...n, formula: n.code } : n)),
    });
    const spread = indexScoreSpread(flatSpec, flat, { runs: 50, seed: 1 });
    expect(spread.sd.FLAT).toBeCloseTo(0, 10);
  });
});
