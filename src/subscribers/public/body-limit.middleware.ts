import { Injectable, PayloadTooLargeException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '#src/config/app-config.js';

/**
 * The public forms need a few hundred bytes; SUBSCRIBE_BODY_LIMIT_BYTES (default 16 KiB) keeps
 * anonymous callers from posting large bodies. The app-wide body parser's 100 kB cap still
 * bounds bodies sent without Content-Length.
 */
@Injectable()
export class PublicBodyLimitMiddleware implements NestMiddleware {
  constructor(private readonly config: AppConfig) {}

  use(req: Request, _res: Response, next: NextFunction): void {
    const declared = Number(req.get('content-length') ?? '0');
    if (declared > this.config.subscribers.bodyLimitBytes) {
      throw new PayloadTooLargeException(`body: larger than ${this.config.subscribers.bodyLimitBytes} bytes`);
    }
    next();
  }
}
