import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { openDatabase } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema/index.ts';
import { verifyPassword } from '../auth/password.ts';

describe('qunce user add|reset-password|lock|unlock', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'qunce-user-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const qunce = (...args: string[]) => runCli(['user', ...args], { env: { QUNCE_DATA_DIR: dataDir } });

  async function readUser(username: string) {
    const database = await openDatabase({ pgliteDir: `${dataDir}/pglite` });
    try {
      const [row] = await database.db.select().from(users).where(eq(users.username, username));
      const audit = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, row?.id ?? ''));
      return { row, actions: audit.map((entry) => entry.action) };
    } finally {
      await database.close();
    }
  }

  it('adds a user on a fresh data directory, printing a generated password once (must be changed)', async () => {
    const added = await qunce(
      'add',
      'linyi-bureau',
      '--role',
      'city',
      '--org',
      'city-371300',
      '--name',
      '临沂市工信局',
    );
    expect(added.code).toBe(0);
    const password = /shown once\): (\S+)/.exec(added.out)?.[1];
    expect(password).toHaveLength(16);
    const { row } = await readUser('linyi-bureau');
    expect(row).toMatchObject({
      displayName: '临沂市工信局',
      organisationCode: 'city-371300',
      mustChangePassword: true,
    });
    expect(await verifyPassword(row?.passwordHash ?? '', password ?? '')).toBe(true);
  });

  it('grants a system role (only possible here) with a chosen password; refuses bad input with exit 2', async () => {
    expect((await qunce('add', 'auditor-2', '--role', 'auditor', '--password', 'Second-Audit0r')).code).toBe(
      0,
    );
    expect((await readUser('auditor-2')).row?.mustChangePassword).toBe(false);
    expect((await qunce('add', 'x1', '--role', 'overlord')).code).toBe(2);
    expect((await qunce('add', 'x2', '--role', 'city', '--org', 'dept-sti')).code).toBe(2);
    expect((await qunce('add', 'auditor-2', '--role', 'auditor')).code).toBe(2);
    expect((await qunce('add', 'x3', '--role', 'expert', '--password', 'weak')).code).toBe(2);
    expect((await qunce('lock', 'nobody-at-all')).code).toBe(2);
  });

  it('locks, unlocks and resets a password, each audited', async () => {
    expect((await qunce('lock', 'linyi-bureau')).code).toBe(0);
    expect((await readUser('linyi-bureau')).row?.isLocked).toBe(true);
    expect((await qunce('unlock', 'linyi-bureau')).code).toBe(0);
    expect((await qunce('reset-password', 'linyi-bureau', '--password', 'Linyi-Passw0rd')).code).toBe(0);
    const { row, actions } = await readUser('linyi-bureau');
    expect(row?.isLocked).toBe(false);
    expect(await verifyPassword(row?.passwordHash ?? '', 'Linyi-Passw0rd')).toBe(true);
    expect(actions).toEqual(['user.created', 'user.locked', 'user.unlocked', 'user.password_reset']);
  });
});
