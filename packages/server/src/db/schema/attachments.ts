import { attachmentKinds } from '@qunce/core';
import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Uploaded files, metadata and content in the database (docs/adr/0004-attachments-in-the-database.md): one
 * transaction covers the file and its audit entry, and backups include it without extra steps.
 * The content lives in its own table so that listing metadata never reads the bytes.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    filename: text('filename').notNull(),
    kind: text('kind', { enum: attachmentKinds }).notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [index('attachments_owner_idx').on(table.ownerId, table.createdAt)],
);

export const attachmentContents = pgTable('attachment_contents', {
  attachmentId: uuid('attachment_id')
    .primaryKey()
    .references(() => attachments.id, { onDelete: 'cascade' }),
  content: bytea('content').notNull(),
});

export type AttachmentRow = typeof attachments.$inferSelect;
