import { count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { clusters, type DemoStateRow, demoState, enterprises } from '../../db/schema/index.ts';

const stateId = 1;

/** The demo load's progress row, if a load was ever started. */
export async function findDemoState(db: DbOrTx): Promise<DemoStateRow | undefined> {
  const [row] = await db.select().from(demoState).where(eq(demoState.id, stateId));
  return row;
}

/** Creates the progress row; false when another start created it first. */
export async function createDemoState(
  db: DbOrTx,
  options: Record<string, number>,
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(demoState)
    .values({ id: stateId, options, cursor: {}, step: 'clusters', startedAt: at })
    .onConflictDoNothing()
    .returning({ id: demoState.id });
  return inserted.length > 0;
}

/** Records that `rows` more rows of `step` are committed (call in the batch's transaction). */
export async function advanceDemoCursor(db: DbOrTx, step: string, total: number): Promise<void> {
  await db
    .update(demoState)
    .set({ step, cursor: sql`${demoState.cursor} || jsonb_build_object(${step}::text, ${total}::int)` })
    .where(eq(demoState.id, stateId));
}

export async function finishDemoState(db: DbOrTx, at: Date): Promise<void> {
  await db.update(demoState).set({ step: 'done', finishedAt: at }).where(eq(demoState.id, stateId));
}

/** True when no cluster and no enterprise exists (deleted rows count: the registry has been used). */
export async function isRegistryEmpty(db: DbOrTx): Promise<boolean> {
  const [c] = await db.select({ n: count() }).from(clusters);
  const [e] = await db.select({ n: count() }).from(enterprises);
  return (c?.n ?? 0) === 0 && (e?.n ?? 0) === 0;
}
