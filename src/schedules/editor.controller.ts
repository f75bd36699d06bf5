import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#src/auth/current-principal.decorator.js';
import { RequireRole, type Principal } from '#src/auth/roles.js';
import { TestSendDto } from './dto/test-send.dto.js';
import { toWelcomeRequest, WelcomeIssueDto } from '#src/newsletters/dto/welcome-issue.dto.js';
import { EditorService } from './editor.service.js';
import type { DigestPreview } from './issue-gateway.js';
import type { HistoryEntry } from './issue-history.js';

@ApiTags('editor')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api')
export class EditorController {
  constructor(private readonly editor: EditorService) {}

  @Get('newsletters/:newsletterId/preview')
  async preview(@Param('newsletterId') newsletterId: string, @Query() query: WelcomeIssueDto): Promise<DigestPreview> {
    return this.editor.preview(newsletterId, toWelcomeRequest(query));
  }

  @Post('newsletters/:newsletterId/test-send')
  @HttpCode(202)
  async testSend(@CurrentPrincipal() actor: Principal, @Param('newsletterId') newsletterId: string, @Body() body: TestSendDto) {
    return this.editor.testSend(actor, newsletterId, body.to);
  }

  @Post('newsletters/:newsletterId/send-now')
  @HttpCode(202)
  async sendNow(@CurrentPrincipal() actor: Principal, @Param('newsletterId') newsletterId: string, @Body() body?: WelcomeIssueDto) {
    return this.editor.sendNow(actor, newsletterId, toWelcomeRequest(body));
  }

  @Get('newsletters/:newsletterId/issues')
  async history(@Param('newsletterId') newsletterId: string): Promise<HistoryEntry[]> {
    return this.editor.history(newsletterId);
  }

  @Post('issues/:issueId/approve')
  @HttpCode(202)
  async approve(@CurrentPrincipal() actor: Principal, @Param('issueId') issueId: string) {
    return this.editor.approve(actor, issueId);
  }
}
