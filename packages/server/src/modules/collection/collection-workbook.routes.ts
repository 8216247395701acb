/**
 * The prefilled .xlsx of a submission and its import: the registries' template writer (instruction
 * sheet, Chinese headers with units, notes) filled with the submission's subjects and current
 * figures; the upload read by the registries' import reader (header row found, units converted,
 * full-width digits and separators normalised), every problem returned as (sheet, row, column, value,
 * reason), nothing written unless the whole file is clean. Dry run by default.
 */
import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import { AppError } from '@qunce/core';
import { importResultSchema, type SubmissionDetail } from '@qunce/core/collection';
import { amountUnits, type ColumnSpec, type ImportIssue } from '@qunce/core/import';
import { queryBooleanSchema } from '@qunce/core/registry';
import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type TemplateColumn, writeErrorWorkbook, writeImportTemplate } from '../../spreadsheet/index.ts';
import { cleanFilename, contentDisposition } from '../attachments/attachments.file-type.ts';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { readImportSheet } from '../imports/import-reader.ts';
import { getSubmission, saveValues, type ValueInput } from './collection.service.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const sheetName = '填报数据';
const idParams = z.strictObject({ id: z.uuid() });

type MetricColumn = { code: string; name: string; unit: string };

/** 12 significant digits: drops the binary noise of a unit conversion (0.18 亿元 × 10,000 = 1799.9999999999998 万元). */
const cleanNumber = (x: number) => Number(x.toPrecision(12));

const isAmountUnit = (unit: string): unit is (typeof amountUnits)[number] =>
  (amountUnits as readonly string[]).includes(unit);

/** Columns of a submission's workbook: subject code and name, one per metric, a comment. */
function columnsOf(metrics: MetricColumn[]): { template: TemplateColumn[]; read: ColumnSpec[] } {
  const template: TemplateColumn[] = [
    {
      key: 'subjectCode',
      header: '主体代码',
      required: true,
      type: 'code',
      note: '请勿修改 / do not change',
    },
    {
      key: 'subjectName',
      header: '主体名称',
      required: false,
      type: 'text',
      note: '仅供参考 / for reference',
    },
    ...metrics.map(
      (m): TemplateColumn => ({
        key: `m:${m.code}`,
        header: m.name,
        required: false,
        type: isAmountUnit(m.unit) ? 'amount' : 'number',
        unit: m.unit,
        note: `指标 ${m.code}`,
      }),
    ),
    {
      key: 'comment',
      header: '说明',
      required: false,
      type: 'text',
      note: '异常值须说明原因 / explain outliers here',
    },
  ];
  const read: ColumnSpec[] = [
    { key: 'subjectCode', header: '主体代码', required: true, type: 'code' },
    { key: 'subjectName', header: '主体名称', type: 'text', maxLength: 200 },
    ...metrics.map(
      (m): ColumnSpec =>
        isAmountUnit(m.unit)
          ? { key: `m:${m.code}`, header: m.name, type: 'amount', unit: m.unit }
          : { key: `m:${m.code}`, header: m.name, type: 'number' },
    ),
    { key: 'comment', header: '说明', type: 'text', maxLength: 1000 },
  ];
  return { template, read };
}

/**
 * Reads a filled workbook of a submission: one row per subject (unknown or repeated subjects are
 * issues), blank cells as no figure, the row's 说明 as the comment of each of its figures. `changed`
 * counts figures whose value differs from the submission's; `toWrite` adds those whose comment changed.
 */
async function readSubmissionWorkbook(
  detail: SubmissionDetail,
  content: Buffer,
  fileName: string,
  limit: number,
) {
  const { read } = columnsOf(detail.metrics);
  const subjects = new Set(detail.subjects.map((s) => s.code));
  const current = new Map(detail.values.map((v) => [`${v.subjectCode}|${v.metric}`, v]));
  const values: ValueInput[] = [];
  const seenRows = new Map<string, number>();
  const result = await readImportSheet(content, { fileName, limit }, read, (record, context) => {
    const code = record.values.subjectCode;
    if (typeof code !== 'string' || code === '') return;
    if (!subjects.has(code)) {
      context.issue({
        row: record.rowNumber,
        columnKey: 'subjectCode',
        value: code,
        reason: '不是本次报送的主体 / not a subject of this submission',
      });
      return;
    }
    const first = seenRows.get(code);
    if (first !== undefined) {
      context.issue({
        row: record.rowNumber,
        columnKey: 'subjectCode',
        value: code,
        reason: `与第 ${first} 行重复 / duplicate of row ${first}`,
      });
      return;
    }
    seenRows.set(code, record.rowNumber);
    const comment = typeof record.values.comment === 'string' ? record.values.comment : null;
    for (const m of detail.metrics) {
      const raw = record.values[`m:${m.code}`];
      values.push({
        subjectCode: code,
        metric: m.code,
        value: typeof raw === 'number' ? cleanNumber(raw) : null,
        comment,
      });
    }
  });
  const issues: ImportIssue[] = result.issues;
  const storedOf = (v: ValueInput) => current.get(`${v.subjectCode}|${v.metric}`);
  const changed = values.filter((v) => (storedOf(v)?.value ?? null) !== v.value).length;
  const toWrite = values.filter(
    (v) =>
      (storedOf(v)?.value ?? null) !== v.value ||
      (v.value !== null && (storedOf(v)?.comment ?? null) !== v.comment),
  );
  return { issues, changed, toWrite, filled: values.filter((v) => v.value !== null).length };
}

export async function collectionWorkbookRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  await app.register(multipart, {
    limits: { fileSize: app.deps.config.uploadLimit, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    throwFileSizeLimit: true,
  });

  api.get(
    '/collection/submissions/:id/workbook.xlsx',
    {
      schema: {
        tags: ['collection'],
        summary: '预填的报送表 / the submission’s prefilled workbook (.xlsx)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'metrics.read');
      const detail = await getSubmission(db, user, request.params.id, now(app));
      const { template } = columnsOf(detail.metrics);
      const blank = await writeImportTemplate({
        title: `${detail.dataSetName} ${detail.period} — ${detail.assigneeName}`,
        sheetName,
        columns: template,
        rows: Math.max(100, detail.subjects.length + 50),
        instructions: [
          `截止时间 / deadline: ${detail.deadline}`,
          '每行一个主体；空白单元格表示未填。 / One row per subject; an empty cell means no figure.',
        ],
      });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(blank as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet(sheetName);
      if (!sheet) throw new AppError('internal', 'template has no data sheet');
      const byKey = new Map(detail.values.map((v) => [`${v.subjectCode}|${v.metric}`, v]));
      detail.subjects.forEach((subject, i) => {
        const row = sheet.getRow(i + 2);
        row.getCell(1).value = subject.code;
        row.getCell(2).value = subject.name;
        const comments = new Set<string>();
        detail.metrics.forEach((m, j) => {
          const v = byKey.get(`${subject.code}|${m.code}`);
          if (v?.value !== null && v?.value !== undefined) row.getCell(3 + j).value = v.value;
          if (v?.comment) comments.add(v.comment);
        });
        if (comments.size > 0) row.getCell(3 + detail.metrics.length).value = [...comments].join('；');
      });
      const content = Buffer.from(await workbook.xlsx.writeBuffer());
      return reply
        .header('content-type', xlsxType)
        .header(
          'content-disposition',
          contentDisposition(`${detail.dataSetName}-${detail.period}-${detail.assigneeName}.xlsx`),
        )
        .send(content);
    },
  );

  /** The uploaded file of a multipart request (415 when not multipart, 400 without a "file" part). */
  const uploadOf = async (request: FastifyRequest) => {
    if (!request.isMultipart()) {
      throw new AppError(
        'unsupported_media_type',
        '请以 multipart/form-data 上传 / upload as multipart/form-data',
      );
    }
    const part = await request.file();
    if (part?.fieldname !== 'file') {
      throw new AppError('invalid_input', '缺少文件字段 file / no part named "file"', { field: 'file' });
    }
    return { content: await part.toBuffer(), fileName: cleanFilename(part.filename) || 'upload.xlsx' };
  };

  api.post(
    '/collection/submissions/:id/import',
    {
      schema: {
        tags: ['collection'],
        summary:
          '导入报送表（multipart，字段 file；默认试运行）/ import the filled workbook (multipart "file"; dryRun defaults to true)',
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: z.strictObject({ dryRun: queryBooleanSchema.optional() }),
        response: { 200: importResultSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data.submit');
      const { content, fileName } = await uploadOf(request);
      const dryRun = request.query.dryRun ?? true;
      const detail = await getSubmission(db, user, request.params.id, now(app));
      const read = await readSubmissionWorkbook(detail, content, fileName, app.deps.config.uploadLimit);
      let written = false;
      if (!dryRun && read.issues.length === 0 && read.toWrite.length > 0) {
        await saveValues(
          db,
          user,
          request.params.id,
          { values: read.toWrite, version: detail.version },
          actorOf(user, request, now(app)),
          'imported',
        );
        written = true;
      }
      return { dryRun, issues: read.issues, values: read.filled, changed: read.changed, written };
    },
  );

  api.post(
    '/collection/submissions/:id/import/errors.xlsx',
    {
      schema: {
        tags: ['collection'],
        summary:
          '错误工作簿：上传的报送表，问题单元格标红并批注 / the uploaded workbook with its bad cells highlighted and an error list',
        consumes: ['multipart/form-data'],
        params: idParams,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'data.submit');
      const { content, fileName } = await uploadOf(request);
      const detail = await getSubmission(db, user, request.params.id, now(app));
      const read = await readSubmissionWorkbook(detail, content, fileName, app.deps.config.uploadLimit);
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (chunk: Buffer) => chunks.push(chunk));
      const kind = content.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
      await writeErrorWorkbook(out, { upload: content, kind, issues: read.issues, fileName });
      out.end();
      await new Promise((resolve) => out.on('end', resolve));
      return reply
        .header('content-type', xlsxType)
        .header('content-disposition', contentDisposition(`${fileName.replace(/\.[^.]+$/, '')}-错误.xlsx`))
        .send(Buffer.concat(chunks));
    },
  );
}
