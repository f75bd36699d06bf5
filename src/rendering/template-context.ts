import { UI_STRINGS, interpolate, type RenderLocale, type UiStrings } from './i18n.js';
import { neutralisePlaceholders as safe, placeholder } from './placeholders.js';

/** Footer data every mail carries (Impressum per § 5 DDG, responsible editor per § 18 (2) MStV). */
export interface MailFooter {
  readonly imprint: string;
  readonly responsibleEditor: string;
  readonly affiliateDisclosure?: string;
}

/** What `layout.mjml` reads. Optional values are `null`, never missing, because Handlebars runs strict. */
export interface LayoutContext {
  readonly lang: RenderLocale;
  readonly title: string;
  readonly t: UiStrings;
  readonly newsletter: { readonly name: string };
  readonly footer: { imprint: string; responsibleEditor: string; affiliateDisclosure: string | null };
  readonly archiveUrl: string | null;
  readonly showSubscriptionLinks: boolean;
  readonly recipient: Readonly<Record<'name' | 'greeting' | 'unsubscribeUrl' | 'preferencesUrl' | 'confirmUrl', string>>;
}

export interface TeaserContext {
  readonly title: string;
  readonly url: string;
  readonly excerpt: string;
  readonly imageUrl: string | null;
  readonly imageAlt: string;
  readonly imageCredit: string | null;
  readonly dateText: string;
  readonly dateIso: string;
}

export interface DigestContext extends LayoutContext {
  readonly articles: readonly TeaserContext[];
}

export interface ConfirmContext extends LayoutContext {
  readonly newsletterList: string;
  readonly confirmValidity: string;
}

export interface LayoutInput {
  readonly locale: RenderLocale;
  readonly title: string;
  readonly newsletterName: string;
  readonly footer: MailFooter;
  readonly archiveUrl?: string;
  readonly showSubscriptionLinks: boolean;
}

const RECIPIENT_PLACEHOLDERS: LayoutContext['recipient'] = {
  name: placeholder('NAME'),
  greeting: placeholder('GREETING'),
  unsubscribeUrl: placeholder('UNSUBSCRIBE_URL'),
  preferencesUrl: placeholder('PREFERENCES_URL'),
  confirmUrl: placeholder('CONFIRM_URL'),
};

/**
 * The layout prints each legal label once ("Impressum", "Verantwortlich i. S. d. § 18 Abs. 2
 * MStV:"); a value that carries the label itself (as older defaults and many pasted footers do)
 * would show it twice, so a leading label is dropped from the value.
 */
const IMPRINT_LABEL = /^\s*(?:impressum|imprint)\s*:\s*/i;
const RESPONSIBLE_EDITOR_LABEL = /^\s*(?:verantwortlich|responsible editor)\b[^:\n]{0,60}:\s*/i;

export function withoutLegalLabel(kind: 'imprint' | 'responsibleEditor', value: string): string {
  const stripped = value.replace(kind === 'imprint' ? IMPRINT_LABEL : RESPONSIBLE_EDITOR_LABEL, '');
  return stripped === '' ? value : stripped;
}

export function buildLayoutContext(input: LayoutInput): LayoutContext {
  return {
    lang: input.locale,
    title: safe(input.title),
    t: UI_STRINGS[input.locale],
    newsletter: { name: safe(input.newsletterName) },
    footer: {
      imprint: safe(withoutLegalLabel('imprint', input.footer.imprint)),
      responsibleEditor: safe(withoutLegalLabel('responsibleEditor', input.footer.responsibleEditor)),
      affiliateDisclosure: input.footer.affiliateDisclosure ? safe(input.footer.affiliateDisclosure) : null,
    },
    archiveUrl: input.archiveUrl ?? null,
    showSubscriptionLinks: input.showSubscriptionLinks,
    recipient: RECIPIENT_PLACEHOLDERS,
  };
}

export interface TeaserInput {
  readonly title: string;
  readonly url: string;
  readonly excerpt: string;
  readonly imageUrl?: string;
  readonly imageAlt?: string;
  readonly imageCredit?: string;
  readonly publishedAt: Date;
}

export function buildTeaserContext(article: TeaserInput, locale: RenderLocale, timeZone: string): TeaserContext {
  const format = new Intl.DateTimeFormat(UI_STRINGS[locale].intlLocale, { dateStyle: 'long', timeZone });
  return {
    title: safe(article.title),
    url: article.url,
    excerpt: safe(article.excerpt),
    imageUrl: article.imageUrl ?? null,
    // A missing alt text falls back to the title: screen readers then announce something useful.
    imageAlt: safe(article.imageAlt ?? article.title),
    imageCredit: article.imageCredit ? safe(article.imageCredit) : null,
    dateText: format.format(article.publishedAt),
    dateIso: article.publishedAt.toISOString(),
  };
}

export function confirmStrings(locale: RenderLocale, siteName: string, validHours: number): {
  subject: string;
  validity: string;
} {
  const t = UI_STRINGS[locale];
  return {
    subject: interpolate(t.confirmSubject, { site: siteName }),
    validity: interpolate(t.confirmValidity, { hours: String(validHours) }),
  };
}
