import { createHash, randomUUID } from 'node:crypto';

export interface NewsletterHeaderInput {
  /** RFC 8058 one-click target (POST answers 200 and unsubscribes); must be https. */
  readonly unsubscribeUrl: string;
  /** Optional `mailto:` fallback, e.g. `unsubscribe+<token>@news.example.de`. */
  readonly unsubscribeMailto?: string;
  /** List-Id parts: `"<name>" <<slug>.<domain>>`. */
  readonly list: { readonly name: string; readonly slug: string; readonly domain: string };
  /** Domain of the sender; the Message-ID is generated on it. */
  readonly senderDomain: string;
  /**
   * Stable key of one delivery (e.g. `issue:42/subscriber:7`): a retry then carries the same
   * Message-ID, so mailboxes that de-duplicate by Message-ID hide a resent copy. Hashed, so no
   * internal ids leak.
   */
  readonly messageKey?: string;
  /** Gmail Feedback-ID parts, from most to least specific; the last one identifies the sender. */
  readonly feedback: { readonly campaignId: string; readonly newsletterId: string; readonly mailType: string; readonly senderId: string };
}

export interface NewsletterHeaders {
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

export class HeaderInputError extends Error {
  constructor(readonly field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'HeaderInputError';
  }
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;
const ATOM = /^[a-z0-9-]+$/i;
const FEEDBACK_PART = /^[A-Za-z0-9._-]+$/;

function oneLine(field: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new HeaderInputError(field, 'must not contain line breaks');
  return value;
}

function check(field: string, value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new HeaderInputError(field, `must be ${what}, got ${JSON.stringify(value)}`);
  return value;
}

function unsubscribeTargets(input: NewsletterHeaderInput): string {
  const url = oneLine('unsubscribeUrl', input.unsubscribeUrl);
  if (!URL.canParse(url) || !['https:', 'http:'].includes(new URL(url).protocol)) {
    throw new HeaderInputError('unsubscribeUrl', 'must be an http(s) URL');
  }
  // URL.href is ASCII: IDN hosts become punycode, other characters percent-encoded.
  const targets = [`<${new URL(url).href}>`];
  if (input.unsubscribeMailto !== undefined) {
    const mailto = oneLine('unsubscribeMailto', input.unsubscribeMailto);
    if (!/^mailto:[\x21-\x7e]+@[\x21-\x7e]+$/.test(mailto) || /[<>]/.test(mailto)) throw new HeaderInputError('unsubscribeMailto', 'must be a mailto: URI');
    targets.push(`<${mailto}>`);
  }
  return targets.join(', ');
}

/** A quoted string for ASCII names, RFC 2047 encoded words (≤ 75 chars each) otherwise. */
function listPhrase(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}"`;
  const words: string[] = [];
  let chunk = '';
  for (const char of name) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(' ');
}

function listId(list: NewsletterHeaderInput['list']): string {
  const slug = check('list.slug', list.slug, ATOM, 'letters, digits and "-"');
  const domain = check('list.domain', list.domain, DOMAIN, 'a domain name');
  return `${listPhrase(oneLine('list.name', list.name))} <${slug}.${domain}>`;
}

function messageId(input: NewsletterHeaderInput): string {
  const domain = check('senderDomain', input.senderDomain, DOMAIN, 'a domain name');
  const local = input.messageKey
    ? createHash('sha256').update(input.messageKey).digest('hex').slice(0, 32)
    : randomUUID();
  return `<${local}@${domain}>`;
}

function feedbackId(feedback: NewsletterHeaderInput['feedback']): string {
  return (['campaignId', 'newsletterId', 'mailType', 'senderId'] as const)
    .map((key) => check(`feedback.${key}`, feedback[key], FEEDBACK_PART, 'letters, digits, ".", "_" or "-"'))
    .join(':');
}

/**
 * Headers every newsletter message carries. List-Unsubscribe-Post stays a plain header: the
 * `list` option of nodemailer would turn it into a URL header.
 */
export function buildNewsletterHeaders(input: NewsletterHeaderInput): NewsletterHeaders {
  const id = messageId(input);
  // RFC 8058 allows one-click only for an https target. With a plain-http PUBLIC_URL (a local
  // install) the link still works for people, but mailbox providers must not POST to it.
  const oneClick = new URL(input.unsubscribeUrl).protocol === 'https:';
  return {
    messageId: id,
    headers: {
      'List-Unsubscribe': unsubscribeTargets(input),
      ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      'List-Id': listId(input.list),
      'Feedback-ID': feedbackId(input.feedback),
      Precedence: 'bulk',
      'Auto-Submitted': 'auto-generated',
    },
  };
}
