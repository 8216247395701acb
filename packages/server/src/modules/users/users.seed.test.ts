import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { login } from '../../../test/identity-fixtures.ts';
import { buildApp } from '../../app.ts';
import { bootstrap } from '../../bootstrap.ts';
import { loadConfig } from '../../config.ts';
import { users } from '../../db/schema/index.ts';

describe('first start without QUNCE_ADMIN_PASSWORD', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('generates, prints once and forces a change of the three built-in passwords; a restart prints nothing', async () => {
    const config = loadConfig({});
    const silent = { info: () => {}, warn: () => {} };
    let printed = '';
    const first = await bootstrap(database, config, silent, {
      demo: false,
      print: (text) => (printed += text),
    });
    expect(first.generatedPasswords.map((p) => p.username)).toEqual(['admin', 'secadmin', 'auditor']);
    for (const { password } of first.generatedPasswords) expect(printed).toContain(password);
    expect(await database.db.select({ n: count() }).from(users)).toEqual([{ n: 3 }]);

    let printedAgain = '';
    const second = await bootstrap(database, config, silent, {
      demo: false,
      print: (text) => (printedAgain += text),
    });
    expect(second.generatedPasswords).toEqual([]);
    expect(printedAgain).toBe('');

    const app = await buildApp({ config, database, logger: false });
    try {
      const adminPassword = first.generatedPasswords[0]?.password ?? '';
      const response = await login(app, 'admin', adminPassword);
      expect(response.statusCode).toBe(200);
      expect(response.json().user).toMatchObject({
        roles: ['system_admin'],
        mustChangePassword: true,
        scope: { kind: 'none' },
      });
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const list = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
      expect(list.statusCode).toBe(403);
      expect(list.json().error.details).toEqual({ reason: 'password_change_required' });
    } finally {
      await app.close();
    }
  });

  it('--demo later adds the five demo users (one shared generated password) and the demo cluster organisation', async () => {
    let printed = '';
    const result = await bootstrap(
      database,
      loadConfig({}),
      { info: () => {}, warn: () => {} },
      {
        demo: true,
        print: (text) => (printed += text),
      },
    );
    expect(result.generatedPasswords.map((p) => p.username)).toEqual([
      'demo-province',
      'demo-department',
      'demo-city',
      'demo-cluster',
      'demo-expert',
    ]);
    expect(new Set(result.generatedPasswords.map((p) => p.password)).size).toBe(1);
    expect(printed).toContain('demo-expert');
  });
});
