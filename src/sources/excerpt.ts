import type { TextPattern } from './boilerplate-pattern.js';
import { htmlToParagraphs, collapseWhitespace } from './html-text.js';

export interface ExcerptOptions {
  /** Maximum length in characters, including the trailing "…". Default 300. */
  maxLength?: number;
  /** Site-specific boilerplate: a paragraph or sentence matching any of these is dropped. */
  boilerplatePatterns?: readonly TextPattern[];
}

export interface ExcerptInput {
  /** WordPress `excerpt.rendered` or a feed's `<description>`/`<summary>` (HTML). */
  excerptHtml?: string | null;
  /** The full body (`content.rendered`, `content:encoded`, Atom `<content>`). */
  bodyHtml?: string | null;
}

export const DEFAULT_EXCERPT_LENGTH = 300;

/**
 * Boilerplate found on WordPress news sites. Matched against whole paragraphs and, for
 * auto-generated excerpts that flatten paragraphs, against single sentences.
 */
export const DEFAULT_BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /^via\s+\S/i, // source line: "via CNBC, SCMP, TheVerge"
  /^(quelle|source|bild|foto|image|credit|bildquelle)\s*:/i,
  /^(folg(e|t)|abonnier(e|t)|join|follow)\b.*\b(whatsapp|telegram|newsletter|google news|kanal|channel)\b/i,
  /affiliate-links?/i,
  /^(kommentar verfassen|antworten abbrechen|leave a (reply|comment)|\d+ kommentare?)$/i,
  /^bleibt bitte nett zueinander/i,
  /^@?[\w.-]+,\s*(unsplash|pixabay|pexels|shutterstock|getty images|istock|dpa)$/i,
];

// An unrendered shortcode, after entity decoding: `[name attr=”value″ …]` or `[/name]`. Quotes may
// be straight or typographic, so attributes are matched as "anything but a closing bracket".
const SHORTCODE = /\[\/?[a-z][\w-]*(?:\s[^\]]*)?\]/gi;
// WordPress's "more" marker at the end of an automatic excerpt: " […]" or " [...]".
const MORE_MARKER = /\s*\[(?:…|\.\.\.)\]\s*$/;
const SENTENCE_BREAK = /(?<=[.!?…“"])\s+/;

/**
 * Teaser text: the source's excerpt when it is clean, otherwise the first sentences of the body,
 * cut at a word boundary with "…".
 */
export function buildExcerpt(input: ExcerptInput, options: ExcerptOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_EXCERPT_LENGTH;
  const patterns = [...DEFAULT_BOILERPLATE_PATTERNS, ...(options.boilerplatePatterns ?? [])];
  const fromExcerpt = input.excerptHtml ? cleanExcerpt(input.excerptHtml, patterns) : null;
  if (fromExcerpt !== null) return truncate(fromExcerpt.text, maxLength, fromExcerpt.cut);
  const fromBody = input.bodyHtml ? cleanParagraphs(input.bodyHtml, patterns).join(' ') : '';
  if (fromBody) return truncate(fromBody, maxLength, false);
  // A body that is all boilerplate: better a cleaned excerpt than nothing.
  const fallback = input.excerptHtml ? cleanParagraphs(input.excerptHtml, patterns).join(' ') : '';
  return truncate(fallback.replace(MORE_MARKER, ''), maxLength, MORE_MARKER.test(fallback));
}

/** The excerpt's text if it contains no shortcode and no boilerplate at all, else null. */
function cleanExcerpt(html: string, patterns: readonly TextPattern[]): { text: string; cut: boolean } | null {
  const joined = htmlToParagraphs(html).join(' ');
  const cut = MORE_MARKER.test(joined);
  const text = joined.replace(MORE_MARKER, '');
  if (!text || hasShortcode(text)) return null;
  const sentences = text.split(SENTENCE_BREAK);
  if (sentences.some((s) => isBoilerplate(s, patterns))) return null;
  return { text, cut };
}

function cleanParagraphs(html: string, patterns: readonly TextPattern[]): string[] {
  return htmlToParagraphs(html)
    .map((p) => collapseWhitespace(p.replace(SHORTCODE, ' ')))
    .filter((p) => p.length > 0 && !isBoilerplate(p, patterns));
}

function hasShortcode(text: string): boolean {
  SHORTCODE.lastIndex = 0;
  return SHORTCODE.test(text);
}

function isBoilerplate(text: string, patterns: readonly TextPattern[]): boolean {
  const trimmed = text.trim();
  return patterns.some((p) => {
    if (p instanceof RegExp) p.lastIndex = 0; // a caller's /g pattern would otherwise remember its position
    return p.test(trimmed);
  });
}

/**
 * Cuts at the last word boundary that leaves room for "…". `alreadyCut` marks text the source
 * already shortened (WordPress's "[…]"), which gets the ellipsis even when short enough.
 */
export function truncate(text: string, maxLength: number, alreadyCut = false): string {
  const clean = collapseWhitespace(text);
  if (clean.length <= maxLength && !alreadyCut) return clean;
  if (clean.length < maxLength) return `${stripTrailingPunctuation(clean)}…`;
  const room = clean.slice(0, maxLength); // maxLength - 1 chars of text plus the boundary char
  const boundary = room.lastIndexOf(' ');
  const head = boundary > 0 ? room.slice(0, boundary) : clean.slice(0, maxLength - 1);
  return `${stripTrailingPunctuation(head)}…`;
}

function stripTrailingPunctuation(text: string): string {
  return text.replace(/[\s,;:–—-]+$/u, '');
}
