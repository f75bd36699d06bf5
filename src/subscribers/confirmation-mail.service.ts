import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import type { MailAddress } from '#src/mail/mail-transport.js';
import { MailTransport } from '#src/mail/mail-transport.js';
import { DigestRenderer } from '#src/rendering/digest-renderer.js';
import { DEFAULT_TOKEN_LIFETIMES } from './subscriber-token.js';
import { NewsletterOptions } from './newsletter-options.js';
import { SubscriberLinks } from './subscriber-links.js';
import { SubscribersRepository } from './subscribers.repository.js';

const CONFIRM_VALID_HOURS = (DEFAULT_TOKEN_LIFETIMES.confirm ?? 72 * 3600) / 3600;

/** The double opt-in mail, sent from a job so a slow SMTP server never blocks the form. */
@Injectable()
export class ConfirmationMailService {
  private readonly logger = new Logger(ConfirmationMailService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SubscribersRepository,
    private readonly links: SubscriberLinks,
    private readonly newsletterOptions: NewsletterOptions,
    private readonly renderer: DigestRenderer,
    private readonly transport: MailTransport,
  ) {}

  async send(subscriberId: string): Promise<void> {
    const subscriber = await this.repository.findById(subscriberId);
    if (subscriber?.status !== 'pending') {
      // Confirmed, unsubscribed or erased between the request and this job: nothing to confirm.
      this.logger.log({ msg: 'confirmation mail skipped: subscriber is not pending', subscriberId });
      return;
    }
    const held = await this.repository.newslettersOf(subscriber.id);
    const names = new Map((await this.newsletterOptions.list()).map((option) => [option.slug, option.name]));
    const { site } = this.config.subscribers;
    const mail = await this.renderer.renderConfirmation({
      locale: subscriber.locale,
      siteName: site.name,
      newsletterNames: held.length > 0 ? held.map((slug) => names.get(slug) ?? slug) : [site.name],
      footer: { imprint: site.imprint, responsibleEditor: site.responsibleEditor },
      confirmUrl: this.links.confirm(subscriber.id, subscriber.tokenVersion, subscriber.locale),
      validHours: CONFIRM_VALID_HOURS,
      name: subscriber.name ?? undefined,
    });
    const result = await this.transport.send({
      from: parseMailbox(this.config.mail.from),
      to: { name: subscriber.name ?? undefined, address: asciiAddress(subscriber.email) },
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      // Same Message-ID on retries of this job for this confirm version.
      messageId: `<confirm-${subscriber.id}-${subscriber.tokenVersion}@${hostOf(this.config.http.publicUrl)}>`,
    });
    this.logger.log({ msg: 'confirmation mail sent', subscriberId, response: result.response });
  }
}

/** `Name <addr@host>` or a bare address. */
export function parseMailbox(value: string): MailAddress {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (match === null) return { address: value.trim() };
  const name = (match[1] ?? '').replace(/^"|"$/g, '');
  return name === '' ? { address: match[2] ?? '' } : { name, address: match[2] ?? '' };
}

/** Stored addresses keep the Unicode domain for display; SMTP gets punycode. */
function asciiAddress(display: string): string {
  const at = display.lastIndexOf('@');
  return `${display.slice(0, at)}@${new URL(`http://${display.slice(at + 1)}`).hostname}`;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}
