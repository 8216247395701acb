#!/usr/bin/env node
// `npm run dev`: the Qunce server (API on PORT, default 3000, with demo data) and Vite (the web app with
// hot reload on 5173, forwarding /api to the server) side by side. Ctrl-C or a signal stops both; if
// either exits, the other is stopped too and the exit code is passed on.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';

const children = [
  {
    name: 'server',
    child: spawn(process.execPath, [path.join(root, 'packages/server/bin/qunce.mjs'), 'serve', '--demo'], {
      cwd: root,
      env: { ...process.env, PORT: port },
      stdio: 'inherit',
    }),
  },
  {
    name: 'web',
    child: spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js')], {
      cwd: path.join(root, 'packages/web'),
      env: { ...process.env, QUNCE_API_URL: process.env.QUNCE_API_URL ?? `http://localhost:${port}` },
      stdio: 'inherit',
    }),
  },
];

let stopping = false;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(signal));

let remaining = children.length;
for (const { name, child } of children) {
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[dev] ${name} exited (${signal ?? code}); stopping the other process`);
    if (!stopping && code !== 0) process.exitCode = code ?? 1;
    stopAll('SIGTERM');
    if (--remaining === 0) process.exit(process.exitCode ?? 0);
  });
  child.on('error', (error) => {
    console.error(`[dev] could not start ${name}: ${error.message}`);
    process.exitCode = 1;
    stopAll('SIGTERM');
  });
}
