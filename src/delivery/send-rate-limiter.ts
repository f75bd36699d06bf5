import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '#src/config/app-config.js';
import { SendRateRepository } from './send-rate.repository.js';

const BUCKET = 'smtp';

/**
 * The global send rate (SMTP_RATE_PER_SECOND) across all workers. Hand-written on a database
 * token bucket: the limit must hold across processes and machines, and the database is the one
 * thing they share (rate-limiter-flexible's Postgres store needs its own pool and table handling
 * of its own). Tokens are fetched a few at a time into a small local pocket, so
 * the bucket row sees one update per few messages; the burst is 1/10 s of the rate.
 */
@Injectable()
export class SendRateLimiter {
  private pocket = 0;
  private refill?: Promise<void>;
  private readonly rate: number;
  private readonly burst: number;
  private readonly chunk: number;

  constructor(
    private readonly repository: SendRateRepository,
    config: AppConfig,
  ) {
    this.rate = config.delivery.ratePerSecond;
    this.burst = Math.max(1, Math.ceil(this.rate / 10));
    this.chunk = Math.max(1, Math.min(this.burst, config.mail.maxConnections));
  }

  get enabled(): boolean {
    return this.rate > 0;
  }

  /** Resolves when this process may send one more message. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    while (this.pocket <= 0) {
      signal?.throwIfAborted();
      this.refill ??= this.fill().finally(() => (this.refill = undefined));
      await this.refill;
    }
    this.pocket -= 1;
  }

  private async fill(): Promise<void> {
    const grant = await this.repository.take(BUCKET, this.chunk, this.rate, this.burst);
    if (grant.granted > 0) {
      this.pocket += grant.granted;
      return;
    }
    // Sleep until the bucket should hold one token again (at least 5 ms, to avoid a hot loop).
    await sleep(Math.max(5, ((1 - grant.remaining) / this.rate) * 1000));
  }
}
