import { asc, type Column, count, desc, type SQL } from 'drizzle-orm';
import type { PgSelect, PgTable } from 'drizzle-orm/pg-core';
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
