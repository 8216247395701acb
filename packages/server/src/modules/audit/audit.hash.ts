import { createHash } from 'node:crypto';

export const genesisHash = '0'.repeat(64);

/** The fields of an audit row that the hash covers (everything but the hash itself). */
export type AuditHashInput = {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  outcome: string;
  prevHash: string;
};

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped. Values
 * go through JSON first (as they do on their way into jsonb), so the hash computed before the insert
 * equals the one recomputed from the row read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** What jsonb will hand back: JSON round trip; `undefined` becomes null. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/** hash = SHA-256 hex of the canonical JSON of the row's fields, prev_hash included. */
export function auditRowHash(row: AuditHashInput): string {
  const canonical = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: toJsonValue(row.before),
    after: toJsonValue(row.after),
    ip: row.ip,
    outcome: row.outcome,
    prevHash: row.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
