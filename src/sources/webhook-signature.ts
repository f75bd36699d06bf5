import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing scheme (documented for senders in docs/sources.md):
 *
 *   X-Postbote-Timestamp: <unix time in whole seconds>
 *   X-Postbote-Signature: sha256=<lower-case hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
 *
 * The MAC covers the exact request bytes, so the body must be verified before it is parsed. The
 * timestamp is inside the MAC and must be within five minutes of our clock: a captured request
 * cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'x-postbote-signature';
export const TIMESTAMP_HEADER = 'x-postbote-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignatureInput {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer | string;
  now?: Date;
  toleranceSeconds?: number;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function signWebhook(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `sha256=${mac(secret, String(timestamp), rawBody).toString('hex')}`;
}

export function verifyWebhookSignature(input: SignatureInput): SignatureCheck {
  const timestamp = input.timestamp?.trim() ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `missing or invalid ${TIMESTAMP_HEADER} header` };
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) {
    return { ok: false, reason: `timestamp more than ${tolerance} s away from server time` };
  }
  const match = /^sha256=([0-9a-f]{64})$/i.exec(input.signature?.trim() ?? '');
  if (!match) return { ok: false, reason: `missing or malformed ${SIGNATURE_HEADER} header` };
  const given = Buffer.from(match[1], 'hex');
  const expected = mac(input.secret, timestamp, input.rawBody);
  // Both are 32 bytes here, as timingSafeEqual requires.
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

function mac(secret: string, timestamp: string, rawBody: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}
