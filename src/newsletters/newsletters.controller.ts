import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#src/auth/current-principal.decorator.js';
import { RequireRole, type Principal } from '#src/auth/roles.js';
import { CreateNewsletterDto, NewsletterResponse, UpdateNewsletterDto } from './dto/newsletter.dto.js';
import { IssueResponse } from './dto/issue.dto.js';
import { toWelcomeRequest, WelcomeIssueDto } from './dto/welcome-issue.dto.js';
import { IssueBuilder } from './issue-builder.js';
import { IssuesService } from './issues.service.js';
import { NewslettersService, toNewsletterResponse } from './newsletters.service.js';

@ApiTags('newsletters')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api/newsletters')
export class NewslettersController {
  constructor(
    private readonly newsletters: NewslettersService,
    private readonly builder: IssueBuilder,
    private readonly issues: IssuesService,
  ) {}

  @Post()
  @RequireRole('admin')
  async create(@Body() body: CreateNewsletterDto): Promise<NewsletterResponse> {
    return toNewsletterResponse(await this.newsletters.create(body));
  }

  @Get()
  async list(): Promise<NewsletterResponse[]> {
    return (await this.newsletters.list()).map(toNewsletterResponse);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<NewsletterResponse> {
    return toNewsletterResponse(await this.newsletters.get(id));
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: UpdateNewsletterDto, @CurrentPrincipal() principal: Principal): Promise<NewsletterResponse> {
    return toNewsletterResponse(await this.newsletters.update(id, body, principal));
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  async delete(@Param('id') id: string): Promise<void> {
    await this.newsletters.delete(id);
  }

  /** Builds a draft issue now from the articles this newsletter has not sent yet. */
  @Post(':id/issues')
  async buildIssue(@Param('id') id: string, @Body() body?: WelcomeIssueDto): Promise<IssueResponse> {
    const result = await this.builder.build(id, { welcome: toWelcomeRequest(body) });
    if (result.outcome === 'empty') throw new UnprocessableEntityException(`no unsent articles for this newsletter: ${result.reason}`);
    const newsletter = await this.newsletters.get(id);
    return this.issues.toResponse(result.issue, newsletter.slug);
  }
}
