import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ConsoleContext } from './console-context.js';
import { ConsoleBanners } from './console-banners.js';
import { ConsoleRenderer } from './console-renderer.js';
import { buildFrameView, type FrameView } from './frame-view.js';

/**
 * Scripts and styles only from /admin/assets (htmx and the stylesheet); no inline script or style,
 * no framing, no Referer to other sites, no caching of pages that show reader data.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** Sends console pages and fragments; controllers give it a template name and the screen's data. */
@Injectable()
export class ConsolePages {
  /** Changes with every start, so a deploy's new stylesheet is never served from a stale cache. */
  readonly assetVersion = Date.now().toString(36);

  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly banners: ConsoleBanners,
  ) {}

  async frame(req: Request, context: ConsoleContext): Promise<FrameView> {
    const banners = context.active ? await this.banners.current() : [];
    return buildFrameView(context, req.originalUrl, banners, this.assetVersion);
  }

  async page(req: Request, res: Response, context: ConsoleContext, page: string, data: object, status = 200): Promise<void> {
    const html = this.renderer.page(page, await this.frame(req, context), data);
    res.status(status).set({ ...CONSOLE_SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', Vary: 'Cookie, Accept-Language' }).send(html);
  }

  /** A partial alone (htmx swaps it); no banners, no layout, no database round trip for the frame. */
  fragment(req: Request, res: Response, context: ConsoleContext, partial: string, data: object): void {
    const html = this.renderer.fragment(partial, buildFrameView(context, req.originalUrl, [], this.assetVersion), data);
    res.status(200).set({ ...CONSOLE_SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', Vary: 'Cookie' }).send(html);
  }

  /** POST-redirect-GET: 303 makes the browser follow with a GET. */
  redirect(res: Response, location: string): void {
    res.status(303).set({ 'Cache-Control': 'no-store', Location: location }).send();
  }
}
