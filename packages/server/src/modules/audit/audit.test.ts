import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import {
  adminPassword,
  buildIdentityTestApp,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { openDatabase, runMigrations } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { auditRowHash, canonicalJson, genesisHash } from './audit.hash.ts';
import { appendAudit, verifyAuditChain } from './audit.service.ts';

const entry = (n: number) => ({
  actorId: 'u-1',
  actorName: 'tester',
  action: 'test.write',
  entityType: 'thing',
  entityId: `thing-${n}`,
  before: null,
  after: { n, label: `第 ${n} 条`, nested: { b: 2, a: [1, 0.1, null] } },
  ip: '10.0.0.1',
});

describe('canonical serialisation', () => {
  it('sorts keys at every depth and drops undefined members: {b:1,a:{d:[1,{y:2,x:1}],c:undefined}} → {"a":{"d":[1,{"x":1,"y":2}]},"b":1}', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('the hash covers prev_hash: same row, different predecessor → different hash', () => {
    const row = {
      seq: 1,
      at: new Date('2026-01-01T00:00:00Z'),
      ...entry(1),
      outcome: 'success',
      prevHash: genesisHash,
    };
    expect(auditRowHash(row)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRowHash({ ...row, prevHash: 'f'.repeat(64) })).not.toBe(auditRowHash(row));
  });
});

describe('hash chain in the database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('an empty log verifies (0 entries); 5 appended entries link seq 1..5 from the genesis hash', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 0 });
    for (let n = 1; n <= 5; n++) await appendAudit(database.db, entry(n));
    const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prevHash).toBe(genesisHash);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(database.db, 2)).toEqual({ ok: true, count: 5 });
  });

  it('an entry written in a transaction that rolls back leaves no trace and no gap', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await appendAudit(tx, entry(99));
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    await appendAudit(database.db, entry(6));
    const rows = await database.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    await expect(database.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow();
    await expect(database.db.execute(sql`DELETE FROM audit_log WHERE seq = 6`)).rejects.toThrow();
    await expect(database.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 6 });
  });

  it('20 concurrent audited writes never fork the chain: seqs 7..26, each prev_hash = the previous hash', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction(async (tx) => {
          await tx.execute(sql`SELECT 1`);
          await appendAudit(tx, entry(100 + i));
        }),
      ),
    );
    const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(26);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 26 });
  });

  it('tampering (trigger disabled to do it) is found: an altered row names its seq, a removed tail is found at the head', async () => {
    const db = database.db;
    await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await db.execute(sql`UPDATE audit_log SET after = '{"n": 3, "label": "改过"}'::jsonb WHERE seq = 3`);
      const altered = await verifyAuditChain(db);
      expect(altered).toMatchObject({ ok: false, seq: 3, count: 2 });
      expect(altered.ok === false && altered.reason).toContain('altered');

      // Recomputing the altered row's hash does not help: the next row's prev_hash no longer matches.
      const [row3] = await db.select().from(auditLog).where(sql`seq = 3`);
      if (!row3) throw new Error('seq 3 missing');
      await db.execute(sql`UPDATE audit_log SET hash = ${auditRowHash(row3)} WHERE seq = 3`);
      const relinked = await verifyAuditChain(db);
      expect(relinked).toMatchObject({ ok: false, seq: 4 });
      expect(relinked.ok === false && relinked.reason).toContain('prev_hash');

      await db.execute(sql`DELETE FROM audit_log WHERE seq >= 3`);
      const truncated = await verifyAuditChain(db);
      expect(truncated).toMatchObject({ ok: false, seq: 3, count: 2 });
      expect(truncated.ok === false && truncated.reason).toContain('head');

      await db.execute(sql`DELETE FROM audit_log WHERE seq = 1`);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 1 });
    } finally {
      await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
  });
});

describe('GET /api/audit', () => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await buildIdentityTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the auditor pages through the trail newest first and filters by action; logins are in it', async () => {
    await signIn(t.app, 'demo-city');
    const auditor = await signIn(t.app, 'auditor', adminPassword);
    const page = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=auth.login&limit=1',
      headers: { cookie: auditor.cookie },
    });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ action: 'auth.login', actorName: 'auditor', outcome: 'success' });
    const next = await t.app.inject({
      method: 'GET',
      url: `/api/audit?action=auth.login&limit=1&beforeSeq=${body.nextBeforeSeq}`,
      headers: { cookie: auditor.cookie },
    });
    expect(next.json().items[0]).toMatchObject({ action: 'auth.login', actorName: 'demo-city' });
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/audit?limit=5000',
      headers: { cookie: auditor.cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('querystring.limit');
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/audit?colour=red',
      headers: { cookie: auditor.cookie },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('nobody else reads it: demo-province and admin → 403', async () => {
    for (const [username, password] of [
      ['demo-province', undefined],
      ['admin', adminPassword],
    ] as const) {
      const session = await signIn(t.app, username, password);
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/audit',
        headers: { cookie: session.cookie },
      });
      expect(response.statusCode, username).toBe(403);
    }
  });
});

describe('qunce audit verify', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'qunce-audit-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const runQunce = (args: string[]) => runCli(args, { env: { QUNCE_DATA_DIR: dataDir } });

  it('exit 0 on an intact chain; exit 1 naming seq 2 after a row was altered', async () => {
    const database = await openDatabase({ pgliteDir: `${dataDir}/pglite` });
    await runMigrations(database);
    for (let n = 1; n <= 3; n++) await appendAudit(database.db, entry(n));
    await database.close();

    const intact = await runQunce(['audit', 'verify']);
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.out).toContain('3 entries');

    const tamper = await openDatabase({ pgliteDir: `${dataDir}/pglite` });
    await tamper.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await tamper.db.execute(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 2`);
    await tamper.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await tamper.close();

    const broken = await runQunce(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('seq 2');
    expect((await runQunce(['audit', 'check'])).code).toBe(2);
  });
});
