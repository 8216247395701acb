import multipart from '@fastify/multipart';
import { AppError, attachmentSchema } from '@qunce/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor } from '../audit/audit.service.ts';
import { now, requirePermission, requireUser } from '../auth/auth.hooks.ts';
import { cleanFilename, contentDisposition } from './attachments.file-type.ts';
import {
  type Actor,
  createAttachment,
  downloadAttachment,
  getReadableAttachment,
  toAttachment,
} from './attachments.service.ts';

const idParams = z.strictObject({ id: z.uuid() });

export async function attachmentsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  await app.register(multipart, {
    limits: { fileSize: app.deps.config.uploadLimit, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    throwFileSizeLimit: true,
  });
  const actor = (request: FastifyRequest): Actor => ({ ...auditActor(request), at: now(app) });

  api.post(
    '/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: '上传附件 / upload a file (multipart/form-data, field "file")',
        consumes: ['multipart/form-data'],
        response: { 201: attachmentSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'attachments.upload');
      if (!request.isMultipart())
        throw new AppError(
          'unsupported_media_type',
          '请以 multipart/form-data 上传 / upload as multipart/form-data',
        );
      const part = await request.file();
      if (!part) throw new AppError('invalid_input', '缺少文件 / no file in the request', { field: 'file' });
      if (part.fieldname !== 'file')
        throw new AppError('invalid_input', `文件字段应为 file / the file field must be named "file"`, {
          field: part.fieldname,
        });
      // toBuffer() stops at the size limit with a 413 (RequestFileTooLargeError).
      const content = await part.toBuffer();
      const filename = cleanFilename(part.filename);
      if (!filename)
        throw new AppError('invalid_input', '文件名为空 / the file name is empty', { field: 'file' });
      const attachment = await createAttachment(
        app.deps.database.db,
        { filename, content, ownerId: user.id },
        actor(request),
      );
      return reply.status(201).send(attachment);
    },
  );

  api.get(
    '/attachments/:id/info',
    {
      schema: {
        tags: ['attachments'],
        summary: '附件信息 / attachment metadata',
        params: idParams,
        response: { 200: attachmentSchema },
      },
    },
    async (request) =>
      toAttachment(
        await getReadableAttachment(app.deps.database.db, requireUser(request), request.params.id),
      ),
  );

  api.get(
    '/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: '下载附件 / download (audited)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { attachment, content } = await downloadAttachment(
        app.deps.database.db,
        user,
        request.params.id,
        actor(request),
      );
      return reply
        .header('content-type', attachment.contentType)
        .header('content-disposition', contentDisposition(attachment.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', attachment.sha256)
        .send(content);
    },
  );
}
