import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../test/http-stub.ts';
import {
  ApiError,
  apiRequest,
  loginPathFor,
  readCookie,
  setCsrfToken,
  setUnauthenticatedHandler,
} from './client.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(undefined);
  // biome-ignore lint/suspicious/noDocumentCookie: the test plays the server expiring its readable CSRF cookie
  document.cookie = 'qunce_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('apiRequest', () => {
  it('sends x-csrf-token from the qunce_csrf cookie on POST, and none on GET', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the test plays the server setting its readable CSRF cookie
    document.cookie = 'qunce_csrf=tok-123; path=/';
    const { requests } = stubHttp({
      'POST /api/things': () => json(200, { ok: true }),
      'GET /api/things': () => json(200, []),
    });
    await apiRequest('/api/things', { method: 'POST', body: { name: 'x' } });
    await apiRequest('/api/things');
    expect(requests[0]?.headers['x-csrf-token']).toBe('tok-123');
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(requests[0]?.body).toEqual({ name: 'x' });
    expect(requests[1]?.headers['x-csrf-token']).toBeUndefined();
  });

  it('falls back to the token remembered from the session response when the cookie is absent', async () => {
    setCsrfToken('remembered');
    const { requests } = stubHttp({ 'DELETE /api/things/1': () => new Response(null, { status: 204 }) });
    await expect(apiRequest('/api/things/1', { method: 'DELETE' })).resolves.toBeUndefined();
    expect(requests[0]?.headers['x-csrf-token']).toBe('remembered');
  });

  it('maps {error:{code,message,details}} to an ApiError with the status', async () => {
    stubHttp({
      'POST /api/things': () =>
        json(
          400,
          errorBody('invalid_input', '字段 body.name 无效 / invalid field body.name', { issues: [] }),
        ),
    });
    const error = await apiRequest('/api/things', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', details: { issues: [] } });
  });

  it('gives a code from the status when the body is not an error body (e.g. a proxy page)', async () => {
    stubHttp({ 'GET /api/x': () => new Response('<html>Bad gateway</html>', { status: 423 }) });
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ status: 423, code: 'locked' });
  });

  it('calls the unauthenticated handler on 401, unless the caller handles 401 itself', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    stubHttp({ 'GET /api/x': () => json(401, errorBody('unauthenticated', '请先登录 / sign in first')) });
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(apiRequest('/api/x', { redirectOn401: false })).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reports a failed connection as code "network", status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('helpers', () => {
  it('readCookie finds one cookie among several and decodes it', () => {
    expect(readCookie('qunce_csrf', 'a=1; qunce_csrf=ab%3Dcd; b=2')).toBe('ab=cd');
    expect(readCookie('missing', 'a=1')).toBeUndefined();
  });

  it('loginPathFor keeps the page asked for in ?next=, except for / and /login itself', () => {
    expect(loginPathFor({ pathname: '/clusters', search: '?tier=national' })).toBe(
      '/login?next=%2Fclusters%3Ftier%3Dnational',
    );
    expect(loginPathFor({ pathname: '/', search: '' })).toBe('/login');
    expect(loginPathFor({ pathname: '/login', search: '?next=%2Faudit' })).toBe('/login?next=%2Faudit');
  });
});
