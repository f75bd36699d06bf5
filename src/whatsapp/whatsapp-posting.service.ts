import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { ChannelPoster, type ImageFetcher } from './channel-poster.js';
import { parseChannelTarget, resolveChannelId } from './channel-resolver.js';
import type { WhatsAppClientPort } from './whatsapp-client.port.js';
import { WhatsAppContent } from './whatsapp-content.port.js';
import { toError } from './whatsapp-errors.js';
import { formatArticleMessage, formatDigestMessage, type WhatsAppPost } from './whatsapp-message.formatter.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import type { WhatsAppPostRow } from './whatsapp.schema.js';
import { WhatsAppSessionHost } from './whatsapp-session.host.js';
import { PostingPacer } from './posting-pacer.js';
import { WHATSAPP_CLOCK, WHATSAPP_IMAGE_FETCHER, type WhatsAppClock } from './whatsapp.tokens.js';

/** When the session is not ready (starting, waiting for a scan, another process holds it). */
const NOT_READY_RETRY_MS = 30_000;
/** Posts per drain job before handing over to a fresh job (keeps each job short). */
const POSTS_PER_DRAIN = 10;
export const INVITE_PREFIX = 'invite:';

type Outcome = 'posted' | 'retry' | 'failed' | 'skipped';

/**
 * The one posting queue: takes due rows from the ledger one at a time, within the pacer's gap,
 * jitter and daily cap, posts them and records the outcome. Runs only inside drain jobs, and the
 * `stately` queue lets only one drain run at a time in the whole deployment.
 */
@Injectable()
export class WhatsAppPostingService {
  private readonly logger = new Logger('WhatsAppPosting');
  private readonly pacer: PostingPacer;
  private readonly poster: ChannelPoster;
  private readonly attempts;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: WhatsAppRepository,
    private readonly host: WhatsAppSessionHost,
    private readonly jobs: JobsService,
    metrics: MetricsService,
    @Inject(WHATSAPP_CLOCK) private readonly clock: WhatsAppClock,
    @Inject(WHATSAPP_IMAGE_FETCHER) imageFetcher: ImageFetcher,
    @Optional() @Inject(WhatsAppContent) private readonly content: WhatsAppContent | null,
  ) {
    this.pacer = new PostingPacer(config.whatsapp.pacing, () => clock.now(), () => clock.random());
    this.poster = new ChannelPoster(imageFetcher, { warn: (m) => this.logger.warn(m) });
    this.attempts = metrics.counter('whatsapp_post_attempts_total', 'WhatsApp channel post attempts by outcome', ['outcome']);
  }

  /** Wakes the queue (after an enqueue, or when the session becomes ready). */
  async kick(reason: string): Promise<void> {
    await this.jobs.send('whatsapp.drain', { reason });
  }

  /** One drain: posts due rows while the pacer allows, then schedules the next drain. */
  async drain(): Promise<void> {
    await this.failInterrupted();
    for (let posted = 0; posted < POSTS_PER_DRAIN; posted++) {
      const row = await this.repository.nextDuePost(this.clock.now());
      if (!row) {
        const next = await this.repository.earliestQueuedAt();
        return next ? this.scheduleAt(next, 'retry') : undefined;
      }
      const decision = this.pacer.decide(await this.repository.loadPacerState());
      if (decision.kind === 'wait') return this.scheduleAt(decision.until, decision.reason);
      let client: WhatsAppClientPort;
      try {
        client = await this.host.whenReady(this.config.whatsapp.readyTimeoutMs);
      } catch (err) {
        this.logger.log(`WhatsApp not ready, posting resumes later: ${toError(err).message}`);
        return this.scheduleAt(new Date(this.clock.now().getTime() + NOT_READY_RETRY_MS), 'not-ready');
      }
      await this.postOne(client, row);
    }
    await this.kick('continue');
  }

  /** A send that started but never finished may have gone out: never risk posting it twice. */
  private async failInterrupted(): Promise<void> {
    for (const row of await this.repository.listInterruptedPosts()) {
      const message = 'interrupted during sending (process stopped?); not retried to avoid a double post — check the channel';
      this.logger.warn(`WhatsApp post ${row.id}: ${message}`);
      await this.repository.markAttemptFailed(row.id, message, null);
    }
  }

  private async postOne(client: WhatsAppClientPort, row: WhatsAppPostRow): Promise<void> {
    const channelId = await this.channelFor(client, row);
    if (!channelId) return;
    const post = await this.contentFor(row);
    if (!post) {
      await this.repository.markAttemptFailed(row.id, `${row.kind} ${row.itemId} not found`, null);
      this.attempts.inc({ outcome: 'failed' });
      return;
    }
    const startedAt = this.clock.now();
    await this.repository.markSending(row.id, startedAt);
    let outcome: Outcome;
    try {
      const result = await this.poster.post(client, channelId, post);
      await this.repository.markPosted(row.id, result.messageId, this.clock.now());
      outcome = 'posted';
    } catch (err) {
      outcome = await this.recordFailure(row, toError(err).message);
    }
    this.attempts.inc({ outcome });
    // Every send counts for the pacing, accepted or not: WhatsApp saw it either way.
    const state = await this.repository.loadPacerState();
    await this.repository.savePacerState(this.pacer.afterPost(state, startedAt));
  }

  private async recordFailure(row: WhatsAppPostRow, error: string): Promise<Outcome> {
    const attempts = row.attempts + 1;
    const { retryLimit, retryDelayMs } = this.config.whatsapp;
    const retryAt = attempts <= retryLimit ? new Date(this.clock.now().getTime() + retryDelayMs * 2 ** (attempts - 1)) : null;
    await this.repository.markAttemptFailed(row.id, error, retryAt);
    this.logger.warn(`WhatsApp post ${row.kind} ${row.itemId} attempt ${attempts} failed${retryAt ? '' : ' for good'}: ${error}`);
    return retryAt ? 'retry' : 'failed';
  }

  /** The channel id of a row, resolving an invite code first; null when the row is done with. */
  private async channelFor(client: WhatsAppClientPort, row: WhatsAppPostRow): Promise<string | null> {
    if (!row.channelId.startsWith(INVITE_PREFIX)) return row.channelId;
    const code = row.channelId.slice(INVITE_PREFIX.length);
    let channelId: string;
    try {
      channelId = await resolveChannelId(client, code);
    } catch (err) {
      await this.recordFailure(row, toError(err).message);
      return null;
    }
    if (await this.repository.findPost(row.newsletterId, row.kind, row.itemId, channelId)) {
      // Queued twice, once before and once after the code was resolved: one row is enough.
      await this.repository.deletePost(row.id);
      return null;
    }
    await this.repository.rebindPostChannel(row.id, channelId);
    return channelId;
  }

  private async contentFor(row: WhatsAppPostRow): Promise<WhatsAppPost | null> {
    const content = this.requireContent();
    if (row.kind === 'article') {
      const article = await content.articleForPost(row.itemId);
      return article ? formatArticleMessage(article) : null;
    }
    const issue = await content.issueForPost(row.itemId);
    return issue ? formatDigestMessage(issue.articles, { newsletterName: issue.newsletterName, locale: issue.locale }) : null;
  }

  requireContent(): WhatsAppContent {
    if (!this.content) throw new Error('No WhatsAppContent is bound: the newsletters feature must provide it');
    return this.content;
  }

  private async scheduleAt(until: Date, reason: string): Promise<void> {
    const delayMs = until.getTime() - this.clock.now().getTime();
    const startAfter = delayMs > 0 ? Math.ceil(delayMs / 1000) : undefined;
    await this.jobs.send('whatsapp.drain', { reason }, startAfter ? { startAfter } : {});
  }

  /** Is a configured target something we can post to? Throws naming the problem. */
  static channelKey(target: string, resolvedChannelId: string | null): string {
    if (resolvedChannelId) return resolvedChannelId;
    const parsed = parseChannelTarget(target);
    return parsed.kind === 'id' ? parsed.id : `${INVITE_PREFIX}${parsed.code}`;
  }
}
