import { parseFeed } from '@rowanmanning/feed-parser';
import { decodeFeedBytes } from './feed-decoding.js';
import { corePrefixesOf, type FeedFormat, type FeedItem } from './feed-elements.js';
import { FeedParseError } from './feed-parse-error.js';
import { mapFeedItem, type ItemMappingContext } from './feed-item.mapper.js';
import { dropJunkBeforeDeclaration, wellFormed } from './feed-xml-repair.js';
import type { ExcerptOptions } from './excerpt.js';
import type { NormalizedArticle } from './normalized-article.js';

export type { FeedFormat };

export interface FeedParseOptions {
  /** The URL the feed was fetched from (after redirects): base for relative links and images. */
  feedUrl: string;
  /** HTTP `Content-Type`, used for its charset when the XML does not declare one. */
  contentType?: string;
  /** "Now" for undated items and for clamping future dates; injectable for tests. */
  now?: Date;
  /** How far in the future a date may lie before it is treated as wrong. Default 10 min. */
  futureToleranceMs?: number;
  /**
   * Names that are categories, not tags. RSS mixes both into `<category>`; for a WordPress site
   * pass the names from `/wp-json/wp/v2/categories` to keep them apart.
   */
  categoryNames?: Iterable<string>;
  excerpt?: ExcerptOptions;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  language?: string;
  articles: NormalizedArticle[];
  /**
   * What was guessed, repaired or skipped, one readable line each: first the feed's own defects
   * (encoding, XML), then its items'. Shown on the source's health.
   */
  warnings: string[];
}

export { FeedParseError };

/** Reads an RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 body into normalized articles. */
export function parseFeedBody(body: Buffer | string, options: FeedParseOptions): ParsedFeed {
  const decoded = decodeFeedBytes(body, options.contentType);
  const warnings = [...decoded.warnings];
  const trimmed = dropJunkBeforeDeclaration(decoded.text, warnings);
  const format = detectFormat(trimmed);
  const xml = wellFormed(trimmed, warnings);
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (err) {
    throw new FeedParseError(`not a feed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const context: ItemMappingContext = {
    core: corePrefixesOf(feed, format),
    feedUrl: options.feedUrl,
    language: feed.language ?? undefined,
    now: options.now ?? new Date(),
    futureToleranceMs: options.futureToleranceMs ?? 10 * 60_000,
    categorySlugs: new Set([...(options.categoryNames ?? [])].map((n) => n.trim().toLowerCase())),
    excerpt: options.excerpt ?? {},
    warn: (message) => warnings.push(message),
  };
  const articles = dedupe(feed.items, context);
  return { format, title: feed.title ?? undefined, language: context.language, articles, warnings };
}

function dedupe(items: readonly FeedItem[], context: ItemMappingContext): NormalizedArticle[] {
  const byId = new Map<string, NormalizedArticle>();
  items.forEach((item, index) => {
    const article = mapFeedItem(item, index, context);
    if (!article) return;
    // Feeds list newest first; a repeated GUID is a publishing glitch, the first copy is current.
    if (byId.has(article.externalId)) context.warn(`item ${index + 1}: duplicate id ${article.externalId}, kept the first`);
    else byId.set(article.externalId, article);
  });
  return [...byId.values()];
}

/**
 * Decides from the root element, before parsing, so an HTML page (a login wall, an error page,
 * a moved blog) gets a clear message instead of a parser error. The root decides, not a doctype:
 * some feeds carry an XHTML doctype for the entities it declares.
 */
function detectFormat(xml: string): FeedFormat {
  const root = rootElementName(xml);
  const localName = root?.slice(root.indexOf(':') + 1); // `<atom:feed>`, `<rdf:RDF>`
  if (localName === 'rss') return 'rss';
  if (localName === 'feed') return 'atom';
  if (localName === 'rdf') return 'rdf';
  if (root === 'html' || /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype\s+html/i.test(xml)) {
    throw new FeedParseError('got an HTML page instead of a feed');
  }
  if (root) throw new FeedParseError(`not a feed: root element <${root}>`);
  if (!xml.trim()) throw new FeedParseError('empty response body');
  throw new FeedParseError(`not a feed: no root element (the body starts with ${JSON.stringify(printableStart(xml))})`);
}

/** Name of the first element, skipping the prolog, comments, doctype and processing instructions. */
function rootElementName(xml: string): string | null {
  const misc = /\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype[^>[]*(?:\[[\s\S]*?\])?\s*>)/iy;
  let position = 0;
  while (misc.test(xml)) position = misc.lastIndex;
  const match = /\s*<([A-Za-z_][\w.:-]*)/y;
  match.lastIndex = position;
  return match.exec(xml)?.[1]?.toLowerCase() ?? null;
}

/** The first characters of a body that is not XML, control characters shown as U+XXXX. */
function printableStart(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.trimStart().slice(0, 24).replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
