import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '#src/jobs/jobs.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';

@Injectable()
export class PollSourceProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly scheduler: PollSchedulerService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('sources.poll', ({ sourceId }) => this.scheduler.runScheduledPoll(sourceId));
  }
}
