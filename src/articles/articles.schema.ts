import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sources } from '#src/sources/sources.schema.js';
import type { ArticleTerm } from '#src/sources/normalized-article.js';

export const articles = pgTable(
  'articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** One article per canonical URL, whichever source (feed, REST, webhook) saw it first. */
    canonicalUrl: text('canonical_url').notNull(),
    title: text('title').notNull(),
    excerpt: text('excerpt').notNull(),
    imageUrl: text('image_url'),
    imageAlt: text('image_alt'),
    imageCredit: text('image_credit'),
    author: text('author'),
    language: text('language'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    modifiedAt: timestamp('modified_at', { withTimezone: true }),
    tags: jsonb('tags').$type<ArticleTerm[]>().notNull(),
    /** Copy of the tag slugs as an array so "any of these tags" is a GIN-indexed `&&`. */
    tagSlugs: text('tag_slugs').array().notNull(),
    categories: jsonb('categories').$type<ArticleTerm[]>().notNull(),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull(),
    /** SHA-256 over the normalised fields: an unchanged re-read costs no write. */
    contentHash: text('content_hash').notNull(),
    /** `none`: back catalogue or edit; `pending`: announce after commit; `sent`: job enqueued. */
    announcement: text('announcement', { enum: ['none', 'pending', 'sent'] }).notNull().default('none'),
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('articles_canonical_url_idx').on(t.canonicalUrl),
    index('articles_published_idx').on(t.publishedAt.desc(), t.id.desc()),
    index('articles_tag_slugs_idx').using('gin', t.tagSlugs),
    index('articles_announcement_idx').on(t.announcement),
  ],
);

/** Which source knows the article under which id; two sources may point at one article. */
export const articleSources = pgTable(
  'article_sources',
  {
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    contentHash: text('content_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('article_sources_source_external_idx').on(t.sourceId, t.externalId), index('article_sources_article_idx').on(t.articleId)],
);

export type ArticleRow = typeof articles.$inferSelect;
export type NewArticleRow = typeof articles.$inferInsert;
