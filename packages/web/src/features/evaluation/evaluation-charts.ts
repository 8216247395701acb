/**
 * Chart options and their .xlsx tables for the evaluation studio: the scores on the index axis with
 * the review line and the tier lines of the run, and the run's Sobol' sensitivity indices.
 */
import type { ClusterResult, RunSensitivity } from '@qunce/core/frameworks';
import type { ChartTable } from '../../charts/chart-card.tsx';
import type { EChartsOption } from '../../charts/echarts-setup.ts';

export type ScoreLine = { label: string; score: number; kind: 'review' | 'tier' };

type Boundary = { upper: string; score: number | null };

/** The review line and one line per tier boundary with a finite score (best tier first). */
export function scoreLines(
  boundaries: readonly Boundary[],
  reviewLine: number | undefined,
  label: { tier: (tier: string, score: number) => string; review: (score: number) => string },
): ScoreLine[] {
  const tiers = boundaries.flatMap((b) =>
    b.score === null ? [] : [{ label: label.tier(b.upper, b.score), score: b.score, kind: 'tier' as const }],
  );
  return reviewLine === undefined
    ? tiers
    : [...tiers, { label: label.review(reviewLine), score: reviewLine, kind: 'review' as const }];
}

const lineColours = ['#cf1322', '#d46b08', '#1677ff', '#389e0d', '#531dab'];

/**
 * Horizontal bars of the index score (rank order, best at the top) on a 0–100 axis, each line a
 * vertical line series from the first to the last cluster (dashed for the review line).
 */
export function scoreLinesOption(
  results: readonly ClusterResult[],
  lines: readonly ScoreLine[],
  text: { score: string; aria: string },
): EChartsOption {
  const names = results.map((r) => r.name);
  const first = names[0] ?? '';
  const last = names.at(-1) ?? '';
  return {
    aria: { enabled: true, label: { description: text.aria } },
    tooltip: { trigger: 'item' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, name: text.score },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: text.score,
        data: results.map((r) => Number(r.score.toFixed(2))),
        itemStyle: { color: '#69b1ff' },
        barMaxWidth: 14,
      },
      ...lines.map((line, i) => ({
        type: 'line' as const,
        name: line.label,
        data: [
          [line.score, first],
          [line.score, last],
        ],
        symbol: 'none',
        lineStyle: {
          color: lineColours[i % lineColours.length],
          type: line.kind === 'review' ? ('dashed' as const) : ('solid' as const),
          width: 2,
        },
        itemStyle: { color: lineColours[i % lineColours.length] },
      })),
    ],
  };
}

/** The scores with tier and borderline flag, then the lines. */
export function scoreLinesTable(
  results: readonly ClusterResult[],
  lines: readonly ScoreLine[],
  head: { rank: string; cluster: string; score: string; tier: string; borderline: string },
  tierName: (tier: string) => string,
): ChartTable {
  return {
    columns: [head.rank, head.cluster, head.score, head.tier, head.borderline],
    rows: [
      ...results.map((r) => [
        r.rank,
        `${r.name}（${r.clusterCode}）`,
        Number(r.score.toFixed(4)),
        tierName(r.tier),
        r.borderline ? head.borderline : '',
      ]),
      ...lines.map((l) => ['', l.label, l.score, '', '']),
    ],
  };
}

/** Grouped bars: first-order and total index per input (null, an undefined index, drawn as no bar). */
export function sensitivityOption(
  sensitivity: RunSensitivity,
  text: { first: string; total: string; inputName: (input: string) => string },
): EChartsOption {
  const names = sensitivity.inputs.map(text.inputName);
  const value = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Number(v.toFixed(3));
  const describe = sensitivity.inputs
    .map(
      (_, i) =>
        `${names[i]}: ${text.first} ${value(sensitivity.first[i]) ?? '—'}, ${text.total} ${value(sensitivity.total[i]) ?? '—'}`,
    )
    .join('; ');
  return {
    aria: { enabled: true, label: { description: describe } },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 24, containLabel: true },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [
      { type: 'bar', name: text.first, data: sensitivity.first.map(value), itemStyle: { color: '#1677ff' } },
      { type: 'bar', name: text.total, data: sensitivity.total.map(value), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

/** One row per input, then one per cluster × input (each cluster's rank as the output). */
export function sensitivityTable(
  sensitivity: RunSensitivity,
  head: { input: string; cluster: string; first: string; total: string },
  inputName: (input: string) => string,
): ChartTable {
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : v);
  return {
    columns: [head.cluster, head.input, head.first, head.total],
    rows: [
      ...sensitivity.inputs.map((input, i) => [
        '',
        inputName(input),
        cell(sensitivity.first[i]),
        cell(sensitivity.total[i]),
      ]),
      ...sensitivity.units.flatMap((u) =>
        sensitivity.inputs.map((input, i) => [u.code, inputName(input), cell(u.first[i]), cell(u.total[i])]),
      ),
    ],
  };
}
