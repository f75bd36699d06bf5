import { createHmac, hkdfSync } from 'node:crypto';
import { domainToASCII, domainToUnicode } from 'node:url';
import validator from 'validator';

/**
 * A normalised email address.
 *
 * - `key` identifies a subscriber: the local part exactly as typed, `@`, the domain in lower-case
 *   ASCII (punycode). The issue asks for case-insensitive comparison on the domain part only:
 *   RFC 5321 lets a mail server treat `Max` and `max` as different mailboxes.
 * - `suppressionKey` is the whole address lower-cased. The suppression list errs on the side of
 *   not mailing: someone who unsubscribed as `Max@…` is not mailed again as `max@…`.
 * - `display` keeps the Unicode domain for pages and admin lists; mail is sent to `ascii`.
 */
export interface EmailAddress {
  readonly local: string;
  readonly domainAscii: string;
  readonly domainUnicode: string;
  readonly ascii: string;
  readonly display: string;
  readonly key: string;
  readonly suppressionKey: string;
}

export type EmailInvalidReason =
  | 'empty'
  | 'missing @'
  | 'more than one @'
  | 'contains whitespace'
  | 'local part is empty'
  | 'local part is too long'
  | 'local part must be ASCII'
  | 'domain is empty'
  | 'domain has no dot'
  | 'domain is not a valid domain name'
  | 'address is too long'
  | 'invalid syntax';

export class InvalidEmailError extends Error {
  constructor(readonly reason: EmailInvalidReason) {
    super(`email: ${reason}`);
    this.name = 'InvalidEmailError';
  }
}

export type EmailParseResult =
  | { readonly ok: true; readonly address: EmailAddress }
  | { readonly ok: false; readonly reason: EmailInvalidReason; readonly message: string };

// RFC 5321 limits: 64 octets local part, 254 for a forward path without the angle brackets.
const MAX_LOCAL_LENGTH = 64;
const MAX_ADDRESS_LENGTH = 254;

function splitAddress(trimmed: string): { local: string; domain: string } {
  if (trimmed === '') throw new InvalidEmailError('empty');
  if (/\s/u.test(trimmed)) throw new InvalidEmailError('contains whitespace');
  const at = trimmed.lastIndexOf('@');
  if (at === -1) throw new InvalidEmailError('missing @');
  if (trimmed.indexOf('@') !== at) throw new InvalidEmailError('more than one @');
  return { local: trimmed.slice(0, at), domain: trimmed.slice(at + 1) };
}

function checkLocalPart(local: string): void {
  if (local === '') throw new InvalidEmailError('local part is empty');
  if (local.length > MAX_LOCAL_LENGTH) throw new InvalidEmailError('local part is too long');
  // SMTPUTF8 mailboxes are rare and many relays reject them: accept IDN domains only.
  if (!/^[\x21-\x7e]+$/u.test(local)) throw new InvalidEmailError('local part must be ASCII');
}

function toAsciiDomain(domain: string): string {
  if (domain === '') throw new InvalidEmailError('domain is empty');
  const ascii = domainToASCII(domain);
  if (ascii === '') throw new InvalidEmailError('domain is not a valid domain name');
  if (!ascii.includes('.')) throw new InvalidEmailError('domain has no dot');
  return ascii;
}

/** Trims, validates and normalises an address; throws {@link InvalidEmailError}. */
export function parseEmailAddress(input: string): EmailAddress {
  const { local, domain } = splitAddress(input.trim());
  checkLocalPart(local);
  const domainAscii = toAsciiDomain(domain);
  const ascii = `${local}@${domainAscii}`;
  if (ascii.length > MAX_ADDRESS_LENGTH) throw new InvalidEmailError('address is too long');
  const syntaxOk = validator.isEmail(ascii, {
    allow_display_name: false,
    allow_utf8_local_part: false,
    require_tld: true,
    allow_ip_domain: false,
    allow_underscores: false,
  });
  if (!syntaxOk) throw new InvalidEmailError('invalid syntax');
  const domainUnicode = domainToUnicode(domainAscii);
  return {
    local,
    domainAscii,
    domainUnicode,
    ascii,
    display: `${local}@${domainUnicode}`,
    key: ascii,
    suppressionKey: ascii.toLowerCase(),
  };
}

/** Like {@link parseEmailAddress} but returns the reason instead of throwing (bulk paths). */
export function tryParseEmailAddress(input: string): EmailParseResult {
  try {
    return { ok: true, address: parseEmailAddress(input) };
  } catch (error) {
    if (error instanceof InvalidEmailError) {
      return { ok: false, reason: error.reason, message: error.message };
    }
    throw error;
  }
}

const SUPPRESSION_INFO = 'postbote/suppression-hash/v1';

/**
 * Keyed hash for the suppression list, kept after a subscriber is erased. HMAC (not a plain hash)
 * so a leaked table cannot be reversed by hashing a list of known addresses. The HMAC key is
 * derived from the server secret with HKDF so it differs from the token-signing key.
 */
export function suppressionHash(address: EmailAddress, serverSecret: string): string {
  const key = Buffer.from(hkdfSync('sha256', serverSecret, '', SUPPRESSION_INFO, 32));
  return createHmac('sha256', key).update(address.suppressionKey, 'utf8').digest('hex');
}
