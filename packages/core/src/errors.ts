/**
 * The one error type of the platform. `code` is one of a small set of generic codes; specifics go
 * in `details`. The server maps codes to HTTP statuses in one place (packages/server/src/http/errors.ts).
 */
export const errorCodes = [
  'invalid_input', // 400
  'unauthenticated', // 401
  'forbidden', // 403
  'not_found', // 404
  'conflict', // 409
  'payload_too_large', // 413
  'unsupported_media_type', // 415
  'rule_violated', // 422
  'locked', // 423
  'too_many_requests', // 429
  'internal', // 500
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
