import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { consoleContextOf } from './console-context.js';
import { ConsolePages } from './console-pages.js';
import { ConsoleController } from './console-route.decorators.js';

/**
 * Navigation entries whose screens are not built yet say so plainly instead of a 404. A screen
 * that gets built takes its path out of these lists (and its controller answers instead).
 */
const EDITOR_SCREENS = ['articles', 'newsletters', 'whatsapp'];
const ADMIN_SCREENS = ['subscribers', 'settings'];

@ConsoleController()
export class ComingSoonController {
  constructor(private readonly pages: ConsolePages) {}

  @Get(EDITOR_SCREENS)
  @RequireRole('editor')
  async editorScreen(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.page(req, res, consoleContextOf(req), 'coming-soon', {});
  }

  @Get(ADMIN_SCREENS)
  async adminScreen(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.page(req, res, consoleContextOf(req), 'coming-soon', {});
  }
}
