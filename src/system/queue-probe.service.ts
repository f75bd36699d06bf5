import { GatewayTimeoutException, Injectable, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobsService } from '#src/jobs/jobs.service.js';
import { SystemRepository } from './system.repository.js';
import { WorkerIdentity } from './worker-identity.js';

export interface ProbeResult {
  probeId: string;
  handledBy: string;
  latencyMs: number;
}

/** An end-to-end check of the queue: enqueue here, see which worker (on any machine) answers. */
@Injectable()
export class QueueProbeService implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly system: SystemRepository,
    private readonly identity: WorkerIdentity,
  ) {}

  onModuleInit(): void {
    this.jobs.register('system.queue-probe', async ({ probeId }) => this.system.markProbeHandled(probeId, this.identity.id));
  }

  async probe(timeoutMs: number): Promise<ProbeResult> {
    const probeId = await this.system.createProbe();
    await this.jobs.send('system.queue-probe', { probeId });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const row = await this.system.findProbe(probeId);
      if (row?.handledBy && row.handledAt) {
        return { probeId, handledBy: row.handledBy, latencyMs: row.handledAt.getTime() - row.requestedAt.getTime() };
      }
      await sleep(100);
    }
    throw new GatewayTimeoutException(`no worker took the probe job within ${timeoutMs} ms`);
  }
}
