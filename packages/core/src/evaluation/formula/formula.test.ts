import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { compileFormula, evaluateFormula, type FormulaContext } from './formula-evaluator.ts';
import { listFormulaMetrics, parseFormula } from './formula-parser.ts';

/** Two units, three periods (2022, 2023, 2024 = evaluation period at position 2). */
const periods: Record<string, (number | null)[]>[] = [
  { output: [80, 10], staff: [4, 2] },
  { output: [100, 20], staff: [5, null] },
  { output: [120, 30], staff: [6, 3] },
];
const members: Record<string, (number | null)[][]> = { revenue: [[1, 2, 3, null], []] };
const context = (at = 2): FormulaContext => ({
  hasMetric: (code) => code in (periods[2] ?? {}) || code in members,
  value: (code, offset, unit) => periods[at + offset]?.[code]?.[unit] ?? Number.NaN,
  members: (code, _offset, unit) => (code in members ? (members[code]?.[unit] ?? []) : undefined),
});
const evaluate = (formula: string, unit = 0) => evaluateFormula(parseFormula(formula), context(), unit);

describe('formula language', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['2 ^ -1', 0.5],
    ['10 / 4 - 1', 1.5],
    ['1.5e2 + .5', 150.5],
    ['output / staff', 20],
    ['output[t] / output[t-1] - 1', 0.2],
    ['output[t-2]', 80],
    ['max(output, staff * 30, 1)', 180],
    ['min(3, 1, 2)', 1],
    ['avg(2, 4)', 3],
    ['abs(-3) + sqrt(16) + ln(1)', 7],
  ])('%s = %s', (formula, expected) => {
    expect(evaluate(formula)).toBeCloseTo(expected, 12);
  });

  it('member aggregation: sum(revenue) = 1 + 2 + 3 = 6 (missing member skipped), count = 3, avg = 2', () => {
    expect(evaluate('sum(revenue)')).toBe(6);
    expect(evaluate('count(revenue)')).toBe(3);
    expect(evaluate('avg(revenue)')).toBe(2);
    expect(evaluate('max(revenue) - min(revenue)')).toBe(2);
  });

  it('a unit with no members: sum = 0, count = 0, avg missing', () => {
    expect(evaluate('sum(revenue)', 1)).toBe(0);
    expect(evaluate('count(revenue)', 1)).toBe(0);
    expect(evaluate('avg(revenue)', 1)).toBeNaN();
  });

  it('missing inputs, division by zero, ln(0) and periods before the panel give a missing value', () => {
    expect(evaluate('staff[t-1] * 2', 1)).toBeNaN();
    expect(evaluate('output / (staff - 6)')).toBeNaN();
    expect(evaluate('ln(output - 120)')).toBeNaN();
    expect(evaluate('output[t-3]')).toBeNaN();
  });

  it('lists the metrics and period offsets a formula reads', () => {
    expect(listFormulaMetrics(parseFormula('output[t] / output[t-1] + staff'))).toEqual([
      { code: 'output', offset: 0 },
      { code: 'output', offset: -1 },
      { code: 'staff', offset: 0 },
    ]);
  });

  it.each([
    ['1 +', 4, 'expected a number'],
    ['(1 + 2', 7, "expected ')'"],
    ['output[t-a]', 10, 'whole number'],
    ['output[s]', 8, "expected period 't'"],
    ['eval(1)', 1, "unknown function 'eval'"],
    ['1 $ 2', 3, "unexpected character '$'"],
    ['1 2', 3, "unexpected '2'"],
    ['sum()', 5, 'needs an argument'],
  ])('rejects %s at position %i (%s)', (formula, position, message) => {
    try {
      parseFormula(formula);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).details).toMatchObject({ position });
      expect((error as AppError).message).toContain(message);
    }
  });

  it('is not JavaScript: constructor, this and property access are not expressions', () => {
    expect(() => parseFormula('constructor.constructor("x")()')).toThrow(AppError);
    expect(() => compileFormula('X', 'this', context())).toThrow(/unknown metric 'this'/);
  });

  it('refuses deep nesting instead of overflowing the stack', () => {
    expect(() => parseFormula(`${'('.repeat(200)}1${')'.repeat(200)}`)).toThrow(/nested too deeply/);
  });

  it('compileFormula names the indicator and the unknown metric', () => {
    expect(() => compileFormula('Growth', 'output / workers', context())).toThrow(
      /Growth: .*unknown metric 'workers' at position 10/,
    );
  });
});

describe('formula language properties', () => {
  type Expr = { text: string; value: number };
  const leaf = fc.integer({ min: 0, max: 50 }).map((n): Expr => ({ text: String(n), value: n }));
  const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(
        ([a, op, b]): Expr => ({
          text: `(${a.text} ${op} ${b.text})`,
          value: op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : a.value * b.value,
        }),
      ),
      tie('e').map((a): Expr => ({ text: `-${a.text}`, value: -a.value })),
    ),
  })).e;

  it('a fully parenthesised expression evaluates to the arithmetic that built it', () => {
    fc.assert(
      fc.property(expr, ({ text, value }) => {
        const got = evaluate(text);
        expect(got === value).toBe(true); // === so that −0 equals 0
      }),
    );
  });

  it('any input either parses or is refused with an AppError (never another exception)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          parseFormula(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
    );
  });
});
