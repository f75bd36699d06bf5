import { createHash } from 'node:crypto';
import type { NormalizedArticle } from '#src/sources/normalized-article.js';

/** An article as a source delivered it, ready to be stored: normalised fields plus their hash. */
export interface ArticleUpsert {
  externalId: string;
  article: NormalizedArticle;
  contentHash: string;
}

export interface UpsertOptions {
  /**
   * Articles first seen in this call and published after this instant are marked for one
   * announcement. Undefined on a source's first sync: the back catalogue is never announced.
   */
  announcePublishedAfter?: Date;
  now: Date;
}

export interface UpsertSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Ids of articles created in this call that are to be announced. */
  announceIds: string[];
}

/**
 * Stable hash of everything a reader sees; equal hashes mean "no edit", so a re-read of an
 * unchanged feed writes nothing and an edit is recognised without comparing field by field.
 */
export function contentHashOf(article: NormalizedArticle): string {
  const canonical = JSON.stringify([
    article.url,
    article.title,
    article.excerpt,
    article.imageUrl ?? null,
    article.imageAlt ?? null,
    article.imageCredit ?? null,
    article.author ?? null,
    article.language ?? null,
    article.publishedAt.toISOString(),
    article.modifiedAt?.toISOString() ?? null,
    article.tags,
    article.categories,
    article.status,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
