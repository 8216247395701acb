import { describe, expect, it } from 'vitest';
import { logGamma, studentTCdf, studentTQuantile } from './student-t.ts';

describe('Student t', () => {
  it('ln Γ(5) = ln 24 = 3.178; ln Γ(½) = ln √π = 0.572', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
  it('df = 1 is Cauchy: P(T ≤ 1) = ½ + atan(1)/π = 0.75', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 12);
  });
  it('df = 2 has the closed form t_p = (2p − 1) / √(2p(1 − p)): t_0.975 = 0.95 / √0.04875 = 4.302653', () => {
    const closed = 0.95 / Math.sqrt(2 * 0.975 * 0.025);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(closed, 9);
    expect(closed).toBeCloseTo(4.302653, 6);
  });
  it('tables: t_0.975 for df 1, 3, 10, 30 = 12.706205, 3.182446, 2.228139, 2.042272', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 5);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.182446, 5);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228139, 5);
  });
});
