import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'preferences' | 'unsubscribe';

/**
 * What a token grants. A confirm token carries the subscriber row's `tokenVersion`: the DB accepts
 * it only while the row still holds that version and bumps the version on use, which makes the
 * confirm link single-use. Preferences and unsubscribe links sit in every mail ever sent, so they
 * are not tied to a version that changes.
 */
export type TokenClaims =
  | { readonly subscriberId: string; readonly purpose: 'confirm'; readonly tokenVersion: number }
  | { readonly subscriberId: string; readonly purpose: 'preferences' | 'unsubscribe' };

export type VerifiedToken = TokenClaims & { readonly expiresAt: Date | null };

export type TokenErrorReason =
  | 'malformed'
  | 'unsupported-version'
  | 'bad-signature'
  | 'wrong-purpose'
  | 'expired';

export class SubscriberTokenError extends Error {
  constructor(readonly reason: TokenErrorReason) {
    super(`token: ${reason}`);
    this.name = 'SubscriberTokenError';
  }
}

/** Lifetimes in seconds; `null` means the token never expires. */
export type TokenLifetimes = Readonly<Record<TokenPurpose, number | null>>;

/**
 * Confirm: 72 h as the issue says. Unsubscribe: never — an unsubscribe link in a years-old mail must
 * still work (leaving must be effortless; RFC 8058 one-click). Preferences: a year — the link can
 * change name and newsletters, so a forwarded old mail should not grant that forever, and every new
 * mail carries a fresh one.
 */
export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  confirm: 72 * 3600,
  preferences: 365 * 24 * 3600,
  unsubscribe: null,
};

export interface SubscriberTokenOptions {
  readonly secret: string;
  readonly lifetimes?: Partial<TokenLifetimes>;
  readonly now?: () => Date;
}

// Wire format: "s1.<base64url payload>.<base64url HMAC-SHA256>". The prefix allows a later scheme.
const SCHEME = 's1';
const PURPOSE_CODES: Readonly<Record<TokenPurpose, string>> = {
  confirm: 'c',
  preferences: 'p',
  unsubscribe: 'u',
};
const MIN_SECRET_LENGTH = 32;

interface Payload {
  readonly s: string;
  readonly p: string;
  readonly v?: number;
  readonly e?: number;
}

export class SubscriberTokenService {
  private readonly key: Buffer;
  private readonly lifetimes: TokenLifetimes;
  private readonly now: () => Date;

  constructor(options: SubscriberTokenOptions) {
    if (options.secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`token secret: must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    // A derived key, so the same server secret can also key the suppression hash safely.
    this.key = Buffer.from(hkdfSync('sha256', options.secret, '', 'postbote/subscriber-token/v1', 32));
    this.lifetimes = { ...DEFAULT_TOKEN_LIFETIMES, ...options.lifetimes };
    this.now = options.now ?? (() => new Date());
  }

  issue(claims: TokenClaims): string {
    const lifetime = this.lifetimes[claims.purpose];
    const payload: Payload = {
      s: claims.subscriberId,
      p: PURPOSE_CODES[claims.purpose],
      ...(claims.purpose === 'confirm' ? { v: claims.tokenVersion } : {}),
      ...(lifetime === null ? {} : { e: Math.floor(this.now().getTime() / 1000) + lifetime }),
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${SCHEME}.${body}.${this.sign(body)}`;
  }

  /** Verifies signature, purpose and expiry; throws {@link SubscriberTokenError}. */
  verify(token: string, expected: TokenPurpose): VerifiedToken {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((part) => part === '')) throw new SubscriberTokenError('malformed');
    const [scheme, body, signature] = parts as [string, string, string];
    if (scheme !== SCHEME) throw new SubscriberTokenError('unsupported-version');
    if (!this.signatureMatches(body, signature)) throw new SubscriberTokenError('bad-signature');
    const payload = decodePayload(body);
    if (payload.p !== PURPOSE_CODES[expected]) throw new SubscriberTokenError('wrong-purpose');
    const expiresAt = payload.e === undefined ? null : new Date(payload.e * 1000);
    if (expiresAt !== null && this.now().getTime() >= expiresAt.getTime()) {
      throw new SubscriberTokenError('expired');
    }
    if (expected === 'confirm') {
      if (payload.v === undefined) throw new SubscriberTokenError('malformed');
      return { subscriberId: payload.s, purpose: 'confirm', tokenVersion: payload.v, expiresAt };
    }
    return { subscriberId: payload.s, purpose: expected, expiresAt };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`${SCHEME}.${body}`, 'utf8').digest('base64url');
  }

  private signatureMatches(body: string, signature: string): boolean {
    // Compare the encoded strings, not decoded bytes: base64url decoding ignores stray bits and
    // characters, and an altered token must never verify.
    const expected = Buffer.from(this.sign(body), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    // Length is not secret (43 characters for every genuine token); the comparison must be.
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function decodePayload(body: string): Payload {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new SubscriberTokenError('malformed');
  }
  if (!isPayload(value)) throw new SubscriberTokenError('malformed');
  return value;
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const { s, p, v, e } = value as Record<string, unknown>;
  return (
    typeof s === 'string' &&
    s !== '' &&
    typeof p === 'string' &&
    (v === undefined || Number.isSafeInteger(v)) &&
    (e === undefined || Number.isSafeInteger(e))
  );
}
