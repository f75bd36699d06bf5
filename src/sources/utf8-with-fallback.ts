import iconv from 'iconv-lite';

// The 128 upper code points of windows-1252 (not Node 20's TextDecoder: it decodes them as Latin-1).
// The five bytes windows-1252 leaves undefined keep their C1 code point, as in the WHATWG table.
const WINDOWS_1252_HIGH = [...iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => i + 0x80)), 'windows-1252')].map((c, i) =>
  c === '\ufffd' ? String.fromCharCode(0x80 + i) : c,
);

/**
 * Decodes UTF-8, reading each byte that does not start a valid UTF-8 sequence as windows-1252.
 * A feed that mixes a UTF-8 template with Latin-1 article text (or is Latin-1 throughout but
 * labelled UTF-8) keeps both readable instead of turning into U+FFFD.
 */
export function decodeUtf8WithFallback(bytes: Buffer): { text: string; invalidBytes: number } {
  const parts: string[] = [];
  let runStart = 0;
  let invalidBytes = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    parts.push(bytes.toString('utf8', runStart, i), WINDOWS_1252_HIGH[bytes[i] - 0x80]);
    invalidBytes++;
    i++;
    runStart = i;
  }
  parts.push(bytes.toString('utf8', runStart, bytes.length));
  return { text: parts.join(''), invalidBytes };
}

/** Length of the well-formed UTF-8 sequence at `i` (WHATWG's byte ranges), or 0. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i];
  let needed: number;
  let lower = 0x80;
  let upper = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    needed = 2;
    if (lead === 0xe0) lower = 0xa0; // overlong
    if (lead === 0xed) upper = 0x9f; // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    needed = 3;
    if (lead === 0xf0) lower = 0x90; // overlong
    if (lead === 0xf4) upper = 0x8f; // above U+10FFFF
  } else return 0;
  for (let k = 1; k <= needed; k++) {
    const byte = bytes[i + k];
    if (byte === undefined) return 0;
    if (k === 1 ? byte < lower || byte > upper : byte < 0x80 || byte > 0xbf) return 0;
  }
  return needed + 1;
}
