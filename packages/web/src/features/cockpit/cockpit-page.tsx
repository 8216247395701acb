import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import type { CockpitSummary } from '@qunce/core/cockpit';
import type { TargetSetStatus } from '@qunce/core/targets';
import { progressStatusLabels } from '@qunce/core/targets';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { ChartCard } from '../../charts/chart-card.tsx';
import { guarded } from '../../components/feature-guard.tsx';
import { isNotFound, QueryState } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import {
  type MapMeasure,
  mapMeasures,
  mapOption,
  mapTable,
  measureLabel,
  outputTrendOption,
  pyramidOption,
  pyramidTable,
  rdTrendOption,
  trendTable,
} from './cockpit-charts.ts';
import { registerShandongMap } from './shandong-map.ts';

export const cockpitSummaryQuery = {
  queryKey: ['cockpit', 'summary'],
  queryFn: () => apiRequest<CockpitSummary>('/api/cockpit/summary'),
} as const;

/** Status classes of the targets issue, each with its own colour. */
export const progressStatusColours: Record<keyof typeof progressStatusLabels, string> = {
  achieved: 'green',
  on_track: 'cyan',
  needs_acceleration: 'gold',
  limited_progress: 'orange',
  deteriorating: 'red',
  not_achieved: 'magenta',
  no_data: 'default',
};

function TargetBoard() {
  const t = useT();
  const { locale } = useLocale();
  const targets = useQuery({
    queryKey: ['targets', 'current'],
    queryFn: () => apiRequest<TargetSetStatus>('/api/targets'),
    retry: false,
  });
  const unavailable = isNotFound(targets.error);
  return (
    <Card
      size="small"
      title={t('cockpit.targets.title')}
      extra={<Link to="/targets">{t('cockpit.targets.all')}</Link>}
      data-testid="cockpit-targets"
    >
      {unavailable ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.targets.empty')} />
      ) : (
        <QueryState
          isLoading={targets.isLoading}
          error={targets.error}
          onRetry={() => void targets.refetch()}
        >
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ y: 320 }}
            dataSource={targets.data?.targets ?? []}
            columns={[
              {
                title: t('cockpit.targets.target'),
                key: 'text',
                render: (_, row) => (
                  <Link to={`/targets?code=${encodeURIComponent(row.code)}`}>
                    {locale === 'en' ? row.textEn : row.text}
                  </Link>
                ),
              },
              {
                title: t('cockpit.targets.status'),
                dataIndex: 'status',
                width: 130,
                render: (status: keyof typeof progressStatusLabels) => (
                  <Tag color={progressStatusColours[status]}>
                    {locale === 'en' ? progressStatusLabels[status].en : progressStatusLabels[status].zh}
                  </Tag>
                ),
              },
              {
                title: t('cockpit.targets.actual'),
                key: 'actual',
                width: 150,
                render: (_, row) =>
                  `${row.actual === null ? '—' : Math.round(row.actual * 100) / 100} / ${row.value} ${row.unit}`,
              },
              {
                title: t('cockpit.targets.owners'),
                dataIndex: 'owners',
                width: 220,
                render: (owners: string[]) => owners.join('、'),
              },
            ]}
          />
        </QueryState>
      )}
    </Card>
  );
}

/** 驾驶舱: the 3830 pattern, the province map, the target board and the trends; full screen for meetings. */
export function CockpitPage() {
  const t = useT();
  const navigate = useNavigate();
  const { cityName } = useCities();
  const summary = useQuery(cockpitSummaryQuery);
  const [measure, setMeasure] = useState<MapMeasure>('clusterCount');
  const frame = useRef<HTMLDivElement>(null);
  const [isFullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    document.title = `${t('nav.cockpit')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === frame.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  useMemo(() => registerShandongMap(), []);

  const data = summary.data;
  const options = useMemo(
    () =>
      data && {
        pyramid: pyramidOption(data, t),
        map: mapOption(data, measure, t, cityName),
        output: outputTrendOption(data, t),
        rd: rdTrendOption(data, t),
      },
    [data, measure, t, cityName],
  );

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frame.current?.requestFullscreen?.();
  };
  const big = isFullscreen ? 1.4 : 1;

  return (
    <App component={false}>
      <div
        ref={frame}
        style={
          isFullscreen ? { background: '#f0f2f5', padding: 24, overflow: 'auto', height: '100vh' } : undefined
        }
      >
        <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
            {t('cockpit.title')}
          </Typography.Title>
          {data && (
            <Tag color="blue">{data.year ? t('cockpit.year', { year: data.year }) : t('cockpit.noYear')}</Tag>
          )}
          {data?.indexRun && (
            <Tag color="purple">
              {t('cockpit.indexRun', {
                period: data.indexRun.period,
                version: data.indexRun.frameworkVersion,
              })}
            </Tag>
          )}
          <Button
            icon={isFullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
            onClick={toggleFullscreen}
          >
            {isFullscreen ? t('cockpit.exitFullscreen') : t('cockpit.fullscreen')}
          </Button>
        </Flex>
        <QueryState
          isLoading={summary.isLoading}
          error={summary.error}
          onRetry={() => void summary.refetch()}
        >
          {data && options && (
            <Flex vertical gap={16}>
              <Row gutter={[16, 16]}>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={t('cockpit.activeClusters')} value={data.activeClusters} />
                  </Card>
                </Col>
                {data.tiers
                  .filter((row) => row.goal !== null)
                  .map((row) => (
                    <Col xs={12} md={6} key={row.tier}>
                      <Card size="small">
                        <Statistic
                          title={t('cockpit.tierReached', {
                            tier: t(`tier.${row.tier}`),
                            goal: row.goal ?? '',
                          })}
                          value={row.reached}
                          suffix={`/ ${row.goal}`}
                          styles={{
                            content: {
                              color: row.goal !== null && row.reached >= row.goal ? '#2e9d6a' : undefined,
                            },
                          }}
                        />
                      </Card>
                    </Col>
                  ))}
              </Row>
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={14}>
                  <ChartCard
                    testId="cockpit-map"
                    title={t('cockpit.map.title')}
                    fileStem={t('cockpit.map.title')}
                    option={options.map}
                    table={mapTable(data, t, cityName)}
                    height={480 * big}
                    onEvents={{
                      click: (params) => {
                        if (params.name)
                          void navigate(`/clusters?cityCode=${encodeURIComponent(params.name)}`);
                      },
                    }}
                    extra={
                      <Segmented<MapMeasure>
                        size="small"
                        aria-label={t('cockpit.map.title')}
                        value={measure}
                        onChange={setMeasure}
                        options={mapMeasures.map((m) => ({
                          value: m,
                          label: t(measureLabel[m]),
                          // The index comes from the latest published evaluation.
                          disabled: m === 'index' && data.indexRun === null,
                        }))}
                      />
                    }
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('cockpit.map.hint')}
                  </Typography.Text>
                </Col>
                <Col xs={24} xl={10}>
                  <ChartCard
                    testId="cockpit-pyramid"
                    title={t('cockpit.pyramid.title')}
                    fileStem={t('cockpit.pyramid.title')}
                    option={options.pyramid}
                    table={pyramidTable(data, t)}
                    height={480 * big}
                  />
                </Col>
              </Row>
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <ChartCard
                    testId="cockpit-output"
                    title={t('cockpit.trends.output')}
                    fileStem={t('cockpit.trends.output')}
                    option={options.output}
                    table={trendTable(data, t)}
                    height={280 * big}
                    isEmpty={data.trends.length === 0}
                  />
                </Col>
                <Col xs={24} lg={12}>
                  <ChartCard
                    testId="cockpit-rd"
                    title={t('cockpit.trends.rd')}
                    fileStem={t('cockpit.trends.rd')}
                    option={options.rd}
                    table={trendTable(data, t)}
                    height={280 * big}
                    isEmpty={data.trends.length === 0}
                  />
                </Col>
              </Row>
              <TargetBoard />
            </Flex>
          )}
        </QueryState>
      </div>
    </App>
  );
}

export const Component = guarded(CockpitPage);
