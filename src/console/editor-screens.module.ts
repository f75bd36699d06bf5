import { Module } from '@nestjs/common';
import { DeliveryModule } from '#src/delivery/delivery.module.js';
import { NewslettersModule } from '#src/newsletters/newsletters.module.js';
import { SourcesModule } from '#src/sources/sources.module.js';
import { IssuesConsoleController } from './issues/issues-console.controller.js';
import { SourcesConsoleController } from './sources/sources-console.controller.js';

/**
 * The editor's console screens (sources, newsletters, schedules, issues). Their controllers call
 * the feature modules' services, the same the API's controllers call; the frame (ConsolePages,
 * the session guard) comes from the global ConsoleModule, EditorService from the global
 * SchedulesModule (bound once by the app).
 */
@Module({
  imports: [SourcesModule, NewslettersModule, DeliveryModule],
  controllers: [SourcesConsoleController, IssuesConsoleController],
})
export class EditorScreensModule {}
