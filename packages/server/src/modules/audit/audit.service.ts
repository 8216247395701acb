import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/client.ts';
import { auditChainHead, auditLog } from '../../db/schema/index.ts';
import { auditRowHash, genesisHash, toJsonValue } from './audit.hash.ts';
import { listAuditRowsAfter } from './audit.repository.ts';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export type AuditEntry = {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  outcome?: AuditOutcome;
  /** Defaults to the current time; pass the app clock's time where one is injected. */
  at?: Date;
};

/**
 * Appends one entry to the hash-chained audit log. Call it inside the transaction of the write it
 * records, so both commit or neither does. It locks the chain head row (SELECT ... FOR UPDATE):
 * concurrent appenders queue there and each links to the committed previous entry, so the chain
 * never forks (PGlite and PostgreSQL alike). Called outside a transaction it opens its own.
 */
export async function appendAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  // On a transaction this is a savepoint; the head lock is held until the outer transaction ends.
  await db.transaction(async (tx) => {
    const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
    const prevSeq = head?.seq ?? 0;
    const prevHash = head?.hash ?? genesisHash;
    const row = {
      seq: prevSeq + 1,
      at: entry.at ?? new Date(),
      actorId: entry.actorId,
      actorName: entry.actorName,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: toJsonValue(entry.before),
      after: toJsonValue(entry.after),
      ip: entry.ip ?? null,
      outcome: entry.outcome ?? 'success',
      prevHash,
    };
    const hash = auditRowHash(row);
    await tx.insert(auditLog).values({ ...row, hash });
    await tx
      .insert(auditChainHead)
      .values({ id: 1, seq: row.seq, hash })
      .onConflictDoUpdate({ target: auditChainHead.id, set: { seq: row.seq, hash } });
  });
}

/** Who is acting, for audit entries written on behalf of an HTTP request. */
export function auditActor(request: FastifyRequest): {
  actorId: string | null;
  actorName: string | null;
  ip: string;
} {
  const user = request.user;
  return { actorId: user?.id ?? null, actorName: user?.username ?? null, ip: request.ip };
}

export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; seq: number; reason: string };

/**
 * Walks the chain from seq 1: seqs must be contiguous, each prev_hash must equal the previous hash,
 * each hash must match the row's content, and the head must point at the last row (a deleted tail
 * is detected there). Reports the first broken link.
 */
export async function verifyAuditChain(db: DbOrTx, batchSize = 1000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  let count = 0;
  for (;;) {
    const rows = await listAuditRowsAfter(db, expectedSeq - 1, batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          count,
          seq: expectedSeq,
          reason: `缺少记录 / entry missing (next present is seq ${row.seq})`,
        };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          count,
          seq: row.seq,
          reason: `prev_hash 与上一条不符 / prev_hash does not match the hash of seq ${row.seq - 1}`,
        };
      }
      const recomputed = auditRowHash(row);
      if (recomputed !== row.hash) {
        return {
          ok: false,
          count,
          seq: row.seq,
          reason: '内容与哈希不符 / row content does not match its hash (altered)',
        };
      }
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      count += 1;
    }
    if (rows.length < batchSize) break;
  }
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const headSeq = head?.seq ?? 0;
  if (headSeq !== count || (head?.hash ?? genesisHash) !== prevHash) {
    return {
      ok: false,
      count,
      seq: count + 1,
      reason: `链头指向 seq ${headSeq}，最后一条为 seq ${count} / chain head points at seq ${headSeq} but the last entry is seq ${count} (entries removed)`,
    };
  }
  return { ok: true, count };
}
