import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export type DeliveryState = 'queued' | 'sent' | 'failed' | 'rejected' | 'skipped';
/** Why a delivery ended other than `sent` (or why its last attempt failed). */
export type DeliveryReason = 'temporary' | 'permanent' | 'unknown-mailbox' | 'policy' | 'unsubscribed' | 'cancelled' | 'invalid' | 'erased';

/**
 * The delivery ledger: one row per (issue, subscriber). A row is claimed by a worker with a lease;
 * a worker that dies leaves the lease to expire and another worker takes the row over.
 * `subscriber_id` and `email` are null once the subscriber was erased (GDPR): the row then only
 * counts towards the issue's anonymous numbers.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    issueId: uuid('issue_id').notNull(),
    subscriberId: text('subscriber_id'),
    email: text('email'),
    name: text('name'),
    state: text('state').$type<DeliveryState>().notNull().default('queued'),
    reason: text('reason').$type<DeliveryReason>(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastResponse: text('last_response'),
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    unique('deliveries_issue_subscriber_uq').on(t.issueId, t.subscriberId),
    index('deliveries_queued_idx').on(t.nextAttemptAt, t.id).where(sql`state = 'queued'`),
    index('deliveries_issue_state_idx').on(t.issueId, t.state),
    // Bounces name an address: an issue's bounced count looks each one up (case-insensitively).
    index('deliveries_email_lower_idx').on(sql`lower(${t.email})`),
    // A reader's deliveries: unsubscribe/suppression stops their queued rows, history, erasure.
    index('deliveries_subscriber_idx').on(t.subscriberId),
  ],
);

/**
 * Per-issue delivery numbers, so an issue's stats cost the same at 20 or 1,000,000 recipients.
 * Maintained only by statement-level triggers on `deliveries` (hand-written in migration 0010):
 * every insert, update, delete or truncate of ledger rows adjusts these rows in the same
 * statement, so they cannot drift from the ledger; `npm run cli -- delivery:recount` rebuilds
 * them from the ledger should anyone write to it with the triggers disabled.
 * `reason` is '' where the ledger's reason is null; `erased` counts rows whose subscriber was erased.
 */
export const deliveryCounts = pgTable(
  'delivery_counts',
  {
    issueId: uuid('issue_id').notNull(),
    state: text('state').$type<DeliveryState>().notNull(),
    reason: text('reason').notNull(),
    erased: boolean('erased').notNull(),
    count: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'delivery_counts_pk', columns: [t.issueId, t.state, t.reason, t.erased] })],
);

/**
 * Token bucket of the global send rate, shared by every worker through the database: one row,
 * updated in one statement per grant.
 */
export const deliveryRateBuckets = pgTable('delivery_rate_buckets', {
  name: text('name').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: timestamp('refilled_at', { withTimezone: true, precision: 6 }).notNull(),
});

export type BounceEventType = 'hard-bounce' | 'soft-bounce' | 'complaint';

/** Bounce and complaint notifications as received (soft bounces are counted over a window). */
export const bounceEvents = pgTable(
  'bounce_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    type: text('type').$type<BounceEventType>().notNull(),
    source: text('source').notNull(),
    reason: text('reason'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bounce_events_email_idx').on(t.email, t.receivedAt), index('bounce_events_received_idx').on(t.receivedAt)],
);

export type DeliveryRow = typeof deliveries.$inferSelect;
