import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { FeedParseError } from './feed-parse-error.js';
import { declaredEncoding, httpCharset, isUtf32, sniffByteLevelEncoding, type EncodingGuess, type IgnoredLabel } from './feed-encoding-sniffer.js';
import { decodeUtf8WithFallback } from './utf8-with-fallback.js';

export interface DecodedFeed {
  text: string;
  /** The encoding actually used, e.g. `utf-8`, `windows-1252`. */
  encoding: string;
  /** Every guess or repair, in words for the source's health. */
  warnings: string[];
}

// Encodings whose text is practically never valid UTF-8 by accident (Latin-1 "für" is not).
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|macintosh|ibm866|x-mac-cyrillic)$/;

/**
 * Turns feed bytes into a string the way browsers do (WHATWG Encoding Standard): `iso-8859-1`,
 * `latin1` and `us-ascii` mean windows-1252. Never silently replaces bytes with U+FFFD: whatever
 * was guessed or repaired is reported as a warning.
 */
export function decodeFeedBytes(body: Buffer | string, contentType?: string): DecodedFeed {
  if (typeof body === 'string') return { text: body, encoding: 'utf-8', warnings: [] };
  const byteLevel = sniffByteLevelEncoding(body);
  if (byteLevel) return decodeByteLevel(body, byteLevel);
  const warnings: string[] = [];
  const candidates = [
    { label: declaredEncoding(body), origin: 'declaration' as const },
    { label: httpCharset(contentType), origin: 'http' as const },
  ];
  for (const { label, origin } of candidates) {
    if (!label) continue;
    const encoding = resolveLabel(label);
    const ignored = encoding === null ? 'unknown' : encoding.startsWith('utf-16') ? 'utf16-in-ascii' : null;
    if (ignored) {
      warnings.push(ignoredLabelWarning({ label, origin, reason: ignored }));
      continue;
    }
    return decodeLabelled(body, encoding!, label, origin, warnings);
  }
  return decodeUtf8(body, null, warnings);
}

function decodeByteLevel(body: Buffer, guess: EncodingGuess): DecodedFeed {
  const name = guess.label.toUpperCase();
  if (isUtf32(guess.label)) {
    const how = guess.origin === 'bom' ? 'its byte-order mark' : 'the zero bytes around each character';
    throw new FeedParseError(`unsupported encoding: the feed is ${name} (recognised by ${how}); feed readers and browsers do not read UTF-32, the site should serve UTF-8`);
  }
  const bytes = body.subarray(guess.skip);
  if (guess.label === 'utf-8') return decodeUtf8(bytes, 'byte-order mark', []);
  const warnings = guess.origin === 'utf16-pattern' ? [`${name} without a byte-order mark: recognised by the zero bytes around each character, read as ${name}`] : [];
  return { text: decodeWith(bytes, guess.label), encoding: guess.label, warnings };
}

function decodeLabelled(body: Buffer, encoding: string, label: string, origin: 'declaration' | 'http', warnings: string[]): DecodedFeed {
  const where = origin === 'declaration' ? 'XML declaration' : 'HTTP Content-Type';
  if (encoding === 'utf-8') return decodeUtf8(body, where, warnings);
  if (SINGLE_BYTE.test(encoding) && !isAscii(body) && isUtf8(body)) {
    warnings.push(`the ${where} says ${label} but the feed is valid UTF-8: read as UTF-8`);
    return { text: body.toString('utf8'), encoding: 'utf-8', warnings };
  }
  if (encoding === 'windows-1252' && !/^(windows-1252|cp1252|x-cp1252)$/.test(label) && hasWindows1252Bytes(body)) {
    warnings.push(`the ${where} says ${label}, but the feed uses windows-1252 characters (€ „ “ – …): read as windows-1252, as browsers do`);
  }
  return { text: decodeWith(body, encoding), encoding, warnings };
}

/** UTF-8, or, where bytes are not valid UTF-8, those bytes as windows-1252 (with a warning). */
function decodeUtf8(body: Buffer, declaredBy: string | null, warnings: string[]): DecodedFeed {
  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf-8', warnings };
  const { text, invalidBytes } = decodeUtf8WithFallback(body);
  const bytes = invalidBytes === 1 ? '1 byte is' : `${invalidBytes} bytes are`;
  warnings.push(
    declaredBy
      ? `the ${declaredBy} says UTF-8, but ${bytes} not valid UTF-8: read those as windows-1252`
      : `no encoding declared and ${bytes} not valid UTF-8: read those as windows-1252`,
  );
  return { text, encoding: 'utf-8', warnings };
}

/**
 * The WHATWG name of a label (`latin1` → `windows-1252`), an iconv-only name, or null. Node's
 * `TextDecoder` knows the labels; it is not used to decode single-byte encodings, because Node 20
 * decodes windows-1252 as ISO-8859-1 (0x80–0x9F become C1 controls: the very bug to fix here).
 */
function resolveLabel(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return iconv.encodingExists(label) ? label : null;
  }
}

function decodeWith(body: Buffer, encoding: string): string {
  // iconv-lite strips a byte-order mark; TextDecoder covers the few it lacks (iso-2022-jp).
  return iconv.encodingExists(encoding) ? iconv.decode(body, encoding) : new TextDecoder(encoding).decode(body);
}

function ignoredLabelWarning({ label, origin, reason }: IgnoredLabel): string {
  const where = origin === 'declaration' ? 'XML declaration' : 'HTTP Content-Type';
  return reason === 'unknown'
    ? `the ${where} names an unknown encoding "${label}": ignored`
    : `the ${where} says ${label}, but the bytes are not UTF-16: ignored`;
}

function hasWindows1252Bytes(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) if (body[i] >= 0x80 && body[i] <= 0x9f) return true;
  return false;
}
