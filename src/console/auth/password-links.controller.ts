import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { consoleContextOf } from '#src/console/frame/console-context.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { AnonymousConsoleRoute, ConsoleController } from '#src/console/frame/console-route.decorators.js';
import { formField } from '#src/console/frame/form-body.js';
import { InvalidLinkError, UserInputError, UsersService } from '#src/users/users.service.js';

const tokenOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The one-time links: `/admin/setup` creates the first admin, `/admin/password` lets an invited or
 * reset user choose a password. The token stays in the form's action URL, never in a cookie.
 */
@ConsoleController()
export class PasswordLinksController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly users: UsersService,
  ) {}

  @Get('setup')
  @AnonymousConsoleRoute()
  async setupForm(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const context = consoleContextOf(req);
    if (!(await this.users.isSetupLinkValid(tokenOf(token)))) return this.invalid(req, res, 'setup');
    await this.pages.page(req, res, context, 'auth/setup', { token: tokenOf(token), values: { email: '', name: '' }, problems: [] });
  }

  @Post('setup')
  @AnonymousConsoleRoute()
  async setup(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown, @Body() body: unknown): Promise<void> {
    const context = consoleContextOf(req);
    const values = { email: formField(body, 'email'), name: formField(body, 'name') };
    const password = formField(body, 'password');
    if (password !== formField(body, 'confirm')) {
      return this.pages.page(req, res, context, 'auth/setup', { token: tokenOf(token), values, problems: ['mismatch'] }, 400);
    }
    try {
      await this.users.completeSetup(tokenOf(token), { ...values, password, locale: context.locale });
    } catch (error) {
      if (error instanceof InvalidLinkError) return this.invalid(req, res, 'setup');
      if (!(error instanceof UserInputError)) throw error;
      return this.pages.page(req, res, context, 'auth/setup', { token: tokenOf(token), values, problems: [error.problem] }, 400);
    }
    this.pages.redirect(res, '/admin/login?notice=passwordSet');
  }

  @Get('password')
  @AnonymousConsoleRoute()
  async passwordForm(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const user = await this.users.userForPasswordLink(tokenOf(token));
    if (!user) return this.invalid(req, res, 'password');
    await this.pages.page(req, res, consoleContextOf(req), 'auth/password', { token: tokenOf(token), email: user.email, problems: [] });
  }

  @Post('password')
  @AnonymousConsoleRoute()
  async setPassword(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown, @Body() body: unknown): Promise<void> {
    const context = consoleContextOf(req);
    const user = await this.users.userForPasswordLink(tokenOf(token));
    if (!user) return this.invalid(req, res, 'password');
    const password = formField(body, 'password');
    const again = (problem: string) => this.pages.page(req, res, context, 'auth/password', { token: tokenOf(token), email: user.email, problems: [problem] }, 400);
    if (password !== formField(body, 'confirm')) return again('mismatch');
    try {
      await this.users.setPasswordWithLink(tokenOf(token), password);
    } catch (error) {
      if (error instanceof InvalidLinkError) return this.invalid(req, res, 'password');
      if (error instanceof UserInputError) return again(error.problem);
      throw error;
    }
    this.pages.redirect(res, '/admin/login?notice=passwordSet');
  }

  private async invalid(req: Request, res: Response, kind: 'setup' | 'password'): Promise<void> {
    await this.pages.page(req, res, consoleContextOf(req), 'auth/invalid-link', { kind }, 404);
  }
}
