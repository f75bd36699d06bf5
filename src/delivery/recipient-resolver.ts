import { Injectable, Logger } from '@nestjs/common';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryCountsRepository } from './delivery-counts.repository.js';
import { DeliveryWakeup } from './delivery-wakeup.js';
import { IssueCompletion } from './issue-completion.js';

const PAGE_SIZE = 1000;

/**
 * Fills the ledger with an issue's recipients when it starts sending, page by page (keyset), so
 * 100,000 recipients never sit in memory at once. The cursor is saved after each page: a crash
 * resumes there, and re-inserting a page is harmless (unique per issue and subscriber).
 */
@Injectable()
export class RecipientResolver {
  private readonly logger = new Logger('Delivery');

  constructor(
    private readonly issues: IssuesService,
    private readonly directory: SubscriberDirectory,
    private readonly deliveries: DeliveriesRepository,
    private readonly counts: DeliveryCountsRepository,
    private readonly completion: IssueCompletion,
    private readonly wakeup: DeliveryWakeup,
  ) {}

  async resolve(issueId: string): Promise<void> {
    const { issue, newsletter } = await this.issues.getWithNewsletter(issueId);
    if (issue.status !== 'sending' || issue.recipientsResolvedAt) return;
    let cursor = issue.resolveCursor;
    for (;;) {
      const page = await this.directory.listRecipients(newsletter.slug, cursor, PAGE_SIZE);
      if (page.length === 0) break;
      await this.deliveries.enqueue(issueId, page);
      this.wakeup.notify();
      cursor = page[page.length - 1]?.subscriberId ?? cursor;
      if (cursor) await this.issues.saveResolveCursor(issueId, cursor);
      if (page.length < PAGE_SIZE) break;
    }
    const recipients = (await this.counts.countsOf(issueId)).total;
    await this.issues.markRecipientsResolved(issueId, recipients);
    this.logger.log({ msg: 'recipients resolved', issueId, recipients });
    await this.completion.check(issueId);
  }
}
