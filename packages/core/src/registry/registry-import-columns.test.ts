import { describe, expect, it } from 'vitest';
import { normaliseSheet } from '../import/sheet-normaliser.ts';
import { designationTypeRules, designationTypes } from './designation.contract.ts';
import type { RegionRef } from './import-columns.ts';
import {
  carrierTypesGrantedBy,
  clusterImportColumns,
  designationImportColumns,
  designationTypeNames,
  normaliseClusterCode,
  parkImportColumns,
  registryColumnSpecs,
  registryColumnValues,
} from './registry-import-columns.ts';

const regions: RegionRef[] = [
  { code: '370200', name: '青岛市', shortName: '青岛', level: 'city' },
  { code: '370600', name: '烟台市', shortName: '烟台', level: 'city' },
  { code: '370700', name: '潍坊市', shortName: '潍坊', level: 'city' },
  { code: '371000', name: '威海市', shortName: '威海', level: 'city' },
];

describe('registry import columns', () => {
  it('cluster codes: sd-c-0001 and full-width ＳＤ－Ｃ－０００１ read as SD-C-0001; 集群1 is refused', () => {
    expect(normaliseClusterCode('sd-c-0001')).toMatchObject({ ok: true, value: 'SD-C-0001' });
    expect(normaliseClusterCode('ＳＤ－Ｃ－０００１')).toMatchObject({ ok: true, value: 'SD-C-0001' });
    expect(normaliseClusterCode('SD-C-0001')).toEqual({ ok: true, value: 'SD-C-0001', normalised: null });
    expect(normaliseClusterCode('集群1').ok).toBe(false);
  });

  it('a cluster row: Chinese tier, status and industry names give codes; “青岛、威海” gives two city codes', () => {
    const sheet = normaliseSheet({
      sheet: '集群名录',
      columns: registryColumnSpecs(clusterImportColumns, regions),
      rows: [
        ['集群代码', '集群名称', '主导产业', '集群层级', '培育目标', '状态', '牵头城市', '其他城市'],
        ['SD-C-0002', '青烟威海工装备集群', '海工装备', '省级', '国家级', '培育中', '烟台', '青岛、威海市'],
      ],
    });
    expect(sheet.issues).toEqual([]);
    expect(sheet.records[0]?.values).toMatchObject({
      code: 'SD-C-0002',
      leadIndustry: 'offshore-equipment',
      tier: 'provincial',
      cultivationTarget: 'national',
      status: 'cultivating',
      leadCityCode: '370600',
      otherCityCodes: '370200,371000',
    });
  });

  it('a list cell with one unknown city (青岛，苏州) is refused as a whole, naming the part', () => {
    const sheet = normaliseSheet({
      sheet: '园区',
      columns: registryColumnSpecs(parkImportColumns, regions),
      rows: [
        ['园区代码', '园区名称', '所在城市', '园区级别', '服务集群代码'],
        ['SD-P-1', '青岛园区', '青岛', '国家级', 'sd-c-1，SD-C-2 SD-C-2'],
      ],
    });
    expect(sheet.issues).toEqual([]);
    expect(sheet.records[0]?.values.clusterCodes).toBe('SD-C-1,SD-C-2');
    const other = normaliseSheet({
      sheet: '集群名录',
      columns: registryColumnSpecs(clusterImportColumns, regions),
      rows: [
        ['集群代码', '集群名称', '主导产业', '集群层级', '培育目标', '状态', '牵头城市', '其他城市'],
        ['SD-C-0002', '集群', '海工装备', '省级', '国家级', '培育中', '烟台', '青岛，苏州'],
      ],
    });
    expect(other.issues.map((i) => [i.row, i.column, i.value, i.reason])).toEqual([
      [2, 'H', '青岛，苏州', '未知城市“苏州” / unknown city “苏州”'],
    ]);
  });

  it('every designation type has a Chinese name, offered in the template drop-down in the order of designationTypes', () => {
    expect(designationTypeNames.map((t) => t.code)).toEqual([...designationTypes]);
    const typeColumn = designationImportColumns.find((c) => c.key === 'type');
    expect(typeColumn && registryColumnValues(typeColumn, regions)).toEqual(
      designationTypeNames.map((t) => t.name),
    );
    // 科技厅 grants only high-tech enterprises (designationTypeRules)
    expect(
      designationTypes.filter((t) => designationTypeRules[t].grantingDepartmentCode === 'dept-sti'),
    ).toEqual(['high-tech']);
  });

  it('carrier types by granting department: 市场监管局 its technology innovation centres, 科技厅 two types, others none', () => {
    expect(carrierTypesGrantedBy('dept-amr')).toEqual(['market-supervision-innovation-centre']);
    expect(carrierTypesGrantedBy('dept-sti')).toEqual(['technology-innovation-centre', 'key-laboratory']);
    expect(carrierTypesGrantedBy('dept-finance')).toEqual([]);
  });
});
