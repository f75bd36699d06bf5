import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { ArticlePageResponse, ArticleResponse, ListArticlesQuery } from './dto/article.dto.js';
import { ArticlesRepository } from './articles.repository.js';
import type { ArticleRow } from './articles.schema.js';

const DEFAULT_PAGE = 20;

/** The editors' view of the catalogue: filters and keyset pagination, newest first. */
@Injectable()
export class ArticlesService {
  constructor(private readonly articles: ArticlesRepository) {}

  async list(query: ListArticlesQuery): Promise<ArticlePageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.articles.list({
      tagSlugs: query.tag?.split(','),
      // `since` is inclusive; the repository compares strictly.
      publishedAfter: query.since ? new Date(new Date(query.since).getTime() - 1) : undefined,
      status: query.status,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toResponse), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async get(id: string): Promise<ArticleResponse> {
    const row = await this.articles.getById(id);
    if (!row) throw new NotFoundException(`no article with id ${id}`);
    return toResponse(row);
  }
}

function encodeCursor(row: ArticleRow): string {
  return Buffer.from(JSON.stringify([row.publishedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { publishedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const publishedAt = new Date(at);
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(publishedAt.getTime())) throw new Error('bad');
    return { publishedAt, id };
  } catch {
    throw new BadRequestException(['cursor is invalid; pass nextCursor from the previous page']);
  }
}

function toResponse(row: ArticleRow): ArticleResponse {
  return {
    id: row.id,
    title: row.title,
    url: row.canonicalUrl,
    excerpt: row.excerpt,
    imageUrl: row.imageUrl,
    imageAlt: row.imageAlt,
    imageCredit: row.imageCredit,
    author: row.author,
    language: row.language,
    publishedAt: row.publishedAt,
    modifiedAt: row.modifiedAt,
    tags: row.tags,
    categories: row.categories,
    status: row.status,
    announcedAt: row.announcedAt,
    firstSeenAt: row.firstSeenAt,
  };
}
