import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '#src/config/app-config.js';
import { usesHttps } from '#src/console/frame/console-banners.js';
import { consoleContextOf } from '#src/console/frame/console-context.js';
import { clearConsoleCookie, SESSION_COOKIE, setConsoleCookie } from '#src/console/frame/console-cookies.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { AnonymousConsoleRoute, ConsoleController } from '#src/console/frame/console-route.decorators.js';
import { formField, safeReturnPath } from '#src/console/frame/form-body.js';
import { SessionsService } from '#src/users/sessions.service.js';

const LOGIN_NOTICES = new Set(['loggedOut', 'sessionEnded', 'passwordSet']);
const MAX_USER_AGENT = 512;

/** Login and logout. */
@ConsoleController()
export class ConsoleAuthController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get('login')
  @AnonymousConsoleRoute()
  async loginForm(@Req() req: Request, @Res() res: Response, @Query('next') next: unknown, @Query('notice') notice: unknown): Promise<void> {
    const context = consoleContextOf(req);
    if (context.active) return this.pages.redirect(res, safeReturnPath(next));
    const noticeKey = typeof notice === 'string' && LOGIN_NOTICES.has(notice) ? notice : null;
    await this.pages.page(req, res, context, 'auth/login', loginView({ next: safeReturnPath(next), notice: noticeKey }));
  }

  @Post('login')
  @AnonymousConsoleRoute()
  async login(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const context = consoleContextOf(req);
    const email = formField(body, 'email');
    const next = safeReturnPath(formField(body, 'next'));
    const userAgent = req.get('user-agent');
    const outcome = await this.sessions.login(email, formField(body, 'password'), { ip: req.ip ?? null, userAgent: userAgent?.slice(0, MAX_USER_AGENT) ?? null });
    if (outcome.kind === 'ok') {
      setConsoleCookie(res, SESSION_COOKIE, outcome.sessionId, usesHttps(this.config.http.publicUrl));
      return this.pages.redirect(res, next);
    }
    const status = outcome.kind === 'throttled' ? 429 : 401;
    if (outcome.kind === 'throttled') res.set('Retry-After', String(outcome.retryAfterSeconds));
    const error = outcome.kind === 'throttled' ? { throttledMinutes: Math.ceil(outcome.retryAfterSeconds / 60) } : { refused: true };
    await this.pages.page(req, res, context, 'auth/login', loginView({ next, email, ...error }), status);
  }

  @Post('logout')
  @AnonymousConsoleRoute()
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { active } = consoleContextOf(req);
    if (active) await this.sessions.logout(active);
    clearConsoleCookie(res, SESSION_COOKIE, usesHttps(this.config.http.publicUrl));
    this.pages.redirect(res, '/admin/login?notice=loggedOut');
  }
}

interface LoginState {
  next: string;
  email?: string;
  notice?: string | null;
  refused?: boolean;
  throttledMinutes?: number;
}

function loginView(state: LoginState): object {
  return {
    next: state.next,
    email: state.email ?? '',
    notice: state.notice ?? null,
    refused: state.refused ?? false,
    throttledMinutes: state.throttledMinutes ?? 0,
  };
}
