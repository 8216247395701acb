/**
 * What an uploaded file is, from its first bytes, before any parser touches it. An .xlsx is a zip
 * (PK\x03\x04; the server then checks for xl/workbook.xml); .xls, WPS .et and .doc are OLE compound
 * files (D0 CF 11 E0 A1 B1 1A E1) that must be saved again as .xlsx; CSV is text, which Chinese Excel
 * saves as GB18030 (GBK) unless told otherwise, so its encoding is detected rather than assumed.
 */

export type FileKind = 'empty' | 'zip' | 'ole' | 'pdf' | 'text' | 'binary';

export type FileKindResult = { kind: FileKind; reason: string | null };

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const emptyZipMagic = [0x50, 0x4b, 0x05, 0x06];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const pdfMagic = [0x25, 0x50, 0x44, 0x46];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Text when the sample has no NUL byte and few control characters other than tab, CR and LF. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control <= bytes.length / 100;
}

/** Classifies the first bytes (a few kilobytes suffice) of an upload; `reason` says why it is refused. */
export function sniffFileKind(head: Uint8Array): FileKindResult {
  if (head.length === 0) return { kind: 'empty', reason: '文件是空的 / the file is empty' };
  if (startsWith(head, zipMagic)) return { kind: 'zip', reason: null };
  if (startsWith(head, emptyZipMagic)) {
    return { kind: 'binary', reason: '文件是空的压缩包，不是工作簿 / an empty zip archive, not a workbook' };
  }
  if (startsWith(head, oleMagic)) {
    return {
      kind: 'ole',
      reason:
        '这是旧版 .xls 或 WPS .et 文件，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传 / this is an old .xls or WPS .et file: save it as .xlsx in Excel or WPS and upload again',
    };
  }
  if (startsWith(head, pdfMagic)) {
    return { kind: 'pdf', reason: '这是 PDF 文件，不是工作簿 / this is a PDF, not a workbook' };
  }
  if (looksLikeText(head)) return { kind: 'text', reason: null };
  return {
    kind: 'binary',
    reason: '不是 Excel 工作簿或 CSV 文件 / neither an Excel workbook nor a CSV file',
  };
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * The encoding of a text sample: a byte-order mark decides; otherwise valid UTF-8 is UTF-8 (a
 * multi-byte character cut at the end of the sample is allowed) and anything else is GB18030, the
 * superset of GBK that Chinese Windows writes. `bom` is the number of bytes to skip.
 */
export function detectTextEncoding(sample: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bom: 3 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', bom: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: isUtf8(sample) ? 'utf-8' : 'gb18030', bom: 0 };
}

/** Strict UTF-8 check (no overlongs, no surrogates); a sequence cut by the end of the sample is accepted. */
function isUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return false;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return true; // cut at the end of the sample
      const c = bytes[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}
