import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { withSessionLock } from '#src/db/session-lock.js';
import { JOB_QUEUES, type JobName, type JobPayloads } from './job-names.js';
import { createPgBoss } from './pg-boss.factory.js';

// Arbitrary but fixed: every process must contend for the same advisory lock.
const QUEUE_SETUP_LOCK_KEY = 7_261_034_999;

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: PgBoss.Job<JobPayloads[N]>) => Promise<void>;

export interface WorkerOptions {
  /** Jobs fetched per poll, handled one after another. */
  batchSize?: number;
  /** Independent polling loops for this queue in this process. */
  concurrency?: number;
}

/** Longer than pg-boss's own 1 s offWork re-check interval. */
const OFF_WORK_CHECK_MS = 1_500;

interface Registration {
  name: JobName;
  handler: (job: PgBoss.Job<unknown>) => Promise<void>;
  options: WorkerOptions;
}

/**
 * The job queue. Every process can enqueue; only processes whose role includes workers take jobs.
 * Processors register in onModuleInit; workers start once the whole app has booted.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly boss: PgBoss;
  private readonly registrations: Registration[] = [];
  /** This process's pg-boss worker ids per queue, to wake them when we enqueue there ourselves. */
  private readonly workerIds = new Map<JobName, string[]>();
  private workersStarted = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: Database,
  ) {
    this.boss = createPgBoss(database);
    this.boss.on('error', (error: Error) => this.logger.error({ msg: 'job queue error', err: error }));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    // Creating a queue attaches a partition to pg-boss's job table; two processes doing that at
    // once on a fresh database deadlock. One at a time, across every process on the database.
    await withSessionLock(this.database.url, QUEUE_SETUP_LOCK_KEY, async () => {
      for (const [name, options] of Object.entries(JOB_QUEUES)) {
        await this.boss.createQueue(name, { name, ...options });
      }
    });
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>, options: WorkerOptions = {}): void {
    if (this.workersStarted) throw new Error(`job handler for ${name} registered after workers started`);
    this.registrations.push({
      name,
      handler: (job) => handler(job.data as JobPayloads[N], job as PgBoss.Job<JobPayloads[N]>),
      options,
    });
  }

  async send<N extends JobName>(name: N, payload: JobPayloads[N], options: PgBoss.SendOptions = {}): Promise<string | null> {
    const id = await this.boss.send(name, payload, options);
    // A job due now is taken by this process's own worker at once instead of at its next poll
    // (up to JOBS_POLL_INTERVAL_S later); other processes still find it by polling.
    if (id !== null && options.startAfter === undefined) for (const workerId of this.workerIds.get(name) ?? []) this.boss.notifyWorker(workerId);
    return id;
  }

  get isTakingJobs(): boolean {
    return this.workersStarted && !this.stopped;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config.role)) return;
    for (const { name, handler, options } of this.registrations) {
      for (let i = 0; i < (options.concurrency ?? 1); i++) {
        const workerId = await this.boss.work(
          name,
          { batchSize: options.batchSize ?? 1, pollingIntervalSeconds: this.config.jobs.pollIntervalSeconds },
          async (jobs: PgBoss.Job<unknown>[]) => {
            for (const job of jobs) await handler(job);
          },
        );
        this.workerIds.set(name, [...(this.workerIds.get(name) ?? []), workerId]);
      }
    }
    this.workersStarted = true;
    this.logger.log(`workers started for ${this.registrations.length} job types`);
  }

  /** Stop fetching, let jobs in hand finish (bounded by SHUTDOWN_TIMEOUT_MS), then close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const stoppedEvent = new Promise<void>((resolve) => this.boss.once('stopped', () => resolve()));
    await this.boss.stop({ graceful: true, wait: true, timeout: this.config.shutdownTimeoutMs });
    await stoppedEvent;
    // pg-boss's offWork() re-checks its stopped workers on a 1 s timer of its own that stop() does
    // not await; outliving it keeps that timer from firing into a torn-down module registry (jest)
    // or a closed pool.
    if (this.workersStarted) await new Promise((resolve) => setTimeout(resolve, OFF_WORK_CHECK_MS));
  }
}
