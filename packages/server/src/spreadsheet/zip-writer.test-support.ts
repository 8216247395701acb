/**
 * Test support: builds zip archives by hand, entries in the order given, so that tests control what
 * real writers vary (sharedStrings.xml after the sheets, stored or deflated entries, data descriptors)
 * and can build hostile archives (zip bombs, lying sizes). Not used by the product.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './zip-writer.ts';

export type ZipInput = { name: string; data: Buffer | string; store?: boolean };

/** A zip with the entries in the given order; deflated unless `store`, sizes in the central directory. */
export function buildZip(entries: readonly ZipInput[], options: { dataDescriptors?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const compressed = entry.store ? data : deflateRawSync(data);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    const method = entry.store ? 0 : 8;
    const flags = 0x800 | (options.dataDescriptors ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(options.dataDescriptors ? 0 : crc, 14);
    local.writeUInt32LE(options.dataDescriptors ? 0 : compressed.length, 18);
    local.writeUInt32LE(options.dataDescriptors ? 0 : data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const parts = [local, name, compressed];
    if (options.dataDescriptors) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
      parts.push(descriptor);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    const localBytes = Buffer.concat(parts);
    locals.push(localBytes);
    offset += localBytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`;

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const relType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export type MinimalSheet = { name: string; sheetData: string; after?: string };

/**
 * A minimal .xlsx written by hand: the sheets first, then styles and sharedStrings (the order
 * streaming readers trip on), with the styles' cellXfs given as numFmtIds and custom formats.
 */
export function buildMinimalXlsx(input: {
  sheets: readonly MinimalSheet[];
  sharedStrings?: readonly string[];
  /** Raw <si> bodies when rich text or phonetics are needed; overrides sharedStrings. */
  sharedStringItems?: readonly string[];
  cellXfs?: readonly number[];
  numFmts?: readonly { id: number; code: string }[];
  date1904?: boolean;
  dataDescriptors?: boolean;
}): Buffer {
  const sheetsXml = input.sheets
    .map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${relType}">${input.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheetsXml}</sheets></workbook>`;
  const n = input.sheets.length;
  const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${input.sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${relType}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join(
      '',
    )}<Relationship Id="rId${n + 1}" Type="${relType}/styles" Target="styles.xml"/><Relationship Id="rId${n + 2}" Type="${relType}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`;
  const items =
    input.sharedStringItems ??
    (input.sharedStrings ?? []).map((s) => `<t xml:space="preserve">${escapeXml(s)}</t>`);
  const sharedStrings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.map((item) => `<si>${item}</si>`).join('')}</sst>`;
  const numFmts = input.numFmts ?? [];
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${
    numFmts.length > 0
      ? `<numFmts count="${numFmts.length}">${numFmts.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code)}"/>`).join('')}</numFmts>`
      : ''
  }<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="${(input.cellXfs ?? [0]).length}">${(
    input.cellXfs ?? [0]
  )
    .map((id) => `<xf numFmtId="${id}" xfId="0" applyNumberFormat="1"/>`)
    .join('')}</cellXfs></styleSheet>`;
  const sheetEntries = input.sheets.map((sheet, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet.sheetData}</sheetData>${sheet.after ?? ''}</worksheet>`,
  }));
  return buildZip(
    [
      { name: '[Content_Types].xml', data: contentTypes },
      { name: '_rels/.rels', data: rootRels },
      ...sheetEntries,
      { name: 'xl/workbook.xml', data: workbook },
      { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
      { name: 'xl/styles.xml', data: styles },
      { name: 'xl/sharedStrings.xml', data: sharedStrings },
    ],
    { dataDescriptors: input.dataDescriptors },
  );
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
