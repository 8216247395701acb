import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import { AppError, jobSchema } from '@qunce/core';
import { importIssueSchema } from '@qunce/core/import';
import { enterpriseImportColumns, importColumnValues, queryBooleanSchema } from '@qunce/core/registry';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regions } from '../../db/schema/index.ts';
import { type TemplateColumn, writeErrorWorkbook, writeImportTemplate } from '../../spreadsheet/index.ts';
import { cleanFilename, contentDisposition } from '../attachments/attachments.file-type.ts';
import { findAttachmentContent } from '../attachments/attachments.repository.ts';
import { createAttachment } from '../attachments/attachments.service.ts';
import { auditActor } from '../audit/audit.service.ts';
import { now, requirePermission, requireUser } from '../auth/auth.hooks.ts';
import { registryScopeOf } from '../clusters/registry.scope.ts';
import { findJob } from '../jobs/jobs.repository.ts';
import { startJob } from '../jobs/jobs.service.ts';
import { listMetricRows } from '../metrics/metrics.repository.ts';
import {
  toMetricDefinition,
  writableSubjectTypes as writableSubjectTypesByScope,
} from '../metrics/metrics.service.ts';
import type { Actor } from '../users/users.service.ts';
import { importEnterprises } from './enterprise-import.service.ts';
import { importObservations, observationTemplateColumns } from './observation-import.service.ts';
import { registryImportJobTypes, registryImportRoutes } from './registry-import.routes.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const enterpriseImportJobType = 'enterprises-import';
export const observationImportJobType = 'observations-import';

type EnterpriseImportJobInput = { attachmentId: string; fileName: string; dryRun: boolean };

const jobResultSchema = z.object({ issues: z.array(importIssueSchema) });

async function toBuffer(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await write(out);
  out.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Enterprise roster import over HTTP: the template, an upload run as a job (dry run by default),
 * and the uploaded workbook back with its bad cells highlighted.
 */
export async function importsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  await app.register(multipart, {
    limits: { fileSize: app.deps.config.uploadLimit, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    throwFileSizeLimit: true,
  });
  // clusters, designations (公示名单), carriers and parks: registry-import.routes.ts
  await registryImportRoutes(app);
  const actorOf = (request: FastifyRequest): Actor => ({ ...auditActor(request), at: now(app) });

  api.get(
    '/imports/enterprises/template',
    {
      schema: { tags: ['imports'], summary: '企业名录导入模板 / enterprise roster import template (.xlsx)' },
    },
    async (request, reply) => {
      requirePermission(request, 'enterprises.manage');
      const refs = await app.deps.database.db
        .select({ code: regions.code, name: regions.name, level: regions.level })
        .from(regions);
      const cities = refs.flatMap((r) => (r.level === 'city' ? [{ ...r, level: 'city' as const }] : []));
      const columns: TemplateColumn[] = enterpriseImportColumns.map((c) => {
        const allowedValues = importColumnValues(c.type, cities);
        return {
          key: c.key,
          header: c.header,
          required: c.required,
          type:
            c.type === 'creditCode' || c.type === 'boolean' ? c.type : c.type === 'text' ? 'text' : 'code',
          note: c.note,
          example: c.example,
          ...(allowedValues ? { allowedValues } : {}),
        };
      });
      const content = await writeImportTemplate({
        title: '企业名录导入模板 / Enterprise roster import template',
        sheetName: '企业名录',
        columns,
      });
      return reply
        .header('content-type', xlsxType)
        .header('content-disposition', contentDisposition('企业名录导入模板.xlsx'))
        .send(content);
    },
  );

  api.post(
    '/imports/enterprises',
    {
      schema: {
        tags: ['imports'],
        summary:
          '导入企业名录（作业）/ import the enterprise roster as a job (multipart, field "file"; dryRun defaults to true)',
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ dryRun: queryBooleanSchema.optional() }),
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'enterprises.manage');
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
      const content = await part.toBuffer();
      const fileName = cleanFilename(part.filename) || 'upload.xlsx';
      const actor = actorOf(request);
      const attachment = await createAttachment(
        app.deps.database.db,
        { filename: fileName, content, ownerId: user.id },
        actor,
      );
      const scope = registryScopeOf(user);
      const job = await startJob<EnterpriseImportJobInput, unknown>(
        app,
        {
          type: enterpriseImportJobType,
          ownerId: user.id,
          input: { attachmentId: attachment.id, fileName, dryRun: request.query.dryRun ?? true },
        },
        async ({ input, db, report }) => {
          const upload = await findAttachmentContent(db, input.attachmentId);
          if (!upload)
            throw new AppError('not_found', `附件不存在 / attachment ${input.attachmentId} not found`);
          const result = await importEnterprises(db, upload, {
            fileName: input.fileName,
            dryRun: input.dryRun,
            scope,
            actor: { ...actor, at: now(app) },
            limit: app.deps.config.uploadLimit,
            onProgress: (rows) =>
              report({ message: `已读取 ${rows} 行 / ${rows} rows read`, counters: { rows } }),
          });
          report({ progress: 1, counters: { ...result.counts, issues: result.issues.length } });
          return result;
        },
      );
      return reply.status(202).send(job);
    },
  );

  api.get(
    '/imports/:jobId/errors.xlsx',
    {
      schema: {
        tags: ['imports'],
        summary: '错误工作簿 / the uploaded workbook with its bad cells highlighted and an error list',
        params: z.strictObject({ jobId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const row = await findJob(app.deps.database.db, request.params.jobId);
      const input = z.object({ attachmentId: z.uuid(), fileName: z.string() }).safeParse(row?.input);
      const result = jobResultSchema.safeParse(row?.result);
      if (
        !row ||
        (row.type !== enterpriseImportJobType &&
          row.type !== observationImportJobType &&
          !registryImportJobTypes.includes(row.type)) ||
        (row.ownerId !== user.id && !user.roles.includes('province_admin')) ||
        !input.success ||
        !result.success
      ) {
        throw new AppError('not_found', `没有该导入的结果 / no result for import ${request.params.jobId}`);
      }
      const upload = await findAttachmentContent(app.deps.database.db, input.data.attachmentId);
      if (!upload) throw new AppError('not_found', '上传的文件已不存在 / the uploaded file is gone');
      const kind = upload.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
      const content = await toBuffer((out) =>
        writeErrorWorkbook(out, { upload, kind, issues: result.data.issues, fileName: input.data.fileName }),
      );
      const base = input.data.fileName.replace(/\.[^.]+$/, '');
      return reply
        .header('content-type', xlsxType)
        .header('content-disposition', contentDisposition(`${base}-错误.xlsx`))
        .send(content);
    },
  );

  // ── observations (metric values by subject and period) ─────────────────────────────────────────
  api.get(
    '/imports/observations/template',
    { schema: { tags: ['imports'], summary: '指标数据导入模板 / observation import template (.xlsx)' } },
    async (request, reply) => {
      requirePermission(request, 'observations.write');
      const metrics = (await listMetricRows(app.deps.database.db)).map(toMetricDefinition);
      const content = await writeImportTemplate({
        title: '指标数据导入模板 / Observation import template',
        sheetName: '指标数据',
        columns: observationTemplateColumns(metrics),
      });
      return reply
        .header('content-type', xlsxType)
        .header('content-disposition', contentDisposition('指标数据导入模板.xlsx'))
        .send(content);
    },
  );

  api.post(
    '/imports/observations',
    {
      schema: {
        tags: ['imports'],
        summary:
          '导入指标数据（作业）/ import observations as a job (multipart, field "file"; dryRun defaults to true)',
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ dryRun: queryBooleanSchema.optional() }),
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'observations.write');
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
      const content = await part.toBuffer();
      const fileName = cleanFilename(part.filename) || 'upload.xlsx';
      const actor = actorOf(request);
      const attachment = await createAttachment(
        app.deps.database.db,
        { filename: fileName, content, ownerId: user.id },
        actor,
      );
      const scope = registryScopeOf(user);
      // the same subject types the metrics API lets this user write (a department: province, industry)
      const writableSubjectTypes = writableSubjectTypesByScope[user.scope.kind];
      const job = await startJob<EnterpriseImportJobInput, unknown>(
        app,
        {
          type: observationImportJobType,
          ownerId: user.id,
          input: { attachmentId: attachment.id, fileName, dryRun: request.query.dryRun ?? true },
        },
        async ({ input, db, report }) => {
          const upload = await findAttachmentContent(db, input.attachmentId);
          if (!upload)
            throw new AppError('not_found', `附件不存在 / attachment ${input.attachmentId} not found`);
          const result = await importObservations(db, upload, {
            fileName: input.fileName,
            dryRun: input.dryRun,
            scope,
            writableSubjectTypes,
            canReview: user.permissions.includes('data.review'),
            pool: app.deps.database.pool,
            actor: { ...actor, at: now(app) },
            limit: app.deps.config.uploadLimit,
            onProgress: (rows) =>
              report({ message: `已读取 ${rows} 行 / ${rows} rows read`, counters: { rows } }),
          });
          report({ progress: 1, counters: { ...result.counts, issues: result.issues.length } });
          return result;
        },
      );
      return reply.status(202).send(job);
    },
  );
}
