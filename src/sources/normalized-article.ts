/** A tag or category as shown to readers (`name`) and matched in filters (`slug`). */
export interface ArticleTerm {
  name: string;
  slug: string;
}

export type ArticleStatus = 'published' | 'withdrawn';

/**
 * What every source (RSS/Atom feed, WordPress REST API, webhook) produces for one article.
 * Text fields are plain text (entities decoded, tags stripped); URLs are absolute; dates are UTC
 * instants with the source's offset already applied.
 */
export interface NormalizedArticle {
  /** GUID / Atom id / WordPress post id (as a string); unique within one source. */
  externalId: string;
  url: string;
  title: string;
  excerpt: string;
  imageUrl?: string;
  imageAlt?: string;
  imageCredit?: string;
  author?: string;
  /** BCP 47-ish language tag as the source declares it, e.g. `de-DE`. */
  language?: string;
  publishedAt: Date;
  modifiedAt?: Date;
  tags: ArticleTerm[];
  categories: ArticleTerm[];
  status: ArticleStatus;
}

const GERMAN_TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Slug for a term name when the source gives none (RSS `<category>`). Mirrors what WordPress does
 * for a German site (`Präsident` → `praesident`) so feed and REST slugs of the same tag agree.
 */
export function slugify(name: string): string {
  return name
    .replaceAll('\0', '') // removed from names before storing (article-text-repair.ts); the slug must agree
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => GERMAN_TRANSLITERATION[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Builds terms from names, dropping blanks and duplicates (by slug), keeping first spelling. */
export function termsFromNames(names: Iterable<string>): ArticleTerm[] {
  const bySlug = new Map<string, ArticleTerm>();
  for (const raw of names) {
    const name = raw.trim();
    const slug = slugify(name);
    if (name && slug && !bySlug.has(slug)) bySlug.set(slug, { name, slug });
  }
  return [...bySlug.values()];
}
