import { termsFromNames, type NormalizedArticle } from '#src/sources/normalized-article.js';
import { contentHashOf, type ArticleUpsert } from '#src/articles/article-record.js';

let counter = 0;

/** A normalised article with sensible defaults; each call gets its own id and URL. */
export function normalizedArticle(overrides: Partial<NormalizedArticle> = {}): NormalizedArticle {
  counter += 1;
  return {
    externalId: `guid-${counter}`,
    url: `https://news.example/artikel-${counter}/`,
    title: `Artikel ${counter}`,
    excerpt: `Kurzfassung ${counter}`,
    publishedAt: new Date(Date.UTC(2026, 10, 1, 8, counter % 60)),
    tags: termsFromNames(['Huawei']),
    categories: termsFromNames(['News']),
    status: 'published',
    ...overrides,
  };
}

export function upsertOf(article: NormalizedArticle): ArticleUpsert {
  return { externalId: article.externalId, article, contentHash: contentHashOf(article) };
}
