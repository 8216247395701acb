/**
 * Official-layout (GB/T 9704-2012) .docx for the evaluation report and the review opinion: A4, margins
 * 37 / 35 / 28 / 26 mm, body 仿宋_GB2312 三号 (16 pt) on a 28.95 pt line pitch (22 lines), title
 * 方正小标宋简体 二号 (22 pt), issuer in red with a red rule, level-1 headings in 黑体, page numbers
 * "— n —" in 宋体 四号. Written with the `docx` package directly: the shared writer
 * (src/documents/official-document.ts, same input shape) was not committed yet when this was written;
 * switching is a change of import (docs/evaluations.md).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

const mm = (v: number) => Math.round((v * 1440) / 25.4);
const fonts = { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', page: '宋体' };
const red = 'E60012';
const linePitch = 579;

export type DocxTable = { caption?: string; header: string[]; rows: (string | number | null)[][] };
export type DocxSection = { heading?: string; paragraphs?: string[]; tables?: DocxTable[] };
export type DocxInput = {
  title: string;
  issuer: string;
  docNumber: string | null;
  /** ISO date, printed as 2026年1月15日. */
  date: string;
  addressee?: string;
  sections: DocxSection[];
};

const run = (text: string, font = fonts.body, size = 32, extra: { bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: { ascii: font, eastAsia: font, hAnsi: font }, size, ...extra });

const spacing = { line: linePitch, lineRule: LineRuleType.EXACT };

const body = (text: string) => new Paragraph({ children: [run(text)], indent: { firstLine: 640 }, spacing });

function table(t: DocxTable): (Paragraph | Table)[] {
  const cell = (text: string, bold = false) =>
    new TableCell({
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, fonts.body, 24, { bold })] }),
      ],
    });
  return [
    ...(t.caption
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [run(t.caption, fonts.body, 28, { bold: true })],
          }),
        ]
      : []),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: t.header.map((h) => cell(h, true)) }),
        ...t.rows.map((r) => new TableRow({ children: r.map((v) => cell(v === null ? '—' : String(v))) })),
      ],
    }),
  ];
}

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export async function writeOfficialDocx(input: DocxInput): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(input.issuer, fonts.title, 52, { color: red })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: red, space: 4 } },
      children: [run(input.docNumber ?? '')],
      spacing,
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(input.title, fonts.title, 44)],
      spacing,
    }),
    ...(input.addressee ? [new Paragraph({ children: [run(input.addressee)], spacing })] : []),
  ];
  for (const section of input.sections) {
    if (section.heading)
      children.push(new Paragraph({ children: [run(section.heading, fonts.heading)], spacing }));
    for (const p of section.paragraphs ?? []) children.push(body(p));
    for (const t of section.tables ?? []) children.push(...table(t));
  }
  children.push(
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(input.issuer)], spacing }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(input.date))], spacing }),
  );
  const doc = new Document({
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fonts.page, size: 28 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
