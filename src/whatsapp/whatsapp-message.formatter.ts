/**
 * WhatsApp texts for channel posts: one per article (image caption) or one digest per issue.
 * Pure functions, so the editor's preview shows exactly what will be posted.
 */

export type WhatsAppLocale = 'de' | 'en';

export interface WhatsAppArticle {
  title: string;
  excerpt?: string | null;
  url: string;
  imageUrl?: string | null;
}

export interface WhatsAppPost {
  text: string;
  /** Lead image to send with `text` as its caption; null posts text only. */
  imageUrl: string | null;
}

/** WhatsApp cuts media captions at 1,024 characters. */
export const CAPTION_MAX_LENGTH = 1024;
/** Long channel texts get folded behind "read more"; a digest stays well below that. */
export const DIGEST_MAX_LENGTH = 4096;

const WORD_JOINER = '\u2060';
const ELLIPSIS = '…';

const LABELS: Record<WhatsAppLocale, { articles: (n: number) => string; more: (n: number) => string }> = {
  de: {
    articles: (n) => (n === 1 ? '1 neuer Artikel' : `${n} neue Artikel`),
    more: (n) => `${ELLIPSIS} und ${n} weitere`,
  },
  en: {
    articles: (n) => (n === 1 ? '1 new article' : `${n} new articles`),
    more: (n) => `${ELLIPSIS} and ${n} more`,
  },
};

/**
 * WhatsApp has no escape character. A marker only counts when it touches a word on one side
 * and a boundary on the other, so an invisible word joiner on both sides of every `*`, `_`, `~`
 * and backtick breaks the pairing whichever way the app classifies the joiner. Quote (`>`) and
 * list markers (`- `, `1. `) only act at the start of a line and get a joiner in front.
 */
export function neutraliseMarkup(text: string): string {
  return text
    .replace(/[*_~`]/g, (marker) => `${WORD_JOINER}${marker}${WORD_JOINER}`)
    .replace(/^([ \t]*)(>|-(?=\s)|\d+\.(?=\s))/gm, `$1${WORD_JOINER}$2`);
}

/** Titles and excerpts are one line/paragraph: stray newlines would break `*title*`. */
function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The first `words` words of `text`, with an ellipsis when cut. */
function firstWords(words: string[], count: number): string {
  if (count >= words.length) return words.join(' ');
  return count === 0 ? '' : `${words.slice(0, count).join(' ')}${ELLIPSIS}`;
}

/** Longest word-boundary cut of `raw` for which `render(cut)` fits in `max`. */
function fitByWords(raw: string, max: number, render: (cut: string) => string): string {
  const words = raw.split(' ');
  if (render(raw).length <= max) return raw;
  let lo = 0;
  let hi = words.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(firstWords(words, mid)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return firstWords(words, lo);
}

/** Code-point-safe hard cut, for a single giant word (emoji must not be split). */
function hardCut(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}${ELLIPSIS}`;
}

function articleBlock(title: string, excerpt: string, url: string): string {
  const parts = [`*${neutraliseMarkup(title)}*`];
  if (excerpt) parts.push(neutraliseMarkup(excerpt));
  parts.push(url);
  return parts.join('\n\n');
}

/**
 * One article: `*title*`, excerpt, link. Fits the caption limit by shortening the excerpt
 * first, then the title; the link is never cut.
 */
export function formatArticleMessage(article: WhatsAppArticle, maxLength = CAPTION_MAX_LENGTH): WhatsAppPost {
  const url = article.url.trim();
  let title = collapseWhitespace(article.title);
  const rawExcerpt = collapseWhitespace(article.excerpt ?? '');
  const excerpt = fitByWords(rawExcerpt, maxLength, (cut) => articleBlock(title, cut, url));
  if (articleBlock(title, excerpt, url).length > maxLength) {
    const full = title;
    title = fitByWords(full, maxLength, (cut) => articleBlock(cut, '', url));
    // Not even the first word fits: cut inside it, budgeting for the worst case of escaping
    // (a marker grows to three characters).
    if (!title) title = hardCut(full, Math.floor((maxLength - url.length - 6) / 3));
  }
  return { text: articleBlock(title, excerpt, url), imageUrl: article.imageUrl?.trim() || null };
}

export interface DigestOptions {
  /** Shown as the bold heading, e.g. "Huawei-News". */
  newsletterName: string;
  locale?: WhatsAppLocale;
  /** Add each article's excerpt below its title (off by default: digests stay scannable). */
  includeExcerpts?: boolean;
  maxLength?: number;
}

/** One message per issue: heading, then title and link of each article, newest first. */
export function formatDigestMessage(articles: readonly WhatsAppArticle[], options: DigestOptions): WhatsAppPost {
  const labels = LABELS[options.locale ?? 'de'];
  const max = options.maxLength ?? DIGEST_MAX_LENGTH;
  const heading = `*${neutraliseMarkup(collapseWhitespace(options.newsletterName))}*: ${labels.articles(articles.length)}`;
  const blocks = articles.map((article) => {
    const title = `*${neutraliseMarkup(collapseWhitespace(article.title))}*`;
    const excerpt = options.includeExcerpts ? neutraliseMarkup(collapseWhitespace(article.excerpt ?? '')) : '';
    return [title, excerpt, article.url.trim()].filter(Boolean).join('\n');
  });
  let shown = blocks.length;
  const render = (count: number): string => {
    const rest = blocks.length - count;
    return [heading, ...blocks.slice(0, count), ...(rest > 0 ? [labels.more(rest)] : [])].join('\n\n');
  };
  while (shown > 0 && render(shown).length > max) shown--;
  return { text: render(shown), imageUrl: null };
}
