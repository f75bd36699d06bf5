import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '#src/system/clock.js';
import { IssueGateway } from './issue-gateway.js';
import { specOf } from './schedule-mapping.js';
import { SchedulerService } from './scheduler.service.js';
import { SchedulesRepository } from './schedules.repository.js';

/**
 * On-publish schedules: an article matching a newsletter opens a quiet-period window (or extends
 * the open one); the scheduler tick turns each closed window into one slot.
 */
@Injectable()
export class PublishWindowsService {
  private readonly logger = new Logger(PublishWindowsService.name);

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly gateway: IssueGateway,
    private readonly scheduler: SchedulerService,
    private readonly clock: Clock,
  ) {}

  async onArticlePublished(articleId: string): Promise<void> {
    const newsletterIds = await this.gateway.newslettersForArticle(articleId);
    const schedules = await this.schedules.listActiveOnPublish(newsletterIds);
    if (schedules.length === 0) return;
    const now = this.clock.now();
    for (const schedule of schedules) {
      const spec = specOf(schedule);
      if (spec.kind !== 'on-publish') continue;
      const closesAt = new Date(now.getTime() + spec.quietPeriodMinutes * 60_000);
      // Only used when this article opens the window; an open window keeps the limit it opened with.
      const latestCloseAt = new Date(now.getTime() + spec.maxWaitMinutes * 60_000);
      const window = await this.schedules.openOrExtendWindow(schedule, now, closesAt, latestCloseAt);
      this.logger.log({ msg: 'quiet period open', newsletterId: schedule.newsletterId, articleId, closesAt: window.closesAt });
    }
    // Without a quiet period the issue should not wait for the next tick.
    if (schedules.some((s) => s.quietPeriodMinutes === 0)) await this.scheduler.tick();
  }
}
