/**
 * Import problems and normalisations as data. An import collects every issue of a file and returns
 * them together (never throwing at the first one); the user sees the sheet, row, column, the value as
 * typed and the reason, and the same list drives the highlighted error workbook.
 */
import { z } from 'zod';

export const importIssueSchema = z.object({
  /** Worksheet name as in the workbook ("" for CSV). */
  sheet: z.string(),
  /** 1-based row number as Excel shows it; 0 when the issue is about the whole sheet. */
  row: z.number().int().nonnegative(),
  /** Column letter as Excel shows it ("C"); "" when the issue is about a whole row or sheet. */
  column: z.string(),
  /** Header of the column as found in the file, when known. */
  header: z.string().optional(),
  /** The value as typed, rendered as text; null for an empty cell. */
  value: z.string().nullable(),
  /** Why it is refused, in Chinese and English ("中文 / English"). */
  reason: z.string(),
});

export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importNoticeSchema = z.object({
  sheet: z.string(),
  row: z.number().int().nonnegative(),
  column: z.string(),
  header: z.string().optional(),
  value: z.string().nullable(),
  /** The value after normalisation, rendered as text. */
  normalisedValue: z.string().nullable(),
  /** What was normalised, in Chinese and English. */
  note: z.string(),
});

/** A normalisation the import applied and reports to the user (not an error). */
export type ImportNotice = z.infer<typeof importNoticeSchema>;

/** Result of normalising one cell: the value, and what was changed to obtain it (null: nothing). */
export type CellResult<T> = { ok: true; value: T; normalised: string | null } | { ok: false; reason: string };

export function cellOk<T>(value: T, notes: readonly string[] = []): CellResult<T> {
  return { ok: true, value, normalised: notes.length > 0 ? notes.join('; ') : null };
}

export function cellError<T>(reason: string): CellResult<T> {
  return { ok: false, reason };
}

/** Column letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA. */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`invalid column index ${index}`);
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 0-based column index of a column letter: A → 0, AA → 26. */
export function columnIndex(letter: string): number {
  if (!/^[A-Z]+$/.test(letter)) throw new RangeError(`invalid column letter ${letter}`);
  let n = 0;
  for (const ch of letter) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
