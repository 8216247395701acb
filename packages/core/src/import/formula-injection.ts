/**
 * Exported cells must not run as formulas when a user opens the file (CSV/formula injection, OWASP):
 * a text cell starting with =, +, -, @, a tab or a carriage return is written with a leading
 * apostrophe, which Excel and WPS show as text and hide. Numbers, booleans and dates are written as
 * such and need nothing; only text is escaped, so a negative amount stays a number.
 */
const dangerous = /^[=+\-@\t\r]/;

export function isFormulaLike(text: string): boolean {
  return dangerous.test(text);
}

/** The text as it must be written to an exported cell. */
export function neutraliseFormula(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
