/** The review opinion (复核意见, .docx, official layout): score against the review line, outcome, deadline, indicators. */
import type { ReviewView } from '@qunce/core/frameworks';
import { frameworkV1Indicators } from '@qunce/core/frameworks';
import { writeOfficialDocument } from '../../documents/official-document.ts';

const names = new Map(frameworkV1Indicators.map((i) => [i.code, i.name]));
const outcomes = { pass: '通过复核', rectify: '限期整改', revoke: '撤销认定' } as const;
const fixed = (v: number | null) => (v === null ? null : v.toFixed(2));

export async function reviewOpinionDocx(review: ReviewView, clusterName: string): Promise<Buffer> {
  const conclusion =
    review.outcome === 'rectify'
      ? `复核结论：${outcomes.rectify}，整改期限至 ${review.rectifyDeadline ?? '—'}，期满复查。`
      : `复核结论：${outcomes[review.outcome]}。`;
  return writeOfficialDocument({
    title: `关于${clusterName}三年复核的意见`,
    issuer: '山东省工业和信息化厅',
    docNumber: review.documentNumber,
    date: review.decidedOn,
    addressee: `${clusterName}发展促进组织：`,
    sections: [
      {
        heading: '一、复核评价',
        paragraphs: [
          `依据评价框架 ${review.frameworkVersion}，以 ${review.period} 年度已审核数据按绝对尺度（目标区间标准化）单独计分，贵集群综合得分 ${review.score === null ? '—' : review.score.toFixed(2)} 分，复核线 ${review.reviewLine} 分，${review.belowReviewLine ? '低于' : '达到'}复核线。`,
          ...(review.recognisedOn
            ? [`认定日期 ${review.recognisedOn}，应复核日期 ${review.dueOn ?? '—'}。`]
            : []),
        ],
      },
      { heading: '二、复核意见', paragraphs: [review.opinion, conclusion] },
      ...(review.followUp
        ? [
            {
              heading: '三、整改复查',
              paragraphs: [
                `${review.followUp.on} 复查，得分 ${review.followUp.score === null ? '—' : review.followUp.score.toFixed(2)} 分，结论：${review.followUp.outcome === 'pass' ? '整改通过，恢复认定' : '整改未达要求，撤销认定'}。${review.followUp.note}`,
              ],
            },
          ]
        : []),
      {
        heading: review.followUp ? '四、分项指标' : '三、分项指标',
        tables: [
          {
            header: ['指标', '原值', '标准化得分（0–100）'],
            rows: Object.entries(review.indicators).map(([code, v]) => [
              names.get(code) ?? code,
              fixed(v.raw),
              fixed(v.normalised),
            ]),
          },
        ],
      },
    ],
  });
}
