import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { REQUIRED_ROLE, satisfiesRole, type Role } from '#src/auth/roles.js';
import { AppConfig } from '#src/config/app-config.js';
import { resolvePageLocale } from '#src/subscribers/pages/page-locale.js';
import { SessionsService, type ActiveSession } from '#src/users/sessions.service.js';
import { usesHttps } from './console-banners.js';
import { ANONYMOUS_CONSOLE_ROUTE, DEFAULT_TIME_ZONE, type ConsoleRequest } from './console-context.js';
import { clearConsoleCookie, PRE_SESSION_COOKIE, readCookie, SESSION_COOKIE, setConsoleCookie } from './console-cookies.js';
import { CsrfRefusedError, NotLoggedInError } from './console-errors.js';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenFor, csrfTokenMatches } from './csrf.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PRE_SESSION_PATTERN = /^[\w-]{32,64}$/u;

/**
 * Every console route: finds the session behind the cookie, settles language and time zone,
 * checks the CSRF token of every state-changing request, then the role (the API's policy: routes
 * need `admin` unless they say `@RequireRole('editor')`).
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const secure = usesHttps(this.config.http.publicUrl);
    const sessionId = readCookie(req, SESSION_COOKIE);
    const active = sessionId ? await this.sessions.authenticate(sessionId) : null;
    if (sessionId && !active) clearConsoleCookie(res, SESSION_COOKIE, secure);
    req.consoleContext = {
      active,
      locale: active?.user.locale ?? resolvePageLocale({ lang: req.query.lang, acceptLanguage: req.get('accept-language') }),
      timeZone: active?.user.timeZone ?? DEFAULT_TIME_ZONE,
      csrfToken: csrfTokenFor(this.config.secretKey, this.csrfBinding(req, res, active, secure)),
    };
    if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(req.consoleContext.csrfToken, offeredToken(req))) throw new CsrfRefusedError();

    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(ANONYMOUS_CONSOLE_ROUTE, targets)) return true;
    if (!active) throw new NotLoggedInError(sessionId !== undefined);
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'admin';
    if (!satisfiesRole(active.user.role, required)) throw new ForbiddenException(`needs the ${required} role`);
    return true;
  }

  /** The session id once logged in; before, a random cookie of this browser's own. */
  private csrfBinding(req: ConsoleRequest, res: Response, active: ActiveSession | null, secure: boolean): string {
    if (active) return active.sessionId;
    const existing = readCookie(req, PRE_SESSION_COOKIE);
    if (existing && PRE_SESSION_PATTERN.test(existing)) return existing;
    const fresh = randomBytes(32).toString('base64url');
    setConsoleCookie(res, PRE_SESSION_COOKIE, fresh, secure);
    return fresh;
  }
}

function offeredToken(req: ConsoleRequest): unknown {
  const body: unknown = req.body;
  const field = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  return typeof field === 'string' && field !== '' ? field : req.get(CSRF_HEADER);
}
