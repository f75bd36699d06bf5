import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { FetchError } from './fetch-error.js';
import { guardedLookup, literalAddressReason, PrivateAddressError } from './ssrf-guard.js';

export interface FeedFetcherOptions {
  /** Sent on every request; name the product and a contact URL so site owners can reach us. */
  userAgent?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow private/loopback/link-local targets (development, tests, intranet feeds). */
  allowPrivate?: boolean;
}

export interface FetchRequest {
  url: string;
  /** Validators from the previous successful fetch. */
  etag?: string | null;
  lastModified?: string | null;
  /** Extra headers such as `authorization`; sent to the source's origin only. */
  headers?: Record<string, string>;
  accept?: string;
}

export type FetchResult =
  | { notModified: true; url: string; etag?: string; lastModified?: string }
  | {
      notModified: false;
      /** The URL after redirects: base for resolving relative links. */
      url: string;
      status: number;
      body: Buffer;
      contentType?: string;
      etag?: string;
      lastModified?: string;
      headers: Record<string, string>;
    };

export const DEFAULT_USER_AGENT = 'Postbote/0.1 (self-hosted newsletter; feed reader)';
export const DEFAULT_FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Settings = Required<FeedFetcherOptions>;
type Deadline = { signal: AbortSignal; timedOut: () => boolean };

/** HTTP GET for feeds and APIs with the safety limits a poller of third-party URLs needs. */
export class FeedFetcher {
  private readonly settings: Settings;
  private readonly agent: Agent;

  constructor(options: FeedFetcherOptions = {}) {
    this.settings = {
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
      maxRedirects: options.maxRedirects ?? 5,
      allowPrivate: options.allowPrivate ?? false,
    };
    this.agent = new Agent(this.settings.allowPrivate ? {} : { connect: { lookup: guardedLookup } });
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    const deadline: Deadline = { signal: controller.signal, timedOut: () => timedOut };
    try {
      return await this.follow(request, deadline);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async follow(request: FetchRequest, deadline: Deadline): Promise<FetchResult> {
    const origin = parseTarget(request.url, request.url).origin;
    const visited = new Set<string>();
    let url = request.url;
    for (;;) {
      const target = parseTarget(url, request.url);
      this.assertAllowedHost(target);
      if (visited.has(target.href)) throw new FetchError('redirect', 'redirect loop', request.url);
      if (visited.size > this.settings.maxRedirects) {
        throw new FetchError('redirect', `more than ${this.settings.maxRedirects} redirects`, request.url);
      }
      visited.add(target.href);
      const response = await this.send(target, request, target.origin === origin, deadline);
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === 'string') {
        await response.body.dump();
        url = new URL(location, target).href;
        continue;
      }
      return this.toResult(response, target.href, request, deadline);
    }
  }

  private assertAllowedHost(target: URL): void {
    if (this.settings.allowPrivate) return;
    const reason = literalAddressReason(target.hostname);
    if (reason) throw new FetchError('private-address', reason, target.href);
  }

  private async send(target: URL, request: FetchRequest, sameOrigin: boolean, deadline: Deadline) {
    const headers: Record<string, string> = {
      'user-agent': this.settings.userAgent,
      accept: request.accept ?? DEFAULT_FEED_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
      // Credentials must not leak to another host a redirect points at.
      ...(sameOrigin ? lowerCaseKeys(request.headers ?? {}) : {}),
    };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    const options = { origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET' as const, headers, signal: deadline.signal };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.agent.request(options);
      } catch (err) {
        // A server may close a kept-alive connection just as we reuse it; the source is fine and
        // would otherwise back off for a whole poll. A GET is safe to repeat: once, at once, within
        // the same deadline. Timeouts and HTTP errors are answers and are not repeated.
        if (attempt > 1 || !isConnectionReset(err) || deadline.timedOut()) throw this.translate(err, target.href, deadline);
      }
    }
  }

  private async toResult(
    response: Dispatcher.ResponseData,
    url: string,
    request: FetchRequest,
    deadline: Deadline,
  ): Promise<FetchResult> {
    const etag = header(response, 'etag');
    const lastModified = header(response, 'last-modified');
    if (response.statusCode === 304) {
      await response.body.dump();
      return {
        notModified: true,
        url,
        etag: etag ?? request.etag ?? undefined,
        lastModified: lastModified ?? request.lastModified ?? undefined,
      };
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump().catch(() => undefined);
      throw new FetchError('http-status', `HTTP ${response.statusCode}`, url, response.statusCode);
    }
    const body = await this.readBody(response, url, deadline);
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const contentType = header(response, 'content-type');
    return { notModified: false, url, status: response.statusCode, body, contentType, etag, lastModified, headers };
  }

  private async readBody(response: Dispatcher.ResponseData, url: string, deadline: Deadline): Promise<Buffer> {
    const { maxBytes } = this.settings;
    const tooLarge = () => new FetchError('too-large', `response larger than ${maxBytes} bytes`, url);
    const declared = Number(header(response, 'content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.body.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let total = 0;
    // pipeline() may reject with its own abort error once we stop reading; remember ours.
    let capExceeded: FetchError | undefined;
    // The cap counts decoded bytes: a small gzip body must not inflate into gigabytes.
    const collect = async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        total += chunk.length;
        if (total > maxBytes) {
          capExceeded = tooLarge();
          throw capExceeded;
        }
        chunks.push(chunk);
      }
    };
    try {
      const decoder = decoderFor(header(response, 'content-encoding'), url);
      if (decoder) await pipeline(response.body as Readable, decoder, collect);
      else await pipeline(response.body as Readable, collect);
    } catch (err) {
      response.body.destroy();
      throw capExceeded ?? this.translate(err, url, deadline);
    }
    return Buffer.concat(chunks, total);
  }

  private translate(err: unknown, url: string, deadline: Deadline): FetchError {
    if (err instanceof FetchError) return err;
    if (deadline.timedOut()) {
      return new FetchError('timeout', `timeout after ${this.settings.timeoutMs} ms`, url, undefined, { cause: err });
    }
    const privateError = findCause(err, PrivateAddressError);
    if (privateError) return new FetchError('private-address', privateError.reason, url, undefined, { cause: err });
    const code = (err as { code?: unknown }).code;
    const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
    return new FetchError('network', `network error: ${detail}`, url, undefined, { cause: err });
  }
}

function parseTarget(url: string, original: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError('invalid-url', `invalid URL "${url}"`, original);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError('invalid-url', `unsupported protocol ${parsed.protocol}`, original);
  }
  return parsed;
}

function decoderFor(encoding: string | undefined, url: string): Transform | null {
  switch ((encoding ?? 'identity').trim().toLowerCase()) {
    case 'identity':
    case '':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new FetchError('network', `unsupported content-encoding "${encoding}"`, url);
  }
}

function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The peer dropped the connection: ECONNRESET (RST), or undici's "other side closed" (FIN). */
function isConnectionReset(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET';
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function findCause<T extends Error>(err: unknown, type: new (...args: never[]) => T): T | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof type) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
