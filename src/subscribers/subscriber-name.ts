import type { PageLocale } from './consent/consent-wording.js';

export const MAX_NAME_LENGTH = 200;

/** What is wrong with a subscriber's name, whoever supplied it. */
export type NameViolation = 'too-long' | 'control-characters';

/**
 * The one rule for a subscriber's name, wherever it comes from (/subscribe, /preferences, CSV
 * import, the admin API): at most MAX_NAME_LENGTH characters and no control characters (C0, DEL
 * or C1: the name ends up in mail greetings and headers). Callers trim before asking, as they
 * trim before storing.
 */
export function nameViolation(name: string): NameViolation | undefined {
  if (name.length > MAX_NAME_LENGTH) return 'too-long';
  if (/\p{Cc}/u.test(name)) return 'control-characters';
  return undefined;
}

/** The operator-facing wording (CSV import report, admin API 400), naming the field. */
export function nameViolationDetail(violation: NameViolation): string {
  return violation === 'too-long' ? `name: longer than ${MAX_NAME_LENGTH} characters` : 'name: contains control characters';
}

const NAME_MESSAGES: Readonly<Record<NameViolation, Readonly<Record<PageLocale, string>>>> = {
  'too-long': {
    de: `Der Name darf höchstens ${MAX_NAME_LENGTH} Zeichen lang sein.`,
    en: `The name may be at most ${MAX_NAME_LENGTH} characters long.`,
  },
  'control-characters': {
    de: 'Der Name darf keine Steuerzeichen wie Zeilenumbrüche enthalten.',
    en: 'The name must not contain control characters such as line breaks.',
  },
};

/**
 * The rule for the name a reader types on the public pages (/subscribe and /preferences). Returns
 * the message for the reader in their language, or undefined when the name is fine or absent.
 */
export function readerNameProblem(name: string | null, locale: PageLocale): { field: 'name'; message: string } | undefined {
  const violation = name === null ? undefined : nameViolation(name);
  return violation === undefined ? undefined : { field: 'name', message: NAME_MESSAGES[violation][locale] };
}
