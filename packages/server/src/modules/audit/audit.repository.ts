import { and, asc, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type AuditRow, auditLog } from '../../db/schema/index.ts';

export async function listAuditRowsAfter(db: DbOrTx, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(gte(auditLog.seq, afterSeq + 1))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

export type AuditFilter = {
  from?: Date | undefined;
  to?: Date | undefined;
  actorId?: string | undefined;
  actorName?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  /** Newest first; continue below this seq. */
  beforeSeq?: number | undefined;
  limit: number;
};

export async function listAuditRows(db: DbOrTx, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.actorName) conditions.push(eq(auditLog.actorName, filter.actorName));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.outcome) conditions.push(eq(auditLog.outcome, filter.outcome));
  if (filter.beforeSeq !== undefined) conditions.push(lt(auditLog.seq, filter.beforeSeq));
  return db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(filter.limit);
}
