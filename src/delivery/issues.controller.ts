import { Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#src/auth/roles.js';
import { IssueResponse } from '#src/newsletters/dto/issue.dto.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { IssueFailures } from './issue-failures.js';
import { IssueSender } from './issue-sender.js';
import { WhatsAppPostsService } from '#src/whatsapp/whatsapp-posts.service.js';
import { IssueStatsService } from './issue-stats.service.js';

class CountResponse {
  @ApiProperty() count!: number;
}

class IssueFailureResponse {
  @ApiProperty({ nullable: true, type: String, description: 'null once the reader was erased' }) email!: string | null;
  @ApiProperty({ enum: ['failed', 'rejected'] }) state!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['temporary', 'permanent', 'unknown-mailbox', 'policy', 'invalid'] }) reason!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The mail server\'s last answer' }) lastResponse!: string | null;
  @ApiProperty() updatedAt!: Date;
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
    private readonly failures: IssueFailures,
    private readonly whatsapp: WhatsAppPostsService,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<IssueResponse> {
    const { issue, newsletter } = await this.issues.getWithNewsletter(id);
    const response = await this.issues.toResponse(issue, newsletter.slug);
    const whatsapp = await this.whatsapp.outcomeForIssue(newsletter.id, id, response.articleIds);
    return { ...response, stats: await this.stats.forIssue(id), whatsapp };
  }

  /** Deliveries that did not go out, latest first, with the mail server's answer (limit ≤ 200). */
  @Get(':id/failures')
  async listFailures(@Param('id') id: string, @Query('limit', new ParseIntPipe({ optional: true })) limit?: number): Promise<IssueFailureResponse[]> {
    return this.failures.list(id, limit);
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
