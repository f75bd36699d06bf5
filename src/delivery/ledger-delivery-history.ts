import { Injectable, Logger } from '@nestjs/common';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { DeliveryHistory, type DeliveryHistoryEntry } from '#src/subscribers/delivery-history.js';
import { DeliveriesRepository } from './deliveries.repository.js';

const DEFAULT_LIMIT = 1000;

/** The DeliveryHistory port over the delivery ledger (see docs/delivery.md, "Per subscriber"). */
@Injectable()
export class LedgerDeliveryHistory extends DeliveryHistory {
  private readonly logger = new Logger(LedgerDeliveryHistory.name);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly issues: IssuesService,
  ) {
    super();
  }

  async forSubscriber(subscriberId: string, limit = DEFAULT_LIMIT): Promise<DeliveryHistoryEntry[]> {
    const rows = await this.deliveries.historyOf(subscriberId, limit);
    const summaries = new Map((await this.issues.summaries([...new Set(rows.map((r) => r.issueId))])).map((s) => [s.id, s]));
    return rows.map((row) => {
      const summary = summaries.get(row.issueId);
      return {
        issueId: row.issueId,
        newsletterSlug: summary?.newsletterSlug ?? '',
        subject: summary?.subject ?? '',
        status: row.state,
        reason: row.reason,
        attempts: row.attempts,
        lastResponse: row.lastResponse,
        queuedAt: row.createdAt,
        sentAt: row.sentAt,
        updatedAt: row.updatedAt,
      };
    });
  }

  async stopQueued(subscriberIds: readonly string[]): Promise<void> {
    const skipped = await this.deliveries.skipQueuedOfSubscribers(subscriberIds, 'unsubscribed');
    if (skipped > 0) this.logger.log({ msg: 'queued deliveries stopped: recipient unsubscribed or suppressed', skipped });
  }

  /**
   * Finds the issues of the left newsletters the way the admin history does (ledger rows, then
   * the issues' summaries), so delivery reads no newsletters table of its own.
   */
  async stopQueuedFor(subscriberId: string, newsletterSlugs: readonly string[]): Promise<void> {
    if (newsletterSlugs.length === 0) return;
    const left = new Set(newsletterSlugs);
    const summaries = await this.issues.summaries(await this.deliveries.issuesQueuedFor(subscriberId));
    const issueIds = summaries.filter((summary) => left.has(summary.newsletterSlug)).map((summary) => summary.id);
    const skipped = await this.deliveries.skipQueuedOfSubscriberInIssues(subscriberId, issueIds, 'unsubscribed');
    if (skipped > 0) this.logger.log({ msg: 'queued deliveries stopped: recipient left the newsletter', skipped });
  }

  async forgetSubscriber(subscriberId: string, email: string): Promise<void> {
    const anonymised = await this.deliveries.anonymiseSubscriber(subscriberId, email);
    this.logger.log({ msg: 'delivery records of an erased subscriber anonymised', rows: anonymised });
  }
}
