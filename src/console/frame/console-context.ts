import type { Request } from 'express';
import type { ConsoleLocale } from '#src/console/i18n/console-messages.js';
import type { ActiveSession } from '#src/users/sessions.service.js';

/** What the console guard learned about a request; every console controller and view reads it. */
export interface ConsoleContext {
  active: ActiveSession | null;
  locale: ConsoleLocale;
  timeZone: string;
  csrfToken: string;
}

export type ConsoleRequest = Request & { consoleContext?: ConsoleContext };

export const ANONYMOUS_CONSOLE_ROUTE = 'postbote:anonymous-console-route';

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Set by the guard before any console handler runs; a handler without it is a wiring bug. */
export function consoleContextOf(req: Request): ConsoleContext {
  const context = (req as ConsoleRequest).consoleContext;
  if (!context) throw new Error('console context missing: is the controller declared with @ConsoleController?');
  return context;
}

/** The logged-in session; only for routes that are not @AnonymousConsoleRoute. */
export function activeSessionOf(req: Request): ActiveSession {
  const { active } = consoleContextOf(req);
  if (!active) throw new Error('no console session on a route that requires one');
  return active;
}
