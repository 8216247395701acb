import type { AttachmentKind } from '@qunce/core';
import { AppError } from '@qunce/core';

/**
 * What an uploaded file is, decided by its content (magic bytes) and checked against its extension.
 * The extension alone is never trusted: a renamed .exe or an .xls saved as .xlsx is refused.
 */
export const contentTypes: Record<AttachmentKind, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpeg: 'image/jpeg',
  csv: 'text/csv',
  txt: 'text/plain',
};

const extensionKinds: Record<string, AttachmentKind> = {
  pdf: 'pdf',
  xlsx: 'xlsx',
  docx: 'docx',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  csv: 'csv',
  txt: 'txt',
};

/** Legacy office formats: refused with the advice to save in the current format. */
const saveAs: Record<string, string> = {
  xls: 'xlsx',
  et: 'xlsx',
  ett: 'xlsx',
  doc: 'docx',
  wps: 'docx',
  wpt: 'docx',
};

/** What the bytes say, or null when they match no accepted format. */
export function sniff(content: Buffer): AttachmentKind | 'ole2' | 'executable' | null {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => content[index] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf'; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole2'; // .xls/.doc/.et (compound file)
  if (starts(0x4d, 0x5a) || starts(0x7f, 0x45, 0x4c, 0x46)) return 'executable'; // MZ (Windows), ELF
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // Office Open XML is a zip whose entry names (stored uncompressed in the local headers) tell
    // the workbook from the document.
    if (!content.includes('[Content_Types].xml')) return null;
    if (content.includes('xl/workbook.xml') || content.includes('xl/_rels/')) return 'xlsx';
    if (content.includes('word/document.xml') || content.includes('word/_rels/')) return 'docx';
    return null;
  }
  return isText(content) ? 'txt' : null;
}

/**
 * Plain text: no NUL and no control characters other than tab, line feed, carriage return and form
 * feed. UTF-8 (with or without BOM) and GB 18030 (what Excel writes for Chinese CSV) both pass.
 */
function isText(content: Buffer): boolean {
  for (const byte of content) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

const unsupported = (message: string, details: Record<string, unknown>) =>
  new AppError('unsupported_media_type', message, details);

/** The kind of an upload, or a 415 saying why it is refused. */
export function detectKind(filename: string, content: Buffer): AttachmentKind {
  const extension = extensionOf(filename);
  const target = saveAs[extension];
  if (target)
    throw unsupported(
      `不支持旧版 .${extension} 格式，请另存为 .${target} / .${extension} is not accepted: save as .${target}`,
      { extension, saveAs: target },
    );
  const expected = extensionKinds[extension];
  if (!expected)
    throw unsupported(
      `不支持的文件类型 .${extension || '(无扩展名)'}，可上传 pdf、xlsx、docx、png、jpg、csv、txt / file type .${extension || '(none)'} is not accepted: pdf, xlsx, docx, png, jpg, csv, txt`,
      { extension },
    );
  if (content.length === 0)
    throw new AppError('invalid_input', '文件为空 / the file is empty', { field: 'file' });
  const actual = sniff(content);
  const matches = expected === 'csv' ? actual === 'txt' : actual === expected;
  if (!matches) {
    if (actual === 'ole2' && (expected === 'xlsx' || expected === 'docx'))
      throw unsupported(
        `文件实际是旧版 Office 格式，请另存为 .${expected} / the file is in the old Office format: save as .${expected}`,
        { extension, detected: 'ole2', saveAs: expected },
      );
    throw unsupported(
      `文件内容与扩展名 .${extension} 不符 / the file content does not match its extension .${extension}`,
      { extension, detected: actual },
    );
  }
  return expected;
}

/** The name as given, without any directory part or control characters, at most 200 characters. */
export function cleanFilename(raw: string): string {
  const base = raw.replaceAll('\\', '/').split('/').pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (cleaned.length <= 200) return cleaned;
  const extension = extensionOf(cleaned);
  return `${cleaned.slice(0, 200 - extension.length - 1)}.${extension}`;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback and the exact name in RFC 5987
 * `filename*` (UTF-8, percent-encoded), so Chinese names survive and no quote or CRLF can break out.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
