import { Global, Module } from '@nestjs/common';
import { HeartbeatService } from './heartbeat.service.js';
import { QueueProbeService } from './queue-probe.service.js';
import { SystemController } from './system.controller.js';
import { SystemRepository } from './system.repository.js';
import { WorkerIdentity } from './worker-identity.js';

@Global()
@Module({
  controllers: [SystemController],
  providers: [SystemRepository, HeartbeatService, QueueProbeService, WorkerIdentity],
  exports: [SystemRepository, WorkerIdentity],
})
export class SystemModule {}
