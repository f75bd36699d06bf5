import { Injectable } from '@nestjs/common';
import { DeliveryOverviewService } from '#src/delivery/delivery-overview.service.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { Clock } from '#src/system/clock.js';
import { SendRateTracker, type SendRate } from './send-rate.tracker.js';

export interface SendingProgress {
  issueId: string;
  subject: string;
  newsletterName: string;
  startedAt: Date | null;
  /** Null while recipients are still being resolved. */
  total: number | null;
  resolvedSoFar: number;
  sent: number;
  failed: number;
  rejected: number;
  queued: number;
  /** Sent, failed and rejected: what is settled. */
  done: number;
  rate: SendRate | null;
  etaSeconds: number | null;
  at: Date;
}

/**
 * The live numbers of issues being sent, for the dashboard's polled fragment: one query for the
 * sending issues, then each issue's counters (constant time whatever the ledger's size).
 */
@Injectable()
export class SendingProgressService {
  private readonly rates = new SendRateTracker();

  constructor(
    private readonly issues: IssuesService,
    private readonly deliveries: DeliveryOverviewService,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<SendingProgress[]> {
    const sending = await this.issues.sending();
    const at = this.clock.now();
    this.rates.retain(new Set(sending.map((issue) => issue.id)));
    return Promise.all(
      sending.map(async (issue) => {
        const counts = await this.deliveries.countsOf(issue.id);
        const resolved = issue.recipientsResolvedAt !== null;
        const rate = this.rates.observe(issue.id, counts.sent, at.getTime(), issue.sendStartedAt);
        const remaining = resolved ? counts.queued : null;
        return {
          issueId: issue.id,
          subject: issue.subject,
          newsletterName: issue.newsletterName,
          startedAt: issue.sendStartedAt,
          total: resolved ? (issue.recipientCount ?? counts.total) : null,
          resolvedSoFar: counts.total,
          sent: counts.sent,
          failed: counts.failed,
          rejected: counts.rejected,
          queued: counts.queued,
          done: counts.sent + counts.failed + counts.rejected + counts.skipped,
          rate,
          etaSeconds: remaining !== null && rate && rate.perSecond > 0 ? remaining / rate.perSecond : null,
          at,
        };
      }),
    );
  }
}
