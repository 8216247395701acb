import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * The data-directory lock. PGlite is a single-process database: two processes opening the same data
 * directory would both write to it and corrupt it. Every process that opens `<dataDir>/pglite`
 * (`qunce serve`, `qunce db migrate|backup|restore`) first takes `<dataDir>/qunce.lock`.
 *
 * The lock file is created atomically with its content (written to a temporary file, then hard-linked
 * to the lock name, which fails if the name exists), so a reader never sees a half-written lock.
 * A lock whose process is gone (same host, pid not alive) is stale: it is taken over with a warning.
 * A lock from another host cannot be checked and is never taken over.
 */
export type LockOwner = {
  pid: number;
  host: string;
  /** ISO timestamp of when the lock was taken. */
  since: string;
  command: string;
};

export type DataDirLock = {
  path: string;
  owner: LockOwner;
  /** Removes the lock if it is still ours. Idempotent; also runs on process exit. */
  release(): void;
};

export class DataDirLockedError extends Error {
  readonly owner: LockOwner | undefined;
  constructor(message: string, owner: LockOwner | undefined) {
    super(message);
    this.name = 'DataDirLockedError';
    this.owner = owner;
  }
}

export const LOCK_FILE = 'qunce.lock';

/** Locks held by this process: a second acquire in the same process is refused too. */
const heldHere = new Map<string, LockOwner>();

export type AcquireOptions = {
  /** What holds the lock, shown to whoever is refused (e.g. "serve", "db backup"). */
  command: string;
  /** Called when a stale lock is taken over. */
  warn?: (message: string) => void;
  /** For tests: the clock and pid. */
  now?: () => Date;
  pid?: number;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return {
      pid: parsed.pid,
      host: parsed.host,
      since: String(parsed.since ?? ''),
      command: String(parsed.command ?? ''),
    };
  } catch {
    return undefined;
  }
}

export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid}, host ${owner.host}, since ${owner.since}${owner.command ? `, ${owner.command}` : ''}`;
}

/** Takes the lock on `dataDir` or throws DataDirLockedError naming who holds it. */
export function acquireDataDirLock(dataDir: string, options: AcquireOptions): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.resolve(dataDir), LOCK_FILE);
  const mine = heldHere.get(lockPath);
  if (mine) {
    throw new DataDirLockedError(
      `数据目录已被本进程使用 (${describeOwner(mine)}) / the data directory ${dataDir} is already open in this process (${describeOwner(mine)})`,
      mine,
    );
  }
  const owner: LockOwner = {
    pid: options.pid ?? process.pid,
    host: hostname(),
    since: (options.now?.() ?? new Date()).toISOString(),
    command: options.command,
  };
  const temp = `${lockPath}.${owner.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
  writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temp, lockPath);
        return makeLock(lockPath, owner);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readOwner(lockPath);
      if (holder && (holder.host !== owner.host || isAlive(holder.pid)) && holder.pid !== owner.pid) {
        throw new DataDirLockedError(
          `数据目录已被另一个 Qunce 进程使用 (${describeOwner(holder)}) / the data directory ${dataDir} is in use by another Qunce process (${describeOwner(holder)}); stop it first${holder.host !== owner.host ? `, or delete ${lockPath} if that host no longer uses this directory` : ''}`,
          holder,
        );
      }
      // Stale (dead pid on this host), unreadable, or our own pid left by an earlier run (a container's
      // pid 1 is the same every time): take over.
      options.warn?.(
        `接管过期的数据目录锁 / taking over a stale data-directory lock ${lockPath}${holder ? ` (${describeOwner(holder)}: process no longer running)` : ' (unreadable)'}`,
      );
      try {
        unlinkSync(lockPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new DataDirLockedError(
      `无法获取数据目录锁 / could not take the data-directory lock ${lockPath}: another process keeps taking it`,
      readOwner(lockPath),
    );
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
  }
}

function makeLock(lockPath: string, owner: LockOwner): DataDirLock {
  let released = false;
  heldHere.set(lockPath, owner);
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(lockPath);
    process.removeListener('exit', release);
    const holder = readOwner(lockPath);
    if (holder && holder.pid === owner.pid && holder.since === owner.since && holder.host === owner.host) {
      try {
        unlinkSync(lockPath);
      } catch {
        // Someone removed it by hand; nothing to release.
      }
    }
  };
  process.on('exit', release);
  return { path: lockPath, owner, release };
}
