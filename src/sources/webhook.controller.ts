import { Controller, Headers, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PublicRoute } from '#src/auth/roles.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';
import { WebhookService, type WebhookOutcome } from './webhook.service.js';

/** Outside /api: the HMAC signature over the raw body is the authentication. */
@ApiTags('webhooks')
@PublicRoute()
@Controller('hooks/sources')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post(':sourceId')
  @HttpCode(200)
  async receive(
    @Param('sourceId') sourceId: string,
    @Req() req: RawBodyRequest<Request>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
  ): Promise<WebhookOutcome> {
    // The parsed body from the request rather than @Body(): the global pipes would judge it before
    // its signature is checked. parseWebhookPayload validates it once it is authenticated.
    return this.webhooks.receive(sourceId, { rawBody: req.rawBody, body: req.body as unknown, signature, timestamp });
  }
}
