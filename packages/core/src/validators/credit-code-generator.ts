/**
 * Deterministic generator of valid credit codes for demo and benchmark data. Codes are drawn from a
 * seeded stream (`createRandom(seed)`), so the same seed gives the same codes on every machine.
 * Organisation code bodies follow the two shapes seen in practice: eight digits (codes issued before
 * 2015) or "MA" followed by six characters (issued with the unified code since 2015).
 */
import type { Random } from '../evaluation/random.ts';
import {
  computeCreditCodeCheckDigit,
  computeOrganisationCodeCheckDigit,
  creditCodeCharset,
} from './credit-code.ts';

export type CreditCodeOptions = {
  /** Registration authority and organisation type, default "91" (enterprise registered by market supervision). */
  authorityAndType?: string;
  /** Administrative divisions to draw from (6 digits each), default ["370000"]. */
  divisions?: readonly string[];
};

function pick(random: Random, chars: string): string {
  return chars.charAt(random.int(chars.length));
}

/** One valid credit code drawn from `random`. */
export function generateCreditCode(random: Random, options: CreditCodeOptions = {}): string {
  const prefix = options.authorityAndType ?? '91';
  const divisions = options.divisions ?? ['370000'];
  const division = divisions[random.int(divisions.length)] ?? '370000';
  if (!/^[0-9A-Y]{2}$/.test(prefix) || !/^\d{6}$/.test(division)) {
    throw new RangeError(`invalid prefix ${prefix} or division ${division}`);
  }
  let body = '';
  if (random.next() < 0.5) {
    for (let i = 0; i < 8; i++) body += pick(random, '0123456789');
  } else {
    body = 'MA';
    for (let i = 0; i < 6; i++) body += pick(random, creditCodeCharset);
  }
  const first17 = `${prefix}${division}${body}${computeOrganisationCodeCheckDigit(body)}`;
  return first17 + computeCreditCodeCheckDigit(first17);
}

/** `count` distinct valid credit codes, in draw order. */
export function generateCreditCodes(
  random: Random,
  count: number,
  options: CreditCodeOptions = {},
): string[] {
  const seen = new Set<string>();
  const codes: string[] = [];
  while (codes.length < count) {
    const code = generateCreditCode(random, options);
    if (seen.has(code)) continue;
    seen.add(code);
    codes.push(code);
  }
  return codes;
}
