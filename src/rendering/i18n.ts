/** Locales a newsletter can be rendered in. German is the default of the site. */
export type RenderLocale = 'de' | 'en';

export const RENDER_LOCALES: readonly RenderLocale[] = ['de', 'en'];

/** UI strings used by the templates (`{{t.key}}`); article data never goes here. */
export interface UiStrings {
  readonly intlLocale: string;
  readonly greetingWithName: string;
  readonly greeting: string;
  readonly digestIntro: string;
  readonly readMore: string;
  readonly imageCredit: string;
  readonly viewInBrowser: string;
  readonly unsubscribe: string;
  readonly preferences: string;
  readonly imprint: string;
  readonly responsibleEditor: string;
  readonly whyReceived: string;
  readonly confirmSubject: string;
  readonly confirmIntro: string;
  readonly confirmButton: string;
  readonly confirmValidity: string;
  readonly confirmIgnore: string;
}

// `{name}`, `{site}` and `{hours}` are filled in by the renderer before Handlebars sees the strings.
export const UI_STRINGS: Readonly<Record<RenderLocale, UiStrings>> = {
  de: {
    intlLocale: 'de-DE',
    greetingWithName: 'Hallo {name},',
    greeting: 'Hallo,',
    digestIntro: 'hier sind die neuesten Artikel für Sie:',
    readMore: 'Weiterlesen',
    imageCredit: 'Bild',
    viewInBrowser: 'Im Browser ansehen',
    unsubscribe: 'Abmelden',
    preferences: 'Einstellungen ändern',
    imprint: 'Impressum',
    responsibleEditor: 'Verantwortlich i. S. d. § 18 Abs. 2 MStV',
    whyReceived: 'Sie erhalten diese E-Mail, weil Sie den Newsletter abonniert haben.',
    confirmSubject: 'Bitte bestätigen Sie Ihr Abonnement bei {site}',
    confirmIntro: 'bitte bestätigen Sie, dass Sie folgende Newsletter erhalten möchten:',
    confirmButton: 'Abonnement bestätigen',
    confirmValidity: 'Der Link ist {hours} Stunden gültig.',
    confirmIgnore:
      'Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach – Sie erhalten dann keine weiteren Nachrichten.',
  },
  en: {
    intlLocale: 'en-GB',
    greetingWithName: 'Hello {name},',
    greeting: 'Hello,',
    digestIntro: 'here are the latest articles for you:',
    readMore: 'Read more',
    imageCredit: 'Image',
    viewInBrowser: 'View in browser',
    unsubscribe: 'Unsubscribe',
    preferences: 'Change preferences',
    imprint: 'Imprint',
    responsibleEditor: 'Responsible editor (§ 18 (2) MStV)',
    whyReceived: 'You receive this email because you subscribed to the newsletter.',
    confirmSubject: 'Please confirm your subscription to {site}',
    confirmIntro: 'please confirm that you want to receive these newsletters:',
    confirmButton: 'Confirm subscription',
    confirmValidity: 'The link is valid for {hours} hours.',
    confirmIgnore: 'If you did not sign up, simply ignore this email – you will not hear from us again.',
  },
};

export function isRenderLocale(value: unknown): value is RenderLocale {
  return typeof value === 'string' && (RENDER_LOCALES as readonly string[]).includes(value);
}

/** Fills `{key}` slots of a UI string; unknown slots stay as they are. */
export function interpolate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (slot, key: string) => values[key] ?? slot);
}
