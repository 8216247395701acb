import { AppError } from '@qunce/core';
import { parseSort } from '@qunce/core/registry';
import type { DbOrTx } from '../../db/client.ts';
import { invalidFieldMessage } from '../../http/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { staleVersion } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';
import type { Paging } from './registry-kit.repository.ts';

/**
 * The `sort` query parameter (`field` or `-field`, `fallback` when absent) as a repository sort.
 * The route's zod schema has already limited it to the fields in `SortField`.
 */
export function sortOf<SortField extends string>(
  sort: string | undefined,
  fallback: SortField | `-${SortField}`,
): { field: SortField; descending: boolean } {
  const parsed = parseSort(sort, fallback);
  return { field: parsed.field as SortField, descending: parsed.descending };
}

/** The `{ items, total, page, pageSize }` body of every paged list (pageSchema in @qunce/core/registry). */
export function pagedResult<Row, View>(
  rows: Row[],
  total: number,
  paging: Paging,
  toView: (row: Row) => View,
): { items: View[]; total: number; page: number; pageSize: number } {
  return { items: rows.map((row) => toView(row)), total, page: paging.page, pageSize: paging.pageSize };
}

/** 400 for one invalid request field, in the shape the request validator uses. */
export const invalidField = (field: string, message: string) =>
  new AppError('invalid_input', invalidFieldMessage(field, message), {
    issues: [{ field, message }],
  });

/** 409 unless the client edited the version that is stored now. */
export function assertVersion(what: string, current: { version: number }, sentVersion: number): void {
  if (current.version !== sentVersion) throw staleVersion(what, current.version, sentVersion);
}

/**
 * The row a versioned update (`where version = sentVersion`) returned; 409 when there is none, i.e.
 * another writer got in between the read and the write.
 */
export function updatedOrStale<Row>(
  row: Row | undefined,
  what: string,
  current: { version: number },
  sentVersion: number,
): Row {
  if (!row) throw staleVersion(what, current.version + 1, sentVersion);
  return row;
}

/**
 * Soft delete of a versioned registry row the caller has read in scope: 409 unless `sentVersion` is
 * the stored one (or another writer got in between), then the audit entry `<entityType>.deleted`
 * with the row's view before. `update` is the module's versioned update (`where version = sentVersion`).
 */
export async function softDeleteAudited<Row extends { version: number }>(
  tx: DbOrTx,
  actor: Actor,
  target: { what: string; entityType: string; entityId: string; current: Row; sentVersion: number },
  update: (values: { deletedAt: Date; updatedAt: Date }) => Promise<Row | undefined>,
  toView: (row: Row) => unknown,
): Promise<void> {
  const { what, current, sentVersion } = target;
  assertVersion(what, current, sentVersion);
  updatedOrStale(await update({ deletedAt: actor.at, updatedAt: actor.at }), what, current, sentVersion);
  await appendAudit(tx, {
    ...actor,
    action: `${target.entityType}.deleted`,
    entityType: target.entityType,
    entityId: target.entityId,
    before: toView(current),
  });
}
