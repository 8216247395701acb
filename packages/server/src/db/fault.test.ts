import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { acquireDataDirLock } from './lock.ts';

const fixture = fileURLToPath(new URL('../../test/fixtures/kill-mid-write.ts', import.meta.url));
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A crash in the middle of a write leaves no partial row. Why: every write runs in a transaction;
 * PostgreSQL (and PGlite, which is PostgreSQL) marks a transaction committed only by its commit
 * record in the write-ahead log. Rows written by a transaction without one are invisible after
 * recovery, whatever reached the data files. Here a real process is killed with SIGKILL (no
 * clean-up runs) while 500 inserted rows and one update sit in an open transaction.
 */
describe('SIGKILL during a write transaction (PGlite data directory)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunce-fault-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reopens with the committed row only: none of the 500 inserts, the update undone', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir], {
      cwd: serverRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('IN_TRANSACTION')) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', () => reject(new Error(`child exited before the write: ${output}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The killed process's lock is stale (its pid is gone): taken over with a warning.
    const warnings: string[] = [];
    const lock = acquireDataDirLock(dir, {
      command: 'fault test',
      warn: (message) => warnings.push(message),
    });
    const database = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
    try {
      expect(warnings).toHaveLength(1);
      const rows = (await database.db.execute(
        sql`SELECT code, name FROM regions ORDER BY code`,
      )) as unknown as {
        rows: { code: string; name: string }[];
      };
      expect(rows.rows).toEqual([{ code: '370000', name: '山东省' }]);
      // And the database takes writes again.
      await database.db.execute(
        sql`INSERT INTO regions (code, name, level) VALUES ('370100', '济南市', 'city')`,
      );
    } finally {
      await database.close();
      lock.release();
    }
  }, 120_000);
});
