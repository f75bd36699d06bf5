import { Injectable } from '@nestjs/common';
import { BounceEventsRepository } from './bounces/bounce-events.repository.js';
import { DeliveryCountsRepository, type IssueCounts } from './delivery-counts.repository.js';

export type { IssueCounts };

/**
 * Delivery numbers for overview screens, all in constant or event-bounded time: the per-issue
 * counters the ledger's triggers keep, and bounce events by their receipt index. Never a count
 * over the ledger.
 */
@Injectable()
export class DeliveryOverviewService {
  constructor(
    private readonly counts: DeliveryCountsRepository,
    private readonly bounces: BounceEventsRepository,
  ) {}

  countsOf(issueId: string): Promise<IssueCounts> {
    return this.counts.countsOf(issueId);
  }

  totalsOf(issueIds: readonly string[]): Promise<IssueCounts> {
    return this.counts.totalsOf(issueIds);
  }

  bouncesSince(since: Date): Promise<{ bounced: number; complaints: number }> {
    return this.bounces.countSince(since);
  }
}
