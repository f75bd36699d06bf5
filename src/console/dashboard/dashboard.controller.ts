import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { consoleContextOf } from '#src/console/frame/console-context.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { ConsoleController } from '#src/console/frame/console-route.decorators.js';
import { DashboardService } from './dashboard.service.js';
import { SendingProgressService } from './sending-progress.service.js';

/** "Heute": what needs attention today. The live progress is a fragment htmx polls. */
@ConsoleController()
@RequireRole('editor')
export class DashboardController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly dashboard: DashboardService,
    private readonly progress: SendingProgressService,
  ) {}

  @Get()
  async today(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [overview, sending] = await Promise.all([this.dashboard.overview(), this.progress.current()]);
    await this.pages.page(req, res, consoleContextOf(req), 'dashboard', { ...overview, sending });
  }

  @Get('today/sending')
  async sending(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.pages.fragment(req, res, consoleContextOf(req), 'sending-progress', { sending: await this.progress.current() });
  }
}
