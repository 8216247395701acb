import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from './lock.ts';

const bin = fileURLToPath(new URL('../../bin/qunce.mjs', import.meta.url));
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunce-lock-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  return child.pid;
}

describe('data-directory lock (in process)', () => {
  it('writes who holds it and removes the file on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, { command: 'test', now: () => new Date('2026-11-27T10:00:00Z') });
    const content = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
    expect(content).toEqual({
      pid: process.pid,
      host: hostname(),
      since: '2026-11-27T10:00:00.000Z',
      command: 'test',
    });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lock.release(); // idempotent
  });

  it('refuses a second holder in the same process', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, { command: 'first' });
    try {
      expect(() => acquireDataDirLock(dir, { command: 'second' })).toThrow(DataDirLockedError);
    } finally {
      lock.release();
    }
  });

  it('refuses a lock held by a live process, naming pid, host and since', () => {
    const dir = tempDir();
    // The parent of this test process is alive for as long as the test runs.
    const holder = {
      pid: process.ppid,
      host: hostname(),
      since: '2026-11-27T09:00:00.000Z',
      command: 'qunce serve',
    };
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(holder));
    let error: unknown;
    try {
      acquireDataDirLock(dir, { command: 'second' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain('数据目录已被另一个 Qunce 进程使用');
    expect(message).toContain(`pid ${process.ppid}`);
    expect(message).toContain(`host ${hostname()}`);
    expect(message).toContain('since 2026-11-27T09:00:00.000Z');
    expect((error as DataDirLockedError).owner).toEqual(holder);
  });

  it('refuses a lock from another host even if the pid is unknown here', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), host: 'other-host', since: 'x' }),
    );
    expect(() => acquireDataDirLock(dir, { command: 'second' })).toThrow(/other-host/);
  });

  it('takes over a stale lock (dead pid on this host) with a warning', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid, host: hostname(), since: 'x', command: 'crashed' }),
    );
    const warnings: string[] = [];
    const lock = acquireDataDirLock(dir, { command: 'new', warn: (message) => warnings.push(message) });
    try {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`pid ${pid}`);
      expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    } finally {
      lock.release();
    }
  });

  it('takes over an unreadable (empty) lock file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOCK_FILE), '');
    const warnings: string[] = [];
    const lock = acquireDataDirLock(dir, { command: 'new', warn: (message) => warnings.push(message) });
    lock.release();
    expect(warnings[0]).toContain('unreadable');
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServe(dataDir: string, port: number): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QUNCE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, run: Run): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (run.child.exitCode !== null) throw new Error(`serve exited early: ${run.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`serve did not answer: ${run.output()}`);
}

describe('qunce serve twice on one data directory (real processes)', () => {
  it('refuses the second start with who holds the directory, and releases the lock on SIGTERM', async () => {
    const dataDir = tempDir();
    const firstPort = await freePort();
    const first = startServe(dataDir, firstPort);
    try {
      await waitForHealth(firstPort, first);
      const second = startServe(dataDir, await freePort());
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.output()).toContain('数据目录已被另一个 Qunce 进程使用');
      expect(second.output()).toContain(`pid ${first.child.pid}`);
      expect(second.output()).toContain(`host ${hostname()}`);
      // A backup of the directory the server is using is refused the same way (stop the server first).
      const env: NodeJS.ProcessEnv = { ...process.env, QUNCE_DATA_DIR: dataDir };
      delete env.DATABASE_URL;
      const backup = spawnSync(process.execPath, [bin, 'db', 'backup', path.join(dataDir, 'b.qunce')], {
        env,
        encoding: 'utf8',
      });
      expect(backup.status).toBe(2);
      expect(backup.stderr).toContain(`pid ${first.child.pid}`);
      expect(existsSync(path.join(dataDir, 'b.qunce'))).toBe(false);
      // The first server is untouched and still answers.
      expect((await fetch(`http://127.0.0.1:${firstPort}/api/health`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
