import pg from 'pg';
import { openDatabase, runMigrations } from '../src/db/client.ts';
import { postgresUrl, TEMPLATE_DB, testDbKind } from './db.ts';

/** On PostgreSQL, build the migrated template database once per test run. */
export default async function setup(): Promise<void> {
  if (testDbKind() !== 'postgres') return;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: postgresUrl(TEMPLATE_DB), poolMax: 1 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
}
