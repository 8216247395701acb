/**
 * First gate of an import upload: size, then what the bytes are (core's `sniffFileKind`), refused
 * with a bilingual `AppError` before any parser runs. The xlsx reader then refuses a zip that is not
 * a workbook and a zip bomb while it inflates.
 */
import { AppError } from '@qunce/core';
import { sniffFileKind } from '@qunce/core/import';

export type SpreadsheetKind = 'xlsx' | 'csv';

export const defaultUploadLimit = 50 * 1024 * 1024;

const workbookExtensions = /\.(xlsx|xlsm|xls|et|ett|xlt|xltx)$/i;

/**
 * Encrypted .xlsx files (a password to open) are OLE compound files holding an "EncryptedPackage"
 * stream, not zips: they need their own advice, not "save as .xlsx".
 */
function isEncryptedOoxml(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(
    Buffer.from('EncryptedPackage', 'utf16le'),
  );
}

/**
 * Decides how to read an upload, or refuses it: over `limit` bytes (413), empty (400), an .xls or
 * WPS .et compound file (415, "save as .xlsx"), a password-protected workbook (415), a PDF or other
 * binary (415), text named like a workbook (415). `bytes` is the whole upload when it is in memory,
 * or at least its first 4 KiB.
 */
export function checkSpreadsheetUpload(input: {
  bytes: Uint8Array;
  size: number;
  fileName?: string;
  limit?: number;
}): SpreadsheetKind {
  const limit = input.limit ?? defaultUploadLimit;
  if (input.size > limit) {
    const mb = (limit / 1024 / 1024).toFixed(0);
    throw new AppError(
      'payload_too_large',
      `文件超过 ${mb} MB 的上限 / the file is larger than the ${mb} MB limit`,
      { reason: 'file_too_large', size: input.size, limit },
    );
  }
  const sniffed = sniffFileKind(input.bytes.subarray(0, 4096));
  switch (sniffed.kind) {
    case 'zip':
      return 'xlsx';
    case 'text':
      if (input.fileName && workbookExtensions.test(input.fileName)) {
        throw new AppError(
          'unsupported_media_type',
          '文件名是工作簿，内容却是文本：请用 Excel 或 WPS 另存为 .xlsx，或把扩展名改为 .csv / the file is named like a workbook but holds text: save it as .xlsx in Excel or WPS, or name it .csv',
          { reason: 'text_named_as_workbook', fileName: input.fileName },
        );
      }
      return 'csv';
    case 'empty':
      throw new AppError('invalid_input', sniffed.reason ?? '文件是空的 / the file is empty', {
        reason: 'empty',
      });
    case 'ole':
      if (isEncryptedOoxml(input.bytes)) {
        throw new AppError(
          'unsupported_media_type',
          '工作簿设有打开密码：请取消密码后另存为 .xlsx 再上传 / the workbook is password-protected: remove the password, save as .xlsx and upload again',
          { reason: 'encrypted' },
        );
      }
      throw new AppError('unsupported_media_type', sniffed.reason ?? '', {
        reason: 'legacy_workbook',
        saveAs: 'xlsx',
      });
    default:
      throw new AppError('unsupported_media_type', sniffed.reason ?? '', { reason: 'not_a_workbook' });
  }
}
