import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';

/** The demo password used by tests (meets the password policy). */
export const testDemoPassword = 'Demo-Passw0rd!';
export const testAdminPassword = 'Admin-Passw0rd!';

/**
 * A real app on a test database, seeded as `qunce serve --demo` seeds it (demo-province,
 * demo-department, demo-city, demo-cluster, demo-expert; built-in admin/secadmin/auditor).
 */
export async function buildTestApp(
  database: Database,
  overrides: Partial<Config> = {},
): Promise<{ app: FastifyInstance; config: Config }> {
  const config = {
    ...loadConfig({ QUNCE_DEMO_PASSWORD: testDemoPassword, QUNCE_ADMIN_PASSWORD: testAdminPassword }),
    ...overrides,
  };
  await bootstrap(database, config, { info: () => {}, warn: () => {} }, { demo: true, print: () => {} });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return { app, config };
}

/** A signed-in user: the cookie and CSRF headers to send with app.inject or fetch. */
export type TestSession = {
  userId: string;
  cookie: string;
  headers: { cookie: string; 'x-csrf-token': string };
};

export async function signIn(
  app: FastifyInstance,
  username: string,
  password = testDemoPassword,
): Promise<TestSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { user: { id: string }; csrfToken: string };
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { userId: body.user.id, cookie, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}
