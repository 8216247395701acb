import { AppError, type ErrorCode } from '@qunce/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The one place where error codes become HTTP statuses (STYLE.md, Errors). */
export const httpStatusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rule_violated: 422,
  locked: 423,
  too_many_requests: 429,
  internal: 500,
};

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

function body(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/** Maps every thrown error to `{ error: { code, message, details } }`; never leaks a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      const status = httpStatusOf[error.code];
      if (status >= 500) request.log.error({ err: error }, error.message);
      return reply.status(status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.flatMap((issue) => {
        const path = [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)];
        // An unknown field is named itself (body.extra), not its parent object.
        const unknownKeys =
          issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: unknown }).keys : undefined;
        if (Array.isArray(unknownKeys) && unknownKeys.length > 0) {
          return unknownKeys.map((key) => ({
            field: [...path, String(key)].join('.'),
            message: `未知字段 / unknown field "${String(key)}"`,
            keyword: issue.keyword,
          }));
        }
        return [{ field: path.join('.'), message: issue.message, keyword: issue.keyword }];
      });
      const first = issues[0];
      return reply
        .status(400)
        .send(
          body(
            'invalid_input',
            first ? invalidFieldMessage(first.field, first.message ?? '') : '请求无效 / invalid request',
            { issues },
          ),
        );
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return reply.status(500).send(body('internal', '服务器内部错误 / internal server error'));
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status === 413 || fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(body('payload_too_large', '请求体过大 / request body too large'));
    }
    if (status === 415 || fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send(body('unsupported_media_type', '不支持的内容类型 / unsupported content type'));
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON and other client errors detected by Fastify itself.
      const message =
        fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? '请求体不是有效的 JSON / request body is not valid JSON'
          : fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? '请求体为空 / request body is empty'
            : `请求无效 / invalid request: ${error.message}`;
      return reply.status(400).send(body('invalid_input', message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal', '服务器内部错误 / internal server error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(body('not_found', `未找到 / not found: ${request.method} ${request.url.split('?')[0]}`));
  });
}

/**
 * "字段 body.version 无效：版本号形如 v1、v1.1 / invalid field body.version: a version looks like v1 or v1.1".
 * A schema message written "中文 / English" gives each half to its language, so a Chinese reader sees
 * why, not only which field; other messages (zod's own, English) go to both halves.
 */
export function invalidFieldMessage(field: string, message: string): string {
  const split = message.indexOf(' / ');
  const zh = split >= 0 ? message.slice(0, split) : message;
  const en = split >= 0 ? message.slice(split + 3) : message;
  return `字段 ${field} 无效：${zh} / invalid field ${field}: ${en}`;
}
