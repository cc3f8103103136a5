// Drizzle schema. Migrations are generated from it by drizzle-kit into db/migrations/.
import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { UNIT_KINDS, ROLES, USER_STATUSES } from '../domain/identity.js';

export const unitKind = pgEnum('unit_kind', UNIT_KINDS);
export const role = pgEnum('role', ROLES);
export const userStatus = pgEnum('user_status', USER_STATUSES);

/**
 * Jurisdiction tree (province → city → county → institution). `path` is a materialised path of
 * ancestor ids ("/1/4/9/"): a subtree is one indexed prefix scan (text_pattern_ops), the tree is
 * shallow (four levels) and units rarely move, so a closure table's extra writes buy nothing.
 */
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // 000 第十二条: every unit is identified by its unique organisation code.
    orgCode: text('org_code').notNull(),
    name: text('name').notNull(),
    // Short issuing-organ code used in document numbers, e.g. 豫卫监.
    docPrefix: text('doc_prefix'),
    kind: unitKind('kind').notNull(),
    parentId: integer('parent_id'),
    path: text('path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_org_code_key').on(t.orgCode),
    index('units_path_prefix_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
  ],
);

/** Real-name users: the ID-card number is kept only as a keyed hash and its last four characters. */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    realName: text('real_name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    roles: role('roles').array().notNull(),
    status: userStatus('status').notNull().default('active'),
    idNumberHash: text('id_number_hash'),
    idNumberLast4: text('id_number_last4'),
    passwordHash: text('password_hash').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_key').on(t.username), index('users_unit_idx').on(t.unitId)],
);

export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
