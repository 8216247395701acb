/**
 * Money amounts with units. A template says which unit a column is stored in (usually 万元); a file
 * may say otherwise in its header ("营业收入（亿元）") or in the cell itself ("1.2亿"). The unit written
 * in the cell wins over the header, the header over the template, and the value is converted to the
 * template's unit: value × factor(from) / factor(to), e.g. 3.5 亿元 → 3.5 × 10⁸ / 10⁴ = 35,000 万元.
 */
import type { RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';
import { cleanFloat, type NumberOptions, normaliseNumber, parseNumberText } from './number-cell.ts';

export const amountUnits = ['元', '千元', '万元', '百万元', '亿元'] as const;
export type AmountUnit = (typeof amountUnits)[number];

/** Yuan per unit. */
export const amountUnitFactors: Readonly<Record<AmountUnit, number>> = {
  元: 1,
  千元: 1e3,
  万元: 1e4,
  百万元: 1e6,
  亿元: 1e8,
};

const unitWords: ReadonlyArray<[RegExp, AmountUnit]> = [
  [/^(百万元|百万)(人民币)?$/, '百万元'],
  [/^(亿元|亿)(人民币)?$/, '亿元'],
  [/^(万元|万)(人民币)?$/, '万元'],
  [/^(千元)(人民币)?$/, '千元'],
  [/^(元|人民币元|人民币)$/, '元'],
];

/** Reads a unit word (亿元, 亿, 万元人民币, 元 …); null when it is not a money unit. */
export function parseAmountUnit(text: string): AmountUnit | null {
  const t = text.replace(/\s+/g, '');
  for (const [re, unit] of unitWords) if (re.test(t)) return unit;
  return null;
}

/**
 * The unit written in a column header: "营业收入（亿元）", "营业收入(万元)", "研发投入 单位：万元",
 * "营业收入/亿元". Null when the header names no money unit.
 */
export function unitFromHeader(header: string): AmountUnit | null {
  const t = header.replace(/\s+/g, '');
  const patterns = [/[（(【[]([^（）()【】[\]]+)[）)】\]]/g, /单位[:：]([^，,;；）)]+)/g, /[/／]([^/／]+)$/g];
  for (const re of patterns) {
    for (const m of t.matchAll(re)) {
      const unit = m[1] !== undefined ? parseAmountUnit(m[1]) : null;
      if (unit) return unit;
    }
  }
  return null;
}

/** Converts between money units, cleaning float noise: 1.1 亿元 → 11000 万元 (not 11000.000000000002). */
export function convertAmount(value: number, from: AmountUnit, to: AmountUnit): number {
  if (from === to) return value;
  return cleanFloat((value * amountUnitFactors[from]) / amountUnitFactors[to]);
}

export type AmountOptions = Omit<NumberOptions, 'scale'> & {
  /** The unit the template stores the column in. */
  unit: AmountUnit;
  /** The unit read from the file's header, when it names one (`unitFromHeader`). */
  headerUnit?: AmountUnit | null;
};

function conversionNote(from: AmountUnit, to: AmountUnit, source: '表头' | '单元格'): string {
  const factor = amountUnitFactors[from] / amountUnitFactors[to];
  const op = factor >= 1 ? `×${factor}` : `÷${1 / factor}`;
  const sourceEn = source === '表头' ? 'header' : 'cell';
  return `按${source}单位${from}换算为${to}（${op}） / converted from ${from} (unit in the ${sourceEn}) to ${to} (${op})`;
}

/** A money cell converted to the template's unit; empty → null. */
export function normaliseAmount(raw: RawCell, options: AmountOptions): CellResult<number | null> {
  const { unit, headerUnit, ...range } = options;
  let from: AmountUnit = headerUnit ?? unit;
  let source: '表头' | '单元格' = '表头';
  let value: number | null;
  const notes: string[] = [];
  if (typeof raw === 'string') {
    const parsed = parseNumberText(raw, { allowSuffix: true });
    if ('error' in parsed) return cellError(parsed.error);
    if (parsed.percent) return cellError(`金额不能是百分数 / an amount cannot be a percentage`);
    notes.push(...parsed.notes);
    value = parsed.value;
    if (parsed.suffix !== '') {
      const cellUnit = parseAmountUnit(parsed.suffix);
      if (!cellUnit) return cellError(`无法识别的单位“${parsed.suffix}” / unknown unit “${parsed.suffix}”`);
      from = cellUnit;
      source = '单元格';
      if (cellUnit === unit) notes.push(`去除单位“${parsed.suffix}” / unit “${parsed.suffix}” removed`);
    }
  } else {
    const plain = normaliseNumber(raw);
    if (!plain.ok) return plain;
    value = plain.value;
  }
  if (value === null) return cellOk(null, notes);
  if (from !== unit) {
    notes.push(conversionNote(from, unit, source));
    value = convertAmount(value, from, unit);
  }
  const checked = normaliseNumber(value, range);
  if (!checked.ok) return checked;
  return cellOk(value, notes);
}
