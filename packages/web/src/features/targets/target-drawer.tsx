import type { TargetsResponse } from '@qunce/core/targets';
import { Alert, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { formatNumber, progressStatusColours, progressStatusKey } from './target-labels.ts';

type TargetRow = TargetsResponse['targets'][number];

/** The shown arithmetic of one target's status: formula, steps, ratio, forecast and the actual's source. */
export function TargetDrawer({
  target,
  onClose,
  extra,
}: {
  target: TargetRow | null;
  onClose: () => void;
  /** Work on the target (values, baseline) below the calculation. */
  extra?: ReactNode;
}) {
  const t = useT();
  const { locale } = useLocale();
  const zh = locale === 'zh-CN';
  const calc = target?.calculation;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size="large"
      title={target ? `${target.code} · ${t('targets.calculation')}` : ''}
    >
      {target && calc && (
        <>
          <Typography.Paragraph>{zh ? target.text : target.textEn}</Typography.Paragraph>
          {calc.isProvisional && (
            <Alert type="warning" showIcon title={t('targets.provisional')} style={{ marginBottom: 12 }} />
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('targets.status')}>
              <Tag color={progressStatusColours[target.status]}>{t(progressStatusKey(target.status))}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('targets.formula')}>{calc.formula}</Descriptions.Item>
            <Descriptions.Item label={t('targets.actual')}>
              {`${formatNumber(target.actual)} ${target.unit}${target.actualDate ? ` (${target.actualDate})` : ''}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('targets.value')}>
              {`${formatNumber(target.value)} ${target.unit} (${target.deadline})`}
            </Descriptions.Item>
            <Descriptions.Item label={t('targets.ratio')}>{formatNumber(calc.ratio)}</Descriptions.Item>
            <Descriptions.Item label={t('targets.explanation')}>
              {zh ? calc.explanation.zh : calc.explanation.en}
            </Descriptions.Item>
            <Descriptions.Item label={t('targets.source')}>
              {zh ? target.source.zh : target.source.en}
            </Descriptions.Item>
            {target.forecast && (
              <Descriptions.Item label={t('targets.forecast')}>
                {t('targets.forecastValue', {
                  at: target.forecast.at,
                  value: formatNumber(target.forecast.value),
                })}
                <br />
                {zh ? target.forecast.note.zh : target.forecast.note.en}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('targets.steps')}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(step) => `${step.name}-${step.expression}`}
            pagination={false}
            dataSource={calc.steps}
            columns={[
              { title: t('targets.step'), dataIndex: 'name' },
              { title: t('targets.expression'), dataIndex: 'expression' },
              { title: t('targets.stepValue'), dataIndex: 'value', render: (v: number) => formatNumber(v) },
            ]}
          />
          {extra}
        </>
      )}
    </Drawer>
  );
}
