import { buildExcerpt, truncate, type ExcerptOptions } from './excerpt.js';
import { parseFeedDate } from './feed-date.js';
import { escapeHtml, hasChildElements, ItemChildren, markupOf, type CorePrefixes, type FeedItem, type XmlElement } from './feed-elements.js';
import { htmlToLine } from './html-text.js';
import { termsFromNames, type NormalizedArticle } from './normalized-article.js';

export type { FeedItem };

export interface ItemMappingContext {
  /** Prefixes of the feed format's own namespace: core elements win over extensions. */
  core: CorePrefixes;
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
  const children = new ItemChildren(item.element, ctx.core);
  const link = linkOf(children);
  const url = absoluteUrl(link, ctx.feedUrl) ?? (link ? null : absoluteUrl(item.id, ctx.feedUrl, true));
  if (!url) {
    ctx.warn(`${label}: ${link ? refusedLinkReason(link, ctx.feedUrl) : 'no link'}, skipped`);
    return null;
  }
  // Items without GUID fall back to their link, which is what most readers treat as identity.
  const externalId = item.id?.trim() || url;
  const htmlCtx = { warn: ctx.warn, label: `${label} (${externalId})` };
  const excerpt = buildExcerpt(
    { excerptHtml: htmlOf(children.all(['description', 'summary']), htmlCtx), bodyHtml: htmlOf(children.all(['content'], ['encoded']), htmlCtx) },
    ctx.excerpt,
  );
  const names = categoryNamesOf(children);
  const image = imageOf(item, ctx.feedUrl);
  const author = authorOf(children);
  return {
    externalId,
    url,
    title: titleOf(children, excerpt, url, htmlCtx),
    excerpt,
    ...(image ? { imageUrl: image } : {}),
    ...(author ? { author } : {}),
    ...(ctx.language ? { language: ctx.language } : {}),
    ...datesOf(item, children, htmlCtx.label, ctx),
    tags: termsFromNames(names.filter((n) => !ctx.categorySlugs.has(n.trim().toLowerCase()))),
    categories: termsFromNames(names.filter((n) => ctx.categorySlugs.has(n.trim().toLowerCase()))),
    status: 'published',
  };
}

/** Why a link that is there cannot be used: say so, instead of "no link". */
function refusedLinkReason(link: string, base: string): string {
  let scheme: string;
  try {
    scheme = new URL(link.trim(), base).protocol;
  } catch {
    return `link ${JSON.stringify(truncate(link, 80))} is not a valid URL`;
  }
  return /^(javascript|data|vbscript|file|blob):$/i.test(scheme)
    ? `unsafe link scheme "${scheme}" refused`
    : `link scheme "${scheme}" not supported (only http and https)`;
}

function datesOf(item: FeedItem, children: ItemChildren, label: string, ctx: ItemMappingContext): { publishedAt: Date; modifiedAt?: Date } {
  const published = firstDate(children.all(['pubdate', 'published', 'issued', 'date', 'created']));
  const modified = firstDate(children.all(['updated', 'modified'])) ?? item.updated ?? undefined;
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

function firstDate(candidates: readonly XmlElement[]): Date | null {
  for (const candidate of candidates) {
    const date = parseFeedDate(candidate.textContent);
    if (date) return date;
  }
  return null;
}

type HtmlContext = Pick<ItemMappingContext, 'warn'> & { label: string };

/**
 * The field as HTML, from the core element first. Read raw rather than via the library's decoded
 * getters: those decode entities a second time, turning an escaped `&lt;ArkTS&gt;` into a tag that
 * would vanish. Inline XHTML keeps its markup; Atom 0.3 base64 content is decoded.
 */
function htmlOf(candidates: readonly XmlElement[], ctx: HtmlContext): string | null {
  for (const child of candidates) {
    const html = childHtml(child, ctx);
    if (html?.trim()) return html;
  }
  return null;
}

function childHtml(child: XmlElement, ctx: HtmlContext): string | null {
  const type = child.getAttribute('type')?.toLowerCase();
  const mode = child.getAttribute('mode')?.toLowerCase();
  let text: string;
  if (mode === 'base64') {
    const decoded = decodeBase64(child.textContent);
    if (decoded === null) {
      ctx.warn(`${ctx.label}: <${child.name}> is marked base64 but is not valid base64, ignored`);
      return null;
    }
    text = decoded;
  } else if (hasChildElements(child)) {
    return markupOf(child); // Atom type="xhtml", Atom 0.3 mode="xml", or unescaped HTML
  } else {
    text = child.textContent;
  }
  return type === 'text' || type === 'text/plain' ? escapeHtml(text) : text;
}

function decodeBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return null;
  return Buffer.from(compact, 'base64').toString('utf8');
}

// The library's `url`, `authors` and `categories` getters fall back to feed-level lookups that scan the whole
// channel per item, which is quadratic on large feeds; these read only the item's own elements.
function linkOf(children: ItemChildren): string | null {
  for (const link of children.all(['link'])) {
    const href = link.getAttribute('href');
    if (href === null) {
      const text = link.textContent.trim();
      if (text) return text; // RSS: <link>url</link>
      continue;
    }
    const rel = link.getAttribute('rel');
    if (!rel || rel === 'alternate') return href; // Atom
  }
  return null;
}

/** RSS `<category>text</category>`, Atom `<category term="…" label="…"/>`; never the feed's own. */
function categoryNamesOf(children: ItemChildren): string[] {
  return children.named('category').flatMap((category) => {
    const name = category.getAttribute('label') ?? category.getAttribute('term') ?? category.textContent;
    const trimmed = name.trim();
    return trimmed ? [trimmed] : [];
  });
}

function authorOf(children: ItemChildren): string | null {
  // dc:creator first: it is a name, where RSS 2.0 <author> is an e-mail address.
  const creator = children.first(['creator'])?.textContent.trim();
  if (creator) return htmlToLine(creator);
  const author = children.first(['author']);
  const name = (author?.findElementWithName('name') ?? author)?.textContent.trim();
  // RSS 2.0 <author> is "mail@example.org (Name)": show the name only.
  const fromMail = name ? /\(([^)]+)\)\s*$/.exec(name)?.[1] : undefined;
  return fromMail ?? (name || null);
}

function titleOf(children: ItemChildren, excerpt: string, url: string, ctx: HtmlContext): string {
  const raw = htmlOf(children.all(['title']), ctx);
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
