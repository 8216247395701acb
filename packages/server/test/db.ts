import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase, runMigrations } from '../src/db/client.ts';

/**
 * Test databases. QUNCE_TEST_DB=pglite (default) or postgres (needs DATABASE_URL, a server where
 * the user may create databases).
 *
 * - pglite: the migrations run once per worker into a template instance whose data directory is
 *   dumped; each test file loads that dump (tens of milliseconds instead of seconds).
 * - postgres: the migrations run once into a template database (see global-setup.ts); each test
 *   file gets `CREATE DATABASE ... TEMPLATE` of it and drops it afterwards.
 */
export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  const kind = process.env.QUNCE_TEST_DB ?? 'pglite';
  if (kind !== 'pglite' && kind !== 'postgres') {
    throw new Error(`QUNCE_TEST_DB must be pglite or postgres, got "${kind}"`);
  }
  return kind;
}

let templateDump: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  templateDump ??= (async () => {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    await runMigrations(database);
    const dump = await (database.pglite as PGlite).dumpDataDir('none');
    await database.close();
    return dump;
  })();
  return templateDump;
}

export const TEMPLATE_DB = 'qunce_test_template';

export function postgresUrl(databaseName?: string): string {
  const base = process.env.QUNCE_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) throw new Error('QUNCE_TEST_DB=postgres needs DATABASE_URL (or QUNCE_TEST_DATABASE_URL)');
  if (!databaseName) return base;
  const url = new URL(base);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

export type TestDatabase = Database & { drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() === 'pglite') {
    const instance = await PGlite.create({ loadDataDir: await pgliteTemplate() });
    const database = await openDatabase({ pgliteInstance: instance });
    return { ...database, drop: () => database.close() };
  }
  const name = `qunce_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: postgresUrl(name), poolMax: 5 });
  return {
    ...database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: postgresUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
