import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { activeSessionOf, consoleContextOf } from '#src/console/frame/console-context.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { ConsoleController } from '#src/console/frame/console-route.decorators.js';
import { formField, safeReturnPath } from '#src/console/frame/form-body.js';
import { isConsoleLocale } from '#src/console/i18n/console-messages.js';
import { SessionsService } from '#src/users/sessions.service.js';
import { UserInputError, UsersService } from '#src/users/users.service.js';

const ACCOUNT_NOTICES = new Set(['saved', 'passwordChanged', 'othersLoggedOut']);

function isTimeZone(value: string): boolean {
  if (value === '' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The logged-in person's own account: language, time zone, password, other sessions. */
@ConsoleController('account')
@RequireRole('editor')
export class AccountController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @Query('notice') notice: unknown): Promise<void> {
    await this.render(req, res, typeof notice === 'string' && ACCOUNT_NOTICES.has(notice) ? notice : null, [], 200);
  }

  @Post('preferences')
  async savePreferences(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const { user } = activeSessionOf(req);
    const locale = formField(body, 'locale');
    const timeZone = formField(body, 'timeZone').trim();
    if (!isTimeZone(timeZone)) return this.render(req, res, null, ['time-zone'], 400);
    await this.users.updatePreferences(user, { locale: isConsoleLocale(locale) ? locale : user.locale, timeZone });
    this.pages.redirect(res, '/admin/account?notice=saved');
  }

  /** The frame's language switch: saves the choice and returns to the page it was pressed on. */
  @Post('language')
  async switchLanguage(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const { user } = activeSessionOf(req);
    const locale = formField(body, 'locale');
    if (isConsoleLocale(locale)) await this.users.updatePreferences(user, { locale });
    this.pages.redirect(res, safeReturnPath(formField(body, 'return')));
  }

  @Post('password')
  async changePassword(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const active = activeSessionOf(req);
    const next = formField(body, 'password');
    if (next !== formField(body, 'confirm')) return this.render(req, res, null, ['mismatch'], 400);
    try {
      if (!(await this.users.changePassword(active.user, formField(body, 'current'), next, active.session.idHash))) {
        return this.render(req, res, null, ['wrong-password'], 400);
      }
    } catch (error) {
      if (error instanceof UserInputError) return this.render(req, res, null, [error.problem], 400);
      throw error;
    }
    this.pages.redirect(res, '/admin/account?notice=passwordChanged');
  }

  @Post('logout-others')
  async logoutOthers(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.logoutOthers(activeSessionOf(req));
    this.pages.redirect(res, '/admin/account?notice=othersLoggedOut');
  }

  private async render(req: Request, res: Response, notice: string | null, problems: string[], status: number): Promise<void> {
    const active = activeSessionOf(req);
    const { user } = active;
    await this.pages.page(
      req,
      res,
      consoleContextOf(req),
      'account',
      {
        notice,
        problems,
        account: { email: user.email, name: user.name, role: user.role, locale: user.locale, timeZone: user.timeZone },
        otherSessions: await this.sessions.otherSessionCount(active),
      },
      status,
    );
  }
}
