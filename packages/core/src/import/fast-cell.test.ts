import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCellNormaliser } from './fast-cell.ts';
import { createLookup } from './lookup-cell.ts';
import { type ColumnType, normaliseCell } from './sheet-normaliser.ts';

/** Texts a bureau's cell may hold: plain numbers and codes, and the unusual forms the rules handle. */
const cellText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.stringMatching(/^-?\d{1,17}(\.\d{0,17})?$/),
  fc.stringMatching(/^[ \u3000]?[-+(]?[\d０-９,，.]{1,12}[%)万]?[ \u3000]?$/),
  fc.constantFrom(
    '',
    ' ',
    '-',
    '—',
    '/',
    'N/A',
    '1,234.5',
    '１２３',
    ' 12 ',
    '1e5',
    '.5',
    '5.',
    '007',
    '-0',
    '0.10',
  ),
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^[\x21-\x7e]{1,70}$/),
  fc.constantFrom(
    '2024',
    '2024Q3',
    '2024M09YTD',
    '2024年',
    '2024年1-9月',
    ' 2024',
    '２０２４',
    '企业',
    'enterprise',
    '集群 ',
  ),
);

const subjectType = createLookup(
  [
    { code: 'enterprise', name: '企业', aliases: ['企业单位'] },
    { code: 'cluster', name: '集群', aliases: [] },
  ],
  { label: { zh: '主体类型', en: 'subject type' } },
);

const columns: [string, ColumnType][] = [
  ['number', { type: 'number' }],
  ['integer', { type: 'number', integer: true, min: 0 }],
  ['text ≤ 64', { type: 'text', maxLength: 64 }],
  ['text', { type: 'text' }],
  ['period', { type: 'period' }],
  ['yearly period', { type: 'period', kind: 'year' }],
  ['code', { type: 'code' }],
  ['lookup', { type: 'lookup', lookup: subjectType }],
  ['credit code', { type: 'creditCode' }],
];

describe('createCellNormaliser: shortcuts answer exactly what normaliseCell answers', () => {
  for (const [name, column] of columns) {
    it(`property: ${name} column, any text, asked twice (the second answer may be remembered)`, () => {
      const normalise = createCellNormaliser(column);
      fc.assert(
        fc.property(cellText, (text) => {
          const expected = normaliseCell(column, text);
          expect(normalise(text)).toEqual(expected);
          expect(normalise(text)).toEqual(expected);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('plain cells take the shortcut: "792.9" → 792.9, "-12" → -12, "91370115330613360X" kept, no note', () => {
    expect(createCellNormaliser({ type: 'number' })('792.9')).toEqual({
      ok: true,
      value: 792.9,
      normalised: null,
    });
    expect(createCellNormaliser({ type: 'number' })('-12')).toEqual({
      ok: true,
      value: -12,
      normalised: null,
    });
    expect(createCellNormaliser({ type: 'text', maxLength: 64 })('91370115330613360X')).toEqual({
      ok: true,
      value: '91370115330613360X',
      normalised: null,
    });
  });

  it('unusual cells still get the full rules: "1,234.5" → 1234.5 with the thousands note, " 12 " trimmed, a 65-character code refused', () => {
    const number = createCellNormaliser({ type: 'number' });
    expect(number('1,234.5')).toMatchObject({ ok: true, value: 1234.5 });
    expect(number('1,234.5')).not.toMatchObject({ normalised: null });
    expect(number(' 12 ')).toMatchObject({ ok: true, value: 12 });
    expect(number(' 12 ')).not.toMatchObject({ normalised: null });
    expect(createCellNormaliser({ type: 'text', maxLength: 64 })('A'.repeat(65))).toMatchObject({
      ok: false,
    });
  });
});
