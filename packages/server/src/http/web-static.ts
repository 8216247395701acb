import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the web app (packages/web/dist), relative to this file. */
export const defaultWebDistDir = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export type WebStaticOptions = { root?: string };

/** Vite names every file under assets/ by its content hash, so it can be cached for good. */
const immutableCache = 'public, max-age=31536000, immutable';

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

const notBuiltPage = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>群策 Qunce：网页端尚未构建 / web app not built</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style>
</head>
<body>
<h1>网页端尚未构建</h1>
<p>服务器正在运行（接口位于 <code>/api</code>），但还没有找到构建好的网页端。请在项目根目录运行 <code>npm run build</code>，然后重新启动服务器；或直接使用 <code>npm start</code>（先构建再启动）。开发时请使用 <code>npm run dev</code>。</p>
<h1 lang="en">Web app not built</h1>
<p lang="en">The server is running (the API is under <code>/api</code>) but the built web app was not found. Run <code>npm run build</code> in the repository root and restart the server, or use <code>npm start</code>, which builds first. For development use <code>npm run dev</code>.</p>
</body>
</html>
`;

/**
 * Serves the built single-page app on `/`: hashed assets with a year-long immutable cache,
 * `index.html` with `no-cache` (so a new release is picked up on the next visit), and any other GET
 * that is not under /api and accepts HTML answered with index.html, so every address of the app can be
 * bookmarked and reloaded. Everything else that matches nothing still gets the JSON 404.
 *
 * Files are listed once at start-up (`wildcard: false`): rebuild, then restart. Without a build, HTML
 * requests get a bilingual page saying how to build (503).
 */
export async function webStatic(app: FastifyInstance, options: WebStaticOptions): Promise<void> {
  const root = path.resolve(options.root ?? defaultWebDistDir);
  const hasBuild = existsSync(path.join(root, 'index.html'));

  const fallback = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isApiPath(request.url) || !wantsHtml(request)) return reply.callNotFound();
    if (!hasBuild)
      return reply.status(503).header('cache-control', 'no-store').type('text/html').send(notBuiltPage);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };

  if (hasBuild) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      cacheControl: false,
      serveDotFiles: false,
      setHeaders: (reply, filePath) => {
        const relative = path.relative(root, filePath).split(path.sep).join('/');
        reply.header('cache-control', relative.startsWith('assets/') ? immutableCache : 'no-cache');
      },
    });
  } else {
    app.log.warn({ root }, '网页端尚未构建，请运行 npm run build / web app not built: run npm run build');
    app.get('/', { schema: { hide: true } }, fallback);
  }
  app.get('/*', { schema: { hide: true } }, fallback);
}
