import { describe, expect, it } from 'vitest';
import {
  createCarrierRequestSchema,
  createParkRequestSchema,
  updateParkRequestSchema,
} from './carrier-park.contract.ts';

const park = {
  code: 'SD-P-0001',
  name: '潍坊高新技术产业开发区',
  cityCode: '370700',
  level: 'national',
};

describe('park contract', () => {
  it('defaults: not eco-industrial, no 5G, no clusters served', () => {
    expect(createParkRequestSchema.parse(park)).toMatchObject({
      ecoIndustrialStatus: 'none',
      fiveGCoverage: 'none',
      clusterCodes: [],
    });
  });

  it('a county must share the city’s first four digits: 370705 in 370700 yes, 370211 no', () => {
    expect(createParkRequestSchema.safeParse({ ...park, countyCode: '370705' }).success).toBe(true);
    const wrong = createParkRequestSchema.safeParse({ ...park, countyCode: '370211' });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.path).toEqual(['countyCode']);
    expect(
      updateParkRequestSchema.safeParse({ cityCode: '370700', countyCode: '370211', version: 1 }).success,
    ).toBe(false);
  });

  it('park codes are upper-case codes that do not encode the level', () => {
    expect(createParkRequestSchema.safeParse({ ...park, code: 'sd-p-1' }).success).toBe(false);
  });
});

describe('carrier contract', () => {
  it('normalises the host credit code (spaces, lower case) and checks its GB 32100 check character', () => {
    const base = {
      name: '山东省动力装备创新中心',
      type: 'manufacturing-innovation-centre',
      level: 'provincial',
      hostName: '潍柴动力股份有限公司',
      cityCode: '370700',
    };
    const ok = createCarrierRequestSchema.parse({ ...base, hostCreditCode: ' 91370000163446410b ' });
    expect(ok.hostCreditCode).toBe('91370000163446410B');
    expect(
      createCarrierRequestSchema.safeParse({ ...base, hostCreditCode: '91370000163446410C' }).success,
    ).toBe(false);
    expect(
      createCarrierRequestSchema.safeParse({ ...base, hostCreditCode: '91370000163446410B', type: 'lab' })
        .success,
    ).toBe(false);
  });
});
