import { Injectable } from '@nestjs/common';
import { and, eq, inArray } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import type { NormalizedArticle } from '#src/sources/normalized-article.js';
import type { ArticleUpsert, UpsertOptions, UpsertSummary } from './article-record.js';
import { articleSources, articles, type NewArticleRow } from './articles.schema.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// Keeps each statement's parameter count far below PostgreSQL's 65,535 limit.
const CHUNK = 500;

/** Writes what a poll found: all of one poll in one transaction, so nothing is half-written. */
@Injectable()
export class ArticleIngestRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async upsertFromSource(sourceId: string, items: readonly ArticleUpsert[], options: UpsertOptions): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0, announceIds: [] };
    if (items.length === 0) return summary;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < items.length; i += CHUNK) {
        await this.upsertChunk(tx, sourceId, items.slice(i, i + CHUNK), options, summary);
      }
    });
    return summary;
  }

  /** WordPress says the post is gone (404/410): withdraw the article this source knows by that id. */
  async withdrawByExternalId(sourceId: string, externalId: string, now: Date): Promise<string | undefined> {
    const [ref] = await this.db
      .select({ articleId: articleSources.articleId })
      .from(articleSources)
      .where(and(eq(articleSources.sourceId, sourceId), eq(articleSources.externalId, externalId)));
    if (!ref) return undefined;
    await this.db
      .update(articles)
      .set({ status: 'withdrawn', modifiedAt: now, updatedAt: now })
      .where(and(eq(articles.id, ref.articleId), eq(articles.status, 'published')));
    return ref.articleId;
  }

  private async upsertChunk(tx: Tx, sourceId: string, items: readonly ArticleUpsert[], options: UpsertOptions, summary: UpsertSummary): Promise<void> {
    const known = await tx
      .select({ externalId: articleSources.externalId, articleId: articleSources.articleId, contentHash: articleSources.contentHash, status: articles.status })
      .from(articleSources)
      .innerJoin(articles, eq(articles.id, articleSources.articleId))
      .where(and(eq(articleSources.sourceId, sourceId), inArray(articleSources.externalId, items.map((i) => i.externalId))));
    const byExternalId = new Map(known.map((k) => [k.externalId, k]));
    const fresh: ArticleUpsert[] = [];
    for (const item of items) {
      const ref = byExternalId.get(item.externalId);
      if (!ref) fresh.push(item);
      else if (ref.contentHash === item.contentHash && !(ref.status === 'withdrawn' && item.article.status === 'published')) summary.unchanged++;
      else if (ref.contentHash === item.contentHash) {
        // Withdrawn earlier (trashed, vanished from the feed) and public again, unchanged: republished.
        await tx.update(articles).set({ status: 'published', updatedAt: options.now }).where(eq(articles.id, ref.articleId));
        summary.updated++;
      } else {
        await this.applyEdit(tx, ref.articleId, item, options.now);
        await tx
          .update(articleSources)
          .set({ contentHash: item.contentHash })
          .where(and(eq(articleSources.sourceId, sourceId), eq(articleSources.externalId, item.externalId)));
        summary.updated++;
      }
    }
    if (fresh.length > 0) await this.insertFresh(tx, sourceId, fresh, options, summary);
  }

  /**
   * New to this source: insert the article unless another source already stored its canonical
   * URL (then link to it). The unique URL index decides under concurrency, so only the
   * transaction that really created the row can mark it for announcement.
   */
  private async insertFresh(tx: Tx, sourceId: string, items: readonly ArticleUpsert[], options: UpsertOptions, summary: UpsertSummary): Promise<void> {
    const rows = items.map((item) => toRow(item, announceable(item.article, options) ? 'pending' : 'none'));
    const created = await tx
      .insert(articles)
      .values(rows)
      .onConflictDoNothing({ target: articles.canonicalUrl })
      .returning({ id: articles.id, canonicalUrl: articles.canonicalUrl, announcement: articles.announcement });
    const idByUrl = new Map(created.map((c) => [c.canonicalUrl, c.id]));
    summary.created += created.length;
    summary.announceIds.push(...created.filter((c) => c.announcement === 'pending').map((c) => c.id));
    const existingUrls = [...new Set(items.map((i) => i.article.url).filter((url) => !idByUrl.has(url)))];
    if (existingUrls.length > 0) {
      const existing = await tx
        .select({ id: articles.id, canonicalUrl: articles.canonicalUrl, modifiedAt: articles.modifiedAt })
        .from(articles)
        .where(inArray(articles.canonicalUrl, existingUrls));
      for (const row of existing) idByUrl.set(row.canonicalUrl, row.id);
      await this.refreshFromSecondSource(tx, items, existing, options.now, summary);
    }
    const refs = items.flatMap((item) => {
      const articleId = idByUrl.get(item.article.url);
      return articleId ? [{ sourceId, externalId: item.externalId, articleId, contentHash: item.contentHash }] : [];
    });
    if (refs.length > 0) await tx.insert(articleSources).values(refs).onConflictDoNothing();
  }

  /**
   * A second source seeing a known URL updates it unless its copy is older; on a tie the newcomer
   * wins, so a WordPress REST source adds the categories a feed could not tell apart.
   */
  private async refreshFromSecondSource(
    tx: Tx,
    items: readonly ArticleUpsert[],
    existing: { id: string; canonicalUrl: string; modifiedAt: Date | null }[],
    now: Date,
    summary: UpsertSummary,
  ): Promise<void> {
    const byUrl = new Map(existing.map((e) => [e.canonicalUrl, e]));
    for (const item of items) {
      const row = byUrl.get(item.article.url);
      if (!row) continue;
      const incoming = item.article.modifiedAt?.getTime();
      if (incoming !== undefined && incoming >= (row.modifiedAt?.getTime() ?? 0)) {
        await this.applyEdit(tx, row.id, item, now);
        summary.updated++;
      } else summary.unchanged++;
    }
  }

  /** An edit: new content, `modified` bumped, the announcement state left as it was. */
  private async applyEdit(tx: Tx, articleId: string, item: ArticleUpsert, now: Date): Promise<void> {
    const { announcement: _keep, ...fields } = toRow(item, 'none');
    await tx
      .update(articles)
      .set({ ...fields, modifiedAt: item.article.modifiedAt ?? now, updatedAt: now })
      .where(eq(articles.id, articleId));
  }
}

function announceable(article: NormalizedArticle, options: UpsertOptions): boolean {
  const after = options.announcePublishedAfter;
  return after !== undefined && article.status === 'published' && article.publishedAt.getTime() > after.getTime();
}

function toRow(item: ArticleUpsert, announcement: 'none' | 'pending'): NewArticleRow {
  const a = item.article;
  return {
    canonicalUrl: a.url,
    title: a.title,
    excerpt: a.excerpt,
    imageUrl: a.imageUrl ?? null,
    imageAlt: a.imageAlt ?? null,
    imageCredit: a.imageCredit ?? null,
    author: a.author ?? null,
    language: a.language ?? null,
    publishedAt: a.publishedAt,
    modifiedAt: a.modifiedAt ?? null,
    tags: a.tags,
    tagSlugs: a.tags.map((t) => t.slug),
    categories: a.categories,
    status: a.status,
    contentHash: item.contentHash,
    announcement,
  };
}
