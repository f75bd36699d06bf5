/**
 * The subscribe form carries a text field that people never see (moved off-screen with CSS and
 * `aria-hidden`, `tabindex="-1"`, `autocomplete="off"`), named like a field bots love to fill.
 * A filled field means a bot: answer with the usual "check your inbox" page and do nothing, so
 * the bot learns nothing.
 */
export const HONEYPOT_FIELD = 'website';

export function isHoneypotTripped(body: Readonly<Record<string, unknown>>): boolean {
  const value = body[HONEYPOT_FIELD];
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  // An array or object where a text field belongs is not something a browser sends.
  return true;
}
