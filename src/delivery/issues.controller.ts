import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#src/auth/roles.js';
import { IssueResponse } from '#src/newsletters/dto/issue.dto.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { IssueSender } from './issue-sender.js';
import { WhatsAppPostsService } from '#src/whatsapp/whatsapp-posts.service.js';
import { IssueStatsService } from './issue-stats.service.js';

class CountResponse {
  @ApiProperty() count!: number;
}

@ApiTags('issues')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api/issues')
export class IssuesController {
  constructor(
    private readonly issues: IssuesService,
    private readonly sender: IssueSender,
    private readonly stats: IssueStatsService,
    private readonly whatsapp: WhatsAppPostsService,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<IssueResponse> {
    const { issue, newsletter } = await this.issues.getWithNewsletter(id);
    const response = await this.issues.toResponse(issue, newsletter.slug);
    const whatsapp = await this.whatsapp.outcomeForIssue(newsletter.id, id, response.articleIds);
    return { ...response, stats: await this.stats.forIssue(id), whatsapp };
  }

  @Get(':id/preview')
  @Header('content-type', 'text/html; charset=utf-8')
  preview(@Param('id') id: string): Promise<string> {
    return this.issues.previewHtml(id);
  }

  @Post(':id/send')
  @HttpCode(202)
  async send(@Param('id') id: string): Promise<{ status: 'sending' }> {
    await this.sender.start(id);
    return { status: 'sending' };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@Param('id') id: string): Promise<CountResponse> {
    return { count: await this.sender.cancel(id) };
  }

  @Post(':id/retry-failed')
  @HttpCode(200)
  async retryFailed(@Param('id') id: string): Promise<CountResponse> {
    return { count: await this.sender.retryFailed(id) };
  }
}
