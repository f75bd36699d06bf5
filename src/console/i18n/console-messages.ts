import type { PageLocale } from '#src/subscribers/consent/consent-wording.js';
import { AUTH_MESSAGES } from './auth.messages.js';
import { DASHBOARD_MESSAGES } from './dashboard.messages.js';
import { FRAME_MESSAGES } from './frame.messages.js';
import { ISSUES_MESSAGES } from './issues.messages.js';
import { SOURCES_MESSAGES } from './sources.messages.js';

/** The console speaks the public pages' languages, German first. */
export type ConsoleLocale = PageLocale;
export const CONSOLE_LOCALES: readonly ConsoleLocale[] = ['de', 'en'];

/**
 * Every console string, per language. Each screen keeps its texts in its own `*.messages.ts`
 * (German defines the shape, English must match it) and is added here as one section; templates
 * read them as `{{t.section.key}}`.
 */
function catalog(locale: ConsoleLocale) {
  return { ...FRAME_MESSAGES[locale], auth: AUTH_MESSAGES[locale], dashboard: DASHBOARD_MESSAGES[locale], sources: SOURCES_MESSAGES[locale], issues: ISSUES_MESSAGES[locale] };
}

export type ConsoleMessages = ReturnType<typeof catalog>;

export const CONSOLE_MESSAGES: Readonly<Record<ConsoleLocale, ConsoleMessages>> = { de: catalog('de'), en: catalog('en') };

export const isConsoleLocale = (value: unknown): value is ConsoleLocale => typeof value === 'string' && (CONSOLE_LOCALES as readonly string[]).includes(value);
