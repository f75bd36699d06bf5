import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { AppConfig } from '#src/config/app-config.js';
import { activeSessionOf, consoleContextOf } from '#src/console/frame/console-context.js';
import { ConsolePages } from '#src/console/frame/console-pages.js';
import { ConsoleController } from '#src/console/frame/console-route.decorators.js';
import { dtoProblems, serviceFieldProblem } from '#src/console/frame/form-validation.js';
import { CONSOLE_MESSAGES } from '#src/console/i18n/console-messages.js';
import { CreateSourceDto, UpdateSourceDto, type SourceResponse } from '#src/sources/dto/source.dto.js';
import { SourcePollerService } from '#src/sources/source-poller.service.js';
import { SourcesService } from '#src/sources/sources.service.js';
import { EMPTY_SOURCE_FORM, readSourceForm, SOURCE_FORM_FIELDS, sourceDtoOf, sourceFormValuesOf, type SourceFormField, type SourceFormValues } from './source-form.js';
import { pollOutcomeView, sourceRowView, type PollOutcomeView } from './source-views.js';

const NOTICES = new Set(['created', 'saved', 'deleted']);

type Problems = Partial<Record<SourceFormField | 'urlRequired' | 'urlPrivate', string>>;

/**
 * Quellen: every editor sees the sources' health and may poll one now; adding, changing and
 * deleting a source is for admins (as in the API: a source carries credentials and decides which
 * hosts Postbote connects to).
 */
@ConsoleController('sources')
@RequireRole('editor')
export class SourcesConsoleController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly sources: SourcesService,
    private readonly poller: SourcePollerService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query('notice') notice: unknown): Promise<void> {
    await this.renderList(req, res, typeof notice === 'string' && NOTICES.has(notice) ? notice : null, null);
  }

  @Get('new')
  @RequireRole('admin')
  async newForm(@Req() req: Request, @Res() res: Response, @Query('kind') kind: unknown): Promise<void> {
    const values = { ...EMPTY_SOURCE_FORM, kind: kind === 'wordpress' || kind === 'webhook' ? kind : 'rss' };
    await this.renderForm(req, res, null, values, {}, 200);
  }

  @Post()
  @RequireRole('admin')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const values = readSourceForm(body);
    const { dto, unreadable } = sourceDtoOf(values, 'create', null);
    const checked = await dtoProblems(CreateSourceDto, dto);
    const problems = this.problems(req, checked.failed, unreadable);
    if (Object.keys(problems).length > 0) return this.renderForm(req, res, null, values, problems, 400);
    try {
      const created = await this.sources.create(checked.value);
      await this.pages.page(req, res, consoleContextOf(req), 'sources/created', {
        source: created,
        secret: created.webhookSecret,
        example: signingExample(created.webhookUrl),
      });
    } catch (error) {
      const known = this.serviceProblem(req, error);
      if (!known) throw error;
      await this.renderForm(req, res, null, values, known, 400);
    }
  }

  @Get(':id')
  @RequireRole('admin')
  async editForm(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const source = await this.sources.get(id);
    await this.renderForm(req, res, source, sourceFormValuesOf(source), {}, 200);
  }

  @Post(':id')
  @RequireRole('admin')
  async update(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: unknown): Promise<void> {
    const source = await this.sources.get(id);
    const values = { ...readSourceForm(body), kind: source.kind };
    const { dto, unreadable } = sourceDtoOf(values, 'update', source.kind);
    const checked = await dtoProblems(UpdateSourceDto, dto);
    const problems = this.problems(req, checked.failed, unreadable);
    if (Object.keys(problems).length > 0) return this.renderForm(req, res, source, values, problems, 400);
    try {
      await this.sources.update(id, checked.value);
    } catch (error) {
      const known = this.serviceProblem(req, error);
      if (!known) throw error;
      return this.renderForm(req, res, source, values, known, 400);
    }
    this.pages.redirect(res, '/admin/sources?notice=saved');
  }

  @Get(':id/delete')
  @RequireRole('admin')
  async confirmDelete(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.pages.page(req, res, consoleContextOf(req), 'sources/delete', { source: await this.sources.get(id) });
  }

  @Post(':id/delete')
  @RequireRole('admin')
  async remove(@Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.sources.remove(id);
    this.pages.redirect(res, '/admin/sources?notice=deleted');
  }

  /** "Jetzt abrufen": htmx swaps the outcome into the source's row; without JavaScript the list shows it. */
  @Post(':id/poll')
  async poll(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const before = await this.sources.get(id);
    const outcome = pollOutcomeView(id, before, await this.poller.poll(id, 'manual'));
    if (req.get('hx-request') === 'true') {
      return this.pages.fragment(req, res, consoleContextOf(req), 'source-row', { source: sourceRowView(await this.sources.get(id), outcome), isAdmin: this.isAdmin(req) });
    }
    await this.renderList(req, res, null, outcome);
  }

  private async renderList(req: Request, res: Response, notice: string | null, outcome: PollOutcomeView | null): Promise<void> {
    const rows = (await this.sources.list()).map((source) => sourceRowView(source, outcome?.sourceId === source.id ? outcome : null));
    await this.pages.page(req, res, consoleContextOf(req), 'sources/list', { notice, sources: rows, isAdmin: this.isAdmin(req) });
  }

  private async renderForm(req: Request, res: Response, source: SourceResponse | null, values: SourceFormValues, problems: Problems, status: number): Promise<void> {
    const fieldErrors = Object.fromEntries(SOURCE_FORM_FIELDS.map((field) => [field, problems[field] ?? '']));
    const t = CONSOLE_MESSAGES[consoleContextOf(req).locale].sources.form;
    await this.pages.page(
      req,
      res,
      consoleContextOf(req),
      'sources/form',
      {
        pageTitle: source ? t.editTitle.replace('{name}', source.name) : t.newTitle,
        source: source ? { id: source.id, name: source.name, headerNames: source.headerNames.join(', ') } : null,
        values,
        errors: fieldErrors,
        errorList: SOURCE_FORM_FIELDS.filter((field) => fieldErrors[field] !== '').map((field) => ({ field: fieldId(field), text: fieldErrors[field] })),
        publicUrl: this.config.http.publicUrl,
      },
      status,
    );
  }

  /** DTO failures and unreadable fields, as sentences from the editor's catalogue. */
  private problems(req: Request, failed: string[], unreadable: Partial<Record<SourceFormField, string>>): Problems {
    const t = CONSOLE_MESSAGES[consoleContextOf(req).locale].sources.problems;
    const problems: Problems = {};
    for (const field of failed) if (isFormField(field)) problems[field] = t[field].replace('{detail}', '');
    if (unreadable.url) problems.url = t.urlRequired;
    if (unreadable.headers) problems.headers = t.headers.replace('{detail}', unreadable.headers);
    return problems;
  }

  private serviceProblem(req: Request, error: unknown): Problems | null {
    const found = serviceFieldProblem(error, SOURCE_FORM_FIELDS);
    if (!found || !isFormField(found.field)) return null;
    const t = CONSOLE_MESSAGES[consoleContextOf(req).locale].sources.problems;
    if (found.field === 'url') return { url: /required/u.test(found.detail) ? t.urlRequired : t.urlPrivate.replace('{detail}', found.detail) };
    return { [found.field]: t[found.field].replace('{detail}', found.detail) };
  }

  private isAdmin(req: Request): boolean {
    return activeSessionOf(req).user.role === 'admin';
  }
}

function isFormField(field: string): field is SourceFormField {
  return (SOURCE_FORM_FIELDS as readonly string[]).includes(field);
}

/** The form control a problem belongs to (the DTO speaks seconds and arrays, the form does not). */
const FORM_CONTROL_OF: Partial<Record<SourceFormField, string>> = { pollIntervalSeconds: 'intervalMinutes', boilerplatePatterns: 'patterns' };
function fieldId(field: SourceFormField): string {
  return FORM_CONTROL_OF[field] ?? field;
}

/** A copyable signing example for the one-time secret page (the scheme of webhook-signature.ts). */
function signingExample(webhookUrl: string): string {
  return [
    `BODY='{"action":"changed","postId":123}'`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -X POST '${webhookUrl}' -H 'Content-Type: application/json' \\`,
    `  -H "X-Postbote-Timestamp: $TS" -H "X-Postbote-Signature: sha256=$SIG" -d "$BODY"`,
  ].join('\n');
}
