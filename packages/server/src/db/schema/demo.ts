import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Progress of the start-up demo load (src/modules/demo/): one row per load. `cursor` counts the rows
 * of each step already committed; every batch updates it in its own transaction, so a load cut short
 * by a dead process resumes exactly where it stopped. `finishedAt` set: the load is complete.
 */
export const demoState = pgTable('demo_state', {
  id: integer('id').primaryKey(),
  options: jsonb('options').$type<Record<string, number>>().notNull(),
  cursor: jsonb('cursor').$type<Record<string, number>>().notNull(),
  step: text('step').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
});

export type DemoStateRow = typeof demoState.$inferSelect;
