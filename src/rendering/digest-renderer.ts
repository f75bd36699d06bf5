import Handlebars from 'handlebars';
import { UI_STRINGS, interpolate, type RenderLocale } from './i18n.js';
import { compileMjml } from './mjml-compiler.js';
import { fillPlaceholders, neutralisePlaceholders, type PlaceholderName } from './placeholders.js';
import { htmlToPlainText } from './plain-text.js';
import { compileIssueSchema, confirmationSchema, parseRenderInput } from './render-input.schema.js';
import { RenderInputError } from './rendering-errors.js';
import { renderSubject } from './subject-template.js';
import type { TemplateCatalog } from './template-catalog.js';
import { buildLayoutContext, buildTeaserContext, confirmStrings, type MailFooter, type TeaserInput } from './template-context.js';

/** One teaser of the loop; the same shape the teaser partial's context is built from. */
export type DigestArticle = TeaserInput;

export interface DigestNewsletter {
  readonly name: string;
  readonly slug: string;
  readonly locale: RenderLocale;
  readonly subjectTemplate: string;
  readonly footer: MailFooter;
  /** Public "view in browser" address of this issue; the link is left out without it. */
  readonly archiveUrl?: string;
  /** IANA zone for teaser dates; defaults to Europe/Berlin. */
  readonly timeZone?: string;
}

export interface CompileIssueInput {
  readonly newsletter: DigestNewsletter;
  readonly articles: readonly DigestArticle[];
}

/** A rendered issue with recipient placeholders still in it; store it once per issue. */
export interface CompiledIssue {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly locale: RenderLocale;
}

export interface DigestRecipient {
  readonly name?: string;
  readonly unsubscribeUrl: string;
  readonly preferencesUrl: string;
}

export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface ConfirmationInput {
  readonly locale: RenderLocale;
  readonly siteName: string;
  readonly newsletterNames: readonly string[];
  readonly footer: MailFooter;
  readonly confirmUrl: string;
  readonly validHours: number;
  readonly name?: string;
}

function requireWebUrl(field: string, value: string): string {
  if (!/^https?:\/\//i.test(value)) throw new RenderInputError(field, 'must be an http(s) URL');
  return value;
}

function greeting(locale: RenderLocale, name: string | undefined): string {
  const t = UI_STRINGS[locale];
  return name ? interpolate(t.greetingWithName, { name }) : t.greeting;
}

/** A recipient's placeholder values: as typed (subject, text part) and HTML-escaped (HTML part). */
export interface RecipientValues {
  readonly raw: Readonly<Partial<Record<PlaceholderName, string>>>;
  readonly html: Readonly<Partial<Record<PlaceholderName, string>>>;
}

function recipientValues(raw: Partial<Record<PlaceholderName, string>>): RecipientValues {
  const html: Partial<Record<PlaceholderName, string>> = {};
  for (const [key, value] of Object.entries(raw)) html[key as PlaceholderName] = Handlebars.escapeExpression(value);
  return { raw, html };
}

/** The values a digest's placeholders take for one reader (the URLs must be web addresses). */
export function digestRecipientValues(locale: RenderLocale, recipient: DigestRecipient): RecipientValues {
  const name = recipient.name?.trim() || undefined;
  return recipientValues({
    NAME: name ?? '',
    GREETING: greeting(locale, name),
    UNSUBSCRIBE_URL: requireWebUrl('recipient.unsubscribeUrl', recipient.unsubscribeUrl),
    PREFERENCES_URL: requireWebUrl('recipient.preferencesUrl', recipient.preferencesUrl),
  });
}

/** A subject is one header line: line breaks a value might carry become spaces. */
export function personaliseSubject(subject: string, values: RecipientValues): string {
  return fillPlaceholders(subject, values.raw).replace(/[\r\n]+/g, ' ');
}

function fill(mail: RenderedMail, values: RecipientValues): RenderedMail {
  return {
    subject: personaliseSubject(mail.subject, values),
    html: fillPlaceholders(mail.html, values.html),
    text: fillPlaceholders(mail.text, values.raw),
  };
}

/**
 * Per-recipient step: plain string substitution on the compiled issue, no MJML and no Handlebars
 * compile. Values are HTML-escaped in the HTML part and raw in the text part.
 */
export function personalise(compiled: CompiledIssue, recipient: DigestRecipient): RenderedMail {
  return fill(compiled, digestRecipientValues(compiled.locale, recipient));
}

/** Renders digests and confirmation mails from the templates of a catalog. */
export class DigestRenderer {
  constructor(private readonly catalog: TemplateCatalog) {}

  /** Compiles one issue (MJML once); articles are shown newest first. */
  async compileIssue(input: CompileIssueInput): Promise<CompiledIssue> {
    const { newsletter, articles } = parseRenderInput(compileIssueSchema, input);
    const sorted = [...articles].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
    const first = sorted[0];
    if (!first) throw new RenderInputError('articles', 'a digest needs at least one article');
    const subject = renderSubject(newsletter.subjectTemplate, {
      newsletter: neutralisePlaceholders(newsletter.name),
      firstTitle: neutralisePlaceholders(first.title),
      moreCount: sorted.length - 1,
      articleCount: sorted.length,
    });
    const mjml = this.catalog.renderMjml('digest', {
      ...buildLayoutContext({
        locale: newsletter.locale,
        title: subject,
        newsletterName: newsletter.name,
        footer: newsletter.footer,
        archiveUrl: newsletter.archiveUrl,
        showSubscriptionLinks: true,
      }),
      articles: sorted.map((a) => buildTeaserContext(a, newsletter.locale, newsletter.timeZone ?? 'Europe/Berlin')),
    });
    const html = await compileMjml(mjml);
    return { subject, html, text: htmlToPlainText(html), locale: newsletter.locale };
  }

  /** The double opt-in mail. Compiled per call: it is sent once per sign-up, not in bulk. */
  async renderConfirmation(input: ConfirmationInput): Promise<RenderedMail> {
    const data = parseRenderInput(confirmationSchema, input);
    const strings = confirmStrings(data.locale, neutralisePlaceholders(data.siteName), data.validHours);
    const mjml = this.catalog.renderMjml('confirm', {
      ...buildLayoutContext({
        locale: data.locale,
        title: strings.subject,
        newsletterName: data.siteName,
        footer: data.footer,
        showSubscriptionLinks: false,
      }),
      newsletterList: neutralisePlaceholders(data.newsletterNames.join(', ')),
      confirmValidity: strings.validity,
    });
    const html = await compileMjml(mjml);
    const name = data.name?.trim() || undefined;
    return fill(
      { subject: strings.subject, html, text: htmlToPlainText(html) },
      recipientValues({ NAME: name ?? '', GREETING: greeting(data.locale, name), CONFIRM_URL: requireWebUrl('confirmUrl', data.confirmUrl) }),
    );
  }
}

