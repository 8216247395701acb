import { jobStatuses } from '@qunce/core';
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Background jobs (src/modules/jobs). A row is written when the job is queued and updated as it
 * runs (progress at most a few times a second), so its state survives a page reload and a restart.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    progress: doublePrecision('progress').notNull().default(0),
    message: text('message'),
    counters: jsonb('counters').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    input: jsonb('input'),
    result: jsonb('result'),
    error: jsonb('error').$type<{ code: string; message: string; details?: Record<string, unknown> }>(),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** host:pid:nonce of the process running it, to tell orphans (crashed runner) from live jobs. */
    runner: text('runner'),
    createdAt: ts('created_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** Refreshed by every progress write and a heartbeat while running. */
    updatedAt: ts('updated_at').notNull(),
  },
  (table) => [
    index('jobs_owner_created_idx').on(table.ownerId, table.createdAt),
    index('jobs_status_idx').on(table.status),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
