import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ArticlesModule } from './articles/articles.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ConfigModule } from './config/config.module.js';
import { ConsoleModule } from './console/console.module.js';
import { EditorScreensModule } from './console/editor-screens.module.js';
import { DbModule } from './db/db.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { FeaturePortsModule } from './feature-ports.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NewslettersIssueGateway } from './delivery/newsletters-issue-gateway.js';
import { NewsletterWhatsAppContentModule } from './newsletters/newsletter-whatsapp-content.js';
import { NewslettersModule } from './newsletters/newsletters.module.js';
import { RenderingModule } from './rendering/rendering.module.js';
import type { SnsCertificateFetcher } from './mail/sns-certificate.fetcher.js';
import { SnsCertificatesModule } from './mail/sns-certificates.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';
import { SchedulesModule, type IssueGatewayBinding } from './schedules/schedules.module.js';
import type { Clock } from './system/clock.js';
import { ClockModule } from './system/clock.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { SystemModule } from './system/system.module.js';
import { WhatsAppModule } from './whatsapp/whatsapp.module.js';
import type { WhatsAppSeams } from './whatsapp/whatsapp.tokens.js';

/**
 * Replaceable edges of the app and ports bound from outside the feature modules: a fake WhatsApp
 * client and a movable clock in tests, the issue gateway. Production uses the defaults.
 */
export interface AppSeams {
  whatsapp?: WhatsAppSeams;
  clock?: Clock;
  /** Binds schedules to newsletters/delivery; tests pass a recording double. */
  issueGateway?: IssueGatewayBinding;
  /**
   * A global module exporting SubscriberDirectory and ArticleCatalog; tests may bind their own.
   * NewsletterOptions and DeliveryHistory stay the real ones (feature-ports.module.ts).
   */
  ports?: DynamicModule;
  /** Where SNS signing certificates come from; tests serve their own instead of AWS's. */
  snsCertificates?: SnsCertificateFetcher;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, seams: AppSeams = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(seams.clock),
        DbModule,
        JobsModule,
        MetricsModule,
        RenderingModule,
        MailModule,
        SnsCertificatesModule.forRoot(seams.snsCertificates),
        SystemModule,
        AuthModule,
        HealthModule,
        ArticlesModule,
        SubscribersModule,
        WhatsAppModule.forRoot(seams.whatsapp),
        AuditModule,
        SchedulesModule.forRoot(seams.issueGateway ?? { imports: [NewslettersModule, DeliveryModule], useClass: NewslettersIssueGateway }),
        FeaturePortsModule.forRoot(seams.ports),
        NewslettersModule,
        NewsletterWhatsAppContentModule,
        DeliveryModule,
        SourcesModule,
        ConsoleModule,
        EditorScreensModule,
      ],
    };
  }
}
