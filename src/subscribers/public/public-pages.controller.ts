import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicRoute } from '#src/auth/roles.js';
import { CURRENT_CONSENT_VERSION, type PageLocale } from '#src/subscribers/consent/consent-wording.js';
import { NewsletterOptions } from '#src/subscribers/newsletter-options.js';
import type { NewsletterChoice } from '#src/subscribers/pages/page-renderer.js';
import { InvalidLinkError, SelfServiceService, type PreferencesView } from '#src/subscribers/self-service.service.js';
import { SubscribeService } from '#src/subscribers/subscribe.service.js';
import { SubscriberLinks } from '#src/subscribers/subscriber-links.js';
import type { SubscribeInput } from '#src/subscribers/subscription.types.js';
import { PageResponder, pageUrl } from './page-responder.js';
import { readPreferencesBody, readSubscribeBody } from './subscribe-body.js';

/** A repeated `?token=` arrives as an array; only a single string can be a token. */
const tokenOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const lang = (locale: PageLocale): string | undefined => (locale === 'en' ? 'en' : undefined);

/** The reader-facing pages: no login; signed links authorise. */
@ApiExcludeController()
@PublicRoute()
@Controller()
export class PublicPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly subscribeService: SubscribeService,
    private readonly selfService: SelfServiceService,
    private readonly newsletterOptions: NewsletterOptions,
    private readonly links: SubscriberLinks,
  ) {}

  /** Readers may land on the bare domain: they get the sign-up form (which links staff to /admin). */
  @Get(['', 'subscribe'])
  async subscribeForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { locale } = this.pages.meta(req);
    this.pages.send(req, res, 200, 'subscribe', locale, await this.subscribeData(locale, null, []));
  }

  @Post('subscribe')
  async subscribe(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const meta = this.pages.meta(req);
    const input = readSubscribeBody(body);
    const outcome = await this.subscribeService.subscribe(input, meta);
    const json = req.is('application/json') !== false;
    if (outcome.kind === 'rate-limited') {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      if (json) return void res.status(429).json({ statusCode: 429, message: 'too many requests', retryAfterSeconds: outcome.retryAfterSeconds });
      return this.pages.send(req, res, 429, 'rate-limited', meta.locale, { retryAfterSeconds: outcome.retryAfterSeconds });
    }
    if (outcome.kind === 'invalid') {
      if (json) return void res.status(400).json({ statusCode: 400, message: outcome.errors.map((e) => `${e.field}: ${e.message}`), errors: outcome.errors });
      const data = await this.subscribeData(meta.locale, input, outcome.errors.map((e) => e.message));
      return this.pages.send(req, res, 400, 'subscribe', meta.locale, data);
    }
    if (json) return void res.status(202).json({ status: 'check-inbox' });
    this.pages.send(req, res, 200, 'check-inbox', meta.locale, {});
  }

  @Get('confirm')
  async confirm(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const meta = this.pages.meta(req);
    await this.withToken(req, res, meta.locale, async () => {
      const { subscriberId } = await this.selfService.confirm(tokenOf(token), meta);
      this.pages.send(req, res, 200, 'confirmed', meta.locale, { preferencesUrl: this.links.preferences(subscriberId, meta.locale) });
    });
  }

  @Get('preferences')
  async preferences(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const { locale } = this.pages.meta(req);
    await this.withToken(req, res, locale, async () => {
      const view = await this.selfService.preferences(tokenOf(token));
      this.pages.send(req, res, 200, 'preferences', locale, this.preferencesData(tokenOf(token), locale, view, false));
    });
  }

  @Post('preferences')
  async savePreferences(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown, @Body() body: unknown): Promise<void> {
    const meta = this.pages.meta(req);
    await this.withToken(req, res, meta.locale, async () => {
      const outcome = await this.selfService.updatePreferences(tokenOf(token), readPreferencesBody(body), meta);
      const saved = outcome.kind === 'saved';
      const data = this.preferencesData(tokenOf(token), meta.locale, outcome.view, saved);
      this.pages.send(req, res, saved ? 200 : 400, 'preferences', meta.locale, saved ? data : { ...data, errors: outcome.errors.map((e) => e.message) });
    });
  }

  /** Link scanners fetch GETs: this only shows the button. */
  @Get('unsubscribe')
  async unsubscribePage(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const { locale } = this.pages.meta(req);
    await this.withToken(req, res, locale, () => {
      this.selfService.checkUnsubscribeToken(tokenOf(token));
      this.pages.send(req, res, 200, 'unsubscribe', locale, { action: pageUrl('/unsubscribe', { token: tokenOf(token), lang: lang(locale) }) });
      return Promise.resolve();
    });
  }

  /** RFC 8058 one-click target (List-Unsubscribe-Post): no cookie, no CSRF token, 200. */
  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const meta = this.pages.meta(req);
    await this.withToken(req, res, meta.locale, async () => {
      await this.selfService.unsubscribe(tokenOf(token), meta);
      this.pages.send(req, res, 200, 'unsubscribed', meta.locale, { subscribeUrl: pageUrl('/subscribe', { lang: lang(meta.locale) }) });
    });
  }

  private async withToken(req: Request, res: Response, locale: PageLocale, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof InvalidLinkError)) throw error;
      this.pages.send(req, res, 400, 'invalid-token', locale, { subscribeUrl: pageUrl('/subscribe', { lang: lang(locale) }) });
    }
  }

  private async subscribeData(locale: PageLocale, input: SubscribeInput | null, errors: string[]) {
    const chosen = new Set(input?.newsletters ?? []);
    const options = await this.newsletterOptions.list();
    const newsletters: NewsletterChoice[] = options.map((o) => ({ slug: o.slug, title: o.name, description: o.description, checked: chosen.has(o.slug) }));
    return {
      action: pageUrl('/subscribe', { lang: lang(locale) }),
      consentVersion: CURRENT_CONSENT_VERSION,
      newsletters,
      values: { email: input?.email ?? '', name: input?.name ?? '' },
      errors,
    };
  }

  private preferencesData(token: string, locale: PageLocale, view: PreferencesView, saved: boolean) {
    const held = new Set(view.newsletters);
    return {
      action: pageUrl('/preferences', { token, lang: lang(locale) }),
      unsubscribeAction: pageUrl('/unsubscribe', { token: this.links.unsubscribeToken(view.subscriber.id), lang: lang(locale) }),
      email: view.subscriber.email,
      name: view.subscriber.name,
      paused: view.subscriber.paused,
      newsletters: view.options.map((o) => ({ slug: o.slug, title: o.name, description: o.description, checked: held.has(o.slug) })),
      saved,
    };
  }
}
