import type { PageLocale } from './consent/consent-wording.js';

export const MAX_NAME_LENGTH = 200;

const NAME_MESSAGES: Readonly<Record<PageLocale, string>> = {
  de: `Der Name darf höchstens ${MAX_NAME_LENGTH} Zeichen lang sein.`,
  en: `The name may be at most ${MAX_NAME_LENGTH} characters long.`,
};

/**
 * The rule for the name a reader types on the public pages (/subscribe and /preferences): at most
 * MAX_NAME_LENGTH characters and no control characters (it ends up in mail greetings). Returns the
 * message for the reader in their language, or undefined when the name is fine or absent.
 */
export function readerNameProblem(name: string | null, locale: PageLocale): { field: 'name'; message: string } | undefined {
  if (name === null) return undefined;
  if (name.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(name)) return { field: 'name', message: NAME_MESSAGES[locale] };
  return undefined;
}
