import path from 'node:path';
import type { ImageFetcher } from './channel-poster.js';
import type { WhatsAppMedia } from './whatsapp-client.port.js';

export interface HttpImageFetcherOptions {
  timeoutMs: number;
  /** Larger lead images are skipped (text-only post) rather than uploaded slowly. */
  maxBytes: number;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const DEFAULT_IMAGE_FETCHER_OPTIONS: HttpImageFetcherOptions = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024 };

/** Fetches a lead image over HTTP(S) into a base64 media payload; rejects with the reason. */
export function createHttpImageFetcher(options: HttpImageFetcherOptions = DEFAULT_IMAGE_FETCHER_OPTIONS): ImageFetcher {
  return async (url: string): Promise<WhatsAppMedia> => {
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
    if (!response.ok) throw new Error(`image ${url}: HTTP ${response.status}`);
    const mimetype = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!IMAGE_TYPES.has(mimetype)) throw new Error(`image ${url}: unsupported content type "${mimetype}"`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > options.maxBytes) throw new Error(`image ${url}: ${declared} bytes exceeds ${options.maxBytes}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length === 0) throw new Error(`image ${url}: empty body`);
    if (body.length > options.maxBytes) throw new Error(`image ${url}: ${body.length} bytes exceeds ${options.maxBytes}`);
    const filename = path.posix.basename(new URL(url).pathname) || 'image';
    return { mimetype, data: body.toString('base64'), filename };
  };
}
