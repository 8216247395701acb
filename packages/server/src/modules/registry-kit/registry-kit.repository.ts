import { and, asc, type Column, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgSelect, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import type { RegistryScope } from '../clusters/registry.scope.ts';

/** One page of a list: 1-based page number and its size. */
export type Paging = { page: number; pageSize: number };

/** What a registry repository's paged list receives from its service. */
export type ListInput<Filter, SortField extends string> = Paging & {
  filter: Filter;
  scope: RegistryScope;
  sort: { field: SortField; descending: boolean };
};

/** `order by` for a sortable column, ascending or descending. */
export const sortOrder = (column: Column | SQL, descending: boolean): SQL =>
  descending ? desc(column) : asc(column);

/** Limits a dynamic select (`.$dynamic()`) to one page. */
export function withPage<T extends PgSelect>(query: T, paging: Paging): T {
  return query.limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize);
}

/**
 * One page of a single table's rows matching `where`, in `orderBy` order (which must end on a unique
 * key, so pages are stable), and the number of all matching rows.
 */
export async function listPage<T extends PgTable>(
  db: DbOrTx,
  table: T,
  where: SQL | undefined,
  orderBy: SQL[],
  paging: Paging,
): Promise<{ rows: T['$inferSelect'][]; total: number }> {
  const [totalRow] = await db
    .select({ total: count() })
    .from(table as PgTable)
    .where(where);
  const rows = await withPage(
    db
      .select()
      .from(table as PgTable)
      .where(where)
      .orderBy(...orderBy)
      .$dynamic(),
    paging,
  );
  return { rows: rows as T['$inferSelect'][], total: totalRow?.total ?? 0 };
}

/** A registry table with optimistic locking: an integer `version` column, raised by every write. */
type VersionedTable = PgTable & { version: PgColumn };

/**
 * Updates the row matching `where` if its version is still `version` (raising it by one); undefined
 * when there is no such row (stale, gone, or excluded by `where`).
 */
export async function updateVersioned<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  where: SQL | undefined,
  version: number,
  values: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect'] | undefined> {
  const [row] = await db
    .update(table as VersionedTable)
    .set({ ...values, version: sql`${table.version} + 1` })
    .where(and(where, eq(table.version, version)))
    .returning();
  return row as T['$inferSelect'] | undefined;
}
