import { describe, expect, it } from 'vitest';
import { charSpace, linePitchTwips, officialRed, writeOfficialDocument } from './official-document.ts';
import { readZipEntry } from './zip-entry.ts';

const input = {
  title: '关于开展集群综合竞争力评价的通知',
  issuer: '山东省工业和信息化厅',
  docNumber: '鲁工信集群〔2026〕3号',
  date: '2026-01-05',
  addressee: '各市工业和信息化局：',
  sections: [
    { heading: '一、评价范围', paragraphs: ['全省认定的省级以上集群。'] },
    {
      heading: '（一）时间安排',
      level: 2 as const,
      tables: [
        {
          caption: '表1 安排',
          header: ['阶段', '时间'],
          rows: [['报送', '3月底前']],
          fills: [[null, 'C6EFCE']],
        },
      ],
      charts: [
        {
          caption: '图1 集群数',
          chart: {
            type: 'column' as const,
            categories: ['世界级', '国家级'],
            series: [{ name: '个数', values: [1, 7] }],
          },
        },
      ],
    },
  ],
};

describe('writeOfficialDocument: the GB/T 9704-2012 layout', () => {
  it('A4 (210 × 297 mm = 11906 × 16838 twips), margins 37/35/28/26 mm = 2098/1984/1587/1474 twips, 22 × 28 grid', async () => {
    const xml = readZipEntry(await writeOfficialDocument(input), 'word/document.xml') ?? '';
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(linePitchTwips).toBe(Math.floor((225 / 22) * (1440 / 25.4))); // 579.8 truncated, so 22 lines fit
    expect(xml).toContain(`w:linePitch="${linePitchTwips}" w:charSpace="${charSpace}"`);
  });

  it('版头 in red, 发文字号 over a red rule, title in 小标宋 22 pt, body in 仿宋_GB2312 16 pt, signature date 2026年1月5日', async () => {
    const bytes = await writeOfficialDocument(input);
    const xml = readZipEntry(bytes, 'word/document.xml') ?? '';
    expect(xml).toContain(`<w:color w:val="${officialRed}"/>`);
    expect(xml).toMatch(new RegExp(`<w:bottom w:val="single" w:color="${officialRed}"`));
    expect(xml).toContain('鲁工信集群〔2026〕3号');
    expect(xml).toMatch(
      /w:eastAsia="方正小标宋简体"[\s\S]*?<w:sz w:val="44"\/>[\s\S]*?关于开展集群综合竞争力评价的通知/,
    );
    expect(xml).toContain('2026年1月5日');
    expect(readZipEntry(bytes, 'word/styles.xml')).toMatch(
      /w:eastAsia="仿宋_GB2312"[\s\S]*?<w:sz w:val="32"\/>/,
    );
  });

  it('page numbers "— n —" in 宋体 14 pt, right on odd pages and left on even ones; a table with its fill; a native chart part', async () => {
    const bytes = await writeOfficialDocument(input);
    const footers = [
      readZipEntry(bytes, 'word/footer1.xml') ?? '',
      readZipEntry(bytes, 'word/footer2.xml') ?? '',
    ];
    for (const f of footers) {
      expect(f).toContain('— ');
      expect(f).toContain('PAGE');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    expect(footers.map((f) => /<w:jc w:val="(\w+)"\/>/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
    expect(readZipEntry(bytes, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const xml = readZipEntry(bytes, 'word/document.xml') ?? '';
    expect(xml).toContain('w:fill="C6EFCE"');
    expect(readZipEntry(bytes, 'word/charts/chart1.xml')).toContain('<c:barDir val="col"/>');
  });
});
