import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicRoute } from '#src/auth/roles.js';
import { ConsoleAssets } from './console-assets.js';

const CACHE = 'public, max-age=31536000, immutable';

/** htmx and the stylesheet, served by Postbote itself (no CDN: no third party sees staff browsing). */
@ApiExcludeController()
@PublicRoute()
@Controller('admin/assets')
export class ConsoleAssetsController {
  constructor(private readonly assets: ConsoleAssets) {}

  // Pages link with ?v=<start time>, so a year of caching is safe: a new start means a new URL.
  @Get('htmx.min.js')
  htmx(@Res() res: Response): void {
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': CACHE, 'X-Content-Type-Options': 'nosniff' }).send(this.assets.htmx);
  }

  @Get('console.css')
  stylesheet(@Res() res: Response): void {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': CACHE, 'X-Content-Type-Options': 'nosniff' }).send(this.assets.stylesheet);
  }
}
