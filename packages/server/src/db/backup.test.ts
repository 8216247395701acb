import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.ts';
import { createTestDatabase, type TestDatabase, testDbKind } from '../../test/db.ts';
import { appendAudit, verifyAuditChain } from '../modules/audit/audit.service.ts';
import { backupDatabase, restoreDatabase, verifyBackup } from './backup.ts';
import { type Database, type DbOrTx, openDatabase, runMigrations } from './client.ts';

/**
 * Probe tables beside the real schema: every awkward type (bytea with every byte value, json whose
 * text must survive byte for byte, jsonb, numeric beyond float precision, floats, timestamps with
 * microseconds, arrays, an identity column, a foreign key) so the round trip is checked for them all.
 */
const probeDdl = [
  `CREATE TABLE probe_parent (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL)`,
  `CREATE TABLE probe_child (
     id bigserial PRIMARY KEY,
     parent_id integer NOT NULL REFERENCES probe_parent(id),
     blob bytea, doc json, docb jsonb, amount numeric(30, 10), ratio double precision,
     at timestamptz, tags text[], note text, flag boolean,
     doubled integer GENERATED ALWAYS AS (parent_id * 2) STORED)`,
];

async function addProbeTables(db: DbOrTx): Promise<void> {
  for (const statement of probeDdl) await db.execute(sql.raw(statement));
}

const everyByte = Buffer.from(Array.from({ length: 256 }, (_, index) => index));

async function fillProbe(db: DbOrTx): Promise<void> {
  await db.execute(sql`INSERT INTO probe_parent (name) VALUES ('山东 "quoted" \\ back'), ('second')`);
  await db.execute(sql`INSERT INTO probe_child (parent_id, blob, doc, docb, amount, ratio, at, tags, note, flag)
    VALUES (1, decode(${everyByte.toString('hex')}, 'hex'), '{ "b": 1,  "a": [1.50, "x"] }'::json,
            '{"z": {"y": null}, "a": 0.1}'::jsonb, 12345678901234567890.0123456789, 0.1 + 0.2,
            '2026-11-27 10:11:12.345678+08', ARRAY['a', 'b,c', NULL, '"q"'], E'line\\nbreak\\ttab', true),
           (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
           (1, '\\x'::bytea, '[]'::json, '"text"'::jsonb, -0.0000000001, -1e-300, '1970-01-01 00:00:00+00', '{}', '', false)`);
}

/** Every row of every table as PostgreSQL text, so equal snapshots mean equal content. */
async function snapshot(db: DbOrTx, withoutAudit = false): Promise<Record<string, string[]>> {
  const tables = (await db.execute(
    sql`SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY relname`,
  )) as unknown as { rows: { name: string }[] };
  const result: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    if (withoutAudit && name.startsWith('audit_')) continue;
    const rows = (await db.execute(
      sql.raw(`SELECT t::text AS row FROM "${name}" t ORDER BY t::text`),
    )) as unknown as { rows: { row: string }[] };
    result[name] = rows.rows.map((row) => row.row);
  }
  return result;
}

describe(`backup and restore (${testDbKind()})`, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qunce-backup-'));
    file = path.join(dir, 'backup.qunce');
    source = await createTestDatabase();
    target = await createTestDatabase();
    await addProbeTables(source.db);
    await addProbeTables(target.db);
    await fillProbe(source.db);
    await source.db.execute(
      sql`INSERT INTO regions (code, name, level) VALUES ('370000', '山东省', 'province'), ('370700', '潍坊市', 'city')`,
    );
    // An uploaded file (attachments live in the database: the backup carries them).
    await source.db.execute(sql`INSERT INTO attachments (id, filename, kind, content_type, size, sha256, created_at)
      VALUES ('00000000-0000-4000-8000-000000000001', '数据.pdf', 'pdf', 'application/pdf', 256, 'x', now())`);
    await source.db.execute(sql`INSERT INTO attachment_contents (attachment_id, content)
      VALUES ('00000000-0000-4000-8000-000000000001', decode(${everyByte.toString('hex')}, 'hex'))`);
    for (const action of ['test.first', 'test.second'])
      await appendAudit(source.db, {
        actorId: null,
        actorName: 'test',
        action,
        entityType: 'probe',
        entityId: '1',
        after: { 值: 1.5, list: [true, null] },
      });
  });

  /** Audit actions in chain order. */
  async function auditActions(db: DbOrTx): Promise<string[]> {
    const result = (await db.execute(sql`SELECT action FROM audit_log ORDER BY seq`)) as unknown as {
      rows: { action: string }[];
    };
    return result.rows.map((row) => row.action);
  }
  afterAll(async () => {
    await source.drop();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a file with the header, per-table row counts and a checksum; parents before children', async () => {
    const summary = await backupDatabase(source, file, { now: () => new Date('2026-11-27T12:00:00Z') });
    expect(summary.header).toMatchObject({
      magic: 'qunce-backup',
      format: 1,
      createdAt: '2026-11-27T12:00:00.000Z',
      database: testDbKind(),
    });
    expect(summary.header.migration?.tag).toMatch(/^\d{4}_/);
    expect(summary.rowCounts.probe_parent).toBe(2);
    expect(summary.rowCounts.probe_child).toBe(3);
    expect(summary.rowCounts.regions).toBe(2);
    const tables = summary.header.tables;
    expect(tables.indexOf('probe_parent')).toBeLessThan(tables.indexOf('probe_child'));
    expect(tables.indexOf('regions')).toBeLessThan(tables.indexOf('economic_circle_cities'));
    expect(await verifyBackup(file)).toEqual(summary);
    // The generated column is not dumped (it is recomputed on insert).
    expect(readFileSync(file, 'utf8')).not.toContain('"doubled"');
  });

  it('restores into another database: every row of every table equal, bytea and json byte for byte', async () => {
    await target.db.execute(
      sql`INSERT INTO regions (code, name, level) VALUES ('999999', 'to be replaced', 'city')`,
    );
    await restoreDatabase(target, file);
    expect(await snapshot(target.db, true)).toEqual(await snapshot(source.db, true));
    // The audit trail is the backup's, continued by one entry for the restore; the chain verifies.
    expect(await auditActions(target.db)).toEqual([...(await auditActions(source.db)), 'database.restored']);
    expect(await verifyAuditChain(target.db)).toEqual({ ok: true, count: 3 });
    const rows = (await target.db.execute(
      sql`SELECT blob, doc::text AS doc, amount::text AS amount, doubled FROM probe_child ORDER BY id`,
    )) as unknown as {
      rows: { blob: Uint8Array | null; doc: string | null; amount: string | null; doubled: number }[];
    };
    expect(Buffer.from(rows.rows[0]?.blob ?? [])).toEqual(everyByte);
    expect(rows.rows[0]?.doc).toBe('{ "b": 1,  "a": [1.50, "x"] }');
    expect(rows.rows[0]?.amount).toBe('12345678901234567890.0123456789');
    expect(rows.rows.map((row) => row.doubled)).toEqual([2, 4, 2]);
    const stored = (await target.db.execute(
      sql`SELECT encode(content, 'hex') AS hex FROM attachment_contents`,
    )) as unknown as { rows: { hex: string }[] };
    expect(stored.rows.map((row) => row.hex)).toEqual([everyByte.toString('hex')]);
  });

  it('sets sequences and identities so new rows continue after the restored ones', async () => {
    const parent = (await target.db.execute(
      sql`INSERT INTO probe_parent (name) VALUES ('third') RETURNING id`,
    )) as unknown as { rows: { id: number }[] };
    expect(parent.rows[0]?.id).toBe(3);
    const child = (await target.db.execute(
      sql`INSERT INTO probe_child (parent_id) VALUES (3) RETURNING id::text AS id`,
    )) as unknown as { rows: { id: string }[] };
    expect(child.rows[0]?.id).toBe('4');
  });

  it('restores into the same database after changes, replacing them', async () => {
    const before = await snapshot(source.db, true);
    await source.db.execute(sql`UPDATE probe_parent SET name = 'changed'`);
    await source.db.execute(sql`DELETE FROM probe_child WHERE parent_id = 2`);
    await appendAudit(source.db, {
      actorId: null,
      actorName: 'test',
      action: 'test.after_backup',
      entityType: 'probe',
      entityId: null,
    });
    await restoreDatabase(source, file);
    expect(await snapshot(source.db, true)).toEqual(before);
    // The entry written after the backup is gone with the rest; the chain still verifies.
    expect(await auditActions(source.db)).toEqual(['test.first', 'test.second', 'database.restored']);
    expect(await verifyAuditChain(source.db)).toMatchObject({ ok: true });
  });

  describe('refusals (nothing is changed)', () => {
    const refuse = async (content: string | Buffer, message: RegExp) => {
      const bad = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.qunce`);
      writeFileSync(bad, content);
      const before = await snapshot(target.db);
      await expect(restoreDatabase(target, bad)).rejects.toThrow(message);
      expect(await snapshot(target.db)).toEqual(before);
    };

    it('a file that is not a Qunce backup', async () => {
      await refuse('PK\u0003\u0004 a zip file', /not a valid Qunce backup: .*header/);
      await refuse('', /empty/);
    });

    it('a truncated backup (end marker missing)', async () => {
      const content = readFileSync(file);
      await refuse(content.subarray(0, Math.floor(content.length * 0.6)), /truncated|not JSON/);
      const lines = content.toString('utf8').trimEnd().split('\n');
      await refuse(`${lines.slice(0, -1).join('\n')}\n`, /truncated/);
    });

    it('a tampered backup (one value changed: checksum mismatch)', async () => {
      const tampered = readFileSync(file, 'utf8').replace('潍坊市', '淄博市');
      await refuse(tampered, /checksum mismatch/);
    });

    it('a backup with a different format version', async () => {
      const other = readFileSync(file, 'utf8').replace('"format":1', '"format":99');
      await refuse(other, /format version 99/);
    });

    it('a backup from a newer schema (a migration this build does not know)', async () => {
      // Rewrite the header's migration and recompute the checksum so only the schema check fails.
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      const header = JSON.parse(lines[0] ?? '{}');
      header.migration = { tag: '9999_future', when: 9_999_999_999_999, hash: 'x' };
      const body = [JSON.stringify(header), ...lines.slice(1, -1)].map((line) => `${line}\n`).join('');
      const trailer = JSON.parse(lines[lines.length - 1] ?? '{}');
      const { createHash } = await import('node:crypto');
      trailer.sha256 = createHash('sha256').update(body).digest('hex');
      await refuse(`${body}${JSON.stringify(trailer)}\n`, /newer Qunce/);
    });
  });
});

describe.runIf(testDbKind() === 'postgres')('a PGlite backup restored into PostgreSQL', () => {
  let pglite: Database;
  let postgres: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qunce-backup-'));
    pglite = await openDatabase({ pgliteInstance: await PGlite.create() });
    await runMigrations(pglite);
    postgres = await createTestDatabase();
  });
  afterAll(async () => {
    await pglite.close();
    await postgres.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries every row across, bytea and json included', async () => {
    await addProbeTables(pglite.db);
    await addProbeTables(postgres.db);
    await fillProbe(pglite.db);
    const file = path.join(dir, 'from-pglite.qunce');
    const summary = await backupDatabase(pglite, file);
    expect(summary.header.database).toBe('pglite');
    await restoreDatabase(postgres, file);
    expect(await snapshot(postgres.db, true)).toEqual(await snapshot(pglite.db, true));
    expect(await verifyAuditChain(postgres.db)).toMatchObject({ ok: true });
  });
});

describe('qunce db backup | restore (command line, PGlite data directory)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qunce-backup-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const qunce = (...argv: string[]) => runCli(argv, { env: { QUNCE_DATA_DIR: path.join(dir, 'data') } });

  it('backs up and restores with exit 0, and refuses a non-backup with exit 2 and one line', async () => {
    const file = path.join(dir, 'cli.qunce');
    const empty = await qunce('db', 'backup', file);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('nothing to back up');
    expect((await qunce('db', 'migrate')).code).toBe(0);
    const backup = await qunce('db', 'backup', file);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toContain('备份完成 / backup written');
    const restore = await qunce('db', 'restore', file);
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toContain('恢复完成 / restored from');

    const notBackup = path.join(dir, 'notes.txt');
    writeFileSync(notBackup, 'hello\n');
    const refused = await qunce('db', 'restore', notBackup);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      '不是有效的 Qunce 备份 / not a valid Qunce backup: 文件头不是 Qunce 备份标识 / the file does not start with the Qunce backup header\n',
    );
    expect((await qunce('db', 'restore', path.join(dir, 'missing.qunce'))).code).toBe(2);
  });
});
