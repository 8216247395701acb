#!/usr/bin/env node
// Measures the JavaScript and CSS a route loads, gzipped, from the Vite manifest of a build, and checks
// it against its budget (issue 8: the login page under 300 KB gzipped). Counts the entry and the
// route's module with every chunk they import statically; lazy imports load later and are not counted.
//
//   node packages/web/scripts/bundle-budget.mjs [distDir]      (exit 1 when a budget is exceeded)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Route modules (manifest keys, relative to packages/web) and their budgets in bytes, gzipped. */
export const budgets = [
  { name: 'login', modules: ['src/features/auth/login-page.tsx'], maxGzipBytes: 300 * 1024 },
  {
    name: 'cockpit',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/cockpit/cockpit-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'clusters',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/clusters/clusters-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'cluster-detail',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/clusters/cluster-detail-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'import',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/import/import-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'evaluation',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/evaluation/evaluation-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'reviews',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/reviews/reviews-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'admin',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/admin/admin-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'audit',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/audit/audit-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'recognition',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/recognition/recognition-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
  {
    name: 'collection',
    modules: ['src/features/shell/app-layout.tsx', 'src/features/collection/collection-page.tsx'],
    maxGzipBytes: 900 * 1024,
  },
];

/** The files one route loads: the entry plus the route modules and their static imports. */
export function routeFiles(manifest, modules) {
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the Vite manifest`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('the Vite manifest has no entry');
  visit(entry);
  for (const key of modules) visit(key);
  return [...files].sort();
}

export function measureRoutes(distDir) {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8'));
  return budgets.map((budget) => {
    const files = routeFiles(manifest, budget.modules).map((file) => {
      const content = readFileSync(path.join(distDir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
    const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
    return { name: budget.name, gzipBytes, maxGzipBytes: budget.maxGzipBytes, files };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'),
  );
  let failed = false;
  for (const route of measureRoutes(distDir)) {
    const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
    const ok = route.gzipBytes <= route.maxGzipBytes;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${route.name}: ${kb(route.gzipBytes)} gzipped (budget ${kb(route.maxGzipBytes)})`,
    );
    for (const file of route.files) console.log(`       ${file.file}  ${kb(file.gzipBytes)}`);
  }
  process.exitCode = failed ? 1 : 0;
}
