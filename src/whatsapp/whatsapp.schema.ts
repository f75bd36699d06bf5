import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const WHATSAPP_POST_MODES = ['per-article', 'digest'] as const;
export type WhatsAppPostMode = (typeof WHATSAPP_POST_MODES)[number];
export type WhatsAppPostKind = 'article' | 'issue';
/**
 * `posted`: WhatsApp gave it a server id and it was read back from the channel (or an editor
 * marked it posted by hand); `uncertain`: WhatsApp accepted it but it was not seen in the channel,
 * or the process stopped mid-send — never retried automatically.
 */
export const WHATSAPP_POST_STATUSES = ['queued', 'posted', 'failed', 'uncertain'] as const;
export type WhatsAppPostStatus = (typeof WHATSAPP_POST_STATUSES)[number];

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
    status: text('status', { enum: WHATSAPP_POST_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set right before sendMessage and cleared after: a row found with it set was interrupted mid-send. */
    sendingSince: timestamp('sending_since', { withTimezone: true }),
    /** The library's client-side message id: made before the send, so it proves nothing on its own. */
    messageId: text('message_id'),
    /** WhatsApp's id of the post; set only when WhatsApp confirmed it. */
    serverId: text('server_id'),
    /** The post had an image but went out as text; `note` says why. */
    fellBackToText: boolean('fell_back_to_text').notNull().default(false),
    /** For the editor: a fallback, or why the post is uncertain. */
    note: text('note'),
    /** Who marked it posted by hand (then `postedAt` is when). */
    postedManuallyBy: text('posted_manually_by'),
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

/**
 * The one posting queue's run state (a single row): paused by a failing canary, by uncertain
 * posts in a row, or by an admin; and the counters that decide it.
 */
export const whatsappQueueState = pgTable('whatsapp_queue_state', {
  id: text('id').primaryKey(),
  pausedAt: timestamp('paused_at', { withTimezone: true }),
  /** `canary` resumes by itself when the canary passes again; the others need an admin. */
  pausedBy: text('paused_by', { enum: ['canary', 'uncertain-posts', 'admin'] }),
  pauseReason: text('pause_reason'),
  consecutiveUncertain: integer('consecutive_uncertain').notNull().default(0),
  canaryFailingSince: timestamp('canary_failing_since', { withTimezone: true }),
  canaryError: text('canary_error'),
  canaryCheckedAt: timestamp('canary_checked_at', { withTimezone: true }),
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
export type WhatsAppQueueStateRow = typeof whatsappQueueState.$inferSelect;
