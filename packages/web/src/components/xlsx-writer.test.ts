import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildXlsx, columnLetter, crc32 } from './xlsx-writer.ts';

describe('xlsx writer', () => {
  it('CRC-32 of "123456789" is 0xCBF43926 (the standard check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('column letters: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });

  it('Excel readers open it: Chinese text, numbers, empty cells and a too-long sheet name', async () => {
    const bytes = buildXlsx([
      {
        name: 'Cities: clusters, output & R&D intensity by city, 2025',
        rows: [
          ['城市', '集群数量', '产值 <亿元> & "%"'],
          ['潍坊市', 2, 123.46],
          ['济南市', 0, null],
        ],
      },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    // ":" is not allowed in a sheet name and 31 characters is the limit.
    expect(sheet?.name).toBe('Cities  clusters, output & R&D ');
    expect(sheet?.getRow(1).values).toEqual([undefined, '城市', '集群数量', '产值 <亿元> & "%"']);
    expect(sheet?.getRow(2).values).toEqual([undefined, '潍坊市', 2, 123.46]);
    expect(sheet?.getCell('C3').value).toBeNull();
  });
});
