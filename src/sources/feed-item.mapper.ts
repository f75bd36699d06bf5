import type { parseFeed } from '@rowanmanning/feed-parser';
import { buildExcerpt, truncate, type ExcerptOptions } from './excerpt.js';
import { parseFeedDate } from './feed-date.js';
import { htmlToLine } from './html-text.js';
import { termsFromNames, type NormalizedArticle } from './normalized-article.js';

export type FeedItem = ReturnType<typeof parseFeed>['items'][number];
type XmlElement = FeedItem['element'];

export interface ItemMappingContext {
  feedUrl: string;
  language?: string;
  now: Date;
  futureToleranceMs: number;
  /** Lower-cased names that are categories rather than tags. */
  categorySlugs: ReadonlySet<string>;
  excerpt: ExcerptOptions;
  warn: (message: string) => void;
}

/** One feed item → article, or null (with a warning) when it cannot identify an article. */
export function mapFeedItem(item: FeedItem, index: number, ctx: ItemMappingContext): NormalizedArticle | null {
  const label = `item ${index + 1}`;
  const url = absoluteUrl(linkOf(item.element), ctx.feedUrl) ?? absoluteUrl(item.id, ctx.feedUrl, true);
  if (!url) {
    ctx.warn(`${label}: no link, skipped`);
    return null;
  }
  // Items without GUID fall back to their link, which is what most readers treat as identity.
  const externalId = item.id?.trim() || url;
  const excerpt = buildExcerpt(
    { excerptHtml: htmlOf(item.element, ['description', 'summary']), bodyHtml: htmlOf(item.element, ['encoded', 'content']) },
    ctx.excerpt,
  );
  const names = categoryNamesOf(item.element);
  const image = imageOf(item, ctx.feedUrl);
  const author = authorOf(item.element);
  return {
    externalId,
    url,
    title: titleOf(item.element, excerpt, url),
    excerpt,
    ...(image ? { imageUrl: image } : {}),
    ...(author ? { author } : {}),
    ...(ctx.language ? { language: ctx.language } : {}),
    ...datesOf(item, `${label} (${externalId})`, ctx),
    tags: termsFromNames(names.filter((n) => !ctx.categorySlugs.has(n.trim().toLowerCase()))),
    categories: termsFromNames(names.filter((n) => ctx.categorySlugs.has(n.trim().toLowerCase()))),
    status: 'published',
  };
}

function datesOf(item: FeedItem, label: string, ctx: ItemMappingContext): { publishedAt: Date; modifiedAt?: Date } {
  const published = firstDate(item.element, ['pubdate', 'published', 'issued', 'date', 'created']);
  const modified = firstDate(item.element, ['updated', 'modified']) ?? item.updated ?? undefined;
  let publishedAt = published ?? modified;
  if (!publishedAt) {
    ctx.warn(`${label}: no usable date, using the time it was fetched`);
    publishedAt = ctx.now;
  } else if (publishedAt.getTime() > ctx.now.getTime() + ctx.futureToleranceMs) {
    // A future date is a wrong clock or time zone; trusting it would keep the item "new" for days.
    ctx.warn(`${label}: date ${publishedAt.toISOString()} is in the future, using the time it was fetched`);
    publishedAt = ctx.now;
  }
  return modified ? { publishedAt, modifiedAt: modified } : { publishedAt };
}

function firstDate(element: XmlElement, names: string[]): Date | null {
  for (const name of names) {
    const date = parseFeedDate(element.findElementWithName(name)?.textContent);
    if (date) return date;
  }
  return null;
}

/**
 * The element's text as HTML. Read raw rather than via the library's decoded getters: those decode
 * entities a second time, turning an escaped `&lt;ArkTS&gt;` into a tag that would vanish.
 */
function htmlOf(element: XmlElement, names: string[]): string | null {
  for (const name of names) {
    const child = element.findElementWithName(name);
    if (!child) continue;
    const text = child.textContent;
    if (!text.trim()) continue;
    return child.getAttribute('type') === 'text' ? escapeHtml(text) : text;
  }
  return null;
}

// The library's `url`, `authors` and `categories` getters fall back to feed-level lookups that scan the whole
// channel per item, which is quadratic on large feeds; these read only the item's own elements.
function linkOf(element: XmlElement): string | null {
  for (const link of element.findElementsWithName('link')) {
    const href = link.getAttribute('href');
    if (href === null) return link.textContent.trim() || null; // RSS: <link>url</link>
    const rel = link.getAttribute('rel');
    if (!rel || rel === 'alternate') return href; // Atom
  }
  return null;
}

/** RSS `<category>text</category>`, Atom `<category term="…" label="…"/>`; never the feed's own. */
function categoryNamesOf(element: XmlElement): string[] {
  return element.findElementsWithName('category').flatMap((category) => {
    const name = category.getAttribute('label') ?? category.getAttribute('term') ?? category.textContent;
    const trimmed = name.trim();
    return trimmed ? [trimmed] : [];
  });
}

function authorOf(element: XmlElement): string | null {
  const creator = element.findElementWithName('creator')?.textContent.trim();
  if (creator) return htmlToLine(creator);
  const author = element.findElementWithName('author');
  const name = (author?.findElementWithName('name') ?? author)?.textContent.trim();
  // RSS 2.0 <author> is "mail@example.org (Name)": show the name only.
  const fromMail = name ? /\(([^)]+)\)\s*$/.exec(name)?.[1] : undefined;
  return fromMail ?? (name || null);
}

function titleOf(element: XmlElement, excerpt: string, url: string): string {
  const raw = htmlOf(element, ['title']);
  const title = raw ? htmlToLine(raw) : '';
  return title || truncate(excerpt, 80) || url;
}

function imageOf(item: FeedItem, base: string): string | null {
  const candidate = item.image?.url ?? item.mediaImages[0]?.url ?? null;
  return absoluteUrl(candidate, base);
}

function absoluteUrl(value: string | null | undefined, base: string, requireAbsolute = false): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = requireAbsolute ? new URL(text) : new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
