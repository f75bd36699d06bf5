import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { Clock } from '#src/system/clock.js';
import { IssueGateway } from './issue-gateway.js';
import { specOf } from './schedule-mapping.js';
import { SchedulesRepository } from './schedules.repository.js';
import type { PublishWindowRow, ScheduleRow } from './schedules.schema.js';
import { planDueSlots, publishSlotKey, type PlannedSlot } from './slot-plan.js';
import { SlotsRepository, type NewSlot } from './slots.repository.js';

const MINUTE = 60_000;
const LOOKBACK_MS = 24 * 60 * MINUTE;
/** A claimed slot whose job has not finished after this long is assumed lost and enqueued again. */
const STALE_MS = 15 * MINUTE;

export interface TickResult {
  claimed: number;
  skipped: number;
  expired: number;
}

/**
 * The scheduler tick. It only claims: due slots become rows (the unique key decides which
 * instance owns each), owned slots become jobs, drafts past their deadline are expired. Building
 * and sending happen in the `schedules.process-slot` job.
 */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger(SchedulerService.name);
  private running?: Promise<TickResult>;

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly slots: SlotsRepository,
    private readonly jobs: JobsService,
    private readonly gateway: IssueGateway,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One pass; overlapping calls in one process share the pass in flight. */
  async tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const now = this.clock.now();
    const result: TickResult = { claimed: 0, skipped: 0, expired: 0 };
    for (const schedule of await this.schedules.listActiveTimed()) {
      await this.claimClockSlots(schedule, now, result).catch((error: unknown) =>
        this.logger.error({ msg: 'schedule tick failed', scheduleId: schedule.id, err: error }),
      );
    }
    for (const window of await this.schedules.listDueWindows(now)) await this.closeWindow(window, now, result);
    result.expired = await this.expireDrafts(now);
    await this.requeueStale(now);
    return result;
  }

  private async claimClockSlots(schedule: ScheduleRow, now: Date, result: TickResult): Promise<void> {
    const last = await this.slots.lastSlotAt(schedule.id);
    const from = last && last > schedule.activeSince ? last : schedule.activeSince;
    const plan = planDueSlots(specOf(schedule), {
      from,
      now,
      onTimeMs: onTimeMs(this.config.schedules.tickSeconds),
      graceMs: this.config.schedules.catchUpGraceMinutes * MINUTE,
      lookbackMs: Math.max(LOOKBACK_MS, this.config.schedules.catchUpGraceMinutes * MINUTE),
    });
    for (const slot of plan) {
      await this.record({ newsletterId: schedule.newsletterId, scheduleId: schedule.id, slotKey: slot.slotKey, slotAt: slot.slotAt, ...disposition(slot, now, this.config.schedules.catchUpGraceMinutes * MINUTE) }, now, result);
    }
  }

  private async closeWindow(window: PublishWindowRow, now: Date, result: TickResult): Promise<void> {
    const graceMs = this.config.schedules.catchUpGraceMinutes * MINUTE;
    const late = now.getTime() - window.closesAt.getTime() > Math.max(graceMs, MINUTE);
    await this.record(
      {
        newsletterId: window.newsletterId,
        scheduleId: window.scheduleId,
        slotKey: publishSlotKey(window.openedAt),
        slotAt: window.closesAt,
        catchUp: false,
        ...(late ? { status: 'skipped', reason: missedReason(now.getTime() - window.closesAt.getTime(), graceMs) } : { status: 'claimed' }),
      },
      now,
      result,
    );
    await this.schedules.closeWindow(window.id, now);
  }

  private async record(slot: NewSlot, now: Date, result: TickResult): Promise<void> {
    const row = await this.slots.claim(slot, now);
    if (!row) return;
    if (row.status === 'skipped') {
      result.skipped++;
      this.logger.warn({ msg: 'schedule slot skipped', newsletterId: row.newsletterId, slotKey: row.slotKey, reason: row.reason });
      return;
    }
    result.claimed++;
    await this.jobs.send('schedules.process-slot', { slotId: row.id });
  }

  /** A status flip on the other side, no fan-out: done in the tick rather than in a job of its own. */
  private async expireDrafts(now: Date): Promise<number> {
    const expired = await this.slots.expireDue(now);
    for (const slot of expired) {
      if (!slot.issueId) continue;
      await this.gateway.expireDraft(slot.issueId).catch((error: unknown) =>
        this.logger.error({ msg: 'expiring a draft failed', issueId: slot.issueId, err: error }),
      );
      this.logger.log({ msg: 'draft expired unapproved', newsletterId: slot.newsletterId, issueId: slot.issueId });
    }
    return expired.length;
  }

  private async requeueStale(now: Date): Promise<void> {
    for (const slot of await this.slots.resetStale(new Date(now.getTime() - STALE_MS), now)) {
      this.logger.warn({ msg: 'schedule slot job lost; enqueued again', slotId: slot.id, slotKey: slot.slotKey });
      await this.jobs.send('schedules.process-slot', { slotId: slot.id });
    }
  }
}

/** Late by up to two ticks is on time; beyond five minutes a slot is labelled caught up whatever the tick. */
function onTimeMs(tickSeconds: number): number {
  return Math.min(Math.max(2 * tickSeconds * 1000, MINUTE), 5 * MINUTE);
}

function disposition(slot: PlannedSlot, now: Date, graceMs: number): Pick<NewSlot, 'status' | 'reason' | 'catchUp'> {
  switch (slot.disposition) {
    case 'on-time':
      return { status: 'claimed', catchUp: false };
    case 'catch-up':
      return { status: 'claimed', catchUp: true };
    case 'superseded':
      return { status: 'skipped', catchUp: false, reason: 'missed during downtime; a later slot was caught up instead' };
    case 'missed':
      return { status: 'skipped', catchUp: false, reason: missedReason(now.getTime() - slot.slotAt.getTime(), graceMs) };
  }
}

function missedReason(latenessMs: number, graceMs: number): string {
  return `missed during downtime (${Math.round(latenessMs / MINUTE)} minutes late, beyond the ${Math.round(graceMs / MINUTE)}-minute grace window)`;
}
