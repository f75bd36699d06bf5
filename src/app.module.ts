import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ConfigModule } from './config/config.module.js';
import { DbModule } from './db/db.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RenderingModule } from './rendering/rendering.module.js';
import { SchedulesModule, type IssueGatewayBinding } from './schedules/schedules.module.js';
import type { Clock } from './system/clock.js';
import { ClockModule } from './system/clock.module.js';
import { SystemModule } from './system/system.module.js';

/** Ports bound from outside the feature modules: the clock (tests move it) and the issue gateway. */
export interface AppBindings {
  clock?: Clock;
  /**
   * Binds schedules to the newsletters/delivery feature. Without it the schedules feature is not
   * loaded (nothing to schedule yet); the newsletters feature supplies the default binding.
   */
  issueGateway?: IssueGatewayBinding;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, bindings: AppBindings = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(bindings.clock),
        DbModule,
        JobsModule,
        MetricsModule,
        RenderingModule,
        MailModule,
        SystemModule,
        AuthModule,
        HealthModule,
        AuditModule,
        ...(bindings.issueGateway ? [SchedulesModule.forRoot(bindings.issueGateway)] : []),
      ],
    };
  }
}
