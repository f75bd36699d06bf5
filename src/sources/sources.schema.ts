import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type SourceKind = 'rss' | 'wordpress' | 'webhook';

export const sources = pgTable(
  'sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['rss', 'wordpress', 'webhook'] }).notNull(),
    /** Feed URL (rss), site base URL (wordpress), optional WordPress base URL (webhook). */
    url: text('url'),
    pollIntervalSeconds: integer('poll_interval_seconds').notNull().default(300),
    enabled: boolean('enabled').notNull().default(true),
    /** Tag slugs; when set, only articles carrying one of them are stored. */
    tagFilter: jsonb('tag_filter').$type<string[]>(),
    /** Extra request headers (basic auth…): secret, never returned by the API. */
    headers: jsonb('headers').$type<Record<string, string>>(),
    /** Per-source regular expressions for boilerplate lines the excerpt must drop. */
    boilerplatePatterns: jsonb('boilerplate_patterns').$type<string[]>(),
    /** HMAC key for webhooks; shown once when generated. */
    webhookSecret: text('webhook_secret'),
    // Conditional GET and change detection.
    etag: text('etag'),
    lastModifiedHeader: text('last_modified_header'),
    bodyHash: text('body_hash'),
    // Health.
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /**
     * What the last read of the source's content had to guess, repair or skip (a wrong charset,
     * whitespace before `<?xml`, an undated item…): the feed was read, but with these warnings.
     * Kept while the content is unchanged; replaced by the next read.
     */
    lastWarnings: jsonb('last_warnings').$type<string[]>(),
    lastWarningsAt: timestamp('last_warnings_at', { withTimezone: true }),
    nextPollAt: timestamp('next_poll_at', { withTimezone: true }),
    /** A poll in progress holds this lease so a second worker never polls the same source. */
    pollLeaseUntil: timestamp('poll_lease_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sources_next_poll_idx').on(t.nextPollAt)],
);

export type SourceRow = typeof sources.$inferSelect;
export type NewSourceRow = typeof sources.$inferInsert;
