import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const WHATSAPP_POST_MODES = ['per-article', 'digest'] as const;
export type WhatsAppPostMode = (typeof WHATSAPP_POST_MODES)[number];
export type WhatsAppPostKind = 'article' | 'issue';
export type WhatsAppPostStatus = 'queued' | 'posted' | 'failed';

/** The channel a newsletter posts to. Newsletter ids are opaque here (the newsletters feature owns them). */
export const whatsappTargets = pgTable('whatsapp_targets', {
  newsletterId: text('newsletter_id').primaryKey(),
  /** As the editor gave it: `…@newsletter`, an invite code or an invite link. */
  target: text('target').notNull(),
  /** The `…@newsletter` id; null until an invite code has been resolved by the session. */
  channelId: text('channel_id'),
  channelName: text('channel_name'),
  mode: text('mode', { enum: WHATSAPP_POST_MODES }).notNull(),
  enabled: boolean('enabled').notNull().default(true),
  resolveError: text('resolve_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The posting ledger and queue: one row per (newsletter, article or issue, channel). The unique
 * key is what makes a restart or a repeated enqueue never post twice.
 */
export const whatsappPosts = pgTable(
  'whatsapp_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    newsletterId: text('newsletter_id').notNull(),
    kind: text('kind', { enum: ['article', 'issue'] }).notNull(),
    itemId: text('item_id').notNull(),
    /** The resolved `…@newsletter` id, or `invite:<code>` until the invite code is resolved. */
    channelId: text('channel_id').notNull(),
    status: text('status', { enum: ['queued', 'posted', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set right before sendMessage and cleared after: a row found with it set was interrupted mid-send. */
    sendingSince: timestamp('sending_since', { withTimezone: true }),
    messageId: text('message_id'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [
    unique('whatsapp_posts_item_channel_uq').on(t.newsletterId, t.kind, t.itemId, t.channelId),
    index('whatsapp_posts_queue_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Pacer state of the one posting queue (a single row), so gaps and the daily cap survive restarts. */
export const whatsappPacer = pgTable('whatsapp_pacer', {
  id: text('id').primaryKey(),
  nextAllowedAt: timestamp('next_allowed_at', { withTimezone: true }),
  day: text('day'),
  postsToday: integer('posts_today').notNull().default(0),
});

/** The session holder's status and pending QR code, for API processes that do not hold the session. */
export const whatsappSessionState = pgTable('whatsapp_session_state', {
  id: text('id').primaryKey(),
  status: text('status').notNull(),
  lastError: text('last_error'),
  qr: text('qr'),
  holder: text('holder').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export type WhatsAppTargetRow = typeof whatsappTargets.$inferSelect;
export type WhatsAppPostRow = typeof whatsappPosts.$inferSelect;
