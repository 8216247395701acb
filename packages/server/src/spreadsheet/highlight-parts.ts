/**
 * The small parts an error workbook adds to an upload to highlight and comment cells: a red fill and
 * highlighted copies of the cell styles in styles.xml, and per sheet a comments part with the legacy
 * VML drawing Excel needs to show comments. String building over the parts' XML, which are small.
 */
import { columnLetter } from '@qunce/core/import';

/** XML text: escaped, without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  let kept = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
    if (!forbidden) kept += ch;
  }
  return kept.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}

export const errorFillArgb = 'FFFFC7CE';

/**
 * Highlighted styles for styles.xml: `styleFor(original)` hands out, on first use, the index of a copy
 * of cellXfs[original] with the red fill; `patch()` returns styles.xml with the fill and the copies
 * appended (counts updated). Null when the part has no <fills> or <cellXfs> to extend.
 */
export function createStylePatcher(stylesXml: string) {
  const fills = /<((?:\w+:)?)fills\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?fills>/.exec(stylesXml);
  const xfs = /<((?:\w+:)?)cellXfs\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml);
  if (!fills || !xfs) return null;
  const p = fills[1] ?? '';
  const fillCount = [...(fills[3] ?? '').matchAll(/<(?:\w+:)?fill(?=[\s>/])/g)].length;
  const xfList = [...(xfs[3] ?? '').matchAll(/<(?:\w+:)?xf\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?xf>)/g)].map(
    (m) => m[0],
  );
  const added: string[] = [];
  const byOriginal = new Map<number, number>();
  const withFill = (xf: string) => {
    const open = /^<[^>]*?(\/?)>/.exec(xf)?.[0] ?? xf;
    let tag = open.replace(/\sfillId="\d+"/, '').replace(/\sapplyFill="[^"]*"/, '');
    tag = tag.replace(/^<((?:\w+:)?xf)/, `<$1 fillId="${fillCount}" applyFill="1"`);
    return tag + xf.slice(open.length);
  };
  return {
    styleFor(original: number): number {
      const known = byOriginal.get(original);
      if (known !== undefined) return known;
      const base =
        xfList[original] ?? xfList[0] ?? `<${xfs[1] ?? ''}xf numFmtId="0" fontId="0" borderId="0" xfId="0"/>`;
      const index = xfList.length + added.length;
      added.push(withFill(base));
      byOriginal.set(original, index);
      return index;
    },
    patch(): string {
      const fill = `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${errorFillArgb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
      const fillsXml = `<${p}fills${(fills[2] ?? '').replace(/\scount="\d+"/, '')} count="${fillCount + 1}">${fills[3] ?? ''}${fill}</${p}fills>`;
      const x = xfs[1] ?? '';
      const xfsXml = `<${x}cellXfs${(xfs[2] ?? '').replace(/\scount="\d+"/, '')} count="${xfList.length + added.length}">${xfs[3] ?? ''}${added.join('')}</${x}cellXfs>`;
      return stylesXml.replace(fills[0], fillsXml).replace(xfs[0], xfsXml);
    },
  };
}

export type CellComment = { row: number; column: number; text: string };

export function commentsXml(comments: readonly CellComment[]): string {
  const list = comments
    .map(
      (c) =>
        `<comment ref="${columnLetter(c.column)}${c.row}" authorId="0"><text><r><t xml:space="preserve">${xmlText(c.text)}</t></r></text></comment>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Qunce 群策</author></authors><commentList>${list}</commentList></comments>`;
}

/**
 * The VML drawing Excel reads comment boxes from. Shape ids must fall in the drawing's id blocks
 * (1024 ids each, block n covers n×1024 … n×1024+1023), unique across the workbook: `firstBlock` is the
 * first block this drawing may use; it uses ceil((comments + 1) / 1024) blocks.
 */
export function vmlDrawingXml(
  comments: readonly CellComment[],
  firstBlock: number,
): { xml: string; blocks: number } {
  const blocks = Math.ceil((comments.length + 1) / 1024);
  const ids = Array.from({ length: blocks }, (_, i) => firstBlock + i).join(',');
  const shapes = comments
    .map((c, i) => {
      const anchor = `${c.column + 1}, 15, ${Math.max(0, c.row - 2)}, 2, ${c.column + 3}, 15, ${c.row + 2}, 2`;
      return `<v:shape id="_x0000_s${firstBlock * 1024 + i + 1}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:180pt;height:60pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${anchor}</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${c.row - 1}</x:Row><x:Column>${c.column}</x:Column></x:ClientData></v:shape>`;
    })
    .join('');
  return {
    blocks,
    xml: `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${ids}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>${shapes}</xml>`,
  };
}
