import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { ConfirmationMailService } from './confirmation-mail.service.js';
import { RetentionService } from './retention.service.js';

/** Checks hourly; pg-boss's singleton key makes the purge run once per day across all workers. */
export const PURGE_CHECK_INTERVAL_MS = 3600_000;

// pg-boss refuses a singleton window longer than its archive interval (12 h); with the day in
// the key this still means at most two purges a day, and the purge is idempotent.
const PURGE_SINGLETON_SECONDS = 12 * 3600;

@Injectable()
export class SubscribersProcessor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubscribersProcessor.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly confirmations: ConfirmationMailService,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('subscribers.send-confirmation', ({ subscriberId }) => this.confirmations.send(subscriberId), { concurrency: 2 });
    this.jobs.register('subscribers.purge-pending', async () => {
      await this.retention.purge();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config.role)) return;
    await this.enqueueDailyPurge();
    this.timer = setInterval(() => void this.enqueueDailyPurge(), PURGE_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async enqueueDailyPurge(): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    try {
      await this.jobs.send('subscribers.purge-pending', { day }, { singletonKey: `purge-pending-${day}`, singletonSeconds: PURGE_SINGLETON_SECONDS });
    } catch (error) {
      this.logger.error({ msg: 'could not enqueue the pending purge', err: error });
    }
  }
}
