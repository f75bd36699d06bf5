import { randomBytes } from 'node:crypto';
import { hashTokenSecret } from '#src/auth/api-token.secret.js';

/** A random link token (256 bits) and the hash stored for it; the token itself is never stored. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashTokenSecret(token) };
}

export const hashLinkToken = (token: string): string => hashTokenSecret(token);

export const SETUP_LINK_HOURS = 24;
export const PASSWORD_LINK_HOURS = 72;
