/**
 * What newsletters need from the articles feature, as a port (abstract class = DI token). The
 * articles module binds the real implementation; newsletters never touch article tables.
 */
export interface CatalogArticle {
  id: string;
  title: string;
  url: string;
  excerpt: string;
  imageUrl?: string;
  imageAlt?: string;
  imageCredit?: string;
  author?: string;
  publishedAt: Date;
  modifiedAt?: Date;
  tags: { name: string; slug: string }[];
  status: 'published' | 'withdrawn';
}

export interface DigestQuery {
  /** Any-of match on tag slugs; empty means every article. */
  tagSlugs: readonly string[];
  /** Only articles published after this instant (e.g. the newsletter's previous issue). */
  publishedAfter?: Date;
  /** Articles already sent in this newsletter. */
  excludeIds?: readonly string[];
  limit: number;
}

export abstract class ArticleCatalog {
  /** Published (not withdrawn) articles matching the query, newest first. */
  abstract findForDigest(query: DigestQuery): Promise<CatalogArticle[]>;

  /** The articles with these ids, in any status (an issue shows what it was built from). */
  abstract getByIds(ids: readonly string[]): Promise<CatalogArticle[]>;
}
