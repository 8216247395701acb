import { type CSSProperties, useEffect, useRef } from 'react';
import { type EChartsInstance, type EChartsOption, echarts } from './echarts-setup.ts';

export type EChartEvents = Partial<Record<'click', (params: { name?: string; data?: unknown }) => void>>;

type Props = {
  option: EChartsOption;
  /** Height of the chart (the width follows its container). */
  height: number | string;
  /** Called with the instance once it exists (download as PNG, tests). */
  onReady?: (chart: EChartsInstance) => void;
  onEvents?: EChartEvents;
  style?: CSSProperties;
  'data-testid'?: string;
};

/**
 * One ECharts instance in a div: created on mount, given each new option (not merged, so removed
 * series disappear), resized with its container, disposed on unmount.
 */
export function EChart({ option, height, onReady, onEvents, style, 'data-testid': testId }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const events = useRef(onEvents);
  events.current = onEvents;

  useEffect(() => {
    const dom = element.current;
    if (!dom) return;
    const instance = echarts.init(dom, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => events.current?.click?.(params as { name?: string; data?: unknown }));
    const observer =
      typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => instance.resize());
    observer?.observe(dom);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(option, { notMerge: true });
    onReady?.(instance);
  }, [option, onReady]);

  return <div ref={element} data-testid={testId} style={{ width: '100%', height, ...style }} />;
}
