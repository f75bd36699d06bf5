import { Module, type DynamicModule, type ModuleMetadata, type Provider, type Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '#src/audit/audit.module.js';
import { EditorController } from './editor.controller.js';
import { EditorService } from './editor.service.js';
import { IssueGateway } from './issue-gateway.js';
import { PublishWindowsService } from './publish-windows.service.js';
import { SchedulerTimer } from './scheduler-timer.js';
import { SchedulerService } from './scheduler.service.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesProcessor } from './schedules.processor.js';
import { SchedulesOverviewService } from './schedules-overview.service.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesService } from './schedules.service.js';
import { SlotProcessingService } from './slot-processing.service.js';
import { SlotsRepository } from './slots.repository.js';

/**
 * How the IssueGateway port is bound: by the newsletters feature, e.g.
 * `{ imports: [NewslettersModule], useClass: NewslettersIssueGateway }`, or a value in tests.
 */
export type IssueGatewayBinding = { imports?: ModuleMetadata['imports'] } & ({ useClass: Type<IssueGateway> } | { useValue: IssueGateway });

@Module({})
export class SchedulesModule {
  static forRoot(gateway: IssueGatewayBinding): DynamicModule {
    const { imports = [], ...binding } = gateway;
    const gatewayProvider: Provider = { provide: IssueGateway, ...binding };
    return {
      module: SchedulesModule,
      imports: [ScheduleModule.forRoot(), AuditModule, ...imports],
      controllers: [SchedulesController, EditorController],
      providers: [
        gatewayProvider,
        SchedulesRepository,
        SlotsRepository,
        SchedulesService,
        SchedulerService,
        SlotProcessingService,
        PublishWindowsService,
        EditorService,
        SchedulesProcessor,
        SchedulerTimer,
        SchedulesOverviewService,
      ],
      // Global: overview screens read SchedulesOverviewService without importing this module,
      // which forRoot binds once (a second import would build a second scheduler). The console's
      // issue cockpit approves through EditorService the same way.
      global: true,
      exports: [SchedulerService, SchedulesOverviewService, EditorService],
    };
  }
}
