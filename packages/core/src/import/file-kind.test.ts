import { describe, expect, it } from 'vitest';
import { detectTextEncoding, sniffFileKind } from './file-kind.ts';
import { chooseDataSheet, type HeaderSpec } from './header-row.ts';

const bytes = (...xs: number[]) => new Uint8Array(xs);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sniffFileKind', () => {
  it('a zip (.xlsx) passes; .xls / WPS .et (OLE) is refused with "save as .xlsx"', () => {
    expect(sniffFileKind(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00))).toEqual({ kind: 'zip', reason: null });
    const ole = sniffFileKind(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0));
    expect(ole.kind).toBe('ole');
    expect(ole.reason).toContain('另存为 .xlsx');
  });

  it('CSV text passes; PDF, binary and empty files are refused', () => {
    expect(sniffFileKind(utf8('统一社会信用代码,企业名称\r\n91370200264574251E,海尔智家\r\n')).kind).toBe(
      'text',
    );
    expect(sniffFileKind(utf8('%PDF-1.7\n')).kind).toBe('pdf');
    expect(sniffFileKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00)).kind).toBe(
      'binary',
    );
    expect(sniffFileKind(bytes()).kind).toBe('empty');
    expect(sniffFileKind(bytes(0x50, 0x4b, 0x05, 0x06, 0, 0)).kind).toBe('binary');
  });
});

describe('detectTextEncoding', () => {
  it('GBK bytes of 企业名称 (C6F3 D2B5 C3FB B3C6) are GB18030', () => {
    const gbk = bytes(0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x31);
    expect(new TextDecoder('gb18030').decode(gbk)).toBe('企业名称,1');
    expect(detectTextEncoding(gbk)).toEqual({ encoding: 'gb18030', bom: 0 });
  });

  it('UTF-8 with and without BOM, UTF-16 by BOM', () => {
    expect(detectTextEncoding(utf8('企业名称,1'))).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(detectTextEncoding(bytes(0xef, 0xbb, 0xbf, ...utf8('企业')))).toEqual({
      encoding: 'utf-8',
      bom: 3,
    });
    expect(detectTextEncoding(bytes(0xff, 0xfe, 0x01, 0x4f))).toEqual({ encoding: 'utf-16le', bom: 2 });
  });

  it('a UTF-8 character cut by the end of the sample is still UTF-8', () => {
    const text = utf8('企业名称');
    expect(detectTextEncoding(text.slice(0, 10)).encoding).toBe('utf-8');
  });

  it('overlong and surrogate encodings are not UTF-8', () => {
    expect(detectTextEncoding(bytes(0xc0, 0xaf)).encoding).toBe('gb18030');
    expect(detectTextEncoding(bytes(0xed, 0xa0, 0x80)).encoding).toBe('gb18030');
  });
});

describe('chooseDataSheet', () => {
  const specs: HeaderSpec[] = [
    { key: 'creditCode', header: '统一社会信用代码', required: true },
    { key: 'name', header: '企业名称', required: true },
    { key: 'city', header: '所在市' },
  ];

  it('skips the instruction sheet before the data sheet', () => {
    const chosen = chooseDataSheet(
      [
        { name: '填表说明', rows: [['填表说明'], ['1. 统一社会信用代码必须填写'], ['2. 企业名称写全称']] },
        { name: '企业名单', rows: [['2024年企业名单'], ['统一社会信用代码', '企业名称', '所在市']] },
        {
          name: '代码表',
          rows: [
            ['所在市', '代码'],
            ['济南市', '370100'],
          ],
        },
      ],
      specs,
    );
    expect(chosen?.name).toBe('企业名单');
    expect(chosen?.header.rowIndex).toBe(1);
  });

  it('returns null when no sheet has a header row', () => {
    expect(chooseDataSheet([{ name: 'Sheet1', rows: [['hello']] }], specs)).toBeNull();
  });
});
