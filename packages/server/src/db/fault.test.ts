import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresUrl, testDbKind } from '../../test/db.ts';
import { openDatabase } from './client.ts';
import { acquireDataDirLock } from './lock.ts';

const fixture = fileURLToPath(new URL('../../test/fixtures/kill-mid-write.ts', import.meta.url));
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the fixture against `target` and kills it with SIGKILL once its transaction is open. */
async function killMidWrite(target: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, target], {
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
}

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
    await killMidWrite(dir);

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

describe.runIf(testDbKind() === 'postgres')('SIGKILL during a write transaction (PostgreSQL)', () => {
  it("the server rolls back the killed client's transaction: only the committed row remains", async () => {
    const database = await createTestDatabase();
    try {
      const current = (await database.db.execute(sql`SELECT current_database() AS name`)) as unknown as {
        rows: { name: string }[];
      };
      await killMidWrite(postgresUrl(current.rows[0]?.name));
      // The server notices the closed connection and aborts its transaction; wait until it has.
      for (let attempt = 0; attempt < 100; attempt++) {
        const open = (await database.db.execute(
          sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
        )) as unknown as { rows: { n: number }[] };
        if (open.rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const rows = (await database.db.execute(
        sql`SELECT code, name FROM regions ORDER BY code`,
      )) as unknown as {
        rows: { code: string; name: string }[];
      };
      expect(rows.rows).toEqual([{ code: '370000', name: '山东省' }]);
    } finally {
      await database.drop();
    }
  }, 120_000);
});
