import { FileWordOutlined } from '@ant-design/icons';
import type { ClusterResult, EvaluationRunView } from '@qunce/core/frameworks';
import { App, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { ChartCard } from '../../charts/chart-card.tsx';
import { downloadFrom } from '../../components/download.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { tierColours, tierKey } from '../clusters/cluster-labels.ts';
import {
  scoreLines,
  scoreLinesOption,
  scoreLinesTable,
  sensitivityOption,
  sensitivityTable,
} from './evaluation-charts.ts';

/** Rank interval as a bar over 1…count, with the rank as a dot. */
function RankBar({ row, count }: { row: ClusterResult; count: number }) {
  const span = Math.max(count, 1);
  const left = ((row.rankLow - 1) / span) * 100;
  const width = (Math.max(row.rankHigh - row.rankLow + 1, 1) / span) * 100;
  const dot = ((row.rank - 0.5) / span) * 100;
  return (
    <Flex align="center" gap={8}>
      <div style={{ position: 'relative', width: 160, height: 10, background: '#f0f0f0', borderRadius: 5 }}>
        <div
          style={{
            position: 'absolute',
            left: `${left}%`,
            width: `${width}%`,
            top: 2,
            height: 6,
            background: '#91caff',
            borderRadius: 3,
          }}
        />
        <div
          style={{
            position: 'absolute',
            left: `calc(${dot}% - 3px)`,
            top: 2,
            width: 6,
            height: 6,
            background: '#1677ff',
            borderRadius: 3,
          }}
        />
      </div>
      <Typography.Text type="secondary">
        {row.rankLow}–{row.rankHigh}
      </Typography.Text>
    </Flex>
  );
}

/** Tier codes with a catalogue name (a framework may name its own tiers: shown as their code). */
const knownTiers = ['world', 'national', 'provincial', 'candidate'];
/** Sensitivity inputs with a catalogue name (others, e.g. weights of a deeper level, show their code). */
const knownInputs = ['weights.level1', 'weights.level2', 'imputation', 'normalisation', 'aggregation'];
const inputKey = (input: string) => `studio.sensitivity.input.${input}` as MessageKey;

/**
 * A computed run: the ranking (translated tiers, borderline flags, rank intervals, report .docx per
 * cluster), the scores against the review line and the tier lines, and the sensitivity indices.
 */
export function RunResults({
  run,
  reviewLine,
  loading,
}: {
  run: EvaluationRunView | undefined;
  reviewLine: number | undefined;
  loading: boolean;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const results = run?.results ?? [];
  const tierName = (tier: string) =>
    tier === 'none' ? t('studio.tier.none') : knownTiers.includes(tier) ? t(tierKey(tier)) : tier;
  const inputName = (input: string) => (knownInputs.includes(input) ? t(inputKey(input)) : input);
  const lines = scoreLines(run?.tiers?.boundaries ?? [], reviewLine, {
    tier: (tier, score) => t('studio.scores.tierLine', { tier: tierName(tier), score }),
    review: (score) => t('studio.scores.reviewLine', { score }),
  });
  const sensitivity = run?.sensitivity ?? null;
  const head = {
    rank: t('evaluation.ranking.rank'),
    cluster: t('evaluation.ranking.cluster'),
    score: t('evaluation.ranking.score'),
    tier: t('evaluation.ranking.tier'),
    borderline: t('evaluation.ranking.borderline'),
  };
  const stem = run ? `evaluation-${run.period}-${run.frameworkVersion}` : 'evaluation';

  const downloadReport = (code: string) => {
    if (!run) return;
    downloadFrom(
      `/api/evaluations/${run.id}/clusters/${encodeURIComponent(code)}/report.docx`,
      `${code}-${run.period}.docx`,
    ).catch((error: unknown) => void message.error(errorText(error)));
  };

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={
          run
            ? t('evaluation.ranking', { period: run.period, version: run.frameworkVersion })
            : t('evaluation.ranking.rank')
        }
      >
        <Table<ClusterResult>
          size="small"
          rowKey="clusterCode"
          data-testid="ranking-table"
          loading={loading}
          dataSource={results}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: t('evaluation.ranking.empty') }}
          columns={[
            { title: head.rank, dataIndex: 'rank', width: 70 },
            {
              title: head.cluster,
              dataIndex: 'name',
              render: (name: string, r) => `${name}（${r.clusterCode}）`,
            },
            {
              title: head.score,
              dataIndex: 'score',
              width: 90,
              render: (s: number) => s.toFixed(2),
            },
            {
              title: t('evaluation.ranking.interval'),
              key: 'interval',
              width: 240,
              render: (_: unknown, r) => <RankBar row={r} count={results.length} />,
            },
            {
              title: head.tier,
              dataIndex: 'tier',
              width: 170,
              render: (tier: string, r) => (
                <Flex gap={4}>
                  <Tag color={tierColours[tier]} data-testid={`tier-${r.clusterCode}`}>
                    {tierName(tier)}
                  </Tag>
                  {r.borderline && <Tag color="orange">{head.borderline}</Tag>}
                </Flex>
              ),
            },
            {
              title: '',
              key: 'report',
              width: 120,
              render: (_: unknown, r) => (
                <Button
                  size="small"
                  icon={<FileWordOutlined />}
                  data-testid={`report-${r.clusterCode}`}
                  onClick={() => downloadReport(r.clusterCode)}
                >
                  {t('studio.report')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      {run && results.length > 0 && (
        <ChartCard
          title={t('studio.scores')}
          fileStem={`${stem}-scores`}
          testId="score-lines"
          height={Math.max(240, 60 + results.length * 22)}
          option={scoreLinesOption(results, lines, {
            score: head.score,
            aria: t('studio.scores.aria', { lines: lines.map((l) => l.label).join('，') }),
          })}
          table={scoreLinesTable(results, lines, head, tierName)}
          emptyText={t('studio.scores.empty')}
        />
      )}

      {run &&
        (sensitivity ? (
          <ChartCard
            title={t('studio.sensitivity')}
            fileStem={`${stem}-sensitivity`}
            testId="sensitivity"
            height={280}
            extra={
              <Typography.Text type="secondary" data-testid="sensitivity-help">
                {t('studio.sensitivity.help', {
                  n: sensitivity.baseSamples,
                  evaluations: sensitivity.evaluations,
                })}
              </Typography.Text>
            }
            option={sensitivityOption(sensitivity, {
              first: t('studio.sensitivity.first'),
              total: t('studio.sensitivity.total'),
              inputName,
            })}
            table={sensitivityTable(
              sensitivity,
              {
                input: t('studio.sensitivity.input'),
                cluster: head.cluster,
                first: t('studio.sensitivity.first'),
                total: t('studio.sensitivity.total'),
              },
              inputName,
            )}
            isEmpty={sensitivity.first.every((v) => v === null) && sensitivity.total.every((v) => v === null)}
            emptyText={t('studio.sensitivity.constant')}
          />
        ) : (
          <Typography.Text type="secondary" data-testid="sensitivity-none">
            {t('studio.sensitivity.none')}
          </Typography.Text>
        ))}
    </Flex>
  );
}
