import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AppModule, type AppSeams } from './app.module.js';
import { runsHttpApi, type AppConfig } from './config/app-config.js';
import { createRootLogger } from './logging/logger.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsService } from './metrics/metrics.service.js';
import { PinoNestLogger } from './logging/pino-nest.logger.js';
import { serializeRequestWithoutSecrets } from './logging/redact-request.js';
import { rejectDeeplyNestedBodies } from './validation/body-depth.middleware.js';
import { ParseIdParamsPipe } from './validation/parse-id-params.pipe.js';
import { RejectUnsafeInputPipe } from './validation/reject-unsafe-input.pipe.js';
import { securityHeaders } from './http/security-headers.js';

export interface CreateAppOptions {
  logger?: Logger;
  seams?: AppSeams;
}

/** Builds the Nest application for a validated config; main.ts and the tests both use it. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const logger = options.logger ?? createRootLogger(config);
  // rawBody: signed webhooks (/hooks/sources/:id) verify the HMAC over the exact bytes received.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.seams), { logger: new PinoNestLogger(logger), bodyParser: true, rawBody: true });
  // Behind a reverse proxy the client IP (rate limits, consent records) is in X-Forwarded-For.
  if (config.http.trustProxy) app.set('trust proxy', true);
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      // Readers' link tokens and credentials sent in the query never reach a log line.
      serializers: { req: serializeRequestWithoutSecrets },
    }),
  );
  if (!runsHttpApi(config.role)) app.use(onlyOperationalRoutes);
  // Registered here rather than at init so the depth check can follow them; Nest then skips its own.
  app.useBodyParser('json');
  app.useBodyParser('urlencoded', { extended: true });
  app.use(rejectDeeplyNestedBodies());
  app.useGlobalPipes(
    new RejectUnsafeInputPipe(),
    new ParseIdParamsPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  setUpOpenApi(app);
  return app;
}

/** A worker answers orchestrator probes only; the API lives on `ROLE=api|all` instances. */
function onlyOperationalRoutes(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/health' || req.path === '/metrics') return next();
  res.status(404).json({ statusCode: 404, message: 'this instance runs ROLE=worker and serves only /health and /metrics' });
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Postbote')
      .setDescription('Newsletter and WhatsApp-channel distribution. Routes under /api need `Authorization: Bearer <token>`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
