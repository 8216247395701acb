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

/** Joins the notes of one cell in `normalised`; no single note contains it. */
export const noteSeparator = '; ';

export function cellOk<T>(value: T, notes: readonly string[] = []): CellResult<T> {
  return { ok: true, value, normalised: notes.length > 0 ? notes.join(noteSeparator) : null };
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

export type NoticeSummary = {
  sheet: string;
  column: string;
  header?: string;
  note: string;
  /** How many cells received this normalisation. */
  count: number;
  /** The first few cells, for the user to check. */
  examples: ImportNotice[];
};

/**
 * Counts normalisations per sheet, column and note while an import streams, keeping only a few
 * examples of each: a 100,000-row file whose revenue column is in 亿元 gives one line ("营业收入:
 * 100,000 cells converted from 亿元 to 万元") instead of 100,000 notices.
 */
export function createNoticeSummary(maxExamples = 3) {
  const groups = new Map<string, NoticeSummary>();
  return {
    /** Counts each note of the notice (a cell may have several: thousands separators and a unit). */
    add(notice: ImportNotice): void {
      for (const note of notice.note.split(noteSeparator)) {
        const key = JSON.stringify([notice.sheet, notice.column, note]);
        const group = groups.get(key);
        if (group) {
          group.count++;
          if (group.examples.length < maxExamples) group.examples.push(notice);
          continue;
        }
        const created: NoticeSummary = {
          sheet: notice.sheet,
          column: notice.column,
          note,
          count: 1,
          examples: [notice],
        };
        if (notice.header !== undefined) created.header = notice.header;
        groups.set(key, created);
      }
    },
    /** Groups in order of first appearance. */
    list(): NoticeSummary[] {
      return [...groups.values()];
    },
  };
}
