import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../../test/db.ts';
import { buildIdentityTestApp, type IdentityTestApp } from '../../../test/identity-fixtures.ts';

let t: IdentityTestApp;
beforeAll(async () => {
  t = await buildIdentityTestApp({ bodyLimit: 16 * 1024 });
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/health', () => {
  it(`answers ok with the database kind (${testDbKind()}) and the version`, async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: testDbKind(),
      version: expect.any(String),
      demo: 'none',
    });
  });

  it('sends the security headers: CSP limited to the platform itself, nosniff, no framing by others', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('GET /api/openapi.json', () => {
  it('describes the API from the same zod schemas that validate it', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json() as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/auth/login', '/api/auth/me', '/api/users', '/api/audit']),
    );
    const login = document.paths['/api/auth/login']?.post?.requestBody?.content['application/json']?.schema;
    expect(login).toMatchObject({
      type: 'object',
      properties: { username: { type: 'string' }, password: { type: 'string' } },
      additionalProperties: false,
    });
  });
});

describe('limits and unknown addresses', () => {
  it('413 for a body over the configured limit (16 KiB here), before any handler runs', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x'.repeat(20 * 1024), password: 'y' }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('404 with a JSON error for an unknown API address, never an HTML page or a stack trace', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('/api/no-such-thing') },
    });
  });
});
