import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#src/auth/current-principal.decorator.js';
import { RequireRole, type Principal } from '#src/auth/roles.js';
import { MarkPostedDto, PauseQueueDto, WhatsAppPostResponse, WhatsAppQueueResponse } from './dto/whatsapp-posts.dto.js';
import { WhatsAppPostsService } from './whatsapp-posts.service.js';

/** A post of the ledger: its state, the text to post by hand, and marking it posted. */
@ApiTags('whatsapp')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api/whatsapp/posts')
export class WhatsAppPostsController {
  constructor(private readonly posts: WhatsAppPostsService) {}

  @Get(':postId')
  get(@Param('postId') postId: string): Promise<WhatsAppPostResponse> {
    return this.posts.get(postId);
  }

  @Post(':postId/mark-posted')
  @HttpCode(200)
  markPosted(
    @CurrentPrincipal() actor: Principal,
    @Param('postId') postId: string,
    @Body() body: MarkPostedDto,
  ): Promise<WhatsAppPostResponse> {
    return this.posts.markPosted(actor, postId, body.note);
  }
}

/** The posting queue's run state; pausing and resuming is for admins. */
@ApiTags('whatsapp')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/whatsapp/queue')
export class WhatsAppQueueController {
  constructor(private readonly posts: WhatsAppPostsService) {}

  @Get()
  @RequireRole('editor')
  state(): Promise<WhatsAppQueueResponse> {
    return this.posts.queueState();
  }

  @Post('pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() actor: Principal, @Body() body: PauseQueueDto): Promise<WhatsAppQueueResponse> {
    return this.posts.pause(actor, body.reason);
  }

  @Post('resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() actor: Principal): Promise<WhatsAppQueueResponse> {
    return this.posts.resume(actor);
  }
}
