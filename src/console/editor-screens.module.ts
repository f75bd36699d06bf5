import { Module } from '@nestjs/common';
import { SourcesModule } from '#src/sources/sources.module.js';
import { SourcesConsoleController } from './sources/sources-console.controller.js';

/**
 * The editor's console screens (sources, newsletters, schedules, issues). Their controllers call
 * the feature modules' services, the same the API's controllers call; the frame (ConsolePages,
 * the session guard) comes from the global ConsoleModule.
 */
@Module({
  imports: [SourcesModule],
  controllers: [SourcesConsoleController],
})
export class EditorScreensModule {}
