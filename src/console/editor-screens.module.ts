import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryModule } from '#src/delivery/delivery.module.js';
import { NewslettersModule } from '#src/newsletters/newsletters.module.js';
import { SourcesModule } from '#src/sources/sources.module.js';
import { IssuesConsoleController } from './issues/issues-console.controller.js';
import { SourcesConsoleController } from './sources/sources-console.controller.js';

/**
 * The editor's console screens (sources, newsletters, schedules, issues). Their controllers call
 * the feature modules' services, the same the API's controllers call; the frame (ConsolePages,
 * the session guard) comes from the global ConsoleModule. The schedules module is configured by
 * the app (its issue gateway), so the app hands its instance in.
 */
@Module({})
export class EditorScreensModule {
  static forRoot(schedules: DynamicModule): DynamicModule {
    return {
      module: EditorScreensModule,
      imports: [SourcesModule, NewslettersModule, DeliveryModule, schedules],
      controllers: [SourcesConsoleController, IssuesConsoleController],
    };
  }
}
