import { ConflictException, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { activeSessionOf, consoleContextOf } from '#src/console/frame/console-context.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { ConsoleController } from '#src/console/frame/console-route.decorators.js';
import { CONSOLE_MESSAGES } from '#src/console/i18n/console-messages.js';
import { IssueFailures } from '#src/delivery/issue-failures.js';
import { IssueSender } from '#src/delivery/issue-sender.js';
import { IssueStatsService } from '#src/delivery/issue-stats.service.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { NewslettersService } from '#src/newsletters/newsletters.service.js';
import { EditorService } from '#src/schedules/editor.service.js';
import { principalOf } from '#src/users/users.service.js';
import { issueCockpitView } from './issue-cockpit.view.js';

const RECENT_ISSUES = 10;
const LISTED_FAILURES = 50;
const NOTICES = new Set(['sending', 'approved', 'cancelled', 'retried', 'nothingToRetry']);
type IssueAction = 'send' | 'approve' | 'cancel' | 'retry';

/**
 * Ausgaben: each newsletter's recent issues, and the issue cockpit (progress from the per-issue
 * counters, failures with the mail server's answer, send / approve / cancel / retry). The actions
 * call the services behind /api/issues and /api/issues/:id/approve.
 */
@ConsoleController('issues')
@RequireRole('editor')
export class IssuesConsoleController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly newsletters: NewslettersService,
    private readonly issues: IssuesService,
    private readonly stats: IssueStatsService,
    private readonly failures: IssueFailures,
    private readonly sender: IssueSender,
    private readonly editor: EditorService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const newsletters = await this.newsletters.list();
    const groups = await Promise.all(
      newsletters.map(async (newsletter) => ({
        newsletter: { id: newsletter.id, name: newsletter.name },
        issues: await Promise.all(
          (await this.issues.history(newsletter.id, RECENT_ISSUES)).map(async (issue) => ({
            id: issue.id,
            subject: issue.subject,
            status: issue.status,
            createdAt: issue.createdAt,
            articleCount: issue.articleCount,
            stats: await this.stats.of(issue, newsletter.slug),
          })),
        ),
      })),
    );
    await this.pages.page(req, res, consoleContextOf(req), 'issues/list', { groups });
  }

  @Get(':id')
  async cockpit(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('notice') notice: unknown, @Query('count') count: unknown): Promise<void> {
    await this.renderCockpit(req, res, { notice: typeof notice === 'string' && NOTICES.has(notice) ? notice : null, count: Number(count) || 0, problem: null }, 200);
  }

  /** The cheap fragment htmx polls while the issue is sending: counters only, no ledger scan. */
  @Get(':id/progress')
  async progress(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    this.pages.fragment(req, res, consoleContextOf(req), 'issue-progress', { view: await this.view(id, false) });
  }

  /** The issue's HTML alone, for the cockpit's sandboxed preview frames. */
  @Get(':id/preview')
  async preview(@Res() res: Response, @Param('id') id: string): Promise<void> {
    const html = await this.issues.previewHtml(id);
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        // Framed by the cockpit only; mail HTML runs no script and reaches nothing but its images.
        'Content-Security-Policy': "sandbox; default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
        'X-Frame-Options': 'SAMEORIGIN',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(html);
  }

  @Post(':id/send')
  async send(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.act(req, res, id, 'send', async () => {
      await this.sender.start(id);
      return 'notice=sending';
    });
  }

  @Post(':id/approve')
  async approve(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.act(req, res, id, 'approve', async () => {
      await this.editor.approve(principalOf(activeSessionOf(req).user), id);
      return 'notice=approved';
    });
  }

  /** The confirmation says how many are still queued (from the counters). */
  @Get(':id/cancel')
  async confirmCancel(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const view = await this.view(id, false);
    await this.pages.page(req, res, consoleContextOf(req), 'issues/cancel', { view });
  }

  @Post(':id/cancel')
  async cancel(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.act(req, res, id, 'cancel', async () => `notice=cancelled&count=${await this.sender.cancel(id)}`);
  }

  @Post(':id/retry-failed')
  async retry(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.act(req, res, id, 'retry', async () => {
      const count = await this.sender.retryFailed(id);
      return count > 0 ? `notice=retried&count=${count}` : 'notice=nothingToRetry';
    });
  }

  /** Runs an action; a refusal (409/422: no longer a draft, deadline passed, …) shows on the cockpit in words. */
  private async act(req: Request, res: Response, id: string, action: IssueAction, run: () => Promise<string>): Promise<void> {
    try {
      this.pages.redirect(res, `/admin/issues/${id}?${await run()}`);
    } catch (error) {
      if (!(error instanceof ConflictException || error instanceof UnprocessableEntityException)) throw error;
      const t = CONSOLE_MESSAGES[consoleContextOf(req).locale].issues.problems;
      await this.renderCockpit(req, res, { notice: null, count: 0, problem: t[action].replace('{detail}', detailOf(error)) }, error.getStatus());
    }
  }

  private async renderCockpit(req: Request, res: Response, messages: { notice: string | null; count: number; problem: string | null }, status: number): Promise<void> {
    const id = req.params.id;
    if (typeof id !== 'string') throw new NotFoundException();
    await this.pages.page(req, res, consoleContextOf(req), 'issues/cockpit', { view: await this.view(id, true), ...messages }, status);
  }

  private async view(id: string, withFailures: boolean) {
    const { issue, newsletter } = await this.issues.getWithNewsletter(id);
    const [slot, stats, failures] = await Promise.all([
      this.editor.slotOf(id),
      this.stats.of(issue, newsletter.slug),
      withFailures ? this.failures.list(id, LISTED_FAILURES) : Promise.resolve([]),
    ]);
    return issueCockpitView(issue, newsletter, slot, stats, failures);
  }
}

function detailOf(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}
