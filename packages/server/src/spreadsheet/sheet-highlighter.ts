/**
 * Streaming rewrite of a worksheet's XML that marks cells without loading the sheet: a marked cell's
 * style index `s` is swapped for a highlighted copy of its style, a marked cell absent from the XML
 * (an empty required cell) is inserted, and a `<legacyDrawing>` element (the anchor of cell comments)
 * is inserted where the schema wants it. Everything else passes through byte for byte. Only tags are
 * parsed: cell values and strings are never touched.
 */
import { columnIndex, columnLetter } from '@qunce/core/import';

export type HighlighterOptions = {
  /** Marked cells: row number → 0-based column indexes. */
  marks: ReadonlyMap<number, ReadonlySet<number>>;
  /** Highlighted style index for a cell whose style index is `original` (0 when it has none). */
  styleFor(original: number): number;
  /** Relationship id of the comments' VML drawing, or null to add no comments anchor. */
  legacyDrawingRelId: string | null;
};

const relationshipsNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Elements that come after <legacyDrawing> in a worksheet (ECMA-376 CT_Worksheet order). */
const afterLegacyDrawing = new Set([
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

const tagPattern =
  /<(?:!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|\?[\s\S]*?\?>|!DOCTYPE[^>]*>|(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>)/y;

function attributeOf(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

function referenceColumn(reference: string | undefined): number | null {
  const letters = reference ? /^[A-Z]+/.exec(reference)?.[0] : undefined;
  return letters ? columnIndex(letters) : null;
}

export function createSheetHighlighter(options: HighlighterOptions) {
  const rows = [...options.marks.keys()].sort((a, b) => a - b);
  let nextRow = 0; // index into rows of the first marked row not yet reached
  let pending = '';
  let depth = 0;
  let prefix = ''; // namespace prefix of the spreadsheet elements ("" or "x:")
  let relPrefix: string | null = null;
  let drawingInserted = options.legacyDrawingRelId === null;
  let inSheetData = false;
  let rowNumber = 0;
  let rowMarks: number[] | null = null; // sorted marked columns of the current row, not yet reached
  let column = -1;

  const cellsXml = (row: number, columns: readonly number[]) =>
    columns.map((c) => `<${prefix}c r="${columnLetter(c)}${row}" s="${options.styleFor(0)}"/>`).join('');
  const rowXml = (row: number) => {
    const columns = [...(options.marks.get(row) ?? [])].sort((a, b) => a - b);
    return `<${prefix}row r="${row}">${cellsXml(row, columns)}</${prefix}row>`;
  };
  /** Rows marked before `row` that the sheet does not have. */
  const rowsBefore = (row: number) => {
    let out = '';
    while (nextRow < rows.length && (rows[nextRow] ?? 0) < row) out += rowXml(rows[nextRow++] ?? 0);
    return out;
  };
  const cellsBefore = (col: number) => {
    if (!rowMarks) return '';
    const before = rowMarks.filter((c) => c < col);
    rowMarks = rowMarks.filter((c) => c >= col);
    return cellsXml(rowNumber, before);
  };
  const legacyDrawing = () => {
    drawingInserted = true;
    const id = options.legacyDrawingRelId ?? '';
    return relPrefix
      ? `<${prefix}legacyDrawing ${relPrefix}:id="${id}"/>`
      : `<${prefix}legacyDrawing xmlns:qr="${relationshipsNs}" qr:id="${id}"/>`;
  };

  const onTag = (
    tag: string,
    closing: boolean,
    name: string,
    attributes: string,
    selfClosing: boolean,
  ): string => {
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    let out = '';
    if (closing) {
      depth--;
      if (local === 'row' && rowMarks) {
        out += cellsXml(rowNumber, rowMarks);
        rowMarks = null;
      } else if (local === 'sheetData') {
        out += rowsBefore(Number.POSITIVE_INFINITY);
        inSheetData = false;
      } else if (local === 'worksheet' && !drawingInserted) out += legacyDrawing();
      return out + tag;
    }
    if (depth === 0 && local === 'worksheet') {
      prefix = colon < 0 ? '' : name.slice(0, colon + 1);
      relPrefix = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*"${relationshipsNs}"`).exec(attributes)?.[1] ?? null;
    } else if (depth === 1 && !drawingInserted && afterLegacyDrawing.has(local)) {
      out += legacyDrawing();
    }
    if (local === 'sheetData' && depth === 1) {
      inSheetData = !selfClosing;
      if (selfClosing && nextRow < rows.length) {
        return `${out}<${name}${attributes}>${rowsBefore(Number.POSITIVE_INFINITY)}</${name}>`;
      }
    } else if (inSheetData && local === 'row') {
      const r = Number(attributeOf(attributes, 'r'));
      rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      out += rowsBefore(rowNumber);
      column = -1;
      const marked = options.marks.get(rowNumber);
      if (marked && rows[nextRow] === rowNumber) {
        nextRow++;
        rowMarks = [...marked].sort((a, b) => a - b);
        if (selfClosing) {
          const cells = cellsXml(rowNumber, rowMarks);
          rowMarks = null;
          return `${out}<${name}${attributes}>${cells}</${name}>`;
        }
      } else rowMarks = null;
    } else if (rowMarks !== null && local === 'c') {
      column = referenceColumn(attributeOf(attributes, 'r')) ?? column + 1;
      out += cellsBefore(column);
      if (rowMarks[0] === column) {
        rowMarks.shift();
        const original = Number(attributeOf(attributes, 's') ?? 0);
        const style = options.styleFor(Number.isInteger(original) ? original : 0);
        const rewritten = /(^|\s)s\s*=\s*("[^"]*"|'[^']*')/.test(attributes)
          ? attributes.replace(/(^|\s)s\s*=\s*("[^"]*"|'[^']*')/, `$1s="${style}"`)
          : `${attributes} s="${style}"`;
        tag = `<${name}${rewritten}${selfClosing ? '/' : ''}>`;
      }
    } else if (inSheetData && local === 'c') {
      column = referenceColumn(attributeOf(attributes, 'r')) ?? column + 1;
    }
    if (!selfClosing) depth++;
    return out + tag;
  };

  const process = (final: boolean): string => {
    let out = '';
    let at = 0;
    for (;;) {
      const lt = pending.indexOf('<', at);
      if (lt < 0) {
        out += pending.slice(at);
        at = pending.length;
        break;
      }
      out += pending.slice(at, lt);
      tagPattern.lastIndex = lt;
      const match = tagPattern.exec(pending);
      if (!match) {
        if (!final) {
          at = lt;
          break;
        }
        out += pending.slice(lt);
        at = pending.length;
        break;
      }
      const [tag, slash, name, attributes, selfClose] = match;
      at = lt + tag.length;
      if (name === undefined) out += tag;
      else out += onTag(tag, slash === '/', name, attributes ?? '', selfClose === '/');
    }
    pending = pending.slice(at);
    return out;
  };

  return {
    /** Rewrites the next piece of the sheet; returns the text that is final. */
    write(text: string): string {
      pending += text;
      return process(false);
    },
    end(): string {
      return process(true);
    },
  };
}
