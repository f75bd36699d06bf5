import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const SCHEDULE_KINDS = ['cron', 'on-publish', 'at'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** When a newsletter goes out. Newsletters live in another feature: only their id is stored. */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    newsletterId: text('newsletter_id').notNull(),
    kind: text('kind', { enum: SCHEDULE_KINDS }).notNull(),
    cronExpression: text('cron_expression'),
    timeZone: text('time_zone').notNull().default('Europe/Berlin'),
    quietPeriodMinutes: integer('quiet_period_minutes').notNull().default(0),
    /** on-publish: the longest a quiet window stays open. Null on rows from before it existed: the default applies. */
    maxWaitMinutes: integer('max_wait_minutes'),
    at: timestamp('at', { withTimezone: true }),
    paused: boolean('paused').notNull().default(false),
    /** Slots before this instant are never fired: set at creation and on resume, so a pause is not caught up. */
    activeSince: timestamp('active_since', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('schedules_newsletter_idx').on(t.newsletterId)],
);

export const SLOT_STATUSES = [
  'claimed',
  'processing',
  'fired',
  'caught-up',
  'skipped',
  'awaiting-approval',
  'approved',
  'expired',
  'failed',
] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/**
 * One row per newsletter and slot. The unique index is the cross-instance lock: whichever
 * scheduler inserts the row owns the slot; every other insert of the same key does nothing.
 */
export const scheduleSlots = pgTable(
  'schedule_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    newsletterId: text('newsletter_id').notNull(),
    scheduleId: uuid('schedule_id'),
    slotKey: text('slot_key').notNull(),
    slotAt: timestamp('slot_at', { withTimezone: true }).notNull(),
    /** Claimed later than on time but within the grace window. */
    catchUp: boolean('catch_up').notNull().default(false),
    status: text('status', { enum: SLOT_STATUSES }).notNull(),
    reason: text('reason'),
    issueId: text('issue_id'),
    articleCount: integer('article_count'),
    /** Approval deadline of a draft built for this slot. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('schedule_slots_newsletter_slot_key').on(t.newsletterId, t.slotKey),
    index('schedule_slots_schedule_slot_at_idx').on(t.scheduleId, t.slotAt),
    index('schedule_slots_status_idx').on(t.status),
    index('schedule_slots_issue_idx').on(t.issueId),
  ],
);

/**
 * The quiet period of an on-publish schedule: opened by the first article, extended by each next
 * one, but never past `latestCloseAt`.
 */
export const publishWindows = pgTable(
  'schedule_publish_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id').notNull(),
    newsletterId: text('newsletter_id').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** openedAt + the schedule's maximum wait. Null on windows opened before it existed (LEAST ignores null). */
    latestCloseAt: timestamp('latest_close_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // At most one open window per schedule: concurrent articles extend it instead of opening more.
    uniqueIndex('schedule_publish_windows_open').on(t.scheduleId).where(sql`closed_at is null`),
    index('schedule_publish_windows_closes_at_idx').on(t.closesAt),
  ],
);

export type ScheduleRow = typeof schedules.$inferSelect;
export type SlotRow = typeof scheduleSlots.$inferSelect;
export type PublishWindowRow = typeof publishWindows.$inferSelect;
