/**
 * A small writer of official documents (公文) in the GB/T 9704-2012 layout on the `docx` package
 * (docs/documents.md): A4, margins 37 / 35 / 28 / 26 mm (top / bottom / left / right), a grid of 22
 * lines × 28 characters, body in 仿宋_GB2312 三号 (16 pt), title in 方正小标宋简体 二号 (22 pt), the
 * issuer (版头) in red with a red rule under the document number (发文字号), page numbers in 四号
 * (14 pt) 宋体 as "— 1 —", outside (right on odd pages, left on even ones). Tables and native Word
 * charts (drawn by Word from their data, no rasteriser needed) go between the sections.
 */

import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { ChartRun, type ChartRunOptions } from 'docx/charts';

/** Fonts as Chinese government offices name them; Word substitutes when one is missing. */
export const officialFonts = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** Red of the 版头 and its rule. */
export const officialRed = 'E60012';

const mm = (v: number): number => Math.round((v * 1440) / 25.4);
/** Half-points, as docx wants font sizes: 三号 16 pt, 二号 22 pt, 四号 14 pt, 小四 12 pt. */
const pt = (v: number): number => v * 2;

/** 22 lines in the 225 mm type area: 225 / 22 mm = 579 twips. */
export const linePitchTwips = 579;
/** 28 characters of 16 pt in the 156 mm line: 15.8 pt pitch, i.e. (15.8 − 16) pt × 4096 ≈ −842. */
export const charSpace = -842;

export type OfficialTable = {
  /** Shown above the table, bold, centred. */
  caption?: string;
  header: string[];
  rows: (string | number | null)[][];
  /** Relative column widths (any scale); default equal. */
  widths?: number[];
  /** Background colour (6-digit hex) per body cell, by row then column; null: none. */
  fills?: (string | null)[][];
};

export type OfficialChart = {
  caption?: string;
  /** A docx/charts ChartRun description; size defaults to 150 × 90 mm. */
  chart: ChartRunOptions;
};

export type OfficialSection = {
  /** 一、二级标题: level 1 in 黑体 ("一、…"), level 2 in 楷体 ("（一）…"); omit for plain paragraphs. */
  heading?: string;
  level?: 1 | 2;
  paragraphs?: string[];
  tables?: OfficialTable[];
  charts?: OfficialChart[];
};

export type OfficialDocumentInput = {
  title: string;
  /** 发文机关: printed in red as the 版头, e.g. "山东省工业和信息化厅". */
  issuer: string;
  /** 发文字号, e.g. "鲁工信集群〔2026〕1号"; null leaves the line blank. */
  docNumber: string | null;
  /** 成文日期 (ISO), printed in Chinese numerals' Arabic form "2026年1月15日" under the signature. */
  date: string;
  /** 主送机关, e.g. "各市人民政府，省政府有关部门："; optional. */
  addressee?: string;
  sections: OfficialSection[];
  /** Tables after the last section (e.g. an annex); optional. */
  tables?: OfficialTable[];
};

const bodyRun = (
  text: string,
  extra: Partial<{ bold: boolean; font: string; size: number; color: string }> = {},
) =>
  new TextRun({
    text,
    font: {
      ascii: extra.font ?? officialFonts.body,
      eastAsia: extra.font ?? officialFonts.body,
      hAnsi: extra.font ?? officialFonts.body,
    },
    size: extra.size ?? pt(16),
    ...(extra.bold ? { bold: true } : {}),
    ...(extra.color ? { color: extra.color } : {}),
  });

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function tableOf(t: OfficialTable): (Paragraph | Table)[] {
  const columns = t.header.length;
  const widths = t.widths ?? t.header.map(() => 1);
  const total = widths.reduce((a, b) => a + b, 0);
  const cell = (text: string, options: { bold?: boolean; fill?: string | null; width: number }) =>
    new TableCell({
      width: { size: Math.round((options.width / total) * 5000), type: WidthType.PERCENTAGE },
      verticalAlign: VerticalAlign.CENTER,
      ...(options.fill ? { shading: { fill: options.fill } } : {}),
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [bodyRun(text, { size: pt(12), ...(options.bold ? { bold: true } : {}) })],
        }),
      ],
    });
  const header = new TableRow({
    tableHeader: true,
    children: t.header.map((h, i) => cell(h, { bold: true, width: widths[i] ?? 1 })),
  });
  const rows = t.rows.map(
    (row, r) =>
      new TableRow({
        children: Array.from({ length: columns }, (_, c) =>
          cell(row[c] === null || row[c] === undefined ? '—' : String(row[c]), {
            width: widths[c] ?? 1,
            fill: t.fills?.[r]?.[c] ?? null,
          }),
        ),
      }),
  );
  const out: (Paragraph | Table)[] = [];
  if (t.caption) {
    out.push(
      new Paragraph({ alignment: AlignmentType.CENTER, children: [bodyRun(t.caption, { bold: true })] }),
    );
  }
  out.push(new Table({ width: { size: 5000, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }));
  return out;
}

function chartOf(c: OfficialChart): Paragraph[] {
  const out: Paragraph[] = [];
  if (c.caption) {
    out.push(
      new Paragraph({ alignment: AlignmentType.CENTER, children: [bodyRun(c.caption, { bold: true })] }),
    );
  }
  // 150 × 90 mm at 96 px per inch, unless the caller sized it.
  const sized: ChartRunOptions = {
    ...c.chart,
    transformation: c.chart.transformation ?? { width: 567, height: 340 },
  };
  out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new ChartRun(sized)] }));
  return out;
}

const pageNumberFooter = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
  new Footer({
    children: [
      new Paragraph({
        alignment,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: {
              ascii: officialFonts.pageNumber,
              eastAsia: officialFonts.pageNumber,
              hAnsi: officialFonts.pageNumber,
            },
            size: pt(14),
          }),
        ],
      }),
    ],
  });

/** The document as the bytes of a .docx file. */
export async function writeOfficialDocument(input: OfficialDocumentInput): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  // 版头: issuer in red 小标宋, 发文字号 centred, then the red rule (the number line's bottom border).
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0 },
      children: [bodyRun(input.issuer, { font: officialFonts.title, size: pt(26), color: officialRed })],
    }),
    new Paragraph({ children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: officialRed, space: 8 } },
      children: [bodyRun(input.docNumber ?? '')],
    }),
    new Paragraph({ children: [] }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [bodyRun(input.title, { font: officialFonts.title, size: pt(22) })],
    }),
    new Paragraph({ children: [] }),
  );
  if (input.addressee) children.push(new Paragraph({ children: [bodyRun(input.addressee)] }));
  for (const section of input.sections) {
    if (section.heading) {
      const level = section.level ?? 1;
      children.push(
        new Paragraph({
          heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          indent: { firstLine: 640 },
          children: [
            bodyRun(section.heading, { font: level === 1 ? officialFonts.heading1 : officialFonts.heading2 }),
          ],
        }),
      );
    }
    for (const text of section.paragraphs ?? []) {
      // First-line indent of two characters (2 × 16 pt = 640 twips).
      children.push(new Paragraph({ indent: { firstLine: 640 }, children: [bodyRun(text)] }));
    }
    for (const t of section.tables ?? []) children.push(...tableOf(t));
    for (const c of section.charts ?? []) children.push(...chartOf(c));
  }
  for (const t of input.tables ?? []) children.push(...tableOf(t));
  children.push(
    new Paragraph({ children: [] }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      children: [bodyRun(input.issuer)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      children: [bodyRun(chineseDate(input.date))],
    }),
  );
  const doc = new Document({
    creator: input.issuer,
    title: input.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: officialFonts.body, eastAsia: officialFonts.body, hAnsi: officialFonts.body },
            size: pt(16),
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(23) },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: linePitchTwips, charSpace },
        },
        footers: {
          default: pageNumberFooter(AlignmentType.RIGHT),
          even: pageNumberFooter(AlignmentType.LEFT),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
