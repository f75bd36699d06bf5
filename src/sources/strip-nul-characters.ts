import type { ArticleTerm, NormalizedArticle } from './normalized-article.js';

const TEXT_FIELDS = ['externalId', 'url', 'title', 'excerpt', 'imageUrl', 'imageAlt', 'imageCredit', 'author', 'language'] as const;

/**
 * Removes U+0000, which PostgreSQL cannot store, from what a polled source delivered. One broken
 * character must not fail the whole poll (and every other article in it); each repair becomes a
 * warning, which the poller logs with the source's name.
 */
export function stripNulCharacters(articles: readonly NormalizedArticle[]): { articles: NormalizedArticle[]; warnings: string[] } {
  const warnings: string[] = [];
  const cleaned = articles.map((article) => {
    const fields: string[] = [];
    const clean = (value: string, field: string): string => {
      if (!value.includes('\0')) return value;
      fields.push(field);
      return value.replaceAll('\0', '');
    };
    const copy = { ...article };
    for (const key of TEXT_FIELDS) {
      const value = copy[key];
      if (value !== undefined) copy[key] = clean(value, key);
    }
    const terms = (list: ArticleTerm[], field: string) => list.map((t, i) => ({ name: clean(t.name, `${field}.${i}.name`), slug: clean(t.slug, `${field}.${i}.slug`) }));
    copy.tags = terms(article.tags, 'tags');
    copy.categories = terms(article.categories, 'categories');
    if (fields.length > 0) warnings.push(`article ${copy.externalId}: removed NUL characters (U+0000) from ${fields.join(', ')}`);
    return copy;
  });
  return { articles: cleaned, warnings };
}
