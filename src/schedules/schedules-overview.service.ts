import { Injectable } from '@nestjs/common';
import { Clock } from '#src/system/clock.js';
import { nextRuns } from './next-runs.js';
import { specOf } from './schedule-mapping.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SlotsRepository } from './slots.repository.js';

export interface UpcomingSlot {
  newsletterId: string;
  scheduleId: string;
  at: Date;
}

export interface AwaitingApproval {
  newsletterId: string;
  issueId: string | null;
  slotAt: Date;
  /** The draft expires unsent at this moment; null: no deadline. */
  expiresAt: Date | null;
  articleCount: number | null;
}

/** Read-only answers about schedules for overview screens (the console's "Heute"). */
@Injectable()
export class SchedulesOverviewService {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly slots: SlotsRepository,
    private readonly clock: Clock,
  ) {}

  /** The next clock slot of each newsletter that has one (cron or one-off, not paused). */
  async nextSlotPerNewsletter(): Promise<UpcomingSlot[]> {
    const now = this.clock.now();
    const next = new Map<string, UpcomingSlot>();
    for (const row of await this.schedules.listActiveTimed()) {
      const run = nextRuns(specOf(row), now, 1)[0];
      if (!run) continue;
      const at = new Date(run.utc);
      const known = next.get(row.newsletterId);
      if (!known || at < known.at) next.set(row.newsletterId, { newsletterId: row.newsletterId, scheduleId: row.id, at });
    }
    return [...next.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  async awaitingApproval(limit = 50): Promise<AwaitingApproval[]> {
    return (await this.slots.listAwaitingApproval(limit)).map((slot) => ({
      newsletterId: slot.newsletterId,
      issueId: slot.issueId,
      slotAt: slot.slotAt,
      expiresAt: slot.expiresAt,
      articleCount: slot.articleCount,
    }));
  }
}
