import { describe, expect, it } from 'vitest';
import { createSheetHighlighter, type HighlighterOptions } from './sheet-highlighter.ts';

/** Runs the highlighter over `xml` fed `size` characters at a time (tags cut across chunks). */
function rewrite(
  xml: string,
  options: Partial<HighlighterOptions> & Pick<HighlighterOptions, 'marks'>,
  size = 7,
) {
  const highlighter = createSheetHighlighter({
    styleFor: (original) => 100 + original,
    legacyDrawingRelId: null,
    ...options,
  });
  let out = '';
  for (let i = 0; i < xml.length; i += size) out += highlighter.write(xml.slice(i, i + size));
  return out + highlighter.end();
}

const marks = (entries: [number, number[]][]) => new Map(entries.map(([row, cols]) => [row, new Set(cols)]));

describe('createSheetHighlighter', () => {
  it('swaps the style of a marked cell for its highlighted copy (s=3 → 103, none → 100) and changes nothing else', () => {
    const xml =
      '<?xml version="1.0"?><worksheet xmlns="m"><sheetData><row r="2"><c r="A2" s="3" t="s"><v>0</v></c><c r="B2"><v>5</v></c><c r="C2"/></row></sheetData></worksheet>';
    expect(rewrite(xml, { marks: marks([[2, [0, 1]]]) })).toBe(
      '<?xml version="1.0"?><worksheet xmlns="m"><sheetData><row r="2"><c r="A2" s="103" t="s"><v>0</v></c><c r="B2" s="100"><v>5</v></c><c r="C2"/></row></sheetData></worksheet>',
    );
    expect(rewrite(xml, { marks: new Map() }, 1)).toBe(xml);
  });

  it('inserts marked cells and rows the sheet does not have, in order (an empty required cell)', () => {
    const xml =
      '<worksheet><sheetData><row r="2"><c r="B2"><v>1</v></c></row><row r="5"/></sheetData></worksheet>';
    const out = rewrite(xml, {
      marks: marks([
        [1, [2]],
        [2, [0, 3]],
        [4, [1]],
        [5, [0]],
        [9, [4]],
      ]),
    });
    expect(out).toBe(
      '<worksheet><sheetData><row r="1"><c r="C1" s="100"/></row><row r="2"><c r="A2" s="100"/><c r="B2"><v>1</v></c><c r="D2" s="100"/></row>' +
        '<row r="4"><c r="B4" s="100"/></row><row r="5"><c r="A5" s="100"/></row><row r="9"><c r="E9" s="100"/></row></sheetData></worksheet>',
    );
  });

  it('fills an empty sheet (<sheetData/>) and keeps namespace prefixes (x:row)', () => {
    expect(
      rewrite('<x:worksheet xmlns:x="m"><x:sheetData/></x:worksheet>', { marks: marks([[3, [1]]]) }),
    ).toBe(
      '<x:worksheet xmlns:x="m"><x:sheetData><x:row r="3"><x:c r="B3" s="100"/></x:row></x:sheetData></x:worksheet>',
    );
  });

  it('puts <legacyDrawing> before the elements that follow it (tableParts, extLst) and not inside nested extLst', () => {
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const xml = `<worksheet xmlns:r="${rel}"><sheetData/><conditionalFormatting><cfRule><extLst/></cfRule></conditionalFormatting><tableParts count="0"/><extLst/></worksheet>`;
    const out = rewrite(xml, { marks: new Map(), legacyDrawingRelId: 'rId9' });
    expect(out).toBe(
      `<worksheet xmlns:r="${rel}"><sheetData/><conditionalFormatting><cfRule><extLst/></cfRule></conditionalFormatting><legacyDrawing r:id="rId9"/><tableParts count="0"/><extLst/></worksheet>`,
    );
    // No following element: at the end; no r: prefix declared: declares its own.
    expect(
      rewrite('<worksheet><sheetData/></worksheet>', { marks: new Map(), legacyDrawingRelId: 'rId1' }),
    ).toBe(
      '<worksheet><sheetData/><legacyDrawing xmlns:qr="http://schemas.openxmlformats.org/officeDocument/2006/relationships" qr:id="rId1"/></worksheet>',
    );
  });

  it('passes strings holding markup-like text and ">" in attribute values through untouched', () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &lt;c r="B1"&gt; b</t></is></c></row></sheetData><cfRule text="&gt;5" operator=">"/></worksheet>';
    expect(rewrite(xml, { marks: marks([[1, [0]]]) }, 3)).toBe(
      xml.replace('<c r="A1" t="inlineStr">', '<c r="A1" t="inlineStr" s="100">'),
    );
  });
});
