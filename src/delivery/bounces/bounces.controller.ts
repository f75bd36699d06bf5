import { BadRequestException, Controller, ForbiddenException, HttpCode, Logger, NotFoundException, Param, Post, Req, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { PublicRoute } from '#src/auth/roles.js';
import { AppConfig, type BounceSource } from '#src/config/app-config.js';
import { BounceWebhookError, parseBounceWebhook, type BounceProvider } from '#src/mail/bounce-webhook.parser.js';
import { DsnParseError, parseDsn } from '#src/mail/dsn-parser.js';
import { SnsCertificateUnavailableError } from '#src/mail/sns-certificate.fetcher.js';
import { SNS_HOST, SnsSignatureError } from '#src/mail/sns-signature.js';
import { BounceService, type BounceSummary } from './bounce.service.js';
import { SnsMessageVerifier } from './sns-message-verifier.js';
import { readLimitedBody } from './limited-body.js';
import { presentedSecret, secretsMatch } from './webhook-secret.js';

const PROVIDERS: readonly BounceProvider[] = ['generic', 'ses', 'postmark'];
const MAX_BODY = 5 * 1024 * 1024;

/** The body as sent, for types the global JSON parser leaves alone (message/rfc822, SNS's text/plain). */
async function rawBody(req: Request): Promise<Buffer> {
  return Buffer.isBuffer(req.body) ? req.body : readLimitedBody(req, MAX_BODY);
}

/**
 * Bounce and complaint notifications. Providers cannot send our API tokens, so each source has
 * its own shared secret (BOUNCE_WEBHOOK_SECRET_*), compared in constant time. SES notifications
 * must in addition carry a valid Amazon SNS signature.
 */
@ApiExcludeController()
@PublicRoute()
@Controller('hooks/bounces')
export class BouncesController {
  private readonly logger = new Logger('Bounces');

  constructor(
    private readonly bounces: BounceService,
    private readonly config: AppConfig,
    private readonly snsVerifier: SnsMessageVerifier,
  ) {}

  /** A raw RFC 3464 delivery status notification (message/rfc822 body). */
  @Post('dsn')
  @HttpCode(200)
  async dsn(@Req() req: Request): Promise<BounceSummary> {
    this.authenticate('dsn', req);
    const raw = await rawBody(req);
    try {
      return await this.bounces.recordDsn(await parseDsn(raw));
    } catch (error) {
      if (error instanceof DsnParseError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Post(':provider')
  @HttpCode(200)
  async webhook(@Param('provider') provider: string, @Req() req: Request): Promise<BounceSummary> {
    if (!PROVIDERS.includes(provider as BounceProvider)) throw new NotFoundException(`provider: must be one of ${PROVIDERS.join(', ')} or dsn`);
    const source = provider as BounceProvider;
    this.authenticate(source, req);
    const body = await this.jsonBody(req);
    if (source === 'ses') await this.verifySnsSignature(body);
    try {
      const result = parseBounceWebhook(source, body);
      if (result.confirmSubscriptionUrl) await this.confirmSnsSubscription(result.confirmSubscriptionUrl);
      return await this.bounces.recordEvents(source, result.events);
    } catch (error) {
      if (error instanceof BounceWebhookError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private authenticate(source: BounceSource, req: Request): void {
    if (!secretsMatch(presentedSecret(req.headers), this.config.bounces.secrets[source])) {
      throw new UnauthorizedException(`bounce source "${source}": missing or wrong shared secret`);
    }
  }

  /** Before anything in the message is trusted or followed (SubscribeURL). */
  private async verifySnsSignature(body: unknown): Promise<void> {
    try {
      await this.snsVerifier.verify(body);
    } catch (error) {
      if (error instanceof SnsSignatureError) {
        this.logger.warn({ msg: 'SNS message refused', field: error.field, reason: error.message });
        const message = `bounce source "ses": ${error.message}`;
        throw error.kind === 'unsigned' ? new UnauthorizedException(message) : new ForbiddenException(message);
      }
      if (error instanceof SnsCertificateUnavailableError) {
        this.logger.warn({ msg: 'SNS signing certificate unavailable', reason: error.message });
        throw new ServiceUnavailableException(error.message);
      }
      throw error;
    }
  }

  private async jsonBody(req: Request): Promise<unknown> {
    if (req.body !== undefined && !Buffer.isBuffer(req.body) && Object.keys(req.body as object).length > 0) return req.body;
    const raw = (await rawBody(req)).toString('utf8');
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new BadRequestException('body: is not valid JSON');
    }
  }

  private async confirmSnsSubscription(url: string): Promise<void> {
    const host = new URL(url).hostname;
    // Only ever call AWS: the URL comes from the request body.
    if (new URL(url).protocol !== 'https:' || !SNS_HOST.test(host)) throw new BadRequestException('SubscribeURL: must be an https URL on sns.<region>.amazonaws.com');
    const response = await fetch(url);
    if (!response.ok) throw new BadRequestException(`SubscribeURL: AWS answered ${response.status}`);
    this.logger.log({ msg: 'SNS subscription confirmed', host });
  }
}
