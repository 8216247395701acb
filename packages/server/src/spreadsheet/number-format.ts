/**
 * Whether a cell's number format shows a date. An .xlsx stores a date as a serial number of days
 * and only its style says so: built-in format ids (ECMA-376 §18.8.30, plus the ids Chinese Excel
 * reserves for 年月日 formats) or a custom format code with date or time tokens outside quotes.
 */

/**
 * Built-in date and time ids: 14–22 everywhere; 27–36 and 50–58 are the East Asian date formats
 * (zh-CN: 27 yyyy"年"m"月", 31 yyyy"年"m"月"d"日", 57/58 …); 45–47 are times (mm:ss, [h]:mm:ss, mm:ss.0).
 */
const builtinDateIds = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 47, 50, 51, 52, 53, 54, 55,
  56, 57, 58,
]);

/**
 * True for a custom code that formats a date or a time of day: the first section, with quoted
 * literals, escaped characters, colours and locale tags removed, contains y, m, d, h or s. An elapsed
 * time ([h]:mm) is a duration, not a date, and "General" or "0.00" are numbers.
 */
export function isDateFormatCode(code: string): boolean {
  const first = code.split(';')[0] ?? '';
  if (/\[(h+|m+|s+)\]/i.test(first)) return false;
  const stripped = first
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '');
  return /[ymdhs]/i.test(stripped) || /[年月日]/.test(stripped);
}

/** Whether a numFmtId, with the workbook's custom codes, formats a date. */
export function isDateFormat(numFmtId: number, customCodes: ReadonlyMap<number, string>): boolean {
  const code = customCodes.get(numFmtId);
  if (code !== undefined) return isDateFormatCode(code);
  return builtinDateIds.has(numFmtId);
}

const dayMs = 86_400_000;
const epoch1900 = Date.UTC(1899, 11, 30);
const epoch1900BeforeLeapBug = Date.UTC(1899, 11, 31);
const epoch1904 = Date.UTC(1904, 0, 1);

/**
 * Excel serial → Date at UTC (a date without a time is UTC midnight). In the 1900 system Excel counts
 * the nonexistent 1900-02-29 as serial 60 (the Lotus bug), so serials below 61 are shifted by a day;
 * serial 1 is 1900-01-01 and 45047 is 2023-05-01. Times are rounded to the millisecond.
 */
export function serialToDate(serial: number, date1904: boolean): Date {
  const base = date1904 ? epoch1904 : serial < 61 ? epoch1900BeforeLeapBug : epoch1900;
  return new Date(base + Math.round(serial * dayMs));
}
