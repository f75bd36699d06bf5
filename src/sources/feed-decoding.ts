import iconv from 'iconv-lite';
import { FeedParseError } from './feed-parse-error.js';

/**
 * Turns feed bytes into a string. Order: byte-order mark, then the XML prolog's `encoding`, then
 * the HTTP charset, then UTF-8. The prolog wins over HTTP because shared hosts commonly add a
 * blanket `charset=UTF-8` to feeds that really are ISO-8859-1 or windows-1252.
 */
export function decodeFeedBytes(body: Buffer | string, contentType?: string): string {
  if (typeof body === 'string') return body;
  const encoding = bomEncoding(body) ?? prologEncoding(body) ?? charsetOf(contentType) ?? 'utf-8';
  if (!iconv.encodingExists(encoding)) throw new FeedParseError(`unsupported encoding ${JSON.stringify(encoding)}`);
  // iconv-lite strips a BOM by default.
  return iconv.decode(body, encoding);
}

function bomEncoding(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}

function prologEncoding(body: Buffer): string | null {
  // The prolog is ASCII in every ASCII-compatible encoding, so latin1 reads it safely.
  const head = body.subarray(0, 256).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

function charsetOf(contentType?: string): string | null {
  const match = /charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}
