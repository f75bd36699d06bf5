import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { SourcePollerService } from './source-poller.service.js';
import type { SourceRow } from './sources.schema.js';
import { SourcesRepository } from './sources.repository.js';

/** How often each worker looks for sources whose poll is due but not queued (a lost chain). */
export const POLL_TICK_MS = 60_000;
const BUSY_RETRY_MS = 30_000;

/**
 * Each polling source has one waiting `sources.poll` job, started at its next poll time; the
 * poll enqueues the following one. The queue's `stately` policy with the source id as singleton
 * key keeps it to one waiting and one running job per source, so the boot seed and the tick can
 * enqueue freely without ever doubling a chain.
 */
@Injectable()
export class PollSchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollSchedulerService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly sources: SourcesRepository,
    private readonly jobs: JobsService,
    private readonly poller: SourcePollerService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config.role)) return;
    await this.enqueueDue();
    this.timer = setInterval(() => void this.enqueueDue(), POLL_TICK_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async enqueueDue(now = new Date()): Promise<void> {
    try {
      for (const source of await this.sources.listDue(now)) await this.schedule(source);
    } catch (error) {
      this.logger.error({ msg: 'could not enqueue due source polls', err: error });
    }
  }

  /** A `sources.poll` job: poll, then chain the next poll at the (possibly backed-off) time. */
  async runScheduledPoll(sourceId: string): Promise<void> {
    const outcome = await this.poller.poll(sourceId, 'schedule');
    const source = await this.sources.findById(sourceId);
    if (!source) return;
    // Someone else holds the lease (a manual sync): look again shortly rather than spin.
    const retryAt = new Date(Date.now() + BUSY_RETRY_MS);
    await this.schedule(outcome.status === 'busy' ? { ...source, nextPollAt: retryAt } : source);
  }

  /** Queues the source's next poll at its `nextPollAt` (now when unset); no-op for push sources. */
  async schedule(source: Pick<SourceRow, 'id' | 'kind' | 'enabled' | 'nextPollAt'>): Promise<void> {
    if (source.kind === 'webhook' || !source.enabled) return;
    await this.jobs.send('sources.poll', { sourceId: source.id }, { singletonKey: source.id, startAfter: source.nextPollAt ?? new Date() });
  }
}
