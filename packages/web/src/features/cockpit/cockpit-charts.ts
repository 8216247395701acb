/**
 * The cockpit's chart options and the tables behind them, as pure functions of the summary (so the
 * .xlsx download holds exactly what the chart shows, and tests can read them without a browser).
 */
import type { CockpitSummary } from '@qunce/core/cockpit';
import type { ChartTable } from '../../charts/chart-card.tsx';
import type { EChartsOption } from '../../charts/echarts-setup.ts';
import type { Translate } from '../../i18n/translate.ts';
import { shandongMapName } from './shandong-map.ts';

export type MapMeasure = 'clusterCount' | 'output' | 'rdIntensity' | 'index';
export const mapMeasures: readonly MapMeasure[] = ['clusterCount', 'output', 'rdIntensity', 'index'];

const tierColours = { world: '#c0392b', national: '#1f4fbf', provincial: '#2e9d6a', candidate: '#8c8c8c' };

/** 万元 → 亿元, rounded to 0.01. */
export const toYi = (wan: number | null): number | null =>
  wan === null ? null : Math.round(wan / 100) / 100;
const round2 = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 100) / 100;

/** The value a city shows for a measure (output in 亿元, intensity in %, rounded to 0.01). */
export function cityValue(city: CockpitSummary['cities'][number], measure: MapMeasure): number | null {
  if (measure === 'clusterCount') return city.clusterCount;
  if (measure === 'output') return toYi(city.output);
  if (measure === 'index') return round2(city.index);
  return round2(city.rdIntensity);
}

export function pyramidTable(summary: CockpitSummary, t: Translate): ChartTable {
  return {
    columns: [
      t('cockpit.pyramid.tier'),
      t('cockpit.pyramid.goal'),
      t('cockpit.pyramid.reached'),
      t('cockpit.pyramid.cultivating'),
    ],
    rows: summary.tiers.map((row) => [t(`tier.${row.tier}`), row.goal, row.reached, row.cultivating]),
  };
}

/** World class on top, then national, provincial and candidates: reached and cultivating against the goal. */
export function pyramidOption(summary: CockpitSummary, t: Translate): EChartsOption {
  const rows = [...summary.tiers].reverse();
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: {
      top: 0,
      data: [t('cockpit.pyramid.reached'), t('cockpit.pyramid.cultivating'), t('cockpit.pyramid.goal')],
    },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((row) => t(`tier.${row.tier}`)) },
    series: [
      {
        name: t('cockpit.pyramid.reached'),
        type: 'bar',
        stack: 'clusters',
        data: rows.map((row) => ({ value: row.reached, itemStyle: { color: tierColours[row.tier] } })),
        label: {
          show: true,
          position: 'insideRight',
          formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
        },
      },
      {
        name: t('cockpit.pyramid.cultivating'),
        type: 'bar',
        stack: 'clusters',
        itemStyle: { color: '#d6e4ff' },
        data: rows.map((row) => row.cultivating),
        label: {
          show: true,
          position: 'insideRight',
          color: '#1f4fbf',
          formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
        },
      },
      {
        name: t('cockpit.pyramid.goal'),
        type: 'line',
        symbol: 'diamond',
        symbolSize: 14,
        lineStyle: { opacity: 0 },
        itemStyle: { color: '#fa8c16' },
        data: rows.map((row) => row.goal),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: unknown }) =>
            p.value === null || p.value === undefined ? '' : `${t('cockpit.pyramid.goal')} ${p.value}`,
        },
      },
    ],
  };
}

export const measureLabel: Record<
  MapMeasure,
  'cockpit.map.clusterCount' | 'cockpit.map.output' | 'cockpit.map.rdIntensity' | 'cockpit.map.index'
> = {
  clusterCount: 'cockpit.map.clusterCount',
  output: 'cockpit.map.output',
  rdIntensity: 'cockpit.map.rdIntensity',
  index: 'cockpit.map.index',
};

export function measureUnit(measure: MapMeasure, t: Translate): string {
  if (measure === 'clusterCount') return t('cockpit.unit.count');
  if (measure === 'output') return t('cockpit.unit.yi');
  if (measure === 'index') return t('cockpit.unit.points');
  return t('cockpit.unit.percent');
}

export function mapTable(
  summary: CockpitSummary,
  t: Translate,
  cityName: (code: string) => string,
): ChartTable {
  return {
    columns: [
      t('cockpit.map.city'),
      t('cockpit.map.clusterCount'),
      `${t('cockpit.map.output')} (${t('cockpit.unit.yi')})`,
      `${t('cockpit.map.rdIntensity')} (%)`,
      t('cockpit.map.index'),
    ],
    rows: summary.cities.map((city) => [
      cityName(city.cityCode),
      city.clusterCount,
      cityValue(city, 'output'),
      cityValue(city, 'rdIntensity'),
      cityValue(city, 'index'),
    ]),
  };
}

/**
 * The province map coloured by the measure (regions matched by adcode), each city labelled with its
 * name; the accessible description lists every city with its value.
 */
export function mapOption(
  summary: CockpitSummary,
  measure: MapMeasure,
  t: Translate,
  cityName: (code: string) => string,
): EChartsOption {
  const values = summary.cities
    .map((city) => cityValue(city, measure))
    .filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  const unit = measureUnit(measure, t);
  const label = t(measureLabel[measure]);
  const describe = summary.cities
    .map((city) => `${cityName(city.cityCode)} ${cityValue(city, measure) ?? '—'}`)
    .join('; ');
  return {
    aria: { enabled: true, label: { description: `${t('cockpit.map.label')}. ${label}: ${describe}` } },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { name, value } = p as { name: string; value: unknown };
        const shown = typeof value === 'number' && Number.isFinite(value) ? `${value} ${unit}` : '—';
        return `${cityName(name)}<br/>${label}: ${shown}`;
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      left: 8,
      bottom: 8,
      text: [String(max), '0'],
      calculable: true,
      inRange: { color: ['#e6f0ff', '#8fb3ff', '#1f4fbf', '#0f2350'] },
    },
    series: [
      {
        type: 'map',
        map: shandongMapName,
        nameProperty: 'adcode',
        roam: false,
        selectedMode: false,
        label: { show: true, fontSize: 11, formatter: (p: { name: string }) => cityName(p.name) },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#fadb14' } },
        data: summary.cities.map((city) => ({
          name: city.cityCode,
          value: cityValue(city, measure) ?? Number.NaN,
        })),
      },
    ],
  } as EChartsOption;
}

export function trendTable(summary: CockpitSummary, t: Translate): ChartTable {
  return {
    columns: [
      t('cockpit.trends.period'),
      t('cockpit.trends.clusterOutput'),
      t('cockpit.trends.clusterRd'),
      t('cockpit.trends.provinceRd'),
    ],
    rows: summary.trends.map((p) => [
      p.period,
      toYi(p.clusterOutput),
      round2(p.clusterRdIntensity),
      round2(p.provinceRdIntensity),
    ]),
  };
}

export function outputTrendOption(summary: CockpitSummary, t: Translate): EChartsOption {
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: summary.trends.map((p) => p.period) },
    yAxis: { type: 'value', name: t('cockpit.unit.yi') },
    series: [
      {
        name: t('cockpit.trends.clusterOutput'),
        type: 'bar',
        itemStyle: { color: '#1f4fbf' },
        data: summary.trends.map((p) => toYi(p.clusterOutput)),
      },
    ],
  };
}

export function rdTrendOption(summary: CockpitSummary, t: Translate): EChartsOption {
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: summary.trends.map((p) => p.period) },
    yAxis: { type: 'value', name: '%' },
    series: [
      {
        name: t('cockpit.trends.clusterRd'),
        type: 'line',
        data: summary.trends.map((p) => round2(p.clusterRdIntensity)),
      },
      {
        name: t('cockpit.trends.provinceRd'),
        type: 'line',
        data: summary.trends.map((p) => round2(p.provinceRdIntensity)),
      },
    ],
  };
}
