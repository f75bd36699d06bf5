import { XMLValidator } from 'fast-xml-parser';
import { FeedParseError } from './feed-parse-error.js';

/**
 * WordPress plugins and themes often print a blank line (or a stray byte-order mark) before
 * `<?xml`. XML forbids it, common feed readers accept it, and so do we, with a warning.
 */
export function dropJunkBeforeDeclaration(xml: string, warnings: string[]): string {
  const match = /^[\s\uFEFF]+(?=<\?xml[\s?])/.exec(xml);
  if (!match) return xml;
  const what = match[0].includes('\uFEFF') ? 'a byte-order mark' : 'whitespace';
  warnings.push(`${what} before the XML declaration (not allowed in XML): ignored`);
  return xml.slice(match[0].length);
}

/**
 * The body as well-formed XML, or a FeedParseError naming line and column. The one repair a
 * lenient parser makes safely is a bare `&` (in `?a=1&b=2`, or "Huawei & Co") read as `&amp;`.
 */
export function wellFormed(xml: string, warnings: string[]): string {
  const result = XMLValidator.validate(xml);
  if (result === true) return xml;
  const { text, count } = escapeBareAmpersands(xml);
  if (count > 0 && XMLValidator.validate(text) === true) {
    warnings.push(`${count === 1 ? 'a bare "&"' : `${count} bare "&" characters`} (not allowed in XML, should be "&amp;"): read as "&"`);
    return text;
  }
  const { msg, line, col } = result.err;
  throw new FeedParseError(`malformed XML at line ${line}, column ${col}: ${msg}`);
}

// CDATA sections and comments may contain "&" freely and are passed through untouched.
const BARE_AMPERSAND = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[\da-fA-F]+);)/g;

function escapeBareAmpersands(xml: string): { text: string; count: number } {
  let count = 0;
  const text = xml.replace(BARE_AMPERSAND, (match) => {
    if (match !== '&') return match;
    count++;
    return '&amp;';
  });
  return { text, count };
}
