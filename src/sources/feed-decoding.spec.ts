import iconv from 'iconv-lite';
import { decodeFeedBytes } from './feed-decoding.js';
import { FeedParseError } from './feed-parse-error.js';
import { decodeUtf8WithFallback } from './utf8-with-fallback.js';

const doc = (decl: string, text: string) => `${decl}<rss version="2.0"><channel><title>${text}</title></channel></rss>`;

describe('decodeFeedBytes', () => {
  it('reads UTF-16BE without a byte-order mark, with a warning', () => {
    const { text, warnings } = decodeFeedBytes(iconv.encode(doc('<?xml version="1.0"?>', 'Grüße'), 'utf-16be'));
    expect(text).toContain('<title>Grüße</title>');
    expect(warnings).toEqual([expect.stringMatching(/^UTF-16BE without a byte-order mark/)]);
  });

  it('refuses UTF-32 with a byte-order mark by name', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('<\0\0\0')]);
    expect(() => decodeFeedBytes(body)).toThrow(new FeedParseError('unsupported encoding: the feed is UTF-32LE (recognised by its byte-order mark); feed readers and browsers do not read UTF-32, the site should serve UTF-8'));
  });

  it('ignores a declared UTF-16 in a document that is not, and an unknown label', () => {
    expect(decodeFeedBytes(Buffer.from(doc('<?xml version="1.0" encoding="UTF-16"?>', 'Grüße')))).toMatchObject({
      text: expect.stringContaining('Grüße'),
      warnings: ['the XML declaration says utf-16, but the bytes are not UTF-16: ignored'],
    });
    const unknown = decodeFeedBytes(iconv.encode(doc('<?xml version="1.0" encoding="x-klingon"?>', 'Grüße'), 'latin1'), 'text/xml; charset=iso-8859-15');
    expect(unknown.text).toContain('Grüße');
    expect(unknown.warnings).toEqual(['the XML declaration names an unknown encoding "x-klingon": ignored']);
  });

  it('reads a feed labelled windows-1252 that is valid UTF-8 as UTF-8', () => {
    const { text, warnings } = decodeFeedBytes(Buffer.from(doc('<?xml version="1.0" encoding="windows-1252"?>', 'Grüße „zitiert“')));
    expect(text).toContain('Grüße „zitiert“');
    expect(warnings).toEqual(['the XML declaration says windows-1252 but the feed is valid UTF-8: read as UTF-8']);
  });

  it('reads a clean UTF-8 or ISO-8859-1 feed without warnings', () => {
    expect(decodeFeedBytes(Buffer.from(doc('<?xml version="1.0" encoding="utf-8"?>', 'Grüße'))).warnings).toEqual([]);
    expect(decodeFeedBytes(iconv.encode(doc('<?xml version="1.0" encoding="ISO-8859-1"?>', 'Grüße'), 'latin1')).warnings).toEqual([]);
  });
});

describe('decodeUtf8WithFallback', () => {
  it('keeps valid UTF-8 and reads each invalid byte as windows-1252', () => {
    const mixed = Buffer.concat([Buffer.from('Grüße '), iconv.encode('Köln €', 'windows-1252'), Buffer.from(' – Ende')]);
    expect(decodeUtf8WithFallback(mixed)).toEqual({ text: 'Grüße Köln € – Ende', invalidBytes: 2 });
  });

  it.each([
    ['an overlong encoding', [0xc0, 0xaf], 'À¯'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 'í\u00a0€'],
    ['a truncated sequence at the end', [0x41, 0xe2, 0x82], 'Aâ‚'],
    ['a byte windows-1252 leaves undefined', [0x81], '\u0081'],
  ])('treats %s as windows-1252 bytes', (_what, bytes, expected) => {
    expect(decodeUtf8WithFallback(Buffer.from(bytes)).text).toBe(expected);
  });
});
