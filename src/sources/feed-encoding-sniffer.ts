/**
 * Where a feed's character encoding came from. The order follows the rule and the XML
 * specification (appendix F): byte-order mark, then the byte pattern of `<?xml` in UTF-16/32,
 * then the XML declaration, then the HTTP charset, then "valid UTF-8, else windows-1252".
 */
export type EncodingOrigin = 'bom' | 'utf16-pattern' | 'declaration' | 'http' | 'default';

export interface EncodingGuess {
  /** A WHATWG or iconv label, lower-case; `utf-32…` is recognised only to be refused by name. */
  label: string;
  origin: EncodingOrigin;
  /** Bytes to skip before decoding (a byte-order mark). */
  skip: number;
}

/** A label that was found but is not used, with the reason (for the source's health). */
export interface IgnoredLabel {
  label: string;
  origin: 'declaration' | 'http';
  reason: 'unknown' | 'utf16-in-ascii';
}

/** Byte-order marks and the UTF-16/32 byte patterns of a document that starts with `<`. */
export function sniffByteLevelEncoding(body: Buffer): EncodingGuess | null {
  const [b0, b1, b2, b3] = [body[0], body[1], body[2], body[3]];
  // UTF-32 first: its little-endian BOM starts with the UTF-16LE one.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { label: 'utf-32le', origin: 'bom', skip: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { label: 'utf-32be', origin: 'bom', skip: 4 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { label: 'utf-8', origin: 'bom', skip: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { label: 'utf-16le', origin: 'bom', skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { label: 'utf-16be', origin: 'bom', skip: 2 };
  if (body.length < 4) return null;
  // No BOM: an ASCII character (`<`, or whitespace before it) padded with zero bytes.
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return { label: 'utf-32be', origin: 'utf16-pattern', skip: 0 };
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return { label: 'utf-32le', origin: 'utf16-pattern', skip: 0 };
  if (b0 === 0 && isAscii(b1) && b2 === 0 && isAscii(b3)) return { label: 'utf-16be', origin: 'utf16-pattern', skip: 0 };
  if (isAscii(b0) && b1 === 0 && isAscii(b2) && b3 === 0) return { label: 'utf-16le', origin: 'utf16-pattern', skip: 0 };
  return null;
}

/**
 * The `encoding` of the XML declaration. The declaration is ASCII in every ASCII-compatible
 * encoding, so reading the head as latin1 is safe. Whitespace before it is tolerated here too.
 */
export function declaredEncoding(body: Buffer): string | null {
  const head = body.subarray(0, 512).toString('latin1');
  const match = /^[\s\u00ef\u00bb\u00bf]*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

export function httpCharset(contentType?: string): string | null {
  const match = /;\s*charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

export function isUtf32(label: string): boolean {
  return /^utf-?32/.test(label) || label === 'ucs-4';
}

function isAscii(byte: number | undefined): boolean {
  return byte !== undefined && byte > 0 && byte < 0x80;
}
