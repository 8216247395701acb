/**
 * Full-width to half-width folding, shared by the credit-code validator and the import normalisers.
 * Full-width ASCII (U+FF01–U+FF5E) maps to U+0021–U+007E by subtracting 0xFEE0; the ideographic space
 * U+3000 maps to an ordinary space.
 */
export function toHalfWidth(text: string): string {
  if (!hasFullWidth(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** True when the text holds any full-width ASCII character or ideographic space. */
export function hasFullWidth(text: string): boolean {
  return /[\uff01-\uff5e\u3000]/.test(text);
}

// Whitespace as bureaus type it: ASCII, no-break, ideographic and zero-width spaces, BOM.
const spaceClass = '[\\s\\u00a0\\u3000\\u200b-\\u200d\\u2060\\ufeff]';
const allSpaces = new RegExp(`${spaceClass}+`, 'g');
const edgeSpaces = new RegExp(`^${spaceClass}+|${spaceClass}+$`, 'g');

/** Removes every space, including no-break, ideographic and zero-width ones. */
export function removeSpaces(text: string): string {
  return text.replace(allSpaces, '');
}

/** Trims leading and trailing spaces of every kind and folds inner runs of spaces into one ASCII space. */
export function trimSpaces(text: string): string {
  return text.replace(edgeSpaces, '').replace(allSpaces, ' ');
}
