import { vi } from 'vitest';

/**
 * Component tests run without a server: this stands in for the network at `fetch`, answering
 * `METHOD /path` from a table of handlers with real `Response` objects, and records every request so
 * tests can check what the app sent (headers, bodies). The HTTP API itself is tested in the server
 * package and end to end in e2e/.
 */
export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
};
export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function stubHttp(handlers: Record<string, Handler>): { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = new URL(input, 'http://localhost').pathname;
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request = { method, path, headers, body };
    requests.push(request);
    const handler = handlers[`${method} ${path}`];
    if (!handler) return json(404, errorBody('not_found', `未找到 / not found: ${method} ${path}`));
    return handler(request);
  });
  return { requests };
}
