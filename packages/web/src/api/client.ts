import type { ErrorCode } from '@qunce/core';

/**
 * The one way the web app talks to the server: JSON in and out, the session cookie sent along,
 * the CSRF header on every state-changing request, `{ error: { code, message, details } }` turned
 * into an `ApiError`, and a 401 sending the user to the login page (unless the caller handles it).
 */

/** `network` is not a server code: the request never got an answer. */
export type ApiErrorCode = ErrorCode | 'network';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: ApiErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export const csrfHeader = 'x-csrf-token';
export const csrfCookie = 'qunce_csrf';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestOptions = {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /** Default true: a 401 calls the unauthenticated handler (to the login page) before throwing. */
  redirectOn401?: boolean;
};

let csrfToken: string | undefined;

/** Remembers the token the server returned with the session (login, me). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function readCookie(
  name: string,
  cookieString: string = globalThis.document?.cookie ?? '',
): string | undefined {
  for (const part of cookieString.split(';')) {
    const [rawName, ...rest] = part.trim().split('=');
    if (rawName === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function currentCsrfToken(): string | undefined {
  // The readable cookie is what the server checks against; the remembered token covers the moment
  // before the browser has stored the cookie.
  return readCookie(csrfCookie) ?? csrfToken;
}

/** The address a signed-out user is sent to, remembering where they were. */
export function loginPathFor(location: { pathname: string; search: string }): string {
  if (location.pathname === '/login') return `/login${location.search}`;
  const next = `${location.pathname}${location.search}`;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

let unauthenticatedHandler: () => void = () => {
  const { location } = globalThis;
  if (location && location.pathname !== '/login') location.assign(loginPathFor(location));
};

/** The app installs a handler that clears the cached session and navigates with the router. */
export function setUnauthenticatedHandler(handler: () => void): void {
  unauthenticatedHandler = handler;
}

function isErrorBody(
  value: unknown,
): value is { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

const fallbackCodeByStatus: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'rule_violated',
  423: 'locked',
  429: 'too_many_requests',
};

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = currentCsrfToken();
    if (token) headers[csrfHeader] = token;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', '无法连接服务器 / cannot reach the server');
  }

  const body = await readBody(response);
  if (response.ok) return body as T;

  const error = isErrorBody(body)
    ? new ApiError(response.status, body.error.code, body.error.message, body.error.details)
    : new ApiError(
        response.status,
        fallbackCodeByStatus[response.status] ?? 'internal',
        `HTTP ${response.status} ${response.statusText}`.trim(),
      );
  if (response.status === 401 && options.redirectOn401 !== false) unauthenticatedHandler();
  throw error;
}
