import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '#src/jobs/jobs.service.js';
import { PublishWindowsService } from './publish-windows.service.js';
import { SlotProcessingService } from './slot-processing.service.js';

/** Thin: unpack the payload, call one service method. */
@Injectable()
export class SchedulesProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly slots: SlotProcessingService,
    private readonly windows: PublishWindowsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('schedules.process-slot', ({ slotId }) => this.slots.process(slotId), { concurrency: 2 });
    this.jobs.register('articles.published', ({ articleId }) => this.windows.onArticlePublished(articleId));
  }
}
