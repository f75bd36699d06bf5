import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { getConsentWording, type PageLocale } from '#src/subscribers/consent/consent-wording.js';
import { PAGE_MESSAGES } from './page-messages.js';

export interface NewsletterChoice {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly checked: boolean;
}

/** What each page needs. URLs are built by the server (with the token in the query). */
export interface PageData {
  readonly subscribe: {
    readonly action: string;
    readonly consentVersion: string;
    readonly newsletters: readonly NewsletterChoice[];
    readonly values?: { readonly email?: string; readonly name?: string };
    readonly errors?: readonly string[];
  };
  readonly 'check-inbox': Record<string, never>;
  readonly confirmed: { readonly preferencesUrl: string | null };
  readonly preferences: {
    readonly action: string;
    readonly unsubscribeAction: string;
    readonly email: string;
    readonly name: string | null;
    readonly paused: boolean;
    readonly newsletters: readonly NewsletterChoice[];
    readonly saved?: boolean;
    readonly errors?: readonly string[];
  };
  readonly unsubscribe: { readonly action: string };
  readonly unsubscribed: { readonly subscribeUrl: string | null };
  readonly 'invalid-token': { readonly subscribeUrl: string | null };
  readonly 'rate-limited': { readonly retryAfterSeconds: number };
}

export type PageName = keyof PageData;

export const PAGE_NAMES: readonly PageName[] = [
  'subscribe',
  'check-inbox',
  'confirmed',
  'preferences',
  'unsubscribe',
  'unsubscribed',
  'invalid-token',
  'rate-limited',
];

/** Layout-level extras: a link to the same page in the other language. */
export interface RenderOptions {
  readonly alternateLanguageUrl?: string;
}

type Template = (context: unknown) => string;

/**
 * Renders the public subscriber pages from Handlebars templates in a configured directory
 * (`templates/pages/`, never `src/`). Handlebars escapes every `{{value}}`; the templates use no
 * triple-stash, and `strict` turns a missing field into an error instead of an empty string.
 */
export class PageRenderer {
  private constructor(private readonly templates: ReadonlyMap<PageName, Template>) {}

  static async load(templatesDir: string): Promise<PageRenderer> {
    const handlebars = Handlebars.create();
    const readTemplate = async (name: string): Promise<string> => {
      const file = join(templatesDir, `${name}.hbs`);
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`page templates: cannot read ${file}: ${(error as Error).message}`, { cause: error });
      }
    };
    handlebars.registerPartial('layout', await readTemplate('layout'));
    const templates = new Map<PageName, Template>();
    for (const page of PAGE_NAMES) {
      templates.set(page, handlebars.compile(await readTemplate(page), { strict: true }));
    }
    return new PageRenderer(templates);
  }

  render<P extends PageName>(page: P, locale: PageLocale, data: PageData[P], options: RenderOptions = {}): string {
    const template = this.templates.get(page);
    if (template === undefined) throw new Error(`page templates: no template for page "${page}"`);
    return template({
      lang: locale,
      t: PAGE_MESSAGES[locale],
      alternateLanguageUrl: options.alternateLanguageUrl ?? null,
      alternateLang: locale === 'de' ? 'en' : 'de',
      ...viewModel(page, locale, data),
    });
  }
}

function choices(list: readonly NewsletterChoice[]): readonly NewsletterChoice[] {
  return list.map((choice, index) => ({ ...choice, id: `nl-${index}` }));
}

/** Fills every optional field, since strict templates reject missing ones. */
function viewModel<P extends PageName>(page: P, locale: PageLocale, data: PageData[P]): Record<string, unknown> {
  if (page === 'subscribe') {
    const subscribe = data as PageData['subscribe'];
    return {
      ...subscribe,
      newsletters: choices(subscribe.newsletters),
      values: { email: subscribe.values?.email ?? '', name: subscribe.values?.name ?? '' },
      errors: subscribe.errors ?? [],
      consentText: getConsentWording(subscribe.consentVersion).text[locale],
    };
  }
  if (page === 'preferences') {
    const preferences = data as PageData['preferences'];
    return {
      ...preferences,
      name: preferences.name ?? '',
      newsletters: choices(preferences.newsletters),
      saved: preferences.saved ?? false,
      errors: preferences.errors ?? [],
    };
  }
  if (page === 'rate-limited') {
    const { retryAfterSeconds } = data as PageData['rate-limited'];
    return { retryAfterMinutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) };
  }
  return { ...data };
}
