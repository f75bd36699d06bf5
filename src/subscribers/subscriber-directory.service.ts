import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { DeliveryHistory } from './delivery-history.js';
import { suppressionHash, tryParseEmailAddress } from './email-address.js';
import { SubscriberDirectory, type Recipient, type RecipientLinks, type SuppressionReason } from './subscriber-directory.js';
import { SubscriberLinks } from './subscriber-links.js';
import { SubscribersRepository } from './subscribers.repository.js';
import type { SubscriberStatus } from './subscribers.schema.js';

/** The status a subscription ends in when its address is suppressed for this reason. */
export const STATUS_FOR_REASON: Readonly<Record<SuppressionReason, SubscriberStatus>> = {
  unsubscribed: 'unsubscribed',
  manual: 'unsubscribed',
  'hard-bounce': 'bounced',
  'unknown-mailbox': 'bounced',
  complaint: 'complained',
};

/** What delivery uses: recipients by newsletter, deliverability at send time, suppression, links. */
@Injectable()
export class SubscriberDirectoryService extends SubscriberDirectory {
  private readonly logger = new Logger(SubscriberDirectoryService.name);

  constructor(
    private readonly repository: SubscribersRepository,
    private readonly links: SubscriberLinks,
    private readonly config: AppConfig,
    private readonly deliveries: DeliveryHistory,
  ) {
    super();
  }

  async listRecipients(newsletterSlug: string, afterSubscriberId: string | null, limit: number): Promise<Recipient[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('listRecipients limit: must be a positive integer');
    const rows = await this.repository.listDeliverable(newsletterSlug, afterSubscriberId, limit);
    return rows.map((row) => ({ subscriberId: row.id, email: row.email, name: row.name, locale: row.locale }));
  }

  async filterDeliverable(newsletterSlug: string, subscriberIds: readonly string[]): Promise<Set<string>> {
    return new Set(await this.repository.filterDeliverable(newsletterSlug, subscriberIds));
  }

  noLongerDeliverableSince(newsletterSlug: string, since: Date): Promise<string[]> {
    return this.repository.noLongerDeliverableSince(newsletterSlug, since);
  }

  async suppressAddress(email: string, reason: SuppressionReason): Promise<void> {
    const parsed = tryParseEmailAddress(email);
    if (!parsed.ok) {
      // Nothing we hold can match an address that does not parse: we never store such addresses.
      this.logger.warn({ msg: 'suppression skipped: address does not parse', reason: parsed.reason });
      return;
    }
    const hash = suppressionHash(parsed.address, this.config.secretKey);
    const ended = await this.repository.transaction(async (repo) => {
      const endedIds = await repo.suppress(hash, reason, STATUS_FOR_REASON[reason], new Date());
      for (const subscriberId of endedIds) {
        await repo.addConsentEvent({ subscriberId, kind: 'status', source: 'system', newsletters: [], note: `suppressed: ${reason}` });
      }
      return endedIds;
    });
    // Also the deliveries a worker already claimed in a batch of an issue being sent right now.
    await this.deliveries.stopQueued(ended);
  }

  linksFor(subscriberId: string): RecipientLinks {
    return { unsubscribeUrl: this.links.unsubscribe(subscriberId), preferencesUrl: this.links.preferences(subscriberId) };
  }
}
