import Negotiator from 'negotiator';
import type { PageLocale } from '#src/subscribers/consent/consent-wording.js';

export const PAGE_LOCALES: readonly PageLocale[] = ['de', 'en'];
export const DEFAULT_PAGE_LOCALE: PageLocale = 'de';

function isPageLocale(value: string): value is PageLocale {
  return (PAGE_LOCALES as readonly string[]).includes(value);
}

/**
 * `?lang=` wins (a reader's explicit choice), then the browser's Accept-Language, then German —
 * the site's language. Unknown values fall through rather than erroring: it's only a preference.
 */
export function resolvePageLocale(request: { readonly lang?: unknown; readonly acceptLanguage?: string }): PageLocale {
  if (typeof request.lang === 'string') {
    const wanted = request.lang.trim().toLowerCase().slice(0, 2);
    if (isPageLocale(wanted)) return wanted;
  }
  if (request.acceptLanguage !== undefined && request.acceptLanguage.trim() !== '') {
    const negotiator = new Negotiator({ headers: { 'accept-language': request.acceptLanguage } });
    // The default first: when the browser ranks both equally, the site's language wins.
    const best = negotiator.language([DEFAULT_PAGE_LOCALE, ...PAGE_LOCALES.filter((l) => l !== DEFAULT_PAGE_LOCALE)]);
    if (best !== undefined && isPageLocale(best)) return best;
  }
  return DEFAULT_PAGE_LOCALE;
}
