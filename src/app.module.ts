import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { AuthModule } from './auth/auth.module.js';
import { ConfigModule } from './config/config.module.js';
import { DbModule } from './db/db.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { FeaturePortsModule } from './feature-ports.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NewslettersModule } from './newsletters/newsletters.module.js';
import { RenderingModule } from './rendering/rendering.module.js';
import { SystemModule } from './system/system.module.js';

export interface AppModuleOptions {
  /** A global module exporting SubscriberDirectory and ArticleCatalog; tests bind their own. */
  ports?: DynamicModule;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DbModule,
        JobsModule,
        MetricsModule,
        RenderingModule,
        MailModule,
        SystemModule,
        AuthModule,
        HealthModule,
        options.ports ?? FeaturePortsModule.forRoot(),
        NewslettersModule,
        DeliveryModule,
      ],
    };
  }
}
