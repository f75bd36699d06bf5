import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import Handlebars from 'handlebars';
import { PublicRoute } from '#src/auth/roles.js';
import { IssuesService } from './issues.service.js';

const escape = (value: string): string => Handlebars.escapeExpression(value);

/** Public archive: past issues as readers saw them, without any recipient's data. */
@ApiExcludeController()
@PublicRoute()
@Controller('archive')
export class ArchiveController {
  constructor(private readonly issues: IssuesService) {}

  @Get(':slug')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Param('slug') slug: string): Promise<string> {
    const { newsletter, issues } = await this.issues.archiveList(slug);
    const dateFormat = new Intl.DateTimeFormat(newsletter.locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' });
    const items = issues
      .map((i) => `<li><a href="${escape(`/archive/${encodeURIComponent(slug)}/${i.id}`)}">${escape(i.subject)}</a> <small>${escape(dateFormat.format(i.sendStartedAt ?? i.createdAt))}</small></li>`)
      .join('\n');
    return `<!doctype html><html lang="${newsletter.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(newsletter.name)}</title></head><body><h1>${escape(newsletter.name)}</h1><p>${escape(newsletter.description)}</p><ul>${items}</ul></body></html>`;
  }

  @Get(':slug/:issueId')
  @Header('content-type', 'text/html; charset=utf-8')
  page(@Param('slug') slug: string, @Param('issueId') issueId: string): Promise<string> {
    return this.issues.archivePage(slug, issueId);
  }
}
