import { Controller, DefaultValuePipe, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#src/auth/roles.js';
import { QueueProbeService, type ProbeResult } from './queue-probe.service.js';

@ApiTags('system')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/system')
export class SystemController {
  constructor(private readonly probes: QueueProbeService) {}

  /** Enqueues a probe job and waits for a worker to take it (504 if none does in time). */
  @Post('queue-probe')
  @ApiQuery({ name: 'timeoutMs', required: false, example: 10000 })
  async queueProbe(@Query('timeoutMs', new DefaultValuePipe(10_000), ParseIntPipe) timeoutMs: number): Promise<ProbeResult> {
    return this.probes.probe(Math.min(Math.max(timeoutMs, 100), 60_000));
  }
}
