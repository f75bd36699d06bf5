import { Injectable } from '@nestjs/common';
import { and, arrayOverlaps, desc, eq, gt, inArray, lt, notInArray, or, type SQL } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import type { ArticleStatus } from '#src/sources/normalized-article.js';
import { articles, type ArticleRow } from './articles.schema.js';

export interface ArticleListFilter {
  tagSlugs?: readonly string[];
  publishedAfter?: Date;
  excludeIds?: readonly string[];
  status?: ArticleStatus;
  /** Keyset cursor: rows strictly older than this (published, id) pair. */
  before?: { publishedAt: Date; id: string };
  limit: number;
}

/** Reads of the article catalogue and the announcement bookkeeping. */
@Injectable()
export class ArticlesRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Newest first, ties broken by id so a cursor never skips or repeats a row. */
  async list(filter: ArticleListFilter): Promise<ArticleRow[]> {
    return this.db
      .select()
      .from(articles)
      .where(and(...conditions(filter)))
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(filter.limit);
  }

  async getById(id: string): Promise<ArticleRow | undefined> {
    const [row] = await this.db.select().from(articles).where(eq(articles.id, id));
    return row;
  }

  async getByIds(ids: readonly string[]): Promise<ArticleRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(articles).where(inArray(articles.id, [...ids]));
  }

  async listPendingAnnouncements(limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: articles.id })
      .from(articles)
      .where(eq(articles.announcement, 'pending'))
      .orderBy(articles.publishedAt)
      .limit(limit);
    return rows.map((r) => r.id);
  }

  /** Conditional: true only for the one caller that moved it from pending to sent. */
  async markAnnounced(id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(articles)
      .set({ announcement: 'sent', announcedAt: at })
      .where(and(eq(articles.id, id), eq(articles.announcement, 'pending')))
      .returning({ id: articles.id });
    return rows.length > 0;
  }
}

function conditions(filter: ArticleListFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.tagSlugs && filter.tagSlugs.length > 0) where.push(arrayOverlaps(articles.tagSlugs, [...filter.tagSlugs]));
  if (filter.publishedAfter) where.push(gt(articles.publishedAt, filter.publishedAfter));
  if (filter.excludeIds && filter.excludeIds.length > 0) where.push(notInArray(articles.id, [...filter.excludeIds]));
  if (filter.status) where.push(eq(articles.status, filter.status));
  if (filter.before) {
    const { publishedAt, id } = filter.before;
    const older = or(lt(articles.publishedAt, publishedAt), and(eq(articles.publishedAt, publishedAt), lt(articles.id, id)));
    if (older) where.push(older);
  }
  return where;
}
