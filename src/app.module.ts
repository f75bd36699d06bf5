import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ArticlesModule } from './articles/articles.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ConfigModule } from './config/config.module.js';
import { DbModule } from './db/db.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RenderingModule } from './rendering/rendering.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';
import { SystemModule } from './system/system.module.js';
import { WhatsAppModule } from './whatsapp/whatsapp.module.js';
import type { WhatsAppSeams } from './whatsapp/whatsapp.tokens.js';

/** Replaceable edges of the app (a fake WhatsApp client in tests); production uses the defaults. */
export interface AppSeams {
  whatsapp?: WhatsAppSeams;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, seams: AppSeams = {}): DynamicModule {
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
        ArticlesModule,
        SubscribersModule,
        WhatsAppModule.forRoot(seams.whatsapp),
      ],
    };
  }
}
