import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. Code must not assume the embedded one. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: repositories accept either. */
export type DbOrTx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** The underlying PGlite instance (kind 'pglite') for dump/restore; undefined on PostgreSQL. */
  pglite: PGlite | undefined;
  /** The node-postgres pool (kind 'postgres') for COPY and raw access; undefined on PGlite. */
  pool: pg.Pool | undefined;
  close(): Promise<void>;
};

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type OpenOptions = {
  databaseUrl?: string | undefined;
  /** PGlite data directory; 'memory://' for an in-memory database. */
  pgliteDir?: string;
  /** An existing PGlite instance (tests clone a migrated template). */
  pgliteInstance?: PGlite;
  poolMax?: number;
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });
    // An idle client whose connection the server ends (restart, failover, DROP DATABASE ... FORCE) is
    // reported here; without a listener node-postgres would raise it as an uncaught error and stop the
    // process. The pool drops that client and connects a fresh one on the next query.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`);
    });
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect().catch(async (error: unknown) => {
      await pool.end();
      throw new Error(
        `无法连接 PostgreSQL / cannot connect to PostgreSQL at ${redactUrl(options.databaseUrl ?? '')}: ${(error as Error).message}`,
      );
    });
    client.release();
    const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
    return { kind: 'postgres', db, pglite: undefined, pool, close: () => pool.end() };
  }
  let instance = options.pgliteInstance;
  if (!instance) {
    const dir = options.pgliteDir ?? 'memory://';
    if (!dir.startsWith('memory://')) mkdirSync(path.resolve(dir), { recursive: true });
    instance = await PGlite.create(dir);
  }
  const pglite = instance;
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
  return { kind: 'pglite', db, pglite, pool: undefined, close: () => pglite.close() };
}

export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'postgres') {
    await migrateNodePg(database.db as unknown as Parameters<typeof migrateNodePg>[0], { migrationsFolder });
  } else {
    await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder });
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
