/** The cluster's evaluation report (.docx, official layout): score, rank interval, tier, gap, strengths, weaknesses, indicators. */
import type { ClusterResult, EvaluationRunSummary } from '@qunce/core/frameworks';
import { frameworkV1Indicators } from '@qunce/core/frameworks';
import { writeOfficialDocument } from '../../documents/official-document.ts';

const fixed = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? null : v.toFixed(digits);
const names = new Map(frameworkV1Indicators.map((i) => [i.code, i.name]));
const nameOf = (code: string) => names.get(code) ?? code;
const tierNames: Record<string, string> = {
  world: '世界级',
  national: '国家级',
  provincial: '省级',
  candidate: '培育（候选）',
};
/** A tier code as printed: 世界级, 国家级, 省级, 培育（候选）. */
export const tierName = (code: string) => tierNames[code] ?? code;

export async function evaluationReportDocx(detail: {
  run: EvaluationRunSummary;
  result: ClusterResult;
  tiers: { tiers: string[]; rest: string } | null;
}): Promise<Buffer> {
  const { run, result } = detail;
  const gap = result.gap
    ? `距下一档次（${tierName(result.gap.toTier)}）差 ${result.gap.points.toFixed(2)} 分；提升最快的指标：${result.gap.closers
        .slice(0, 3)
        .map((c) => nameOf(c.indicator))
        .join('、')}。`
    : '已处于最高档次或无更高档次。';
  return writeOfficialDocument({
    title: `${result.name}${run.period}年度综合竞争力评价报告`,
    issuer: '山东省工业和信息化厅',
    docNumber: null,
    date: (run.publishedAt ?? run.computedAt ?? run.createdAt).slice(0, 10),
    addressee: `${result.name}发展促进组织：`,
    sections: [
      {
        heading: '一、评价结果',
        paragraphs: [
          `依据评价框架 ${run.frameworkVersion}，以 ${run.period} 年度已审核数据计算，贵集群综合竞争力指数为 ${result.score.toFixed(2)} 分，排名第 ${result.rank} 位（权重不确定性分析 ${run.uncertaintyRuns} 次模拟下 5%–95% 排名区间为第 ${result.rankLow}–${result.rankHigh} 位，得分标准差 ${result.scoreSd.toFixed(2)}），所在档次：${tierName(result.tier)}${result.borderline ? '（处于档次边界）' : ''}。`,
          gap,
          `数据快照哈希 ${run.snapshotHash ?? '—'}；结果哈希 ${run.resultsHash ?? '—'}，可复核重算。`,
        ],
      },
      {
        heading: '二、优势与短板',
        paragraphs: [
          `优势指标：${result.strengths.map(nameOf).join('、') || '—'}。`,
          `短板指标：${result.weaknesses.map(nameOf).join('、') || '—'}。`,
        ],
      },
      {
        heading: '三、分项指标',
        tables: [
          {
            caption: '分项指标原值与标准化得分',
            header: ['指标', '原值', '标准化得分（0–100）', '对指数贡献'],
            rows: Object.entries(result.indicators).map(([code, v]) => [
              nameOf(code),
              fixed(v.raw),
              fixed(v.normalised),
              fixed(result.contributions[code] ?? null),
            ]),
          },
        ],
      },
    ],
  });
}
