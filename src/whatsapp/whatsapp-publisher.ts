import { Injectable, Logger } from '@nestjs/common';
import { formatArticleMessage, formatDigestMessage, type WhatsAppPost } from './whatsapp-message.formatter.js';
import type { WhatsAppContentIssue } from './whatsapp-content.port.js';
import { WhatsAppPostingService } from './whatsapp-posting.service.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import type { WhatsAppPostKind, WhatsAppPostMode, WhatsAppTargetRow } from './whatsapp.schema.js';

export type EnqueueSkipReason = 'no-target' | 'target-disabled' | 'digest-mode' | 'not-found';

export interface EnqueueResult {
  /** Newly queued ledger rows (0 when everything was already queued or posted). */
  queued: number;
  /** Items already in the ledger for this channel: never posted twice. */
  alreadyQueued: number;
  skipped?: EnqueueSkipReason;
}

export interface WhatsAppPreview {
  mode: WhatsAppPostMode;
  /** What will be posted: one entry per message. */
  posts: WhatsAppPost[];
}

/**
 * What other features call: queue an article (on publish) or an issue (at its slot) for the
 * newsletter's WhatsApp channel, and preview the WhatsApp text of an issue. Enqueueing works in
 * every process; the posting happens in the process holding the WhatsApp session.
 */
@Injectable()
export class WhatsAppPublisher {
  private readonly logger = new Logger('WhatsAppPublisher');

  constructor(
    private readonly repository: WhatsAppRepository,
    private readonly posting: WhatsAppPostingService,
  ) {}

  /** One post for this article, if the newsletter posts per article. */
  async enqueueArticle(newsletterId: string, articleId: string): Promise<EnqueueResult> {
    const target = await this.activeTarget(newsletterId);
    if ('skipped' in target) return target;
    if (target.mode === 'digest') return { queued: 0, alreadyQueued: 0, skipped: 'digest-mode' };
    return this.enqueue(target, 'article', [articleId]);
  }

  /** One digest post for the issue, or one post per article of it for per-article newsletters. */
  async enqueueIssue(newsletterId: string, issueId: string): Promise<EnqueueResult> {
    const target = await this.activeTarget(newsletterId);
    if ('skipped' in target) return target;
    if (target.mode === 'digest') return this.enqueue(target, 'issue', [issueId]);
    const issue = await this.posting.requireContent().issueForPost(issueId);
    if (!issue) return { queued: 0, alreadyQueued: 0, skipped: 'not-found' };
    // Oldest first, so the channel reads in publishing order.
    return this.enqueue(target, 'article', [...issue.articles].reverse().map((a) => a.id));
  }

  /** The WhatsApp text(s) an issue would be posted as; null when the newsletter has no channel. */
  async previewText(newsletterId: string, issueId: string): Promise<WhatsAppPreview | null> {
    const target = await this.repository.findTarget(newsletterId);
    if (!target) return null;
    const issue = await this.posting.requireContent().issueForPost(issueId);
    return issue ? WhatsAppPublisher.previewIssue(issue, target.mode) : null;
  }

  /** The WhatsApp text(s) of a digest not yet stored (editor preview); null without a channel. */
  async previewDraft(newsletterId: string, issue: WhatsAppContentIssue): Promise<WhatsAppPreview | null> {
    const target = await this.repository.findTarget(newsletterId);
    return target ? WhatsAppPublisher.previewIssue(issue, target.mode) : null;
  }

  /** Pure: for a preview of an issue not yet stored. */
  static previewIssue(issue: WhatsAppContentIssue, mode: WhatsAppPostMode): WhatsAppPreview {
    if (mode === 'digest') {
      return { mode, posts: [formatDigestMessage(issue.articles, { newsletterName: issue.newsletterName, locale: issue.locale })] };
    }
    return { mode, posts: [...issue.articles].reverse().map((article) => formatArticleMessage(article)) };
  }

  private async activeTarget(newsletterId: string): Promise<WhatsAppTargetRow | EnqueueResult & { skipped: EnqueueSkipReason }> {
    const target = await this.repository.findTarget(newsletterId);
    if (!target) return { queued: 0, alreadyQueued: 0, skipped: 'no-target' };
    if (!target.enabled) return { queued: 0, alreadyQueued: 0, skipped: 'target-disabled' };
    return target;
  }

  private async enqueue(target: WhatsAppTargetRow, kind: WhatsAppPostKind, itemIds: string[]): Promise<EnqueueResult> {
    const channelKey = WhatsAppPostingService.channelKey(target.target, target.channelId);
    let queued = 0;
    for (const itemId of itemIds) {
      if (await this.repository.insertQueuedPost(target.newsletterId, kind, itemId, channelKey)) queued++;
    }
    if (queued > 0) {
      this.logger.log(`queued ${queued} WhatsApp ${kind} post(s) for newsletter ${target.newsletterId}`);
      await this.posting.kick('enqueued');
    }
    return { queued, alreadyQueued: itemIds.length - queued };
  }
}
