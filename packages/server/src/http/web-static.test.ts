import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDbKind } from '../../test/db.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

const indexHtml = '<!doctype html><html><body><div id="root"></div><!-- qunce-test-build --></body></html>';

/** A small stand-in for packages/web/dist: index.html, a hashed asset, a public file, the manifest. */
function writeBuild(root: string): void {
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, '.vite'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), indexHtml);
  writeFileSync(path.join(root, 'assets', 'index-Ab12Cd34.js'), 'console.log("qunce");');
  writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, '.vite', 'manifest.json'), '{}');
}

describe(`web app served by the server (${testDbKind()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let missingApp: FastifyInstance;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'qunce-web-'));
    writeBuild(path.join(tmp, 'dist'));
    database = await createTestDatabase();
    const config = loadConfig({ QUNCE_DATA_DIR: tmp });
    app = await buildApp({ config, database, logger: false, webDistDir: path.join(tmp, 'dist') });
    missingApp = await buildApp({
      config,
      database,
      logger: false,
      webDistDir: path.join(tmp, 'no-such-dist'),
    });
  });
  afterAll(async () => {
    await app.close();
    await missingApp.close();
    await database.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

  it('GET / answers index.html with no-cache and the content security policy', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: html });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body).toContain('qunce-test-build');
  });

  it('hashed assets are cached for a year, immutable; other files revalidate', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('any other address asked for as HTML gets index.html, so bookmarks and reloads work', async () => {
    for (const url of ['/login', '/clusters/370700-01', '/audit?from=2026-01-01', '/index.html']) {
      const response = await app.inject({ method: 'GET', url, headers: html });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toContain('qunce-test-build');
    }
  });

  it('the API keeps answering JSON: a known route works, an unknown one is a JSON 404 even for HTML', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    const unknown = await app.inject({ method: 'GET', url: '/api/no-such-route', headers: html });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('a missing script or image is a 404, not index.html (a stale chunk must fail loudly)', async () => {
    const chunk = await app.inject({
      method: 'GET',
      url: '/assets/gone-00000000.js',
      headers: { accept: '*/*' },
    });
    expect(chunk.statusCode).toBe(404);
    expect(chunk.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('does not serve dot-files such as the Vite manifest', async () => {
    const response = await app.inject({ method: 'GET', url: '/.vite/manifest.json' });
    expect(response.statusCode).toBe(404);
  });

  it('without a build, HTML requests get a bilingual page saying to run npm run build (503)', async () => {
    for (const url of ['/', '/clusters']) {
      const response = await missingApp.inject({ method: 'GET', url, headers: html });
      expect(response.statusCode, url).toBe(503);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('npm run build');
      expect(response.body).toContain('网页端尚未构建');
      expect(response.body).toContain('Web app not built');
    }
    const health = await missingApp.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});
