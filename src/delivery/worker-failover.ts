import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { SystemRepository } from '#src/system/system.repository.js';
import { WorkerIdentity } from '#src/system/worker-identity.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryWakeup } from './delivery-wakeup.js';
import { RecipientResolver } from './recipient-resolver.js';

/** How often a worker looks for work a stopped worker left behind. */
export const FAILOVER_INTERVAL_MS = 5000;
/** A worker whose heartbeat is this many intervals old is taken for dead. */
const MISSED_BEATS = 3;

/**
 * Makes a crashed worker cost seconds instead of lease times. Every few seconds each worker
 * process (1) frees the delivery and resolution leases of workers whose heartbeat stopped
 * (WORKER_HEARTBEAT_MS × 3), so their claimed rows go out again at once rather than after
 * DELIVERY_LEASE_SECONDS, and (2) continues any recipient resolution whose lease lapsed. A worker
 * taken for dead that was only slow loses nothing: its lanes re-check their claims before sending
 * and drop rows that are no longer theirs.
 */
@Injectable()
export class WorkerFailover implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly system: SystemRepository,
    private readonly identity: WorkerIdentity,
    private readonly deliveries: DeliveriesRepository,
    private readonly issues: IssuesService,
    private readonly resolver: RecipientResolver,
    private readonly wakeup: DeliveryWakeup,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.role)) return;
    this.timer = setInterval(() => this.tick(), FAILOVER_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; overlapping ticks are skipped (a resumed resolution can run for a while). */
  tick(): void {
    if (this.running) return;
    this.running = this.pass()
      .catch((error: unknown) => this.logger.warn({ msg: 'failover pass failed; retried at the next tick', err: error }))
      .finally(() => (this.running = undefined));
  }

  async pass(): Promise<void> {
    const silentSince = new Date(Date.now() - MISSED_BEATS * this.config.jobs.heartbeatMs);
    for (const workerId of await this.system.reapSilentWorkers(silentSince, this.identity.id)) {
      const deliveries = await this.deliveries.releaseLeasesOfWorker(workerId);
      const resolutions = await this.issues.releaseResolutions(workerId);
      this.logger.warn({ msg: 'worker stopped beating: its leases are free again', workerId, deliveries, resolutions });
      if (deliveries > 0) this.wakeup.notify();
    }
    while (await this.resolver.resumeAbandoned()) {
      // one abandoned resolution after another, until none is left
    }
  }
}
