import type { PageLocale } from './consent/consent-wording.js';

/** Who made a request, for the consent record. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly locale: PageLocale;
}

export interface SubscribeInput {
  readonly email: string;
  readonly name: string | null;
  readonly newsletters: readonly string[];
  readonly consent: boolean;
  readonly consentVersion: string | null;
  /** The whole body, for the honeypot check. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export type SubscribeOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'invalid'; readonly errors: readonly { field: string; message: string }[] }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number };

export interface PreferencesInput {
  readonly name: string | null;
  readonly newsletters: readonly string[];
  readonly paused: boolean;
}
