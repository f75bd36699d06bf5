import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { compileAdminPattern, type TextPattern } from './boilerplate-pattern.js';
import type { ExcerptOptions } from './excerpt.js';
import type { FeedFetcher } from './feed-fetcher.js';
import { parseFeedBody } from './feed-parser.js';
import type { NormalizedArticle } from './normalized-article.js';
import type { SourceRow } from './sources.schema.js';
import { repairArticleText } from './article-text-repair.js';
import { WordPressClient } from './wordpress.client.js';

export const FEED_FETCHER = Symbol('FEED_FETCHER');

export type ReadResult =
  | { kind: 'not-modified'; etag?: string | null; lastModified?: string | null; bodyHash?: string | null }
  | {
      kind: 'articles';
      articles: NormalizedArticle[];
      warnings: string[];
      etag?: string | null;
      lastModified?: string | null;
      bodyHash?: string | null;
    };

/** Reads one polling source (feed or WordPress REST API) into normalised articles. */
@Injectable()
export class SourceReader {
  constructor(@Inject(FEED_FETCHER) private readonly fetcher: FeedFetcher) {}

  async read(source: SourceRow, now: Date): Promise<ReadResult> {
    const result = await this.readUnchecked(source, now);
    if (result.kind === 'not-modified') return result;
    const { articles, warnings } = repairArticleText(result.articles);
    return { ...result, articles, warnings: [...result.warnings, ...warnings] };
  }

  wordpressClient(source: SourceRow, baseUrl: string): WordPressClient {
    return new WordPressClient(this.fetcher, { baseUrl, headers: source.headers ?? undefined, excerpt: excerptOptions(source) });
  }

  private async readUnchecked(source: SourceRow, now: Date): Promise<ReadResult> {
    if (!source.url) throw new Error('source has no URL');
    switch (source.kind) {
      case 'rss':
        return this.readFeed(source, source.url, now);
      case 'wordpress':
      case 'webhook':
        return this.readWordPress(source, source.url);
    }
  }

  private async readFeed(source: SourceRow, url: string, now: Date): Promise<ReadResult> {
    const result = await this.fetcher.fetch({ url, etag: source.etag, lastModified: source.lastModifiedHeader, headers: source.headers ?? undefined });
    if (result.notModified) return { kind: 'not-modified', etag: result.etag ?? source.etag, lastModified: result.lastModified ?? source.lastModifiedHeader };
    const validators = { etag: result.etag ?? null, lastModified: result.lastModified ?? null };
    // Many servers send neither ETag nor Last-Modified: an identical body is "not modified" too,
    // and skips parsing and the database entirely.
    const bodyHash = createHash('sha256').update(result.body).digest('hex');
    if (bodyHash === source.bodyHash) return { kind: 'not-modified', ...validators, bodyHash };
    const categoryNames = await this.wordpressCategoryNames(source, result.url);
    const feed = parseFeedBody(result.body, { feedUrl: result.url, contentType: result.contentType, now, excerpt: excerptOptions(source), categoryNames });
    return { kind: 'articles', articles: feed.articles, warnings: feed.warnings, ...validators, bodyHash };
  }

  /**
   * RSS puts tags and categories into one `<category>` element. A WordPress feed lives at
   * `<site>/feed/`, so the site's category names can be read from its REST API; any failure
   * (not WordPress, API disabled) just leaves every term a tag.
   */
  private async wordpressCategoryNames(source: SourceRow, feedUrl: string): Promise<string[] | undefined> {
    const url = new URL(feedUrl);
    const site = url.pathname.replace(/\/(feed|rss2?|atom)\/?$/, '/');
    if (site === url.pathname) return undefined;
    try {
      const result = await this.fetcher.fetch({ url: new URL(`${site}wp-json/wp/v2/categories?per_page=100`, url).href, headers: source.headers ?? undefined, accept: 'application/json' });
      if (result.notModified) return undefined;
      const parsed: unknown = JSON.parse(result.body.toString('utf8'));
      return Array.isArray(parsed) ? parsed.flatMap((c: { name?: unknown }) => (typeof c.name === 'string' ? [c.name] : [])) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Incremental: only posts modified since the last successful sync (all on the first). */
  private async readWordPress(source: SourceRow, baseUrl: string): Promise<ReadResult> {
    const articles = await this.wordpressClient(source, baseUrl).fetchChangedPosts(source.lastSuccessAt ?? undefined);
    return { kind: 'articles', articles, warnings: [] };
  }
}

export function excerptOptions(source: SourceRow): ExcerptOptions {
  // Stored patterns were checked when saved; one that no longer compiles (saved before the RE2
  // engine) is skipped rather than failing every poll of the source.
  return { boilerplatePatterns: (source.boilerplatePatterns ?? []).flatMap((p) => compilable(p)) };
}

function compilable(pattern: string): TextPattern[] {
  try {
    return [compileAdminPattern(pattern)];
  } catch {
    return [];
  }
}
