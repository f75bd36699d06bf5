import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '#src/config/app-config.js';
import { RateLimitRepository } from './abuse/rate-limit.repository.js';
import { ConfirmationMailService } from './confirmation-mail.service.js';
import { ConfiguredNewsletterOptions, NewsletterOptions } from './newsletter-options.js';
import { PageRenderer } from './pages/page-renderer.js';
import { PublicBodyLimitMiddleware } from './public/body-limit.middleware.js';
import { PageResponder } from './public/page-responder.js';
import { PublicPagesController } from './public/public-pages.controller.js';
import { RetentionService } from './retention.service.js';
import { SelfServiceService } from './self-service.service.js';
import { SubscribeService } from './subscribe.service.js';
import { SubscriberDirectory } from './subscriber-directory.js';
import { SubscriberDirectoryService } from './subscriber-directory.service.js';
import { SubscriberLinks } from './subscriber-links.js';
import { SubscriberTokenService } from './subscriber-token.js';
import { SubscribersProcessor } from './subscribers.processor.js';
import { SubscribersRepository } from './subscribers.repository.js';

@Module({
  controllers: [PublicPagesController],
  providers: [
    SubscribersRepository,
    RateLimitRepository,
    SubscriberLinks,
    { provide: SubscriberTokenService, inject: [AppConfig], useFactory: (config: AppConfig) => new SubscriberTokenService({ secret: config.secretKey }) },
    { provide: PageRenderer, inject: [AppConfig], useFactory: (config: AppConfig) => PageRenderer.load(join(config.templatesDir, 'pages')) },
    { provide: SubscriberDirectory, useClass: SubscriberDirectoryService },
    // Until the newsletters feature binds its own list (see docs/subscribers.md).
    { provide: NewsletterOptions, useClass: ConfiguredNewsletterOptions },
    PageResponder,
    SubscribeService,
    SelfServiceService,
    ConfirmationMailService,
    RetentionService,
    SubscribersProcessor,
  ],
  exports: [SubscriberDirectory],
})
export class SubscribersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(PublicBodyLimitMiddleware)
      .forRoutes(
        { path: 'subscribe', method: RequestMethod.POST },
        { path: 'preferences', method: RequestMethod.POST },
        { path: 'unsubscribe', method: RequestMethod.POST },
      );
  }
}
