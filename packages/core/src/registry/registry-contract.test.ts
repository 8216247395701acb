import { describe, expect, it } from 'vitest';
import {
  createClusterRequestSchema,
  createDesignationRequestSchema,
  createEnterpriseRequestSchema,
  creditCodeSchema,
  designationTypeRules,
  designationTypes,
  designationTypesGrantedBy,
  industryCodes,
  industryDivisionCodes,
  isoDateSchema,
  listDesignationsQuerySchema,
  policyIndustries,
} from './index.ts';

const haier = '91370200264574251E'; // 海尔智家股份有限公司, a published code

describe('creditCodeSchema', () => {
  it('normalises full-width, lower-case and spaced input to the stored 18 characters', () => {
    expect(creditCodeSchema.parse(' ９１３７０２００２６４５７４２５１ｅ ')).toBe(haier);
  });

  it('rejects a wrong check character with validateCreditCode’s reason: position 18 should be E', () => {
    const result = creditCodeSchema.safeParse('91370200264574251F');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('“E”');
  });
});

describe('isoDateSchema', () => {
  it('accepts 2024-02-29 (leap year) and refuses 2023-02-29 and 2024.3.15', () => {
    expect(isoDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(isoDateSchema.safeParse('2023-02-29').success).toBe(false);
    expect(isoDateSchema.safeParse('2024.3.15').success).toBe(false);
  });
});

describe('controlled lists', () => {
  it('copies the policy’s 17 industries and GB/T 4754 divisions 06–46 (41 divisions)', () => {
    expect(industryCodes).toEqual(policyIndustries.map((industry) => industry.code));
    expect(industryDivisionCodes.length).toBe(46 - 6 + 1);
  });

  it('gives every designation type exactly one granting department: 科技厅 high-tech, 工信厅 the other 11', () => {
    expect(designationTypesGrantedBy('dept-sti')).toEqual(['high-tech']);
    expect(designationTypesGrantedBy('dept-miit').length).toBe(designationTypes.length - 1);
    expect(designationTypesGrantedBy('city-370700')).toEqual([]);
    expect(designationTypeRules['little-giant'].levels).toEqual(['national']);
  });
});

describe('request schemas', () => {
  it('refuses a cluster whose lead city is not among its cities, naming leadCityCode', () => {
    const result = createClusterRequestSchema.safeParse({
      code: 'SD-C-0001',
      name: '潍坊市动力装备集群',
      leadIndustry: 'power-equipment',
      tier: 'national',
      cultivationTarget: 'world',
      status: 'recognised',
      cityCodes: ['370700'],
      leadCityCode: '370200',
    });
    expect(result.error?.issues[0]?.path).toEqual(['leadCityCode']);
  });

  it('refuses a county outside the city (370202 is in 3702 Qingdao, not 3707 Weifang)', () => {
    const result = createEnterpriseRequestSchema.safeParse({
      creditCode: haier,
      name: '海尔智家股份有限公司',
      cityCode: '370700',
      countyCode: '370202',
      industryDivision: '38',
      isAboveScale: true,
    });
    expect(result.error?.issues[0]?.path).toEqual(['countyCode']);
  });

  it('refuses a provincial little giant (national only) and an expiry before the grant', () => {
    const base = { creditCode: haier, grantedOn: '2023-07-01', documentNumber: '工信厅企业函〔2023〕158号' };
    const level = createDesignationRequestSchema.safeParse({
      ...base,
      type: 'little-giant',
      level: 'provincial',
    });
    expect(level.error?.issues.map((issue) => issue.path)).toEqual([['level']]);
    const expiry = createDesignationRequestSchema.safeParse({
      ...base,
      type: 'little-giant',
      level: 'national',
      expiresOn: '2023-06-30',
    });
    expect(expiry.error?.issues.map((issue) => issue.path)).toEqual([['expiresOn']]);
  });

  it('allows validOn or grantedBy in a designation query, not both', () => {
    expect(listDesignationsQuerySchema.safeParse({ validOn: '2024-12-31' }).success).toBe(true);
    expect(
      listDesignationsQuerySchema.safeParse({ validOn: '2024-12-31', grantedBy: '2024-12-31' }).success,
    ).toBe(false);
  });
});
