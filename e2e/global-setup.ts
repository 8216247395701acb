import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { chromiumMissingReason, isCi } from './support/chromium.ts';
import { ensureWebBuild, type RunningServer, startServer } from './support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the e2e server listens, e.g. http://127.0.0.1:41234; empty when the tests are skipped. */
    baseUrl: string;
    /** Why the browser tests are skipped (no Chromium outside CI); empty when they run. */
    skipReason: string;
  }
}

async function withAdmin<T>(databaseUrl: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/**
 * Builds the web app (unless dist/ is fresh), starts `qunce serve --demo` on a free port with a
 * throw-away data directory, or with QUNCE_TEST_DB=postgres a fresh database on DATABASE_URL's server,
 * and stops it afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = chromiumMissingReason();
  if (missing) {
    if (isCi()) throw new Error(`e2e: ${missing}; CI=true requires the browser tests to run`);
    console.warn(`\n⚠ e2e browser tests SKIPPED: ${missing}\n`);
    project.provide('baseUrl', '');
    project.provide('skipReason', missing);
    return async () => {};
  }

  const build = ensureWebBuild();
  console.info(
    `e2e: web app ${build === 'built' ? 'built' : 'build reused (dist is newer than its sources)'}`,
  );

  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if ((process.env.QUNCE_TEST_DB ?? 'pglite') === 'postgres') {
    const serverUrl = process.env.QUNCE_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!serverUrl) throw new Error('QUNCE_TEST_DB=postgres needs DATABASE_URL');
    const name = `qunce_e2e_${randomBytes(6).toString('hex')}`;
    await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  }

  let server: RunningServer;
  try {
    server = await startServer({ databaseUrl });
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  project.provide('baseUrl', server.baseUrl);
  project.provide('skipReason', '');
  return async () => {
    await server.stop();
    await dropDatabase();
  };
}
