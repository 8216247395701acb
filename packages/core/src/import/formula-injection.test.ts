import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutraliseFormula } from './formula-injection.ts';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `'=HYPERLINK("http://evil.example","点我")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('escapes %j', (text, escaped) => {
    expect(isFormulaLike(text)).toBe(true);
    expect(neutraliseFormula(text)).toBe(escaped);
  });

  it('leaves ordinary text alone, including a formula sign later in the text', () => {
    for (const text of ['潍柴动力股份有限公司', '91370200264574251E', 'a=b', '', ' =1']) {
      expect(neutraliseFormula(text)).toBe(text);
    }
  });
});
