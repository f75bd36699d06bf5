import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import type { OutgoingMail } from '#src/mail/mail-transport.js';
import { buildNewsletterHeaders } from '#src/mail/newsletter-headers.js';
import type { IssueWithNewsletter } from '#src/newsletters/issues.service.js';
import { digestRecipientValues, personaliseSubject } from '#src/rendering/digest-renderer.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import type { ClaimedDelivery } from './deliveries.repository.js';
import { EncodedIssueBodies } from './encoded-issue-bodies.js';

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Turns a stored issue and one ledger row into a message: the reader's values spliced into bodies
 * encoded once per issue (the MJML was compiled when the issue was built), plus the newsletter
 * headers.
 */
@Injectable()
export class MessageComposer {
  constructor(
    private readonly directory: SubscriberDirectory,
    private readonly bodies: EncodedIssueBodies,
    private readonly config: AppConfig,
  ) {}

  compose({ issue, newsletter }: IssueWithNewsletter, delivery: ClaimedDelivery): OutgoingMail {
    const links = this.directory.linksFor(delivery.subscriberId);
    const values = digestRecipientValues(issue.locale, { name: delivery.name ?? undefined, unsubscribeUrl: links.unsubscribeUrl, preferencesUrl: links.preferencesUrl });
    const bodies = this.bodies.for(issue.id, issue);
    const senderDomain = domainOf(newsletter.senderAddress);
    const { messageId, headers } = buildNewsletterHeaders({
      unsubscribeUrl: links.unsubscribeUrl,
      unsubscribeMailto: this.mailto(links.unsubscribeUrl),
      list: { name: newsletter.name, slug: newsletter.slug, domain: senderDomain },
      senderDomain,
      // Same key on every attempt: a resent copy carries the same Message-ID.
      messageKey: `delivery:${issue.id}/${delivery.subscriberId}`,
      feedback: { campaignId: issue.id, newsletterId: newsletter.slug, mailType: 'digest', senderId: 'postbote' },
    });
    return {
      from: { name: newsletter.senderName, address: newsletter.senderAddress },
      to: delivery.name ? { name: delivery.name, address: delivery.email } : delivery.email,
      replyTo: newsletter.replyTo ?? undefined,
      subject: personaliseSubject(issue.subject, values),
      html: bodies.html.fill(values.html),
      text: bodies.text.fill(values.raw),
      messageId,
      headers,
    };
  }

  /** `mailto:` alternative carrying the signed token as subject, when an address is configured. */
  private mailto(unsubscribeUrl: string): string | undefined {
    const address = this.config.mail.unsubscribeMailto;
    if (!address) return undefined;
    const token = new URL(unsubscribeUrl).searchParams.get('token');
    return `mailto:${address}?subject=${encodeURIComponent(token ? `unsubscribe ${token}` : 'unsubscribe')}`;
  }
}
