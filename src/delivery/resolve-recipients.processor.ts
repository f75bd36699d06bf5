import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '#src/jobs/jobs.service.js';
import { RecipientResolver } from './recipient-resolver.js';

@Injectable()
export class ResolveRecipientsProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly resolver: RecipientResolver,
  ) {}

  onModuleInit(): void {
    this.jobs.register('delivery.resolve-recipients', ({ issueId }) => this.resolver.resolve(issueId));
  }
}
