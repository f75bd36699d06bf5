import { Catch, HttpException, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONSOLE_MESSAGES } from '#src/console/i18n/console-messages.js';
import { resolvePageLocale } from '#src/subscribers/pages/page-locale.js';
import { DEFAULT_TIME_ZONE, type ConsoleContext, type ConsoleRequest } from './console-context.js';
import { CsrfRefusedError, NotLoggedInError } from './console-errors.js';
import { ConsolePages } from './console-pages.js';

type ErrorKind = 'forbidden' | 'notFound' | 'csrf' | 'badRequest' | 'server';

/**
 * Console errors as pages, never JSON: no session → the login page (htmx is told to go there
 * with HX-Redirect, since swapping a login form into a progress bar helps nobody); others → an
 * error page in the user's language, with the frame when logged in.
 */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly pages: ConsolePages) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof NotLoggedInError) return this.toLogin(req, res, error.sessionEnded);
    const { status, kind, message } = classify(error);
    if (kind === 'server') this.logger.error({ err: error, path: req.path }, 'console request failed');
    if (res.headersSent) return;
    const context = req.consoleContext ?? anonymousContext(req);
    try {
      await this.pages.page(req, res, context, 'error', { ...errorTexts(context, kind), detail: message ?? '' }, status);
    } catch (renderError) {
      this.logger.error({ err: renderError }, 'console error page failed');
      res.status(status).type('text/plain').send(message ?? 'error');
    }
  }

  private toLogin(req: Request, res: Response, sessionEnded: boolean): void {
    const params = new URLSearchParams();
    if (req.method === 'GET' && req.get('hx-request') !== 'true') params.set('next', req.originalUrl);
    if (sessionEnded) params.set('notice', 'sessionEnded');
    const location = `/admin/login${params.size > 0 ? `?${params.toString()}` : ''}`;
    if (req.get('hx-request') === 'true') return void res.status(401).set({ 'HX-Redirect': location, 'Cache-Control': 'no-store' }).send();
    res.status(303).set({ Location: location, 'Cache-Control': 'no-store' }).send();
  }
}

function classify(error: unknown): { status: number; kind: ErrorKind; message: string | null } {
  if (error instanceof CsrfRefusedError) return { status: 403, kind: 'csrf', message: null };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 403) return { status, kind: 'forbidden', message: null };
    if (status === 404) return { status, kind: 'notFound', message: null };
    if (status < 500) return { status, kind: 'badRequest', message: httpErrorText(error) };
  }
  return { status: 500, kind: 'server', message: null };
}

/** What the 4xx says: its message list (`["id: must be a UUID"]`), not Nest's "Bad Request Exception". */
function httpErrorText(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  if (Array.isArray(message)) return message.filter((m) => typeof m === 'string').join('; ');
  return typeof message === 'string' ? message : error.message;
}

function errorTexts(context: ConsoleContext, kind: ErrorKind): { title: string; body: string } {
  const t = CONSOLE_MESSAGES[context.locale].errors;
  switch (kind) {
    case 'forbidden':
      return { title: t.forbiddenTitle, body: t.forbidden };
    case 'notFound':
      return { title: t.notFoundTitle, body: t.notFound };
    case 'csrf':
      return { title: t.csrfTitle, body: t.csrf };
    case 'badRequest':
      return { title: t.badRequestTitle, body: '' };
    case 'server':
      return { title: t.serverTitle, body: t.server };
  }
}

function anonymousContext(req: Request): ConsoleContext {
  return { active: null, locale: resolvePageLocale({ lang: req.query.lang, acceptLanguage: req.get('accept-language') }), timeZone: DEFAULT_TIME_ZONE, csrfToken: '' };
}
