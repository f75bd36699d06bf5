import { applyDecorators, Controller, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PublicRoute } from '#src/auth/roles.js';
import { ANONYMOUS_CONSOLE_ROUTE } from './console-context.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleSessionGuard } from './console-session.guard.js';

/**
 * A console screen's controller under /admin. Not a bearer-token route (the API guard lets it
 * pass); the console guard authenticates the session cookie, checks CSRF and the role instead,
 * and errors render as console pages. Routes need `admin` unless marked `@RequireRole('editor')`.
 */
export const ConsoleController = (path = ''): ClassDecorator =>
  applyDecorators(Controller(path ? `admin/${path}` : 'admin'), PublicRoute(), ApiExcludeController(), UseGuards(ConsoleSessionGuard), UseFilters(ConsoleExceptionFilter));

/** Login, setup and password-link pages: open without a session (CSRF is still checked). */
export const AnonymousConsoleRoute = (): MethodDecorator => SetMetadata(ANONYMOUS_CONSOLE_ROUTE, true);
