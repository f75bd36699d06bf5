import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { SystemRepository } from './system.repository.js';
import { WorkerIdentity } from './worker-identity.js';

/**
 * Worker processes announce themselves every WORKER_HEARTBEAT_MS; `/health` on any instance can
 * then tell whether some worker, anywhere, is alive.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly system: SystemRepository,
    private readonly jobs: JobsService,
    private readonly identity: WorkerIdentity,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config.role)) return;
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.jobs.heartbeatMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    await this.system.removeHeartbeat(this.identity.id).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    if (!this.jobs.isTakingJobs) return;
    const now = new Date();
    try {
      await this.system.upsertHeartbeat({
        workerId: this.identity.id,
        hostname: this.identity.hostname,
        pid: this.identity.pid,
        role: this.config.role,
        startedAt: this.identity.startedAt,
        lastSeenAt: now,
      });
      await this.system.deleteHeartbeatsBefore(new Date(now.getTime() - 24 * 3600_000));
    } catch (error) {
      this.logger.warn({ msg: 'heartbeat failed', err: error });
    }
  }
}
