import { Injectable } from '@nestjs/common';
import type { IssueStatsResponse } from '#src/newsletters/dto/issue.dto.js';
import type { IssueRow } from '#src/newsletters/newsletters.schema.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { DeliveryCountsRepository } from './delivery-counts.repository.js';

/**
 * Delivery numbers of one issue. The state counts come from the per-issue counters the ledger's
 * triggers keep (constant time at any ledger size, so the console may poll them); the numbers of
 * what happened after the send cost as much as the bounces and unsubscribes since, not the readers.
 */
@Injectable()
export class IssueStatsService {
  constructor(
    private readonly issues: IssuesService,
    private readonly counts: DeliveryCountsRepository,
    private readonly directory: SubscriberDirectory,
  ) {}

  async forIssue(issueId: string): Promise<IssueStatsResponse> {
    const { issue, newsletter } = await this.issues.getWithNewsletter(issueId);
    return this.of(issue, newsletter.slug);
  }

  async of(issue: IssueRow, newsletterSlug: string): Promise<IssueStatsResponse> {
    const counts = await this.counts.countsOf(issue.id);
    const since = issue.sendStartedAt;
    const resolved = issue.recipientsResolvedAt !== null;
    return {
      recipients: resolved ? (issue.recipientCount ?? counts.total) : null,
      resolvingRecipients: issue.status === 'sending' && !resolved,
      recipientsSoFar: counts.total,
      queued: counts.queued,
      sent: counts.sent,
      failed: counts.failed,
      rejected: counts.rejected,
      policyRejected: counts.policyRejected,
      skipped: counts.skipped,
      bounced: since ? await this.counts.countBouncedSince(issue.id, since) : 0,
      unsubscribedSince: since ? await this.unsubscribedSince(issue.id, newsletterSlug, since, counts.sentToErased) : 0,
    };
  }

  /**
   * Recipients who got the issue and may no longer receive the newsletter: those whose
   * subscription changed since the send started and who are not deliverable now, plus those
   * erased since (their ledger row names nobody any more; the counters keep them apart).
   */
  private async unsubscribedSince(issueId: string, slug: string, since: Date, sentToErased: number): Promise<number> {
    const gone = await this.directory.noLongerDeliverableSince(slug, since);
    return sentToErased + (await this.counts.countSentTo(issueId, gone));
  }
}
