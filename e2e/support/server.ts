import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const webDist = path.join(repoRoot, 'packages', 'web', 'dist');

/** Passwords the e2e server is started with; both satisfy the password policy. */
export const e2ePasswords = { admin: 'E2e-Admin-Pass-2026', demo: 'E2e-Demo-Pass-2026' } as const;

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds the web app unless dist/ is newer than every source it is built from. */
export function ensureWebBuild(): 'reused' | 'built' {
  const web = path.join(repoRoot, 'packages', 'web');
  const sources = [web, path.join(repoRoot, 'packages', 'core', 'src')];
  const builtAt = newestMtime(path.join(webDist, '.vite', 'manifest.json'));
  if (builtAt > 0 && sources.every((source) => newestMtime(source) < builtAt)) return 'reused';
  const result = spawnSync('npm', ['run', 'build', '--workspace', '@qunce/web'], {
    cwd: repoRoot,
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm run build -w @qunce/web failed (exit ${result.status})`);
  return 'built';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export type RunningServer = { baseUrl: string; logFile: string; stop(): Promise<void> };

/**
 * Starts the real platform as a child process, exactly as `npm start` does after the build:
 * `qunce serve --demo` on a free port with a throw-away data directory (or the given PostgreSQL URL),
 * and waits until /api/health answers with the demo data loaded.
 */
export async function startServer(options: { databaseUrl?: string } = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qunce-e2e-'));
  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    QUNCE_DATA_DIR: dataDir,
    QUNCE_ADMIN_PASSWORD: e2ePasswords.admin,
    QUNCE_DEMO_PASSWORD: e2ePasswords.demo,
    // A small demo registry: the browser flows need some clusters, not the full 20,000-enterprise load.
    QUNCE_DEMO_ENTERPRISES: process.env.QUNCE_DEMO_ENTERPRISES ?? '500',
    LOG_LEVEL: 'warn',
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;

  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'packages', 'server', 'bin', 'qunce.mjs'), 'serve', '--demo'],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping = false;
  // A server that dies while the tests run takes every later test with it: say why, once, with its log.
  child.once('exit', (code, signal) => {
    if (stopping) return;
    setTimeout(() => {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
      console.error(
        `\n✗ the e2e Qunce server stopped (exit ${code}, signal ${signal}); its last log lines:\n${tail}\n`,
      );
    }, 200);
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      // Healthy, and the demo data (loaded by a job after the server listens) complete: the browser
      // flows rely on the last seeding steps (evaluation, collection, recognition).
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok && ((await response.json()) as { demo?: string }).demo === 'loaded') {
        return { baseUrl, logFile, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const output = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  await stop();
  throw new Error(`the Qunce server did not become healthy at ${baseUrl}:\n${output}`);
}
