import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { RateLimitRepository } from './abuse/rate-limit.repository.js';
import { SubscribersRepository } from './subscribers.repository.js';

const DAY_MS = 86_400_000;

/** Daily clean-up: unconfirmed sign-ups after PENDING_RETENTION_DAYS, and stale rate-limit counters. */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SubscribersRepository,
    private readonly rateLimits: RateLimitRepository,
  ) {}

  async purge(now = new Date()): Promise<{ pending: number; counters: number }> {
    const pending = await this.repository.deletePendingCreatedBefore(new Date(now.getTime() - this.config.subscribers.pendingRetentionDays * DAY_MS));
    // The longest window is one day; older counters can no longer block anything.
    const counters = await this.rateLimits.deleteOlderThan(new Date(now.getTime() - 2 * DAY_MS));
    this.logger.log({ msg: 'retention purge done', pendingDeleted: pending, countersDeleted: counters });
    return { pending, counters };
  }
}
