import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '@qunce/core';
import { type SQL, sql } from 'drizzle-orm';
import { appendAudit } from '../modules/audit/audit.service.ts';
import { version } from '../version.ts';
import { type Database, type DbOrTx, migrationsFolder } from './client.ts';

/**
 * Logical backup and restore for both databases, without pg_dump (docs/adr/0005-logical-backup.md).
 *
 * File format (UTF-8, one JSON value per line, so it streams both ways):
 *
 *   {"magic":"qunce-backup","format":1,"createdAt":...,"database":"pglite"|"postgres","qunceVersion":...,
 *    "migration":{"tag":"0003_jobs","when":1795820674522,"hash":"..."},"tables":["regions",...]}
 *   {"table":"regions","columns":["code","name",...]}
 *   ["370000","山东省",...]            one line per row: every value in PostgreSQL's text form, or null
 *   ...
 *   {"sequences":{"jobs_seq":{"value":"12","isCalled":true}}}
 *   {"end":true,"rowCounts":{"regions":17,...},"sha256":"<hex of every byte above this line>"}
 *
 * Values are read as `column::text` and written back as `CAST(value AS <column type>)`: the text
 * form is PostgreSQL's own lossless representation (bytea as \x hex, json byte for byte, numeric
 * exactly, floats with shortest round-trip digits, timestamps with offset), so everything round-trips.
 * Tables come in foreign-key order (parents first).
 */

export const BACKUP_MAGIC = 'qunce-backup';
export const BACKUP_FORMAT = 1;
/** Rows per INSERT statement are capped at this many, */
const MAX_BATCH_ROWS = 5_000;
/** and by this many characters, so a statement stays a few megabytes. */
const MAX_BATCH_CHARS = 8 * 1024 * 1024;

export type BackupMigration = { tag: string; when: number; hash: string };

export type BackupHeader = {
  magic: typeof BACKUP_MAGIC;
  format: number;
  createdAt: string;
  database: Database['kind'];
  qunceVersion: string;
  migration: BackupMigration | null;
  tables: string[];
};

export type BackupSummary = {
  header: BackupHeader;
  rowCounts: Record<string, number>;
  sha256: string;
};

type ColumnInfo = { name: string; type: string; generated: boolean; identityAlways: boolean };
type TableInfo = { name: string; columns: ColumnInfo[] };

async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Ordinary and partitioned tables of the public schema, parents before children (foreign keys). */
async function listTables(db: DbOrTx): Promise<TableInfo[]> {
  const tableRows = await rows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  const fkRows = await rows<{ child: string; parent: string }>(
    db,
    sql`SELECT cc.relname AS child, pc.relname AS parent FROM pg_constraint k
        JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = cc.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public' AND cc.oid <> pc.oid`,
  );
  const columnRows = await rows<{
    table: string;
    name: string;
    type: string;
    generated: string;
    identity: string;
  }>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
               a.attgenerated AS generated, a.attidentity AS identity
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
  );
  const columns = new Map<string, ColumnInfo[]>();
  for (const row of columnRows) {
    const list = columns.get(row.table) ?? [];
    list.push({
      name: row.name,
      type: row.type,
      generated: row.generated !== '',
      identityAlways: row.identity === 'a',
    });
    columns.set(row.table, list);
  }
  // Depth-first topological order; the alphabetical start keeps the order stable.
  const parents = new Map<string, string[]>();
  for (const { child, parent } of fkRows) parents.set(child, [...(parents.get(child) ?? []), parent]);
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name)) return; // done, or a cycle (then insertion order inside one statement decides)
    state.set(name, 'visiting');
    for (const parent of parents.get(name) ?? []) visit(parent);
    state.set(name, 'done');
    ordered.push(name);
  };
  const known = new Set(tableRows.map((row) => row.name));
  for (const { name } of tableRows) visit(name);
  return ordered
    .filter((name) => known.has(name))
    .map((name) => ({ name, columns: columns.get(name) ?? [] }));
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };

/** The migrations this build of Qunce knows, oldest first. */
export function knownMigrations(): Journal['entries'] {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return [...journal.entries].sort((a, b) => a.when - b.when);
}

async function currentMigration(db: DbOrTx): Promise<BackupMigration | null> {
  // Checked first: a failed query would abort the surrounding transaction.
  const [table] = await rows<{ present: boolean }>(
    db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!table?.present) return null;
  const applied = await rows<{ hash: string; created_at: string }>(
    db,
    sql`SELECT hash, created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`,
  );
  const last = applied[0];
  if (!last) return null;
  const when = Number(last.created_at);
  const tag = knownMigrations().find((entry) => entry.when === when)?.tag ?? 'unknown';
  return { tag, when, hash: last.hash };
}

/** Writes lines to a stream with back-pressure and hashes them. */
class HashingWriter {
  readonly hash = createHash('sha256');
  constructor(private readonly stream: NodeJS.WritableStream) {}
  async line(value: unknown, hashed = true): Promise<void> {
    const text = `${JSON.stringify(value)}\n`;
    if (hashed) this.hash.update(text);
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

export type BackupOptions = { now?: () => Date };

/**
 * Streams a consistent snapshot (one REPEATABLE READ, READ ONLY transaction) of every table to
 * `file`. Written to `<file>.partial` and renamed when complete, so a failed backup leaves no file
 * that looks whole. On PGlite the caller must hold the data-directory lock (the CLI does).
 */
export async function backupDatabase(database: Database, file: string, options: BackupOptions = {}) {
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial);
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  try {
    const summary = await database.db.transaction(
      async (tx) => {
        const tables = await listTables(tx);
        if (tables.length === 0)
          throw new AppError(
            'invalid_input',
            '数据库中没有 Qunce 数据表，无可备份 / the database has no Qunce tables: nothing to back up (start Qunce or run qunce db migrate first)',
          );
        const header: BackupHeader = {
          magic: BACKUP_MAGIC,
          format: BACKUP_FORMAT,
          createdAt: (options.now?.() ?? new Date()).toISOString(),
          database: database.kind,
          qunceVersion: version,
          migration: await currentMigration(tx),
          tables: tables.map((table) => table.name),
        };
        const writer = new HashingWriter(stream);
        await writer.line(header);
        const rowCounts: Record<string, number> = {};
        for (const table of tables) {
          const columns = table.columns.filter((column) => !column.generated);
          await writer.line({ table: table.name, columns: columns.map((column) => column.name) });
          rowCounts[table.name] = await dumpTable(tx, table.name, columns, writer);
        }
        const sequences = await rows<{ name: string; value: string | null }>(
          tx,
          sql`SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public'
              ORDER BY sequencename`,
        );
        await writer.line({
          sequences: Object.fromEntries(sequences.map((seq) => [seq.name, { value: seq.value }])),
        });
        const sha256 = writer.hash.digest('hex');
        await writer.line({ end: true, rowCounts, sha256 }, false);
        return { header, rowCounts, sha256 };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    stream.end();
    await closed;
    renameSync(partial, file);
    return summary;
  } catch (error) {
    stream.destroy();
    await closed.catch(() => undefined);
    rmSync(partial, { force: true });
    throw error;
  }
}

async function dumpTable(
  tx: DbOrTx,
  table: string,
  columns: ColumnInfo[],
  writer: HashingWriter,
): Promise<number> {
  if (columns.length === 0) return 0;
  // Rows holding files (bytea) are fetched one at a time, others a thousand at a time.
  const fetchSize = columns.some((column) => column.type === 'bytea') ? 1 : 1000;
  const select = columns.map((column, index) => `${quoteIdent(column.name)}::text AS c${index}`).join(', ');
  await tx.execute(
    sql.raw(`DECLARE qunce_backup NO SCROLL CURSOR FOR SELECT ${select} FROM ${quoteIdent(table)}`),
  );
  let count = 0;
  for (;;) {
    const batch = await rows<Record<string, string | null>>(
      tx,
      sql.raw(`FETCH ${fetchSize} FROM qunce_backup`),
    );
    if (batch.length === 0) break;
    for (const row of batch) {
      await writer.line(columns.map((_, index) => row[`c${index}`] ?? null));
      count++;
    }
  }
  await tx.execute(sql.raw('CLOSE qunce_backup'));
  return count;
}

function refuse(reason: string, details?: Record<string, unknown>): AppError {
  return new AppError(
    'invalid_input',
    `不是有效的 Qunce 备份 / not a valid Qunce backup: ${reason}`,
    details,
  );
}

type Line =
  | { kind: 'table'; table: string; columns: string[] }
  | { kind: 'row'; values: (string | null)[]; text: string }
  | { kind: 'sequences'; sequences: Record<string, { value: string | null }> };

/** Reads a backup line by line; the callback sees every line after the header and before the trailer. */
async function readBackup(file: string, onLine?: (line: Line) => Promise<void>): Promise<BackupSummary> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let trailer: { rowCounts: Record<string, number>; sha256: string } | undefined;
  const counted: Record<string, number> = {};
  let currentTable: string | undefined;
  let lineNo = 0;
  try {
    for await (const text of lines) {
      lineNo++;
      if (trailer) throw refuse(`第 ${lineNo} 行在结束标记之后 / line ${lineNo} after the end marker`);
      if (lineNo === 1) {
        header = parseHeader(text);
        hash.update(`${text}\n`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw refuse(`第 ${lineNo} 行不是 JSON / line ${lineNo} is not JSON (truncated or damaged)`);
      }
      if (Array.isArray(value)) {
        if (!currentTable) throw refuse(`第 ${lineNo} 行 / line ${lineNo}: row before any table`);
        if (!value.every((item) => item === null || typeof item === 'string'))
          throw refuse(`第 ${lineNo} 行 / line ${lineNo}: values must be strings or null`);
        counted[currentTable] = (counted[currentTable] ?? 0) + 1;
        hash.update(`${text}\n`);
        await onLine?.({ kind: 'row', values: value as (string | null)[], text });
        continue;
      }
      const record = value as Record<string, unknown>;
      if (record !== null && typeof record === 'object' && record.end === true) {
        trailer = {
          rowCounts: (record.rowCounts ?? {}) as Record<string, number>,
          sha256: String(record.sha256 ?? ''),
        };
        continue;
      }
      hash.update(`${text}\n`);
      if (typeof record?.table === 'string' && Array.isArray(record.columns)) {
        currentTable = record.table;
        counted[currentTable] = 0;
        await onLine?.({ kind: 'table', table: record.table, columns: record.columns.map(String) });
      } else if (record?.sequences && typeof record.sequences === 'object') {
        await onLine?.({
          kind: 'sequences',
          sequences: record.sequences as Record<string, { value: string | null }>,
        });
      } else {
        throw refuse(`第 ${lineNo} 行无法识别 / line ${lineNo} is not recognised`);
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (!header) throw refuse('文件为空 / the file is empty');
  if (!trailer) throw refuse('缺少结束标记，文件被截断 / the end marker is missing: the file is truncated');
  const sha256 = hash.digest('hex');
  if (sha256 !== trailer.sha256)
    throw refuse('校验和不符，文件已损坏或被修改 / checksum mismatch: the file is damaged or was altered', {
      expected: trailer.sha256,
      actual: sha256,
    });
  for (const table of header.tables) {
    if ((counted[table] ?? 0) !== trailer.rowCounts[table])
      throw refuse(`表 ${table} 行数不符 / row count of ${table} does not match`, {
        expected: trailer.rowCounts[table],
        actual: counted[table] ?? 0,
      });
  }
  return { header, rowCounts: trailer.rowCounts, sha256 };
}

function parseHeader(text: string): BackupHeader {
  if (!text.startsWith(`{"magic":"${BACKUP_MAGIC}"`))
    throw refuse('文件头不是 Qunce 备份标识 / the file does not start with the Qunce backup header');
  let header: BackupHeader;
  try {
    header = JSON.parse(text) as BackupHeader;
  } catch {
    throw refuse('文件头已损坏 / the header is damaged');
  }
  if (header.format !== BACKUP_FORMAT)
    throw refuse(
      `备份格式版本 ${String(header.format)} 不受支持（本版本支持 ${BACKUP_FORMAT}）/ backup format version ${String(header.format)} is not supported (this build reads ${BACKUP_FORMAT})`,
    );
  if (!Array.isArray(header.tables)) throw refuse('文件头缺少表清单 / the header has no table list');
  return header;
}

/** Checks a backup file end to end (header, every line, row counts, checksum) without a database. */
export async function verifyBackup(file: string): Promise<BackupSummary> {
  return readBackup(file);
}

function checkMigration(backup: BackupMigration | null, target: BackupMigration | null): void {
  if (!backup) return;
  const known = knownMigrations();
  const latest = known[known.length - 1];
  if (latest && backup.when > latest.when)
    throw new AppError(
      'invalid_input',
      `备份来自更新版本的 Qunce（迁移 ${backup.tag}），请先升级 / the backup comes from a newer Qunce (migration ${backup.tag}); upgrade Qunce before restoring it`,
      { backupMigration: backup.tag, latestKnown: latest.tag },
    );
  if (!known.some((entry) => entry.when === backup.when))
    throw new AppError(
      'invalid_input',
      `备份的数据库迁移 ${backup.tag} 不属于本版本 / the backup's migration ${backup.tag} is unknown to this build`,
    );
  if (target && backup.when > target.when)
    throw new AppError(
      'invalid_input',
      `目标数据库尚未迁移到备份的版本，请先运行 qunce db migrate / the target database is older than the backup; run qunce db migrate first`,
    );
}

export type RestoreOptions = {
  /** Who restores, for the audit entry (default: the command line, no user). */
  actorName?: string;
  now?: () => Date;
};

/**
 * Replaces the whole content of the (migrated) database with the backup, in one transaction: the
 * file is verified first (nothing is touched if it is not a sound Qunce backup), then every table is
 * emptied with one TRUNCATE and loaded in foreign-key order with user triggers disabled (the audit
 * log's append-only triggers; see docs/briefs/auth-contract.md), then sequences are set, and an
 * audit entry `database.restored` is appended to the restored chain.
 * Tables the backup predates are left empty; a backup column the database lacks is refused.
 */
export async function restoreDatabase(database: Database, file: string, options: RestoreOptions = {}) {
  const summary = await readBackup(file);
  checkMigration(summary.header.migration, await currentMigration(database.db));
  await database.db.transaction(async (tx) => {
    const tables = await listTables(tx);
    const byName = new Map(tables.map((table) => [table.name, table]));
    for (const name of summary.header.tables) {
      if (!byName.has(name))
        throw new AppError('invalid_input', `数据库中没有表 ${name} / the database has no table ${name}`);
    }
    const all = tables.map((table) => quoteIdent(table.name));
    for (const name of all) await tx.execute(sql.raw(`ALTER TABLE ${name} DISABLE TRIGGER USER`));
    if (all.length > 0) await tx.execute(sql.raw(`TRUNCATE ${all.join(', ')}`));

    let loader: TableLoader | undefined;
    await readBackup(file, async (line) => {
      if (line.kind === 'table') {
        await loader?.flush();
        const table = byName.get(line.table);
        if (!table)
          throw new AppError('invalid_input', `数据库中没有表 ${line.table} / no table ${line.table}`);
        loader = new TableLoader(tx, table, line.columns);
      } else if (line.kind === 'row') {
        await loader?.add(line.values, line.text);
      } else {
        await loader?.flush();
        loader = undefined;
        for (const [name, { value }] of Object.entries(line.sequences)) {
          const qualified = `public.${quoteIdent(name)}`;
          if (value === null) await tx.execute(sql.raw(`ALTER SEQUENCE ${qualified} RESTART`));
          else await tx.execute(sql`SELECT setval(${qualified}::regclass, ${value}::bigint, true)`);
        }
      }
    });
    await loader?.flush();
    for (const name of all) await tx.execute(sql.raw(`ALTER TABLE ${name} ENABLE TRIGGER USER`));
    // The restored audit chain continues with the restore itself.
    await appendAudit(tx, {
      actorId: null,
      actorName: options.actorName ?? 'qunce db restore',
      action: 'database.restored',
      entityType: 'database',
      entityId: null,
      after: {
        message: '从备份恢复 / restored from backup',
        file: path.basename(file),
        backupCreatedAt: summary.header.createdAt,
        backupDatabase: summary.header.database,
        migration: summary.header.migration?.tag ?? null,
        sha256: summary.sha256,
        rowCounts: summary.rowCounts,
      },
      ...(options.now ? { at: options.now() } : {}),
    });
  });
  return summary;
}

/**
 * Inserts rows in batches. A batch travels as one parameter, a JSON array of the rows' lines as they
 * are in the file, unpacked by PostgreSQL (`json_array_elements`, `->>` gives each value's exact
 * text or NULL) and cast to each column's type: one parse of a small statement per batch instead
 * of thousands of bind parameters.
 */
class TableLoader {
  private batch: string[] = [];
  private chars = 0;
  private readonly head: string;
  private readonly tail: string;
  private readonly width: number;
  constructor(
    private readonly tx: DbOrTx,
    table: TableInfo,
    columns: string[],
  ) {
    const types = new Map(table.columns.map((column) => [column.name, column]));
    const casts = columns.map((name, index) => {
      const column = types.get(name);
      if (!column || column.generated)
        throw new AppError(
          'invalid_input',
          `表 ${table.name} 没有可写的列 ${name} / table ${table.name} has no writable column ${name}`,
        );
      return `CAST(r->>${index} AS ${column.type})`;
    });
    this.width = columns.length;
    const overriding = table.columns.some((column) => column.identityAlways)
      ? ' OVERRIDING SYSTEM VALUE'
      : '';
    this.head = `INSERT INTO ${quoteIdent(table.name)} (${columns.map(quoteIdent).join(', ')})${overriding} SELECT ${casts.join(', ')} FROM json_array_elements(CAST(`;
    this.tail = ' AS text)::json) AS r';
  }

  async add(values: (string | null)[], text: string): Promise<void> {
    if (values.length !== this.width)
      throw new AppError(
        'invalid_input',
        '备份中某行的列数不符 / a row in the backup has the wrong number of values',
      );
    this.batch.push(text);
    this.chars += text.length;
    if (this.batch.length >= MAX_BATCH_ROWS || this.chars > MAX_BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = `[${this.batch.join(',')}]`;
    this.batch = [];
    this.chars = 0;
    await this.tx.execute(sql.join([sql.raw(this.head), sql`${rows}`, sql.raw(this.tail)]));
  }
}
