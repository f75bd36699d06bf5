import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service.js';

/**
 * Times every request by its route pattern (never the raw path: ids would explode cardinality)
 * and the status that was really sent. Express middleware ahead of Nest's routing, measured on the
 * response's `finish`: an interceptor would miss what guards and pipes refuse (401, 400) and read
 * the status before the exception filter had set it.
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = metrics.httpRequests.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
