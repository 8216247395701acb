import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../evaluation/random.ts';
import {
  computeCreditCodeCheckDigit,
  computeOrganisationCodeCheckDigit,
  creditCodeCharset,
  normaliseCreditCode,
  validateCreditCode,
} from './credit-code.ts';
import { generateCreditCode, generateCreditCodes } from './credit-code-generator.ts';

// Real, published codes of registered companies. Each was found in public code with the search tool
// and is the code printed on the company's business licence; the validator was not used to pick them.
const publishedCodes: ReadonlyArray<[string, string]> = [
  // Haier Smart Home (青岛, 600690.SH), in a public repository's API fixture next to its name
  ['91370200264574251E', '海尔智家股份有限公司'],
  // Huawei, the code most often quoted in public test fixtures of Chinese validators
  ['914403001922038216', '华为技术有限公司'],
  // Tencent: the ContentProducer of AIGC labels (GB 45438-2025 metadata) embeds the producer's code
  ['91440300708461136T', '深圳市腾讯计算机系统有限公司'],
  // Xiaomi, in a public company-lookup mock listing real codes
  ['91110108551385082Q', '小米科技有限责任公司'],
  // Shandong Port Group's Weifang port company, in a public repository's company enum
  ['91370700576634196A', '山东省港口集团潍坊港有限公司'],
  // a Jinan travel agency in a public enterprise-search API sample (MA… code issued after 2015)
  ['91370100MA3C5JA57T', '山东尊享新之航旅行社有限公司'],
];

describe('validateCreditCode: published codes', () => {
  it.each(publishedCodes)('%s (%s) is valid', (code) => {
    const result = validateCreditCode(code);
    expect(result).toMatchObject({ ok: true, normalised: code, changed: false });
  });

  it('Haier 91370200264574251E: Σ = 9×1 + 1×3 + 3×9 + 7×27 + … + 1×28 = 1009, 1009 mod 31 = 17, 31 − 17 = 14 → E', () => {
    expect(computeCreditCodeCheckDigit('91370200264574251')).toBe('E');
    expect(creditCodeCharset.charAt(14)).toBe('E');
  });

  it('Haier organisation code 26457425-1: Σ = 2×3 + 6×7 + 4×9 + 5×10 + 7×5 + 4×8 + 2×4 + 5×2 = 219, 219 mod 11 = 10, 11 − 10 = 1', () => {
    expect(computeOrganisationCodeCheckDigit('26457425')).toBe('1');
  });

  it('splits Haier into authority 9 (工商), type 1 (enterprise), division 370200 (Qingdao), organisation code 264574251', () => {
    expect(validateCreditCode('91370200264574251E')).toEqual({
      ok: true,
      normalised: '91370200264574251E',
      changed: false,
      authority: '9',
      type: '1',
      division: '370200',
      organisationCode: '264574251',
    });
  });
});

describe('validateCreditCode: normalisation and reasons', () => {
  it('normalises full-width characters, lower case and spaces of every kind, and says it did', () => {
    const typed = ' ９１３７０２００２６４５７４２５１ｅ\u3000';
    expect(normaliseCreditCode(typed)).toBe('91370200264574251E');
    expect(validateCreditCode(typed)).toMatchObject({
      ok: true,
      normalised: '91370200264574251E',
      changed: true,
    });
    expect(validateCreditCode('9137 0200 2645 7425 1e')).toMatchObject({ ok: true, changed: true });
  });

  it.each([
    ['', 'empty'],
    ['9137020026457425', 'length'],
    ['91370200264574251EX', 'length'],
    ['9137020026457425IE', 'character'],
    ['B1370200264574251E', 'authority'],
    ['94370200264574251E', 'type'],
    ['91990200264574251E', 'division'],
    ['91370200264574252E', 'organisation_check'],
    ['91370200264574251F', 'check_digit'],
  ])('%j is refused as %s, with a reason in Chinese and English', (code, problem) => {
    const result = validateCreditCode(code);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toBe(problem);
    expect(result.reason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  });

  it('says which check character is expected: 91370200264574251F should end in E', () => {
    const result = validateCreditCode('91370200264574251F');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('“E”');
  });
});

describe('validateCreditCode: every single-character corruption is detected', () => {
  it('each of the 17 × 30 + 30 = 540 substitutions of each published code is refused', () => {
    for (const [code] of publishedCodes) {
      let refused = 0;
      for (let i = 0; i < 18; i++) {
        for (const ch of creditCodeCharset) {
          if (ch === code.charAt(i)) continue;
          const corrupted = code.slice(0, i) + ch + code.slice(i + 1);
          if (!validateCreditCode(corrupted).ok) refused++;
        }
      }
      expect(refused).toBe(18 * 30);
    }
  });

  it('each adjacent transposition of distinct characters is refused (weights differ mod 31)', () => {
    for (const [code] of publishedCodes) {
      for (let i = 0; i < 17; i++) {
        if (code.charAt(i) === code.charAt(i + 1)) continue;
        const swapped = code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);
        expect(validateCreditCode(swapped).ok).toBe(false);
      }
    }
  });
});

describe('generateCreditCode', () => {
  const charArb = fc.constantFrom(...creditCodeCharset.split(''));

  it('property: generated codes always validate, for any seed and divisions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const random = createRandom(seed);
        for (let i = 0; i < 20; i++) {
          const code = generateCreditCode(random, { divisions: ['370100', '370700', '371700'] });
          expect(validateCreditCode(code).ok).toBe(true);
        }
      }),
    );
  });

  it('property: any single-character change of a generated code is detected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0 }), fc.integer({ min: 0, max: 17 }), charArb, (seed, position, ch) => {
        const code = generateCreditCode(createRandom(seed));
        fc.pre(code.charAt(position) !== ch);
        const corrupted = code.slice(0, position) + ch + code.slice(position + 1);
        expect(validateCreditCode(corrupted).ok).toBe(false);
      }),
    );
  });

  it('is deterministic: seed 7 gives the same 1,000 distinct codes twice', () => {
    const a = generateCreditCodes(createRandom(7), 1000, { divisions: ['370700'] });
    const b = generateCreditCodes(createRandom(7), 1000, { divisions: ['370700'] });
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(1000);
    expect(a.every((c) => c.startsWith('91370700'))).toBe(true);
  });
});
