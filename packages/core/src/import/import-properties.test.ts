import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPeriod, type Period, periodLabel } from '../periods/period.ts';
import type { RawCell } from './cell-text.ts';
import { detectHeaderRow, type HeaderSpec } from './header-row.ts';
import { normalisePeriod } from './period-cell.ts';

const periodArb: fc.Arbitrary<Period> = fc.oneof(
  fc.integer({ min: 1949, max: 2999 }).map((year): Period => ({ kind: 'year', year })),
  fc
    .tuple(
      fc.integer({ min: 1949, max: 2999 }),
      fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
    )
    .map(([year, quarter]): Period => ({ kind: 'quarter', year, quarter })),
  fc
    .tuple(fc.integer({ min: 1949, max: 2999 }), fc.integer({ min: 1, max: 12 }))
    .map(([year, month]): Period => ({ kind: 'ytd', year, month })),
);

describe('properties across periods and import', () => {
  it('property: a period and its Chinese label (2024年1—9月, 2024年第3季度) both read back as the period', () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const canonical = formatPeriod(p);
        const read = (text: string) => normalisePeriod(text, { kind: p.kind });
        expect(read(canonical)).toEqual({ ok: true, value: canonical, normalised: null });
        expect(read(periodLabel(p))).toMatchObject({ ok: true, value: canonical });
      }),
    );
  });

  const specs: HeaderSpec[] = [
    { key: 'creditCode', header: '统一社会信用代码', required: true },
    { key: 'name', header: '企业名称', required: true },
    { key: 'city', header: '所在市', aliases: ['城市'] },
    { key: 'revenue', header: '营业收入' },
  ];
  const headerNames = ['统一社会信用代码', '企业名称', '所在市', '城市', '营业收入'];
  const junkRow = fc.array(
    fc.oneof(
      fc.constant<RawCell>(null),
      fc.integer().map((n): RawCell => n),
      fc
        .string({ maxLength: 12 })
        .filter((s) => !headerNames.some((h) => s.replace(/\s/g, '').includes(h)))
        .map((s): RawCell => s),
    ),
    { maxLength: 6 },
  );

  it('property: the header is found below 0–10 title or junk rows, whatever the column order and decoration', () => {
    fc.assert(
      fc.property(
        fc.array(junkRow, { maxLength: 10 }),
        fc.shuffledSubarray(['统一社会信用代码', '*企业名称', ' 所在市 ', '营业收入（亿元）', '备注'], {
          minLength: 5,
          maxLength: 5,
        }),
        (above, header) => {
          const rows: RawCell[][] = [
            ...above,
            header,
            ['91370200264574251E', '海尔智家股份有限公司', '青岛', 1, null],
          ];
          const match = detectHeaderRow(rows, specs);
          expect(match?.rowIndex).toBe(above.length);
          expect(match?.missing).toEqual([]);
          expect(match?.columns.revenue).toBe(header.indexOf('营业收入（亿元）'));
          expect(match?.units.revenue).toBe('亿元');
        },
      ),
    );
  });
});
