/**
 * ECharts with only what the pages draw (tree-shaken, about a third of the full build): bar, line,
 * map, pie and radar charts, the SVG renderer (crisp on a meeting-room screen, testable in the DOM),
 * no web fonts, no map tiles. Import ECharts only through this module, and only from feature chunks.
 */
import { BarChart, LineChart, MapChart, PieChart, RadarChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  RadarChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export { echarts };
export type EChartsInstance = ReturnType<typeof echarts.init>;
export type EChartsOption = Parameters<EChartsInstance['setOption']>[0];

/**
 * The chart as a PNG data URL: the SVG rendering drawn onto a canvas at twice its size on a white
 * ground (the SVG renderer's own `getDataURL` gives SVG only).
 */
export async function chartPng(chart: EChartsInstance): Promise<string> {
  const svg = chart.getDataURL({ type: 'svg' });
  const width = chart.getWidth();
  const height = chart.getHeight();
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('svg image failed to load'));
    image.src = svg;
  });
  const canvas = document.createElement('canvas');
  const scale = 2;
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}
