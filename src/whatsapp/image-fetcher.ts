import path from 'node:path';
import { FeedFetcher } from '#src/sources/feed-fetcher.js';
import { FetchError } from '#src/sources/fetch-error.js';
import type { ImageFetcher } from './channel-poster.js';
import type { WhatsAppMedia } from './whatsapp-client.port.js';

export interface HttpImageFetcherOptions {
  timeoutMs: number;
  /** Larger lead images are skipped (text-only post) rather than uploaded slowly. */
  maxBytes: number;
  /** Allow private/loopback/link-local targets (ALLOW_PRIVATE_SOURCES: development, intranet). */
  allowPrivate: boolean;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const DEFAULT_IMAGE_FETCHER_OPTIONS: HttpImageFetcherOptions = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, allowPrivate: false };

/**
 * Fetches a lead image into a base64 media payload; rejects with the reason. Image URLs come from
 * feeds, i.e. from outside: they go through the same guarded fetcher as the sources (private
 * addresses refused on every redirect hop, one deadline, a size cap on the decoded body).
 */
export function createHttpImageFetcher(options: HttpImageFetcherOptions = DEFAULT_IMAGE_FETCHER_OPTIONS): ImageFetcher {
  const fetcher = new FeedFetcher({ timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, allowPrivate: options.allowPrivate });
  return async (url: string): Promise<WhatsAppMedia> => {
    let result;
    try {
      result = await fetcher.fetch({ url, accept: [...IMAGE_TYPES].join(', ') });
    } catch (error) {
      throw new Error(`image ${url}: ${error instanceof FetchError ? error.reason : String(error)}`, { cause: error });
    }
    if (result.notModified) throw new Error(`image ${url}: HTTP 304 without a conditional request`);
    const mimetype = (result.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!IMAGE_TYPES.has(mimetype)) throw new Error(`image ${url}: unsupported content type "${mimetype}"`);
    if (result.body.length === 0) throw new Error(`image ${url}: empty body`);
    const filename = path.posix.basename(new URL(result.url).pathname) || 'image';
    return { mimetype, data: result.body.toString('base64'), filename };
  };
}
