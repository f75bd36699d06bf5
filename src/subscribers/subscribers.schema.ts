import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
export type ConsentSource = 'form' | 'import' | 'api';

/**
 * One row per subscribed address. `emailKey` is the normalised comparison key (EmailAddress.key);
 * `suppressionHash` is the keyed hash the suppression list uses, stored here so deliverability
 * checks join on it without the secret.
 */
export const subscribers = pgTable(
  'subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    emailKey: text('email_key').notNull(),
    suppressionHash: text('suppression_hash').notNull(),
    name: text('name'),
    status: text('status').$type<SubscriberStatus>().notNull(),
    locale: text('locale').$type<'de' | 'en'>().notNull().default('de'),
    paused: boolean('paused').notNull().default(false),
    /** Bumped when a confirm token is used or a new one is sent: confirm links are single use. */
    tokenVersion: integer('token_version').notNull().default(1),
    source: text('source').$type<ConsentSource>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscribers_email_key_uq').on(t.emailKey),
    index('subscribers_suppression_hash_idx').on(t.suppressionHash),
    // The reader list and the export walk (created_at, id) newest first, with or without a status.
    index('subscribers_status_created_idx').on(t.status, t.createdAt, t.id),
    index('subscribers_created_id_idx').on(t.createdAt, t.id),
  ],
);

/** Newsletter slugs a subscriber holds; delivery reads by slug, so the index leads with it. */
export const subscriberNewsletters = pgTable(
  'subscriber_newsletters',
  {
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.slug] }), index('subscriber_newsletters_slug_idx').on(t.slug, t.subscriberId)],
);

export type ConsentEventKind = 'subscribe' | 'confirm' | 'change' | 'unsubscribe' | 'status' | 'import';

/** Proof of consent: one row per subscription and per change; erased with the subscriber. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ConsentEventKind>().notNull(),
    source: text('source').$type<ConsentSource | 'link' | 'admin' | 'system'>().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    wordingVersion: text('wording_version'),
    newsletters: jsonb('newsletters').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consent_events_subscriber_idx').on(t.subscriberId, t.occurredAt),
    // Who may have stopped receiving a newsletter since a moment (an issue's "unsubscribed since").
    index('consent_events_ending_idx').on(t.occurredAt).where(sql`kind IN ('unsubscribe', 'change', 'status')`),
  ],
);

/** Addresses never to be mailed, by keyed hash only, so the list survives erasure. */
export const suppressions = pgTable('suppressions', {
  hash: text('hash').primaryKey(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Fixed-window counters shared by every instance (rate limits, confirmation mails per day). Keys
 * hold hashes, never raw IPs or addresses.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_limit_counters_window_idx').on(t.windowStart)],
);

/**
 * Readers per status, kept by statement-level triggers on `subscribers` (hand-written in migration
 * 0015), so the admin list shows exact totals at a million readers without counting them.
 */
export const subscriberCounts = pgTable('subscriber_counts', {
  status: text('status').$type<SubscriberStatus>().primaryKey(),
  count: bigint('n', { mode: 'number' }).notNull(),
});

/** Anonymous totals kept after erasure (how many people were erased, by former status). */
export const subscriberErasures = pgTable('subscriber_erasures', {
  status: text('status').primaryKey(),
  count: integer('count').notNull().default(0),
});

/**
 * Confirmations and unsubscribes per calendar day (Europe/Berlin), kept by statement-level
 * triggers on `subscribers` (migration 0013): the dashboard's 90-day chart reads 90 rows whatever
 * the number of readers. Erasure does not subtract: the days' history stays true.
 */
export const subscriberDailyCounts = pgTable('subscriber_daily_counts', {
  day: date('day', { mode: 'string' }).primaryKey(),
  confirmed: integer('confirmed').notNull().default(0),
  unsubscribed: integer('unsubscribed').notNull().default(0),
});
