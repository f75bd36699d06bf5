import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { AppConfig } from '#src/config/app-config.js';
import type { BounceEvent } from '#src/mail/bounce-webhook.parser.js';
import type { DsnBounce } from '#src/mail/dsn-parser.js';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { SubscriberDirectory, type SuppressionReason } from '#src/subscribers/subscriber-directory.js';
import { BounceEventsRepository } from './bounce-events.repository.js';

export interface BounceSummary {
  readonly received: number;
  readonly suppressed: number;
}

/**
 * Hard bounce or complaint → suppress at once; soft bounces → suppress after BOUNCE_SOFT_LIMIT
 * within BOUNCE_SOFT_WINDOW_DAYS. Suppressing also stops the reader's queued deliveries.
 */
@Injectable()
export class BounceService {
  private readonly logger = new Logger('Bounces');
  private readonly received: Counter<'type'>;

  constructor(
    private readonly events: BounceEventsRepository,
    private readonly directory: SubscriberDirectory,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('bounce_events_total', 'Bounce and complaint notifications received', ['type']);
  }

  async recordEvents(source: string, events: readonly BounceEvent[]): Promise<BounceSummary> {
    let suppressed = 0;
    for (const event of events) {
      const type = event.type === 'complaint' ? 'complaint' : event.kind === 'hard' ? 'hard-bounce' : 'soft-bounce';
      if (await this.record(source, event.email, type, event.reason)) suppressed++;
    }
    return { received: events.length, suppressed };
  }

  async recordDsn(bounces: readonly DsnBounce[]): Promise<BounceSummary> {
    let suppressed = 0;
    for (const b of bounces) {
      const reason = [b.status, b.diagnostic].filter(Boolean).join(' ');
      if (await this.record('dsn', b.recipient, b.kind === 'hard' ? 'hard-bounce' : 'soft-bounce', reason)) suppressed++;
    }
    return { received: bounces.length, suppressed };
  }

  /** Returns true when the address was suppressed. */
  private async record(source: string, email: string, type: 'hard-bounce' | 'soft-bounce' | 'complaint', reason: string | undefined): Promise<boolean> {
    await this.events.record(email, type, source, reason);
    this.received.inc({ type });
    let suppression: SuppressionReason | undefined;
    if (type === 'complaint') suppression = 'complaint';
    else if (type === 'hard-bounce') suppression = 'hard-bounce';
    else if ((await this.events.countSoftSince(email, this.config.bounces.softWindowDays)) >= this.config.bounces.softLimit) suppression = 'hard-bounce';
    if (!suppression) return false;
    // Also stops the reader's queued deliveries, those a worker already claimed included.
    await this.directory.suppressAddress(email, suppression);
    this.logger.log({ msg: 'address suppressed after bounce report', source, type, reason: suppression });
    return true;
  }
}
