/**
 * The annual progress report on targets and tasks: an .xlsx workbook (status table coloured by class,
 * tasks, legend) and a .docx in the official layout (GB/T 9704-2012, src/documents) with the status
 * table and two native Word charts (targets by status; share of each target value reached).
 */
import {
  type ProgressStatus,
  progressStatuses,
  progressStatusLabels,
  type TargetsResponse,
  type TaskReportView,
} from '@qunce/core/targets';
import ExcelJS from 'exceljs';
import type { DbOrTx } from '../../db/client.ts';
import { writeOfficialDocument } from '../../documents/official-document.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { listDuties, listTaskReports, listTasks } from '../tasks/tasks.service.ts';
import { getTargetsStatus } from './targets.service.ts';

/** Cell fill per status (light tints, readable in print): green to red, grey for no data. */
export const statusFills: Record<ProgressStatus, string> = {
  achieved: 'C6EFCE',
  on_track: 'E2EFDA',
  needs_acceleration: 'FFEB9C',
  limited_progress: 'FCE4D6',
  deteriorating: 'FFC7CE',
  not_achieved: 'FF9999',
  no_data: 'D9D9D9',
};

export type AnnualReportData = {
  status: TargetsResponse;
  year: string;
  tasks: {
    code: string;
    title: string;
    units: string;
    accepted: number;
    submitted: number;
    returned: number;
    overdue: number;
  }[];
};

const fmt = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : String(Number(v.toPrecision(digits)));

export async function buildAnnualReportData(
  db: DbOrTx,
  user: SessionUser,
  query: { set?: string | undefined; version?: number | undefined; date: string },
): Promise<AnnualReportData> {
  const status = await getTargetsStatus(db, query);
  const year = query.date.slice(0, 4);
  const tasks = await listTasks(db, user, status.set);
  const reports = await listTaskReports(db, user, status.set, {});
  const duties = await listDuties(db, user, status.set, query.date);
  const inYear = (r: TaskReportView) => r.period.startsWith(year);
  return {
    status,
    year,
    tasks: tasks.map((t) => {
      const mine = reports.filter((r) => r.taskCode === t.code && inYear(r));
      return {
        code: t.code,
        title: t.title,
        units: t.units.join('、'),
        accepted: mine.filter((r) => r.status === 'accepted').length,
        submitted: mine.filter((r) => r.status === 'submitted').length,
        returned: mine.filter((r) => r.status === 'returned').length,
        overdue: duties.filter((d) => d.taskCode === t.code && d.isOverdue).length,
      };
    }),
  };
}

const targetColumns = [
  { header: '代码 Code', key: 'code', width: 8 },
  { header: '目标 Target', key: 'text', width: 48 },
  { header: '单位 Unit', key: 'unit', width: 8 },
  { header: '基期 Baseline period', key: 'baselinePeriod', width: 10 },
  { header: '基期值 Baseline', key: 'baseline', width: 10 },
  { header: '目标值 Target value', key: 'value', width: 10 },
  { header: '最新值 Actual', key: 'actual', width: 10 },
  { header: '数据日期 As of', key: 'actualDate', width: 12 },
  { header: '状态 Status', key: 'status', width: 16 },
  { header: '比值 Ratio', key: 'ratio', width: 8 },
  { header: '期末预测 Forecast', key: 'forecast', width: 12 },
  { header: '预测区间 Interval', key: 'interval', width: 18 },
  { header: '责任单位 Owners', key: 'owners', width: 36 },
  { header: '计算说明 Calculation', key: 'explanation', width: 80 },
];

/** The workbook: one row per target coloured by status, one per task, and the legend. */
export async function writeAnnualReportXlsx(data: AnnualReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qunce';
  const ws = wb.addWorksheet('目标进展 Targets', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = targetColumns;
  ws.getRow(1).font = { bold: true };
  for (const t of data.status.targets) {
    const row = ws.addRow({
      code: t.code,
      text: t.text,
      unit: t.unit,
      baselinePeriod: t.calculation.baseline?.period ?? '',
      baseline: t.calculation.baseline?.value ?? null,
      value: t.value,
      actual: t.actual,
      actualDate: t.actualDate ?? '',
      status: `${progressStatusLabels[t.status].zh} ${t.status}`,
      ratio: t.calculation.ratio === null ? null : Number(t.calculation.ratio.toFixed(3)),
      forecast: t.forecast ? Number(t.forecast.value.toPrecision(6)) : null,
      interval: t.forecast?.interval
        ? `${fmt(t.forecast.interval.lower)} – ${fmt(t.forecast.interval.upper)}`
        : '',
      owners: t.owners.join('、'),
      explanation: t.calculation.explanation.zh,
    });
    row.getCell('status').fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${statusFills[t.status]}` },
    };
  }
  const tasks = wb.addWorksheet('重点任务 Tasks', { views: [{ state: 'frozen', ySplit: 1 }] });
  tasks.columns = [
    { header: '任务 Task', key: 'code', width: 8 },
    { header: '名称 Title', key: 'title', width: 30 },
    { header: '责任单位 Departments', key: 'units', width: 50 },
    { header: `${data.year} 已通过 Accepted`, key: 'accepted', width: 14 },
    { header: '待审核 Submitted', key: 'submitted', width: 12 },
    { header: '已退回 Returned', key: 'returned', width: 12 },
    { header: '逾期 Overdue', key: 'overdue', width: 10 },
  ];
  tasks.getRow(1).font = { bold: true };
  for (const t of data.tasks) tasks.addRow(t);
  const legend = wb.addWorksheet('状态说明 Legend');
  legend.columns = [
    { header: '状态 Status', key: 'code', width: 20 },
    { header: '中文', key: 'zh', width: 14 },
    { header: 'English', key: 'en', width: 20 },
    { header: '个数 Count', key: 'count', width: 10 },
  ];
  legend.getRow(1).font = { bold: true };
  for (const s of progressStatuses) {
    const row = legend.addRow({
      code: s,
      ...progressStatusLabels[s],
      count: data.status.targets.filter((t) => t.status === s).length,
    });
    row.getCell('code').fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${statusFills[s]}` },
    };
  }
  legend.addRow({});
  legend.addRow({
    code: `阈值 thresholds: on_track ≥ ${data.status.thresholds.onTrack}, needs_acceleration ≥ ${data.status.thresholds.needsAcceleration}, limited_progress ≥ ${data.status.thresholds.limitedProgress}`,
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The official .docx: summary, status table, charts, task table. */
export async function writeAnnualReportDocx(
  data: AnnualReportData,
  options: { issuer?: string; docNumber?: string | null; date: string },
): Promise<Buffer> {
  const { status } = data;
  const counts = progressStatuses.map((s) => ({ s, n: status.targets.filter((t) => t.status === s).length }));
  const summary = counts
    .filter((c) => c.n > 0)
    .map((c) => `${progressStatusLabels[c.s].zh}${c.n}项`)
    .join('，');
  const shares = status.targets.map((t) =>
    t.actual === null || t.value === 0 ? null : Number(((100 * t.actual) / t.value).toFixed(1)),
  );
  return writeOfficialDocument({
    title: `关于${data.year}年度先进制造业集群培育目标任务进展情况的报告`,
    issuer: options.issuer ?? '山东省工业和信息化厅',
    docNumber: options.docNumber ?? null,
    date: options.date,
    sections: [
      {
        heading: '一、总体情况',
        paragraphs: [
          `按照《${status.name}》确定的${status.targets.length}项量化目标，截至${status.date}，${summary}。`,
          `进展状态按“实际变化率与按期实现所需变化率之比”评估（比值≥${status.thresholds.onTrack}为进展顺利，≥${status.thresholds.needsAcceleration}为需加快推进，≥${status.thresholds.limitedProgress}为进展有限，低于为出现倒退；期限届满后按期末值判定已实现或未实现），每项目标的计算过程见附表。`,
        ],
        charts: [
          {
            caption: '图1 各进展状态目标个数',
            chart: {
              type: 'column',
              categories: counts.map((c) => progressStatusLabels[c.s].zh),
              series: [{ name: '目标个数', values: counts.map((c) => c.n) }],
            },
          },
          {
            caption: '图2 最新值占目标值的百分比（%）',
            chart: {
              type: 'bar',
              categories: status.targets.map((t) => t.code),
              series: [{ name: '占目标值 %', values: shares }],
            },
          },
        ],
      },
      {
        heading: '二、目标进展情况',
        tables: [
          {
            caption: '表1 量化目标进展情况',
            header: ['代码', '目标', '目标值', '最新值', '状态', '责任单位'],
            widths: [1, 5, 1.2, 1.2, 1.6, 3],
            rows: status.targets.map((t) => [
              t.code,
              t.text,
              `${fmt(t.value, 6)}${t.unit}`,
              t.actual === null ? null : `${fmt(t.actual, 6)}${t.unit}`,
              progressStatusLabels[t.status].zh,
              t.owners.join('、'),
            ]),
            fills: status.targets.map((t) => [null, null, null, null, statusFills[t.status], null]),
          },
        ],
      },
      {
        heading: '三、重点任务推进情况',
        tables: [
          {
            caption: `表2 重点任务和保障措施进展报告（${data.year}年）`,
            header: ['任务', '名称', '已通过', '待审核', '已退回', '逾期'],
            widths: [1, 5, 1, 1, 1, 1],
            rows: data.tasks.map((t) => [t.code, t.title, t.accepted, t.submitted, t.returned, t.overdue]),
          },
        ],
      },
      {
        heading: '附：各目标计算说明',
        paragraphs: status.targets.map((t) => `${t.code}　${t.calculation.explanation.zh}`),
      },
    ],
  });
}
