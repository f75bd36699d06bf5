import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison (hashes first, so lengths never leak through timing either). */
export function secretsMatch(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The secret a provider sent: the `X-Webhook-Secret` header, or the password of HTTP Basic auth
 * (SNS and Postmark can put credentials in the webhook URL but cannot set headers).
 */
export function presentedSecret(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-webhook-secret'];
  if (typeof header === 'string' && header) return header;
  const auth = headers.authorization;
  const match = typeof auth === 'string' ? /^Basic\s+(\S+)$/i.exec(auth) : null;
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}
