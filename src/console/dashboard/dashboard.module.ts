import { Module } from '@nestjs/common';
import { DeliveryModule } from '#src/delivery/delivery.module.js';
import { NewslettersModule } from '#src/newsletters/newsletters.module.js';
import { SourcesModule } from '#src/sources/sources.module.js';
import { SubscribersModule } from '#src/subscribers/subscribers.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';
import { SendingProgressService } from './sending-progress.service.js';

/** The "Heute" screen. Schedules, WhatsApp and system services are global. */
@Module({
  imports: [NewslettersModule, DeliveryModule, SubscribersModule, SourcesModule],
  controllers: [DashboardController],
  providers: [DashboardService, SendingProgressService],
})
export class DashboardModule {}
