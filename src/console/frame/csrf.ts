import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Synchronizer tokens without a table: the token is an HMAC of the session id (or, before login,
 * of a random pre-session cookie) under the server's secret key. A page on another site can make
 * the browser send the cookie but can neither read nor compute the token.
 */
export function csrfTokenFor(secretKey: string, binding: string): string {
  return createHmac('sha256', secretKey).update(`console-csrf:${binding}`).digest('base64url');
}

export function csrfTokenMatches(expected: string, offered: unknown): boolean {
  if (typeof offered !== 'string' || offered.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(offered), Buffer.from(expected));
}

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
