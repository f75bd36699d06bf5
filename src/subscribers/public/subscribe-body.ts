import type { SubscribeInput } from '#src/subscribers/subscription.types.js';
import type { PreferencesInput } from '#src/subscribers/subscription.types.js';

/** Form posts send one value as a string and several as an array; JSON may send either. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item !== '');
  return [];
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function checked(value: unknown): boolean {
  return value === true || value === 'yes' || value === 'on' || value === 'true' || value === '1';
}

function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function readSubscribeBody(body: unknown): SubscribeInput {
  const raw = asRecord(body);
  return {
    email: typeof raw.email === 'string' ? raw.email : '',
    name: text(raw.name),
    newsletters: stringList(raw.newsletters),
    consent: checked(raw.consent),
    consentVersion: text(raw.consent_version ?? raw.consentVersion),
    raw,
  };
}

export function readPreferencesBody(body: unknown): PreferencesInput {
  const raw = asRecord(body);
  return { name: text(raw.name), newsletters: stringList(raw.newsletters), paused: checked(raw.paused) };
}
