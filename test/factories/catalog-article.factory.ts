import type { CatalogArticle } from '#src/articles/article-catalog.js';
import { fixtureArticles } from './digest-input.factory.js';

/** The WordPress fixture posts as catalog articles tagged `huawei`. */
export function fixtureCatalogArticles(): CatalogArticle[] {
  return fixtureArticles().map((a, i) => ({ ...a, id: `wp-${i + 1}`, tags: [{ name: 'Huawei', slug: 'huawei' }], status: 'published' }));
}

export function catalogArticle(id: string, overrides: Partial<CatalogArticle> = {}): CatalogArticle {
  return {
    id,
    title: `Artikel ${id}`,
    url: `https://news.example.de/${id}`,
    excerpt: `Auszug ${id}`,
    publishedAt: new Date('2026-03-01T08:00:00Z'),
    tags: [{ name: 'Huawei', slug: 'huawei' }],
    status: 'published',
    ...overrides,
  };
}
