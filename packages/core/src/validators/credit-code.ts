/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 *   position  1      registration authority (登记管理部门代码): 9 = market supervision (工商), 5 = civil affairs, …
 *   position  2      organisation type within that authority (机构类别代码): 91 = enterprise, 92 = individual business, …
 *   positions 3–8    administrative division of the registering office (GB/T 2260), 100000 for central registration
 *   positions 9–17   organisation code (主体标识码, GB 11714): 8 characters and their own check character
 *   position  18     check character over positions 1–17
 *
 * Characters come from the 31-character set 0–9 A–H J–N P–R T U W–Y (no I, O, S, V, Z), valued 0–30
 * in that order. Final check: C18 = 31 − (Σ value(ci) × Wi mod 31) with Wi = 3^(i−1) mod 31
 * (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28); 31 becomes 0.
 * Organisation code check (GB 11714-1997): C9 = 11 − (Σ value(ci) × Wi mod 11) with W = 3, 7, 9, 10, 5,
 * 8, 4, 2 and value(A) = 10 … value(Z) = 35; 10 becomes X and 11 becomes 0.
 *
 * Because 31 is prime and no weight is a multiple of 31, changing any single character changes the sum
 * mod 31: every single-character error is detected by the final check alone.
 */
import { removeSpaces, toHalfWidth } from './full-width.ts';

export const creditCodeCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const organisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Registration authorities (登记管理部门) and the organisation types each may register (GB 32100-2015, table 1). */
export const registrationAuthorities: Readonly<
  Record<string, { name: string; nameEn: string; types: Readonly<Record<string, string>> }>
> = {
  '1': {
    name: '机构编制',
    nameEn: 'institutional establishment',
    types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  '2': { name: '外交', nameEn: 'foreign affairs', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    nameEn: 'justice',
    types: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { name: '文化', nameEn: 'culture', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': {
    name: '民政',
    nameEn: 'civil affairs',
    types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  },
  '6': {
    name: '旅游',
    nameEn: 'tourism',
    types: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': {
    name: '宗教',
    nameEn: 'religious affairs',
    types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' },
  },
  '8': { name: '工会', nameEn: 'trade unions', types: { '1': '基层工会', '9': '其他' } },
  '9': {
    name: '工商',
    nameEn: 'market supervision',
    types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  },
  A: {
    name: '中央军委改革和编制办公室',
    nameEn: 'military establishment',
    types: { '1': '军队事业单位', '9': '其他' },
  },
  N: {
    name: '农业',
    nameEn: 'agriculture',
    types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Y: { name: '其他', nameEn: 'other', types: { '1': '其他' } },
};

/** First two digits of GB/T 2260 province-level codes, plus 10 for central registration (100000). */
const divisionPrefixes = new Set([
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type CreditCodeProblem =
  | 'empty'
  | 'length'
  | 'character'
  | 'authority'
  | 'type'
  | 'division'
  | 'organisation_check'
  | 'check_digit';

export type CreditCodeResult =
  | {
      ok: true;
      /** The code as it must be stored: 18 upper-case half-width characters. */
      normalised: string;
      /** True when the input differed from `normalised` (spaces, full-width or lower-case characters). */
      changed: boolean;
      authority: string;
      type: string;
      division: string;
      organisationCode: string;
    }
  | { ok: false; problem: CreditCodeProblem; reason: string; normalised: string };

/** Removes spaces of every kind, folds full-width characters and upper-cases. Does not validate. */
export function normaliseCreditCode(input: string): string {
  if (/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(input)) return input;
  return removeSpaces(toHalfWidth(input)).toUpperCase();
}

const charValues = new Map([...creditCodeCharset].map((ch, i) => [ch, i]));

function charValue(ch: string): number {
  return charValues.get(ch) ?? -1;
}

/** The 18th character for the first 17 characters (which must be from the 31-character set). */
export function computeCreditCodeCheckDigit(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(first17.charAt(i));
    if (v < 0) throw new RangeError(`character ${first17.charAt(i)} is not in the credit-code set`);
    sum += v * (creditCodeWeights[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return creditCodeCharset.charAt(check);
}

/** GB 11714 check character for an 8-character organisation code body (digits and A–Z). */
export function computeOrganisationCodeCheckDigit(body: string): string {
  if (body.length !== 8) throw new RangeError(`expected 8 characters, got ${body.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = Number.parseInt(body.charAt(i), 36);
    if (Number.isNaN(v)) throw new RangeError(`character ${body.charAt(i)} is not a digit or letter`);
    sum += v * (organisationCodeWeights[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

function fail(problem: CreditCodeProblem, reason: string, normalised: string): CreditCodeResult {
  return { ok: false, problem, reason, normalised };
}

/**
 * Validates a unified social credit code as typed by a person: spaces, full-width characters and lower
 * case are normalised first (and reported through `changed`); then length, character set, authority
 * and type, division, organisation-code check and final check are verified in that order, and the
 * first failure is reported with a reason in Chinese and English.
 */
export function validateCreditCode(input: string): CreditCodeResult {
  const code = normaliseCreditCode(input);
  if (code.length === 0) return fail('empty', '统一社会信用代码为空 / the credit code is empty', code);
  if (code.length !== 18) {
    return fail(
      'length',
      `统一社会信用代码应为 18 位，实际 ${code.length} 位 / a credit code has 18 characters, this one has ${code.length}`,
      code,
    );
  }
  for (let i = 0; i < 18; i++) {
    const ch = code.charAt(i);
    if (charValue(ch) < 0) {
      return fail(
        'character',
        `第 ${i + 1} 位字符“${ch}”不允许（不使用 I、O、S、V、Z） / character ${i + 1} “${ch}” is not allowed (I, O, S, V and Z are never used)`,
        code,
      );
    }
  }
  const authority = code.charAt(0);
  const type = code.charAt(1);
  const authorityEntry = registrationAuthorities[authority];
  if (!authorityEntry) {
    return fail(
      'authority',
      `第 1 位登记管理部门代码“${authority}”不存在 / registration authority code “${authority}” does not exist`,
      code,
    );
  }
  if (!authorityEntry.types[type]) {
    return fail(
      'type',
      `第 2 位机构类别代码“${type}”不属于登记管理部门“${authorityEntry.name}” / organisation type “${type}” does not exist for authority ${authority} (${authorityEntry.nameEn})`,
      code,
    );
  }
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division) || !divisionPrefixes.has(division.slice(0, 2))) {
    return fail(
      'division',
      `第 3–8 位行政区划码“${division}”无效 / positions 3–8 “${division}” are not an administrative division code`,
      code,
    );
  }
  const organisationCode = code.slice(8, 17);
  const expectedOrgCheck = computeOrganisationCodeCheckDigit(organisationCode.slice(0, 8));
  if (organisationCode.charAt(8) !== expectedOrgCheck) {
    return fail(
      'organisation_check',
      `第 9–17 位组织机构代码“${organisationCode}”校验位应为“${expectedOrgCheck}” / organisation code “${organisationCode}” should end in “${expectedOrgCheck}”`,
      code,
    );
  }
  const expectedCheck = computeCreditCodeCheckDigit(code.slice(0, 17));
  if (code.charAt(17) !== expectedCheck) {
    return fail(
      'check_digit',
      `校验位（第 18 位）应为“${expectedCheck}”，实际为“${code.charAt(17)}”，请核对代码 / check character (position 18) should be “${expectedCheck}”, not “${code.charAt(17)}”: please check the code`,
      code,
    );
  }
  return { ok: true, normalised: code, changed: code !== input, authority, type, division, organisationCode };
}

/** True when `input`, after normalisation, is a valid credit code. */
export function isValidCreditCode(input: string): boolean {
  return validateCreditCode(input).ok;
}
