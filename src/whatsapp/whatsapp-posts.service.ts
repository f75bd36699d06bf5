import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '#src/audit/audit.service.js';
import type { Principal } from '#src/auth/roles.js';
import type { ManualPostResponse, WhatsAppIssueOutcomeResponse, WhatsAppPostResponse, WhatsAppQueueResponse } from './dto/whatsapp-posts.dto.js';
import { PostingQueueControl } from './posting-queue.control.js';
import { WhatsAppPostingService } from './whatsapp-posting.service.js';
import { WhatsAppRepository, type QueueState } from './whatsapp.repository.js';
import type { WhatsAppPostRow } from './whatsapp.schema.js';
import { WHATSAPP_CLOCK, type WhatsAppClock } from './whatsapp.tokens.js';

/**
 * What editors see of the posting ledger and what they can do by hand: read a post's state with
 * the exact text to post manually, mark a post as posted (audited), and pause or resume the queue.
 */
@Injectable()
export class WhatsAppPostsService {
  constructor(
    private readonly repository: WhatsAppRepository,
    private readonly posting: WhatsAppPostingService,
    private readonly queue: PostingQueueControl,
    private readonly audit: AuditService,
    @Inject(WHATSAPP_CLOCK) private readonly clock: WhatsAppClock,
  ) {}

  async get(postId: string): Promise<WhatsAppPostResponse> {
    const row = await this.require(postId);
    return { ...toPostResponse(row), manual: row.status === 'posted' ? null : await this.manualPost(row) };
  }

  /**
   * An editor posted it by hand, or found it in the channel: the ledger records it as posted by
   * them, and the automation never posts it afterwards.
   */
  async markPosted(actor: Principal, postId: string, note?: string): Promise<WhatsAppPostResponse> {
    const before = await this.require(postId);
    if (before.status === 'posted') {
      const by = before.postedManuallyBy ? `by ${before.postedManuallyBy}` : 'by Postbote';
      throw new ConflictException(`post ${postId} is already posted (${by}${before.postedAt ? ` at ${before.postedAt.toISOString()}` : ''})`);
    }
    const row = await this.repository.markPostedManually(postId, actor.name, this.clock.now());
    if (!row) throw new ConflictException(`post ${postId} is being sent right now; look again in a minute`);
    await this.audit.record(actor, 'whatsapp.post.mark-posted', { type: 'whatsapp-post', id: postId }, {
      previousStatus: before.status,
      newsletterId: row.newsletterId,
      kind: row.kind,
      itemId: row.itemId,
      serverId: row.serverId,
      ...(note ? { note } : {}),
    });
    return { ...toPostResponse(row), manual: null };
  }

  /** The WhatsApp side of an issue: its digest post, or its articles' posts; null when it has none. */
  async outcomeForIssue(newsletterId: string, issueId: string, articleIds: string[]): Promise<WhatsAppIssueOutcomeResponse | null> {
    const rows = [
      ...(await this.repository.listPostsForItems(newsletterId, 'issue', [issueId])),
      ...(await this.repository.listPostsForItems(newsletterId, 'article', articleIds)),
    ];
    if (rows.length === 0) return null;
    return { queue: toQueueResponse(await this.queue.state()), posts: rows.map(toPostResponse) };
  }

  async queueState(): Promise<WhatsAppQueueResponse> {
    return toQueueResponse(await this.queue.state());
  }

  async pause(actor: Principal, reason: string): Promise<WhatsAppQueueResponse> {
    const state = await this.queue.pause(reason);
    await this.audit.record(actor, 'whatsapp.queue.pause', { type: 'whatsapp-queue', id: 'default' }, { reason });
    return toQueueResponse(state);
  }

  async resume(actor: Principal): Promise<WhatsAppQueueResponse> {
    const before = await this.queue.state();
    const state = await this.queue.resume();
    await this.audit.record(actor, 'whatsapp.queue.resume', { type: 'whatsapp-queue', id: 'default' }, { was: before.pauseReason });
    await this.posting.kick('resumed');
    return toQueueResponse(state);
  }

  private async require(postId: string): Promise<WhatsAppPostRow> {
    const row = await this.repository.findPostById(postId);
    if (!row) throw new NotFoundException(`no WhatsApp post with id ${postId}`);
    return row;
  }

  private async manualPost(row: WhatsAppPostRow): Promise<ManualPostResponse | null> {
    const post = await this.posting.postFor(row);
    return post ? { text: post.text, imageUrl: post.imageUrl } : null;
  }
}

export function toPostResponse(row: WhatsAppPostRow): WhatsAppPostResponse {
  return {
    id: row.id,
    newsletterId: row.newsletterId,
    kind: row.kind,
    itemId: row.itemId,
    channelId: row.channelId,
    status: row.status,
    sending: row.sendingSince !== null,
    attempts: row.attempts,
    serverId: row.serverId,
    clientMessageId: row.messageId,
    fellBackToText: row.fellBackToText,
    note: row.note,
    lastError: row.lastError,
    postedAt: row.postedAt,
    postedManuallyBy: row.postedManuallyBy,
  };
}

export function toQueueResponse(state: QueueState): WhatsAppQueueResponse {
  return {
    state: state.pausedAt ? 'paused' : 'running',
    reason: state.pauseReason,
    pausedBy: state.pausedBy,
    pausedAt: state.pausedAt,
    canaryError: state.canaryError,
    canaryCheckedAt: state.canaryCheckedAt,
    consecutiveUncertain: state.consecutiveUncertain,
  };
}
