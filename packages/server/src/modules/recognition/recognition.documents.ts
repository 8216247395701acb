/**
 * Round documents (issue 7, item 9): the ranking table and the recognition list as .xlsx, the public
 * notice (公示) as .docx in the official layout (GB/T 9704-2012, the shared writeOfficialDocument).
 */
import ExcelJS from 'exceljs';
import type { ClusterRow, RecognitionApplicationRow, RecognitionRoundRow } from '../../db/schema/index.ts';
import { writeOfficialDocument } from '../../documents/official-document.ts';
import type { StoredRanking } from './recognition.service.ts';

const tierNames: Record<string, string> = {
  world: '世界级',
  national: '国家级',
  provincial: '省级',
  candidate: '培育对象',
};

type AppWithCluster = { row: RecognitionApplicationRow; cluster: ClusterRow | undefined };

const fixed = (v: number | null, digits = 2) => (v === null ? null : Number(v.toFixed(digits)));

export async function writeRankingXlsx(
  round: RecognitionRoundRow,
  ranking: StoredRanking,
  applications: AppWithCluster[],
): Promise<Buffer> {
  const byId = new Map(applications.map((a) => [a.row.id, a]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qunce';
  wb.created = round.rankedAt ?? round.createdAt;
  wb.modified = wb.created;
  const ws = wb.addWorksheet('排名 Ranking', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '名次 Rank', key: 'rank', width: 8 },
    { header: '集群代码 Code', key: 'code', width: 14 },
    { header: '集群名称 Cluster', key: 'name', width: 32 },
    { header: '定量得分 Quantitative', key: 'q', width: 14 },
    { header: '定量标准差 Q sd', key: 'qsd', width: 12 },
    { header: '定量名次区间 Q rank interval', key: 'qrank', width: 16 },
    { header: '专家得分（截尾均值）Expert', key: 'e', width: 16 },
    { header: '专家人数 Experts', key: 'n', width: 10 },
    { header: '去掉的最高最低分 Dropped', key: 'dropped', width: 18 },
    { header: '综合得分 Combined', key: 'c', width: 12 },
    { header: '下限 Low', key: 'low', width: 10 },
    { header: '上限 High', key: 'high', width: 10 },
    { header: '名额内 Within quota', key: 'within', width: 10 },
    { header: '临界 Borderline', key: 'borderline', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of ranking.rows) {
    const row = ws.addRow({
      rank: r.rank,
      code: r.clusterCode,
      name: byId.get(r.applicationId)?.cluster?.name ?? '',
      q: fixed(r.quantitativeScore),
      qsd: fixed(r.quantitativeSd),
      qrank: r.quantitativeRankLow === null ? '' : `${r.quantitativeRankLow}–${r.quantitativeRankHigh}`,
      e: fixed(r.expertScore),
      n: r.expertCount,
      dropped: r.expertDropped.map((d) => d.toFixed(2)).join(', '),
      c: fixed(r.combinedScore),
      low: fixed(r.low),
      high: fixed(r.high),
      within: r.withinQuota ? '是 yes' : '否 no',
      borderline: r.borderline ? '临界 borderline' : '',
    });
    if (r.borderline)
      row.getCell('borderline').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE58F' } };
  }
  const about = wb.addWorksheet('说明 Method');
  about.columns = [
    { header: '项目 Item', key: 'k', width: 28 },
    { header: '值 Value', key: 'v', width: 90 },
  ];
  about.addRows([
    { k: '轮次 Round', v: `${round.year} ${round.name}` },
    { k: '名额 Quota', v: ranking.quota },
    { k: '定量权重 w', v: ranking.weight },
    {
      k: '综合得分 Combined',
      v: 'C = w·定量 + (1 − w)·专家截尾均值；σ = √((w·σQ)² + ((1 − w)·s/√k)²)；区间 C ± 1.96σ',
    },
    { k: '名额线 Quota line', v: ranking.line },
    {
      k: '评价运行 Evaluation run',
      v: `${ranking.evaluationRunId} (${ranking.frameworkVersion}, ${ranking.period})`,
    },
    { k: '评价结果哈希 Run hash', v: ranking.evaluationRunHash },
    { k: '排名哈希 Ranking hash', v: round.rankingHash },
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function writeRecognitionListXlsx(
  round: RecognitionRoundRow,
  applications: AppWithCluster[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qunce';
  const ws = wb.addWorksheet('认定名单 Recognised', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '序号 No.', key: 'no', width: 6 },
    { header: '集群代码 Code', key: 'code', width: 14 },
    { header: '集群名称 Cluster', key: 'name', width: 36 },
    { header: '所在城市 Cities', key: 'cities', width: 20 },
    { header: '认定级别 Tier', key: 'tier', width: 12 },
    { header: '认定文号 Document', key: 'doc', width: 24 },
    { header: '认定日期 Date', key: 'date', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  const listed = applications.filter(
    (a) => a.row.status === (round.status === 'recognised' ? 'recognised' : 'recommended'),
  );
  ws.addRows(
    listed.map((a, i) => ({
      no: i + 1,
      code: a.row.clusterCode,
      name: a.cluster?.name ?? '',
      cities: (a.cluster?.cityCodes ?? []).join('、'),
      tier: `${tierNames[round.targetTier] ?? round.targetTier} ${round.targetTier}`,
      doc: round.documentNumber ?? '',
      date: round.recognisedOn ?? '',
    })),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The public notice of the recommended clusters, with the notice period and how to object. */
export async function writeNoticeDocx(
  round: RecognitionRoundRow,
  applications: AppWithCluster[],
): Promise<Buffer> {
  const listed = applications.filter((a) => ['recommended', 'recognised'].includes(a.row.status));
  const tier = tierNames[round.targetTier] ?? round.targetTier;
  return writeOfficialDocument({
    title: `关于${round.year}年${tier}先进制造业集群拟认定名单的公示`,
    issuer: '山东省工业和信息化厅',
    docNumber: null,
    date: round.noticeStart ?? round.applicationDeadline,
    sections: [
      {
        paragraphs: [
          `根据${round.name}工作安排，经申报、资格审查、专家评审和综合评价，现将${listed.length}个拟认定为${tier}先进制造业集群的名单予以公示。`,
          `公示期为${round.noticeWorkingDays ?? '—'}个工作日（${round.noticeStart ?? '—'}至${round.noticeEnd ?? '—'}）。公示期间，如对名单有异议，请以书面形式向省工业和信息化厅反映，并提供必要的证明材料。以单位名义反映的须加盖公章，以个人名义反映的须署真实姓名和联系方式。`,
        ],
      },
    ],
    tables: [
      {
        caption: `${round.year}年${tier}先进制造业集群拟认定名单`,
        header: ['序号', '集群名称', '所在城市'],
        widths: [1, 5, 3],
        rows: listed.map((a, i) => [
          i + 1,
          a.cluster?.name ?? a.row.clusterCode,
          (a.cluster?.cityCodes ?? []).join('、'),
        ]),
      },
    ],
  });
}
