import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export type NewsletterChannel = 'email' | 'whatsapp';
export type IssueStatus = 'draft' | 'sending' | 'sent' | 'cancelled';

export interface NewsletterFooter {
  imprint: string;
  responsibleEditor: string;
  affiliateDisclosure?: string;
}

export const newsletters = pgTable('newsletters', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Immutable: it is part of List-Id, subscription rows and archive URLs. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** Any-of match on article tag slugs; empty = every article. */
  tagSlugs: text('tag_slugs').array().notNull().default(sql`'{}'::text[]`),
  maxArticles: integer('max_articles').notNull().default(5),
  locale: text('locale', { enum: ['de', 'en'] }).notNull().default('de'),
  senderName: text('sender_name').notNull(),
  senderAddress: text('sender_address').notNull(),
  replyTo: text('reply_to'),
  subjectTemplate: text('subject_template').notNull(),
  footer: jsonb('footer').$type<NewsletterFooter>().notNull(),
  templateName: text('template_name').notNull().default('digest'),
  channels: text('channels').array().$type<NewsletterChannel[]>().notNull().default(sql`'{email}'::text[]`),
  enabled: boolean('enabled').notNull().default(true),
  /** Fewer unsent articles than this at a schedule slot → the slot is skipped, nothing is sent. */
  minArticles: integer('min_articles').notNull().default(1),
  /** `approval`: slot issues wait as drafts for an editor's approval; `auto`: they go out at once. */
  approvalMode: text('approval_mode', { enum: ['auto', 'approval'] }).notNull().default('auto'),
  /** Minutes a slot draft may wait for approval before it expires unsent; null: no deadline. */
  approvalDeadlineMinutes: integer('approval_deadline_minutes'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One edition of a newsletter: rendered once (with recipient placeholders), sent to many. */
export const issues = pgTable(
  'issues',
  {
    id: uuid('id').primaryKey(),
    newsletterId: uuid('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'restrict' }),
    /** Set by the scheduler: one issue per newsletter and slot, enforced here. */
    slotKey: text('slot_key'),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    locale: text('locale', { enum: ['de', 'en'] }).notNull(),
    status: text('status').$type<IssueStatus>().notNull().default('draft'),
    articleCount: integer('article_count').notNull(),
    /** Recipient count once the ledger is complete; null while recipients are being resolved. */
    recipientCount: integer('recipient_count'),
    /** Keyset cursor of recipient resolution, so a crashed resolution resumes where it stopped. */
    resolveCursor: text('resolve_cursor'),
    /**
     * Who resolves the recipients now, and until when (database clock): renewed after every chunk;
     * once it lapses (the worker died) any worker continues from `resolve_cursor`.
     */
    resolveLeaseOwner: text('resolve_lease_owner'),
    resolveLeaseUntil: timestamp('resolve_lease_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sendStartedAt: timestamp('send_started_at', { withTimezone: true }),
    recipientsResolvedAt: timestamp('recipients_resolved_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [unique('issues_newsletter_slot_uq').on(t.newsletterId, t.slotKey), index('issues_newsletter_created_idx').on(t.newsletterId, t.createdAt)],
);

/** The articles of an issue; the primary key makes "never the same article twice" a database rule. */
export const issueArticles = pgTable(
  'issue_articles',
  {
    newsletterId: uuid('newsletter_id').notNull(),
    articleId: text('article_id').notNull(),
    issueId: uuid('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.newsletterId, t.articleId] }), index('issue_articles_issue_idx').on(t.issueId)],
);

export type NewsletterRow = typeof newsletters.$inferSelect;
export type NewNewsletterRow = typeof newsletters.$inferInsert;
export type IssueRow = typeof issues.$inferSelect;
