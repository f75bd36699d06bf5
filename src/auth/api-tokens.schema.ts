import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'editor'] }).notNull(),
    /** SHA-256 of the secret: tokens are 256-bit random, so a slow password hash buys nothing. */
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, enough for an admin to recognise it in a list. */
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_created_at_idx').on(t.createdAt)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
