import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { SchedulerService } from './scheduler.service.js';

const TICK = 'schedules.tick';

/**
 * Runs the tick in worker processes only: once at boot (catching up what downtime missed),
 * then every SCHEDULE_TICK_S. Every instance ticks; slot rows decide who fires.
 */
@Injectable()
export class SchedulerTimer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulerTimer.name);
  private inFlight?: Promise<unknown>;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config.role)) return;
    await this.run();
    const timer = setInterval(() => void this.run(), this.config.schedules.tickSeconds * 1000);
    timer.unref();
    this.registry.addInterval(TICK, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
    await this.inFlight;
  }

  private async run(): Promise<void> {
    this.inFlight = this.scheduler.tick().catch((error: unknown) => this.logger.error({ msg: 'scheduler tick failed', err: error }));
    await this.inFlight;
  }
}
