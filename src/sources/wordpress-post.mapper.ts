import { buildExcerpt, type ExcerptOptions } from './excerpt.js';
import { parseFeedDate } from './feed-date.js';
import { htmlToLine } from './html-text.js';
import { slugify, type ArticleTerm, type NormalizedArticle } from './normalized-article.js';
import { SourceDataError } from './source-data-error.js';
import { parseWith, wordpressPostSchema, type WordPressPost } from './wordpress-post.schema.js';

export interface WordPressMappingOptions {
  excerpt?: ExcerptOptions;
  /** The site's language (the REST API does not report it per post), e.g. `de-DE`. */
  language?: string;
}

/** A post from the WordPress REST API (with `_embed`) → article; throws SourceDataError on bad shape. */
export function mapWordPressPost(input: unknown, options: WordPressMappingOptions = {}): NormalizedArticle {
  const post = parseWith(wordpressPostSchema, input);
  const media = post._embedded?.['wp:featuredmedia']?.[0];
  const imageUrl = media?.source_url;
  const imageAlt = media?.alt_text?.trim();
  const imageCredit = media?.caption ? htmlToLine(media.caption.rendered) : '';
  const author = post._embedded?.author?.[0]?.name?.trim();
  const modifiedAt = wordpressGmtDate(post.modified_gmt);
  return {
    externalId: String(post.id),
    url: post.link,
    title: htmlToLine(post.title.rendered),
    excerpt: buildExcerpt({ excerptHtml: post.excerpt?.rendered, bodyHtml: post.content?.rendered }, options.excerpt),
    ...(imageUrl ? { imageUrl } : {}),
    ...(imageUrl && imageAlt ? { imageAlt } : {}),
    ...(imageUrl && imageCredit ? { imageCredit } : {}),
    ...(author ? { author } : {}),
    ...(options.language ? { language: options.language } : {}),
    publishedAt: publishedAtOf(post),
    ...(modifiedAt ? { modifiedAt } : {}),
    tags: termsOf(post, 'post_tag'),
    categories: termsOf(post, 'category'),
    status: post.status === 'publish' ? 'published' : 'withdrawn',
  };
}

function publishedAtOf(post: WordPressPost): Date {
  // `date_gmt` is null for drafts; `date` is then site-local time with no offset, read as UTC.
  const date = wordpressGmtDate(post.date_gmt) ?? parseFeedDate(post.date);
  if (!date) throw new SourceDataError('date_gmt', 'missing or not a date');
  return date;
}

/** WordPress writes `*_gmt` fields without an offset; they are UTC by definition. */
function wordpressGmtDate(value: string | null | undefined): Date | undefined {
  if (!value || value.startsWith('0000-00-00')) return undefined;
  return parseFeedDate(value) ?? undefined;
}

function termsOf(post: WordPressPost, taxonomy: 'post_tag' | 'category'): ArticleTerm[] {
  const terms: ArticleTerm[] = [];
  const seen = new Set<string>();
  for (const term of (post._embedded?.['wp:term'] ?? []).flat()) {
    if (term.taxonomy !== taxonomy || !term.name) continue;
    const name = htmlToLine(term.name); // WordPress stores "A &amp; B"
    const slug = term.slug ?? slugify(name);
    if (name && !seen.has(slug)) {
      seen.add(slug);
      terms.push({ name, slug });
    }
  }
  return terms;
}
