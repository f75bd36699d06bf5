import { z } from 'zod';
import { findNulCharacter, NUL_CHARACTER_REASON } from '#src/validation/nul-character.js';
import { buildExcerpt, type ExcerptOptions } from './excerpt.js';
import { parseFeedDate } from './feed-date.js';
import { htmlToLine } from './html-text.js';
import { termsFromNames, type NormalizedArticle } from './normalized-article.js';
import { SourceDataError } from './source-data-error.js';
import { mapWordPressPost, type WordPressMappingOptions } from './wordpress-post.mapper.js';
import { parseWith } from './wordpress-post.schema.js';

export type WebhookPayload =
  | { kind: 'article'; article: NormalizedArticle }
  | { kind: 'post-changed'; postId: number }
  | { kind: 'post-deleted'; postId: number };

const httpUrl = z.url({ protocol: /^https?$/ });

const actionSchema = z.object({
  action: z.enum(['changed', 'deleted']),
  postId: z.coerce.number().int().positive(),
});

const minimalSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).optional(),
  url: httpUrl,
  title: z.string().min(1),
  tags: z.array(z.string()).default([]),
  publishedAt: z.string().refine((s) => parseFeedDate(s) !== null, 'not a date'),
  excerpt: z.string().optional(),
  imageUrl: httpUrl.optional(),
});

/**
 * A verified webhook body → what to do. Accepted shapes, decided by their keys:
 * `{action, postId}` ("post N changed/deleted": fetch it), a WordPress REST post (`title.rendered`),
 * or the minimal `{url, title, tags, publishedAt, excerpt?, imageUrl?, id?}`.
 */
export function parseWebhookPayload(
  body: unknown,
  options: WordPressMappingOptions & { excerpt?: ExcerptOptions } = {},
): WebhookPayload {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SourceDataError('', 'body must be a JSON object');
  }
  // Anywhere in the body, stored or not: the sender learns the field and fixes it.
  const nulAt = findNulCharacter(body);
  if (nulAt !== undefined) throw new SourceDataError(nulAt, NUL_CHARACTER_REASON);
  if ('action' in body) {
    const { action, postId } = parseWith(actionSchema, body);
    return { kind: action === 'changed' ? 'post-changed' : 'post-deleted', postId };
  }
  if (isWordPressShaped(body)) return { kind: 'article', article: mapWordPressPost(body, options) };
  return { kind: 'article', article: mapMinimal(body, options.excerpt) };
}

function isWordPressShaped(body: object): boolean {
  const title = (body as { title?: unknown }).title;
  return typeof title === 'object' && title !== null && 'rendered' in title;
}

function mapMinimal(body: object, excerptOptions?: ExcerptOptions): NormalizedArticle {
  const data = parseWith(minimalSchema, body);
  const title = htmlToLine(data.title);
  if (!title) throw new SourceDataError('title', 'empty after removing markup');
  return {
    externalId: data.id !== undefined ? String(data.id) : data.url,
    url: data.url,
    title,
    excerpt: buildExcerpt({ excerptHtml: data.excerpt }, excerptOptions),
    ...(data.imageUrl ? { imageUrl: data.imageUrl } : {}),
    publishedAt: parseFeedDate(data.publishedAt)!,
    tags: termsFromNames(data.tags),
    categories: [],
    status: 'published',
  };
}
