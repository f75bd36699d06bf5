import { FetchError } from './fetch-error.js';
import type { FetchRequest, FetchResult } from './feed-fetcher.js';
import { SourceDataError } from './source-data-error.js';
import type { NormalizedArticle } from './normalized-article.js';
import { mapWordPressPost, type WordPressMappingOptions } from './wordpress-post.mapper.js';

/** The one method of FeedFetcher the client needs; a seam for tests and other transports. */
export interface HttpGetter {
  fetch(request: FetchRequest): Promise<FetchResult>;
}

export interface WordPressClientOptions extends WordPressMappingOptions {
  /** The site's base URL, e.g. `https://blog.example.de` (a sub-path install works too). */
  baseUrl: string;
  headers?: Record<string, string>;
  perPage?: number;
  /** Stop after this many pages so a misconfigured site cannot keep a poll busy forever. */
  maxPages?: number;
  /**
   * Subtracted from `modified_after`: some WordPress versions compare it with the site-local
   * `post_modified`, so a UTC instant can miss up to a day. Re-reading a post is harmless.
   */
  modifiedAfterMarginMs?: number;
}

export interface PostsQuery {
  page: number;
  perPage: number;
  modifiedAfter?: Date;
}

export type SinglePostResult =
  | { kind: 'found'; article: NormalizedArticle }
  | { kind: 'gone'; externalId: string; status: 'withdrawn' };

const JSON_ACCEPT = 'application/json';

/** Answers to a single-post lookup that mean "not public (any more)". */
export const NOT_PUBLIC_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 410]);

/** `/wp-json/wp/v2/posts?_embed&per_page=…&page=…[&modified_after=…]&orderby=modified&order=asc` */
export function wordpressPostsUrl(baseUrl: string, query: PostsQuery): string {
  const url = apiUrl(baseUrl, 'posts');
  url.search = '_embed';
  url.searchParams.set('per_page', String(query.perPage));
  url.searchParams.set('page', String(query.page));
  if (query.modifiedAfter) url.searchParams.set('modified_after', query.modifiedAfter.toISOString());
  // Oldest change first: a post edited while we page moves to the end instead of being skipped.
  url.searchParams.set('orderby', 'modified');
  url.searchParams.set('order', 'asc');
  return url.href;
}

export function wordpressPostUrl(baseUrl: string, postId: number): string {
  const url = apiUrl(baseUrl, `posts/${postId}`);
  url.search = '_embed';
  return url.href;
}

/** `X-WP-TotalPages`, or 1 when absent or unreadable (WordPress omits it for a single page). */
export function totalPagesOf(headers: Record<string, string>): number {
  const value = Number.parseInt(headers['x-wp-totalpages'] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : 1;
}

function apiUrl(baseUrl: string, route: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`wp-json/wp/v2/${route}`, base);
}

/** Reads posts from a WordPress site's REST API and maps them to articles. */
export class WordPressClient {
  constructor(
    private readonly http: HttpGetter,
    private readonly options: WordPressClientOptions,
  ) {}

  /** All posts modified after `since` (all posts when omitted), following `X-WP-TotalPages`. */
  async fetchChangedPosts(since?: Date): Promise<NormalizedArticle[]> {
    const perPage = this.options.perPage ?? 50;
    const maxPages = this.options.maxPages ?? 100;
    const margin = this.options.modifiedAfterMarginMs ?? 24 * 3600_000;
    const modifiedAfter = since ? new Date(since.getTime() - margin) : undefined;
    const articles: NormalizedArticle[] = [];
    for (let page = 1, total = 1; page <= Math.min(total, maxPages); page++) {
      const url = wordpressPostsUrl(this.options.baseUrl, { page, perPage, modifiedAfter });
      const result = await this.get(url);
      total = totalPagesOf(result.headers);
      const posts = parseJson(result.body, url);
      if (!Array.isArray(posts)) throw new SourceDataError('', `expected a JSON array of posts from ${url}`);
      posts.forEach((post, i) => articles.push(this.map(post, `posts[${(page - 1) * perPage + i}]`)));
    }
    return articles;
  }

  /**
   * One post by id. A post that is no longer public answers 401/403 (`rest_forbidden`: trashed,
   * back to draft, private or password-protected — checked against WordPress 6.1) or 404/410
   * (deleted): all mean withdrawn.
   */
  async fetchPost(postId: number): Promise<SinglePostResult> {
    const url = wordpressPostUrl(this.options.baseUrl, postId);
    try {
      const result = await this.get(url);
      return { kind: 'found', article: this.map(parseJson(result.body, url), 'post') };
    } catch (err) {
      if (err instanceof FetchError && err.status !== undefined && NOT_PUBLIC_STATUSES.has(err.status)) {
        return { kind: 'gone', externalId: String(postId), status: 'withdrawn' };
      }
      throw err;
    }
  }

  private async get(url: string): Promise<Extract<FetchResult, { notModified: false }>> {
    const result = await this.http.fetch({ url, headers: this.options.headers, accept: JSON_ACCEPT });
    // No validators are sent, so a 304 would be a misbehaving proxy.
    if (result.notModified) throw new FetchError('http-status', 'HTTP 304 without a conditional request', url, 304);
    return result;
  }

  private map(post: unknown, label: string): NormalizedArticle {
    try {
      return mapWordPressPost(post, this.options);
    } catch (err) {
      if (err instanceof SourceDataError) throw new SourceDataError(`${label}.${err.field}`, err.reason);
      throw err;
    }
  }
}

function parseJson(body: Buffer, url: string): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new SourceDataError('', `response from ${url} is not JSON`);
  }
}
