/**
 * Cluster, designation, carrier and park imports over HTTP, one pair of routes per kind written
 * once: `GET /imports/<kind>/template` (the .xlsx template from core's column definitions, with
 * drop-downs and notes) and `POST /imports/<kind>?dryRun=` (multipart field "file"; dry run by
 * default), run as the job `<kind>-import` whose result is the import result. The errors workbook
 * is served by the shared `GET /imports/:jobId/errors.xlsx` (imports.routes.ts).
 */
import { AppError, jobSchema } from '@qunce/core';
import {
  carrierImportColumns,
  carrierTypesGrantedBy,
  clusterImportColumns,
  designationImportColumns,
  parkImportColumns,
  queryBooleanSchema,
  type RegistryImportColumn,
  registryColumnValues,
} from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { type TemplateColumn, writeImportTemplate } from '../../spreadsheet/index.ts';
import { cleanFilename, contentDisposition } from '../attachments/attachments.file-type.ts';
import { findAttachmentContent } from '../attachments/attachments.repository.ts';
import { createAttachment } from '../attachments/attachments.service.ts';
import { auditActor } from '../audit/audit.service.ts';
import { now, requireUser, type SessionUser } from '../auth/auth.hooks.ts';
import { registryScopeOf } from '../clusters/registry.scope.ts';
import { startJob } from '../jobs/jobs.service.ts';
import { importCarriers } from './carrier-import.service.ts';
import { importClusters } from './cluster-import.service.ts';
import { importDesignations } from './designation-import.service.ts';
import { importParks } from './park-import.service.ts';
import {
  loadRegionRefs,
  type RegistryImportKind,
  type RegistryImportOptions,
} from './registry-import-kit.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type RunImport = (
  db: Db,
  upload: Buffer,
  options: RegistryImportOptions,
) => Promise<{ counts: Record<string, number>; issues: unknown[] }>;

type KindSpec = {
  title: string;
  sheetName: string;
  columns: readonly RegistryImportColumn[];
  /** Checks the user may import this kind (403 otherwise) and returns the runner with their rights. */
  authorise(user: SessionUser): RunImport;
};

const kinds: Record<RegistryImportKind, KindSpec> = {
  clusters: {
    title: '集群名录导入模板 / Cluster list import template',
    sheetName: '集群名录',
    columns: clusterImportColumns,
    authorise: () => (db, upload, options) => importClusters(db, upload, options),
  },
  designations: {
    title: '认定公示名单导入模板 / Designation list (公示名单) import template',
    sheetName: '公示名单',
    columns: designationImportColumns,
    // rows of types the user's department does not grant are refused one by one, with the reason
    authorise: (user) => (db, upload, options) =>
      importDesignations(db, upload, {
        ...options,
        importer: { organisationCode: user.organisation?.code ?? null },
      }),
  },
  carriers: {
    title: '创新载体导入模板 / Innovation carrier import template',
    sheetName: '创新载体',
    columns: carrierImportColumns,
    authorise: (user) => {
      if (user.permissions.includes('carriers.manage')) {
        return (db, upload, options) => importCarriers(db, upload, { ...options, allowedTypes: 'all' });
      }
      // a department that recognises carriers (市场监管局 its technology innovation centres)
      const allowedTypes = user.permissions.includes('designations.import')
        ? carrierTypesGrantedBy(user.organisation?.code ?? '')
        : [];
      if (allowedTypes.length === 0) {
        throw new AppError(
          'forbidden',
          '无权导入创新载体 / not permitted to import carriers (carriers.manage)',
          {
            permission: 'carriers.manage',
          },
        );
      }
      return (db, upload, options) => importCarriers(db, upload, { ...options, allowedTypes });
    },
  },
  parks: {
    title: '园区导入模板 / Park import template',
    sheetName: '园区',
    columns: parkImportColumns,
    authorise: () => (db, upload, options) => importParks(db, upload, options),
  },
};

/** The permission a kind needs, checked before `authorise` (carriers: see there). */
const permissionOf = {
  clusters: 'clusters.manage',
  designations: 'designations.import',
  carriers: null,
  parks: 'parks.manage',
} as const;

export const registryImportJobTypes = Object.keys(kinds).map((kind) => `${kind}-import`);

type RegistryImportJobInput = { attachmentId: string; fileName: string; dryRun: boolean };

/** Registers the template and upload routes of the four kinds (inside the imports plugin). */
export async function registryImportRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const authorise = (kind: RegistryImportKind, user: SessionUser) => {
    const permission = permissionOf[kind];
    if (permission !== null && !user.permissions.includes(permission)) {
      throw new AppError('forbidden', `无权执行此操作 / not permitted (${permission})`, { permission });
    }
    return kinds[kind].authorise(user);
  };

  for (const kind of Object.keys(kinds) as RegistryImportKind[]) {
    const spec = kinds[kind];
    api.get(
      `/imports/${kind}/template`,
      { schema: { tags: ['imports'], summary: spec.title } },
      async (request, reply) => {
        authorise(kind, requireUser(request));
        const regions = await loadRegionRefs(app.deps.database.db);
        const columns: TemplateColumn[] = spec.columns.map((c) => {
          const allowedValues = registryColumnValues(c, regions);
          return {
            key: c.key,
            header: c.header,
            required: c.required,
            type: c.type === 'creditCode' || c.type === 'date' || c.type === 'text' ? c.type : 'code',
            note: c.note,
            example: c.example,
            ...(allowedValues ? { allowedValues } : {}),
          };
        });
        const content = await writeImportTemplate({ title: spec.title, sheetName: spec.sheetName, columns });
        return reply
          .header('content-type', xlsxType)
          .header('content-disposition', contentDisposition(`${spec.sheetName}导入模板.xlsx`))
          .send(content);
      },
    );

    api.post(
      `/imports/${kind}`,
      {
        schema: {
          tags: ['imports'],
          summary: `导入${spec.sheetName}（作业）/ import ${kind} as a job (multipart, field "file"; dryRun defaults to true)`,
          consumes: ['multipart/form-data'],
          querystring: z.strictObject({ dryRun: queryBooleanSchema.optional() }),
          response: { 202: jobSchema },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const run = authorise(kind, user);
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
        const actor = { ...auditActor(request), at: now(app) };
        const attachment = await createAttachment(
          app.deps.database.db,
          { filename: fileName, content, ownerId: user.id },
          actor,
        );
        const scope = registryScopeOf(user);
        const job = await startJob<RegistryImportJobInput, unknown>(
          app,
          {
            type: `${kind}-import`,
            ownerId: user.id,
            input: { attachmentId: attachment.id, fileName, dryRun: request.query.dryRun ?? true },
          },
          async ({ input, db, report }) => {
            const upload = await findAttachmentContent(db, input.attachmentId);
            if (!upload) {
              throw new AppError('not_found', `附件不存在 / attachment ${input.attachmentId} not found`);
            }
            const result = await run(db, upload, {
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
  }
}
