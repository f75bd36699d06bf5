import { ForbiddenException, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '#src/config/app-config.js';

/**
 * Who may post the sign-up form: pages of PUBLIC_URL and of the sites the operator allows
 * (SUBSCRIBE_ALLOWED_ORIGINS), so a news site can embed the form while other sites cannot sign
 * readers up from their pages. Browsers send `Origin` with every cross-site POST; a request
 * without it (curl, a server) is no cross-site forgery and passes, `Origin: null` does not.
 * A page served by this very host (Origin's host equals the request's Host) is the same origin
 * whatever PUBLIC_URL says, e.g. when staff reach Postbote under a second name.
 * Allowed origins also get CORS headers, so a site may post with fetch() and read the answer.
 */
@Injectable()
export class SubscribeOriginMiddleware implements NestMiddleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.allowed = new Set([new URL(config.http.publicUrl).origin, ...config.subscribers.allowedOrigins]);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const origin = requestOrigin(req);
    res.vary('Origin');
    if (origin === undefined) return next();
    if (isSameHost(origin, req)) return next();
    if (!this.allowed.has(origin)) {
      throw new ForbiddenException(`origin: ${origin} may not post this form (allow a site with SUBSCRIBE_ALLOWED_ORIGINS)`);
    }
    res.set('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    res.set({ 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type, Accept-Language', 'Access-Control-Max-Age': '600' }).status(204).end();
  }
}

function isSameHost(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/** The `Origin` header, else the origin of the `Referer` (older browsers on same-site posts). */
function requestOrigin(req: Request): string | undefined {
  const origin = req.get('origin');
  if (origin !== undefined) return origin;
  const referer = req.get('referer');
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
