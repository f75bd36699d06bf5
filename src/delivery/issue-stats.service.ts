import { Injectable } from '@nestjs/common';
import type { IssueStatsResponse } from '#src/newsletters/dto/issue.dto.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { DeliveriesRepository } from './deliveries.repository.js';

const PAGE = 1000;

/** Delivery numbers of one issue, computed from the ledger (the source of truth). */
@Injectable()
export class IssueStatsService {
  constructor(
    private readonly issues: IssuesService,
    private readonly deliveries: DeliveriesRepository,
    private readonly directory: SubscriberDirectory,
  ) {}

  async forIssue(issueId: string): Promise<IssueStatsResponse> {
    const { issue, newsletter } = await this.issues.getWithNewsletter(issueId);
    const counts = await this.deliveries.stateCounts(issueId);
    const since = issue.sendStartedAt;
    return {
      recipients: issue.recipientsResolvedAt ? (issue.recipientCount ?? 0) : null,
      queued: counts.queued,
      sent: counts.sent,
      failed: counts.failed,
      rejected: counts.rejected,
      policyRejected: counts.policyRejected,
      skipped: counts.skipped,
      bounced: since ? await this.deliveries.countBouncedSince(issueId, since) : 0,
      unsubscribedSince: await this.unsubscribedSince(issueId, newsletter.slug),
    };
  }

  /**
   * Recipients who got the issue and may no longer receive the newsletter (unsubscribed,
   * suppressed, or erased since: their ledger row has no subscriber any more).
   */
  private async unsubscribedSince(issueId: string, slug: string): Promise<number> {
    let gone = 0;
    for (let after = 0; ; ) {
      const page = await this.deliveries.sentSubscribers(issueId, after, PAGE);
      if (page.length === 0) return gone;
      const ids = page.flatMap((p) => (p.subscriberId === null ? [] : [p.subscriberId]));
      const deliverable = await this.directory.filterDeliverable(slug, ids);
      gone += page.filter((p) => p.subscriberId === null || !deliverable.has(p.subscriberId)).length;
      after = page[page.length - 1]?.id ?? after;
    }
  }
}
