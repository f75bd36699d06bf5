import { Injectable } from '@nestjs/common';
import { ArticleCatalog, type CatalogArticle, type DigestQuery } from './article-catalog.js';
import { ArticlesRepository } from './articles.repository.js';
import type { ArticleRow } from './articles.schema.js';

/** The ArticleCatalog port other features (newsletters) inject. */
@Injectable()
export class ArticlesCatalogService extends ArticleCatalog {
  constructor(private readonly articles: ArticlesRepository) {
    super();
  }

  async findForDigest(query: DigestQuery): Promise<CatalogArticle[]> {
    const rows = await this.articles.list({
      tagSlugs: query.tagSlugs,
      publishedAfter: query.publishedAfter,
      excludeIds: query.excludeIds,
      status: 'published',
      limit: query.limit,
    });
    return rows.map(toCatalogArticle);
  }

  async getByIds(ids: readonly string[]): Promise<CatalogArticle[]> {
    return (await this.articles.getByIds(ids)).map(toCatalogArticle);
  }
}

export function toCatalogArticle(row: ArticleRow): CatalogArticle {
  return {
    id: row.id,
    title: row.title,
    url: row.canonicalUrl,
    excerpt: row.excerpt,
    imageUrl: row.imageUrl ?? undefined,
    imageAlt: row.imageAlt ?? undefined,
    imageCredit: row.imageCredit ?? undefined,
    author: row.author ?? undefined,
    publishedAt: row.publishedAt,
    modifiedAt: row.modifiedAt ?? undefined,
    tags: row.tags,
    status: row.status,
  };
}
