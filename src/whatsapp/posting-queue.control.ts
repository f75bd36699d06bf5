import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { AppConfig } from '#src/config/app-config.js';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { WhatsAppRepository, RUNNING_QUEUE, type QueueState } from './whatsapp.repository.js';
import { WHATSAPP_CLOCK, type WhatsAppClock } from './whatsapp.tokens.js';

export type PausedBy = NonNullable<QueueState['pausedBy']>;

export const PROBLEM_PREFIX = 'library or account problem';

/**
 * Decides when the one posting queue stops: a canary failing for longer than its grace period,
 * or several posts in a row that WhatsApp accepted but that never showed up. Stopping the queue
 * keeps posts queued (nothing is lost or failed one by one); an admin resumes it, or the canary
 * does once it passes again (only when the canary paused it).
 */
@Injectable()
export class PostingQueueControl {
  private readonly logger = new Logger('WhatsAppQueue');
  private readonly pausedGauge: Gauge;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: WhatsAppRepository,
    @Inject(WHATSAPP_CLOCK) private readonly clock: WhatsAppClock,
    metrics: MetricsService,
  ) {
    this.pausedGauge = metrics.gauge('whatsapp_queue_paused', 'Whether the WhatsApp posting queue is paused (1) or running (0)');
  }

  state(): Promise<QueueState> {
    return this.repository.loadQueueState();
  }

  /** Records a failed canary; pauses the queue once it has failed for longer than the grace period. */
  async canaryFailed(problem: string): Promise<QueueState> {
    const state = await this.repository.loadQueueState();
    const now = this.clock.now();
    const since = state.canaryFailingSince ?? now;
    let next: QueueState = { ...state, canaryFailingSince: since, canaryError: problem, canaryCheckedAt: now };
    const overGrace = now.getTime() - since.getTime() >= this.config.whatsapp.canary.graceMs;
    if (overGrace && !next.pausedAt) next = this.paused(next, 'canary', problem);
    else this.logger.warn(`WhatsApp canary failed: ${problem}`);
    await this.repository.saveQueueState(next);
    return next;
  }

  /** A passing canary clears its failure, and resumes a queue that the canary paused. */
  async canaryPassed(): Promise<QueueState> {
    const state = await this.repository.loadQueueState();
    let next: QueueState = { ...state, canaryFailingSince: null, canaryError: null, canaryCheckedAt: this.clock.now() };
    if (state.pausedBy === 'canary') {
      this.logger.log('WhatsApp canary passes again: posting resumes');
      next = { ...next, pausedAt: null, pausedBy: null, pauseReason: null, consecutiveUncertain: 0 };
    }
    await this.repository.saveQueueState(next);
    this.pausedGauge.set(next.pausedAt ? 1 : 0);
    return next;
  }

  async postConfirmed(): Promise<void> {
    const state = await this.repository.loadQueueState();
    if (state.consecutiveUncertain !== 0) await this.repository.saveQueueState({ ...state, consecutiveUncertain: 0 });
  }

  /** Counts an uncertain post; returns true when that paused the queue. */
  async postUncertain(): Promise<boolean> {
    const state = await this.repository.loadQueueState();
    const count = state.consecutiveUncertain + 1;
    let next: QueueState = { ...state, consecutiveUncertain: count };
    const limit = this.config.whatsapp.pauseAfterUncertain;
    if (count >= limit && !state.pausedAt) {
      next = this.paused(next, 'uncertain-posts', `${count} posts in a row were accepted by WhatsApp but did not show up in the channel`);
    }
    await this.repository.saveQueueState(next);
    return next.pausedAt !== null && !state.pausedAt;
  }

  async pause(reason: string): Promise<QueueState> {
    const state = await this.repository.loadQueueState();
    const next = this.paused(state, 'admin', reason);
    await this.repository.saveQueueState(next);
    return next;
  }

  /** An admin's resume: clears every reason to stop; the canary still runs before the next post. */
  async resume(): Promise<QueueState> {
    const state = await this.repository.loadQueueState();
    const next: QueueState = { ...RUNNING_QUEUE, canaryCheckedAt: state.canaryCheckedAt };
    await this.repository.saveQueueState(next);
    this.pausedGauge.set(0);
    this.logger.log(`WhatsApp posting resumed by an admin (was: ${state.pauseReason ?? 'running'})`);
    return next;
  }

  private paused(state: QueueState, by: PausedBy, detail: string): QueueState {
    const reason = by === 'admin' ? `paused by an admin: ${detail}` : `${PROBLEM_PREFIX}: ${detail}`;
    this.logger.error(`WhatsApp posting paused — ${reason}. Queued posts wait; resume with POST /api/whatsapp/queue/resume`);
    this.pausedGauge.set(1);
    return { ...state, pausedAt: this.clock.now(), pausedBy: by, pauseReason: reason };
  }
}
