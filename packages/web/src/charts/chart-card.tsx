import { FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Tooltip } from 'antd';
import { type ReactNode, useCallback, useRef } from 'react';
import { saveFile, saveXlsx } from '../components/download.ts';
import type { XlsxCell } from '../components/xlsx-writer.ts';
import { useT } from '../i18n/locale-context.tsx';
import { EChart, type EChartEvents } from './echart.tsx';
import { chartPng, type EChartsInstance, type EChartsOption } from './echarts-setup.ts';

export type ChartTable = { columns: string[]; rows: XlsxCell[][] };

type Props = {
  title: ReactNode;
  /** Used for the file names: `<fileStem>.png`, `<fileStem>.xlsx`. */
  fileStem: string;
  option: EChartsOption;
  /** The chart's data, as the .xlsx download gives it. */
  table: ChartTable;
  height: number | string;
  /** No data: an empty state instead of an empty chart. */
  isEmpty?: boolean;
  emptyText?: ReactNode;
  extra?: ReactNode;
  onEvents?: EChartEvents;
  testId?: string;
};

/** A chart in a card with "download as PNG" and "download the data as .xlsx" (issue 8, Quality). */
export function ChartCard(props: Props) {
  const t = useT();
  const { message } = App.useApp();
  const chart = useRef<EChartsInstance | null>(null);
  const onReady = useCallback((instance: EChartsInstance) => {
    chart.current = instance;
  }, []);

  const downloadPng = async () => {
    if (!chart.current) return;
    try {
      saveFile(await chartPng(chart.current), `${props.fileStem}.png`);
    } catch {
      void message.error(t('chart.pngFailed'));
    }
  };
  const downloadXlsx = () => {
    saveXlsx(
      [{ name: props.fileStem, rows: [props.table.columns, ...props.table.rows] }],
      `${props.fileStem}.xlsx`,
    );
  };

  return (
    <Card
      size="small"
      title={props.title}
      data-testid={props.testId}
      extra={
        <Space size={4}>
          {props.extra}
          <Tooltip title={t('chart.downloadPng')}>
            <Button
              size="small"
              type="text"
              icon={<PictureOutlined />}
              aria-label={t('chart.downloadPng')}
              disabled={props.isEmpty}
              onClick={() => void downloadPng()}
            />
          </Tooltip>
          <Tooltip title={t('chart.downloadXlsx')}>
            <Button
              size="small"
              type="text"
              icon={<FileExcelOutlined />}
              aria-label={t('chart.downloadXlsx')}
              disabled={props.isEmpty}
              onClick={downloadXlsx}
            />
          </Tooltip>
        </Space>
      }
      styles={{ body: { padding: 12 } }}
    >
      {props.isEmpty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.emptyText ?? t('common.noData')} />
      ) : (
        <EChart
          option={props.option}
          height={props.height}
          onReady={onReady}
          onEvents={props.onEvents}
          data-testid={props.testId && `${props.testId}-chart`}
        />
      )}
    </Card>
  );
}
