import { RENDER_LOCALES } from './i18n.js';
import {
  buildLayoutContext,
  buildTeaserContext,
  confirmStrings,
  type ConfirmContext,
  type DigestContext,
} from './template-context.js';

/**
 * Data the catalog renders every template with at boot, so a template that reads a field the
 * renderer does not provide, or produces invalid MJML once expanded, fails before any send.
 * Covers both locales and both branches of each optional field.
 */
const footer = {
  imprint: 'Beispiel Verlag GmbH\nMusterstraße 1\n10115 Berlin',
  responsibleEditor: 'Erika Mustermann',
};

function digestSample(withOptionals: boolean): DigestContext[] {
  return RENDER_LOCALES.map((locale) => ({
    ...buildLayoutContext({
      locale,
      title: 'Sample',
      newsletterName: 'Sample',
      footer: withOptionals ? { ...footer, affiliateDisclosure: '*Affiliate-Links' } : footer,
      archiveUrl: withOptionals ? 'https://example.org/archive/sample/1' : undefined,
      showSubscriptionLinks: true,
    }),
    articles: [
      buildTeaserContext(
        {
          title: 'Sample',
          url: 'https://example.org/a',
          excerpt: 'Sample',
          imageUrl: withOptionals ? 'https://example.org/a.jpg' : undefined,
          imageCredit: withOptionals ? 'Sample' : undefined,
          publishedAt: new Date(0),
        },
        locale,
        'Europe/Berlin',
      ),
    ],
  }));
}

function confirmSample(): ConfirmContext[] {
  return RENDER_LOCALES.map((locale) => ({
    ...buildLayoutContext({ locale, title: 'Sample', newsletterName: 'Sample', footer, showSubscriptionLinks: false }),
    newsletterList: 'Sample',
    confirmValidity: confirmStrings(locale, 'Sample', 72).validity,
  }));
}

export const SAMPLE_CONTEXTS = {
  digest: [...digestSample(true), ...digestSample(false)],
  confirm: confirmSample(),
} as const;
