import { echarts } from '../../charts/echarts-setup.ts';
// The 16 cities of Shandong (GB/T 2260 adcodes), MIT licence beside the file; bundled, no tiles or CDN.
import geoJsonText from './shandong-cities.geojson?raw';

export const shandongMapName = 'shandong';

type FeatureCollection = {
  type: 'FeatureCollection';
  features: Array<{ properties: { name: string; adcode: string } }>;
};

let registered: FeatureCollection | null = null;

/** Registers the map with ECharts once and returns the city features (adcode, short name). */
export function registerShandongMap(): FeatureCollection {
  if (registered) return registered;
  const geoJson = JSON.parse(geoJsonText) as FeatureCollection;
  echarts.registerMap(shandongMapName, geoJson as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered = geoJson;
  return geoJson;
}
