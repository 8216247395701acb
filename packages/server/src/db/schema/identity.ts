import { roleCodes, scopeKinds } from '@qunce/core';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Accounts. Passwords are argon2id hashes; usernames are stored lower-case. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  organisationCode: text('organisation_code').references(() => organisations.code),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  /** Consecutive failed logins since the last success or lockout. */
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  /** Automatic lockout after repeated failures ends at this instant. */
  lockedUntil: ts('locked_until'),
  /** Locked by an administrator until unlocked. */
  isLocked: boolean('is_locked').notNull().default(false),
  /** Built-in accounts (admin, secadmin, auditor) cannot be deleted or stripped of their role. */
  isBuiltIn: boolean('is_built_in').notNull().default(false),
  lastLoginAt: ts('last_login_at'),
  passwordChangedAt: ts('password_changed_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The role catalogue of @qunce/core mirrored as data (seeded at start) so that assignments are checked. */
export const roles = pgTable('roles', {
  code: text('code', { enum: roleCodes }).primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  scopeKind: text('scope_kind', { enum: scopeKinds }).notNull(),
  isSystem: boolean('is_system').notNull(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleCode: text('role_code', { enum: roleCodes })
      .notNull()
      .references(() => roles.code),
  },
  (table) => [primaryKey({ columns: [table.userId, table.roleCode] })],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [
    index('sessions_user_idx').on(table.userId),
    index('sessions_last_seen_idx').on(table.lastSeenAt),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
