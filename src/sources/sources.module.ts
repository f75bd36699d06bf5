import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ArticlesModule } from '#src/articles/articles.module.js';
import { AppConfig } from '#src/config/app-config.js';
import { FeedFetcher } from './feed-fetcher.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { PollSourceProcessor } from './poll-source.processor.js';
import { FEED_FETCHER, SourceReader } from './source-reader.js';
import { SourcePollerService } from './source-poller.service.js';
import { SourcesController } from './sources.controller.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';
import { WebhookController } from './webhook.controller.js';
import { WebhookService } from './webhook.service.js';

@Module({
  imports: [ArticlesModule],
  controllers: [SourcesController, WebhookController],
  providers: [
    {
      provide: FEED_FETCHER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new FeedFetcher({ allowPrivate: config.sources.allowPrivate, timeoutMs: config.sources.fetchTimeoutMs, maxBytes: config.sources.maxBodyBytes }),
    },
    SourcesRepository,
    SourceReader,
    SourcePollerService,
    PollSchedulerService,
    PollSourceProcessor,
    SourcesService,
    WebhookService,
  ],
  exports: [SourcesService, SourcePollerService],
})
export class SourcesModule implements OnApplicationShutdown {
  constructor(@Inject(FEED_FETCHER) private readonly fetcher: FeedFetcher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.fetcher.close();
  }
}
