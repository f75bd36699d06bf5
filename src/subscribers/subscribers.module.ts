import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '#src/config/app-config.js';
import { RateLimitRepository } from './abuse/rate-limit.repository.js';
import { SubscriberImportService } from './admin/subscriber-import.service.js';
import { SubscribersAdminController } from './admin/subscribers-admin.controller.js';
import { SubscribersAdminRepository } from './admin/subscribers-admin.repository.js';
import { SubscribersAdminService } from './admin/subscribers-admin.service.js';
import { SuppressionsController } from './admin/suppressions.controller.js';
import { ConfirmationMailService } from './confirmation-mail.service.js';
import { PageRenderer } from './pages/page-renderer.js';
import { PublicBodyLimitMiddleware } from './public/body-limit.middleware.js';
import { PageResponder } from './public/page-responder.js';
import { PublicPagesController } from './public/public-pages.controller.js';
import { SubscribeOriginMiddleware } from './public/subscribe-origin.middleware.js';
import { RetentionService } from './retention.service.js';
import { SelfServiceService } from './self-service.service.js';
import { SubscribeService } from './subscribe.service.js';
import { SubscriberDirectory } from './subscriber-directory.js';
import { SubscriberDirectoryService } from './subscriber-directory.service.js';
import { SubscriberGrowthRepository } from './subscriber-growth.repository.js';
import { SubscriberGrowthService } from './subscriber-growth.service.js';
import { SubscriberLinks } from './subscriber-links.js';
import { SubscriberTokenService } from './subscriber-token.js';
import { SubscribersProcessor } from './subscribers.processor.js';
import { SubscribersRepository } from './subscribers.repository.js';

/** Needs the NewsletterOptions and DeliveryHistory ports, bound app-wide by feature-ports.module.ts. */
@Module({
  controllers: [PublicPagesController, SuppressionsController, SubscribersAdminController],
  providers: [
    SubscribersRepository,
    RateLimitRepository,
    SubscriberLinks,
    { provide: SubscriberTokenService, inject: [AppConfig], useFactory: (config: AppConfig) => new SubscriberTokenService({ secret: config.secretKey }) },
    { provide: PageRenderer, inject: [AppConfig], useFactory: (config: AppConfig) => PageRenderer.load(join(config.templatesDir, 'pages')) },
    { provide: SubscriberDirectory, useClass: SubscriberDirectoryService },
    PageResponder,
    SubscribeService,
    SelfServiceService,
    ConfirmationMailService,
    RetentionService,
    SubscribersProcessor,
    SubscribersAdminRepository,
    SubscribersAdminService,
    SubscriberImportService,
    SubscriberGrowthRepository,
    SubscriberGrowthService,
  ],
  exports: [SubscriberDirectory, SubscriberGrowthService],
})
export class SubscribersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SubscribeOriginMiddleware).forRoutes({ path: 'subscribe', method: RequestMethod.POST }, { path: 'subscribe', method: RequestMethod.OPTIONS });
    consumer
      .apply(PublicBodyLimitMiddleware)
      .forRoutes(
        { path: 'subscribe', method: RequestMethod.POST },
        { path: 'preferences', method: RequestMethod.POST },
        { path: 'unsubscribe', method: RequestMethod.POST },
      );
  }
}
