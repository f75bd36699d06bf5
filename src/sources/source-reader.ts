import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ExcerptOptions } from './excerpt.js';
import type { FeedFetcher } from './feed-fetcher.js';
import { parseFeedBody } from './feed-parser.js';
import type { NormalizedArticle } from './normalized-article.js';
import type { SourceRow } from './sources.schema.js';
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
    if (!source.url) throw new Error('source has no URL');
    switch (source.kind) {
      case 'rss':
        return this.readFeed(source, source.url, now);
      case 'wordpress':
      case 'webhook':
        return this.readWordPress(source, source.url);
    }
  }

  wordpressClient(source: SourceRow, baseUrl: string): WordPressClient {
    return new WordPressClient(this.fetcher, { baseUrl, headers: source.headers ?? undefined, excerpt: excerptOptions(source) });
  }

  private async readFeed(source: SourceRow, url: string, now: Date): Promise<ReadResult> {
    const result = await this.fetcher.fetch({ url, etag: source.etag, lastModified: source.lastModifiedHeader, headers: source.headers ?? undefined });
    if (result.notModified) return { kind: 'not-modified', etag: result.etag ?? source.etag, lastModified: result.lastModified ?? source.lastModifiedHeader };
    const validators = { etag: result.etag ?? null, lastModified: result.lastModified ?? null };
    // Many servers send neither ETag nor Last-Modified: an identical body is "not modified" too,
    // and skips parsing and the database entirely.
    const bodyHash = createHash('sha256').update(result.body).digest('hex');
    if (bodyHash === source.bodyHash) return { kind: 'not-modified', ...validators, bodyHash };
    const feed = parseFeedBody(result.body, { feedUrl: result.url, contentType: result.contentType, now, excerpt: excerptOptions(source) });
    return { kind: 'articles', articles: feed.articles, warnings: feed.warnings, ...validators, bodyHash };
  }

  /** Incremental: only posts modified since the last successful sync (all on the first). */
  private async readWordPress(source: SourceRow, baseUrl: string): Promise<ReadResult> {
    const articles = await this.wordpressClient(source, baseUrl).fetchChangedPosts(source.lastSuccessAt ?? undefined);
    return { kind: 'articles', articles, warnings: [] };
  }
}

export function excerptOptions(source: SourceRow): ExcerptOptions {
  return { boilerplatePatterns: (source.boilerplatePatterns ?? []).map((p) => new RegExp(p, 'iu')) };
}
