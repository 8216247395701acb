import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { createUser } from '../src/modules/users/users.service.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** Passwords of the seeded accounts in tests (both meet the password policy). */
export const adminPassword = 'Admin-Passw0rd!';
export const demoPassword = 'Demo-Passw0rd!';

/** A clock the test moves by hand: lockouts and idle expiry without sleeping. */
export type TestClock = { now: () => Date; advanceMinutes: (minutes: number) => void };

export function buildClock(start = new Date('2026-03-02T01:00:00.000Z')): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advanceMinutes: (minutes) => {
      current += minutes * 60_000;
    },
  };
}

export type IdentityTestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  clock: TestClock;
  close: () => Promise<void>;
};

/**
 * The real app on a fresh test database, seeded as `qunce serve --demo` seeds it: built-in admin,
 * secadmin, auditor (adminPassword) and demo-province, demo-department, demo-city, demo-cluster,
 * demo-expert (demoPassword). Time comes from a hand-moved clock.
 */
export async function buildIdentityTestApp(overrides: Partial<Config> = {}): Promise<IdentityTestApp> {
  const database = await createTestDatabase();
  const clock = buildClock();
  const { app, config } = await buildSeededApp(database, overrides, clock);
  return {
    app,
    database,
    config,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * The real app on a given database, seeded as `qunce serve --demo` seeds it; time from `clock` when
 * given (else the real clock). The caller owns the database.
 */
export async function buildSeededApp(
  database: Database,
  overrides: Partial<Config> = {},
  clock?: TestClock,
): Promise<{ app: FastifyInstance; config: Config }> {
  const config = {
    ...loadConfig({ QUNCE_ADMIN_PASSWORD: adminPassword, QUNCE_DEMO_PASSWORD: demoPassword }),
    ...overrides,
  };
  await bootstrap(
    database,
    config,
    { info: () => {}, warn: () => {} },
    { demo: true, print: () => {}, ...(clock ? { now: clock.now() } : {}) },
  );
  const app = await buildApp({ config, database, logger: false, ...(clock ? { clock: clock.now } : {}) });
  await app.ready();
  return { app, config };
}

export type Session = {
  userId: string;
  csrfToken: string;
  cookie: string;
  /** Headers for a state-changing request: cookie and CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
};

export function login(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password = demoPassword,
): Promise<Session> {
  const response = await login(app, username, password);
  if (response.statusCode !== 200)
    throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  const body = response.json<{ user: { id: string }; csrfToken: string }>();
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return {
    userId: body.user.id,
    csrfToken: body.csrfToken,
    cookie,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}

/** A user of the given role created through the service (as the system administrator would). */
export async function buildUser(
  target: IdentityTestApp,
  input: {
    username: string;
    role: string;
    organisationCode?: string | null;
    password?: string;
    mustChangePassword?: boolean;
  },
): Promise<{ id: string; username: string; password: string }> {
  const password = input.password ?? 'Test-Passw0rd!';
  const { user } = await createUser(
    target.database.db,
    {
      username: input.username,
      displayName: input.username,
      roles: [input.role],
      organisationCode: input.organisationCode ?? null,
      password,
      mustChangePassword: input.mustChangePassword ?? false,
      allowSystemRoles: true,
    },
    { actorId: null, actorName: 'test', ip: null, at: target.clock.now() },
  );
  return { id: user.id, username: user.username, password };
}
