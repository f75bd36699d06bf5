import { Injectable, Logger } from '@nestjs/common';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryCountsRepository } from './delivery-counts.repository.js';

/** Marks an issue `sent` once its recipients are resolved and nothing is queued any more. */
@Injectable()
export class IssueCompletion {
  private readonly logger = new Logger('Delivery');

  constructor(
    private readonly issues: IssuesService,
    private readonly deliveries: DeliveriesRepository,
    private readonly counts: DeliveryCountsRepository,
  ) {}

  async check(issueId: string): Promise<void> {
    const issue = await this.issues.get(issueId);
    if (issue.status !== 'sending' || !issue.recipientsResolvedAt) return;
    if (await this.deliveries.hasQueued(issueId)) return;
    if (await this.issues.transition(issueId, ['sending'], 'sent', { finishedAt: new Date() })) {
      const counts = await this.counts.countsOf(issueId);
      this.logger.log({ msg: 'issue sent', issueId, ...counts });
    }
  }
}
