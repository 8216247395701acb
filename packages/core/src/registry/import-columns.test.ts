import { describe, expect, it } from 'vitest';
import { normaliseSheet } from '../import/sheet-normaliser.ts';
import { createCountyResolver, enterpriseColumnSpecs, enterpriseImportColumns } from './import-columns.ts';

const cities = [
  { code: '370100', name: '济南市', shortName: '济南', level: 'city' as const },
  { code: '370400', name: '枣庄市', shortName: '枣庄', level: 'city' as const },
  { code: '370700', name: '潍坊市', shortName: '潍坊', level: 'city' as const },
];

describe('enterprise import columns', () => {
  it('eight columns; credit code, name, city, division and above-scale are required', () => {
    expect(enterpriseImportColumns.map((c) => c.key)).toEqual([
      'creditCode',
      'name',
      'cityCode',
      'countyCode',
      'industryDivision',
      'isAboveScale',
      'isKeyEnterprise',
      'has5g',
    ]);
    expect(enterpriseImportColumns.filter((c) => c.required).map((c) => c.key)).toEqual([
      'creditCode',
      'name',
      'cityCode',
      'industryDivision',
      'isAboveScale',
    ]);
  });

  it('a bureau header (信用代码, 城市, 规上企业) under a title row; 潍坊 → 370700, 6 → "06", "34 通用设备制造业" → "34", 通用设备制造业 → "34"', () => {
    const sheet = normaliseSheet({
      sheet: '名单',
      columns: enterpriseColumnSpecs(cities),
      rows: [
        ['2025年潍坊市集群企业名单'],
        ['信用代码', '企业名称', '城市', '行业', '规上企业'],
        ['913707007060356088', '甲', '潍坊', 6, '是'],
        ['91370700MA3C5ELX0N', '乙', '潍坊市', '34 通用设备制造业', '否'],
        ['91370700MA3C5ELX0N', '丙', '370700', '通用设备制造业', 'N'],
      ],
    });
    expect(sheet.records.map((r) => [r.values.cityCode, r.values.industryDivision])).toEqual([
      ['370700', '06'],
      ['370700', '34'],
      ['370700', '34'],
    ]);
  });

  it('counties by name within the city: 市中区 is 370103 in 济南 and 370402 in 枣庄; a county of another city is refused', () => {
    const resolve = createCountyResolver([
      { code: '370103', name: '市中区', cityCode: '370100' },
      { code: '370402', name: '市中区', cityCode: '370400' },
      { code: '370783', name: '寿光市', cityCode: '370700' },
    ]);
    expect(resolve('370100', '市中区')).toMatchObject({ ok: true, value: '370103' });
    expect(resolve('370400', '市中区')).toMatchObject({ ok: true, value: '370402' });
    expect(resolve('370700', '寿光')).toMatchObject({ ok: true, value: '370783' });
    expect(resolve('370100', '370783')).toMatchObject({ ok: false });
  });
});
