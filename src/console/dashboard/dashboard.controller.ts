import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { consoleContextOf } from '#src/console/frame/console-context.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { ConsoleController } from '#src/console/frame/console-route.decorators.js';

/** "Heute": what needs attention today. */
@ConsoleController()
@RequireRole('editor')
export class DashboardController {
  constructor(private readonly pages: ConsolePages) {}

  @Get()
  async today(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.page(req, res, consoleContextOf(req), 'dashboard', {});
  }
}
