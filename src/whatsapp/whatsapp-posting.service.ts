import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { checkChannel } from './channel-canary.js';
import { ChannelPoster, type ImageFetcher, type PostResult } from './channel-poster.js';
import { parseChannelTarget, resolveChannelId } from './channel-resolver.js';
import type { WhatsAppClientPort } from './whatsapp-client.port.js';
import { WhatsAppContent } from './whatsapp-content.port.js';
import { toError } from './whatsapp-errors.js';
import { formatArticleMessage, formatDigestMessage, type WhatsAppPost } from './whatsapp-message.formatter.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import type { WhatsAppPostRow } from './whatsapp.schema.js';
import { WhatsAppSessionHost } from './whatsapp-session.host.js';
import { PostingPacer } from './posting-pacer.js';
import { PostingQueueControl } from './posting-queue.control.js';
import { WHATSAPP_CLOCK, WHATSAPP_IMAGE_FETCHER, type WhatsAppClock } from './whatsapp.tokens.js';

/** When the session is not ready (starting, waiting for a scan, another process holds it). */
const NOT_READY_RETRY_MS = 30_000;
/** Posts per drain job before handing over to a fresh job (keeps each job short). */
const POSTS_PER_DRAIN = 10;
export const INVITE_PREFIX = 'invite:';

type Outcome = 'posted' | 'retry' | 'failed' | 'uncertain';

/** Why a drain stopped before its queue was empty. */
type Stop = 'paused' | 'canary-failed';

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
  private readonly canaryFailures;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: WhatsAppRepository,
    private readonly host: WhatsAppSessionHost,
    private readonly jobs: JobsService,
    private readonly queue: PostingQueueControl,
    metrics: MetricsService,
    @Inject(WHATSAPP_CLOCK) private readonly clock: WhatsAppClock,
    @Inject(WHATSAPP_IMAGE_FETCHER) imageFetcher: ImageFetcher,
    @Optional() @Inject(WhatsAppContent) private readonly content: WhatsAppContent | null,
  ) {
    this.pacer = new PostingPacer(config.whatsapp.pacing, () => clock.now(), () => clock.random());
    const readBackMs = config.whatsapp.readBackTimeoutMs;
    this.poster = new ChannelPoster(
      imageFetcher,
      { warn: (m) => this.logger.warn(m) },
      { timeoutMs: readBackMs, intervalMs: Math.min(2_000, Math.max(50, Math.floor(readBackMs / 10))), limit: 20 },
    );
    this.attempts = metrics.counter('whatsapp_post_attempts_total', 'WhatsApp channel post attempts by outcome', ['outcome']);
    this.canaryFailures = metrics.counter('whatsapp_canary_failures_total', 'Failed WhatsApp checks before posting');
  }

  /** Wakes the queue (after an enqueue, or when the session becomes ready). */
  async kick(reason: string): Promise<void> {
    await this.jobs.send('whatsapp.drain', { reason });
  }

  /**
   * One drain: posts due rows while the pacer allows, then schedules the next drain. Before the
   * first post into a channel, the canary checks that channel; a paused queue posts nothing.
   */
  async drain(): Promise<void> {
    await this.failInterrupted();
    const checked = new Set<string>();
    for (let posted = 0; posted < POSTS_PER_DRAIN; posted++) {
      const row = await this.repository.nextDuePost(this.clock.now());
      if (!row) {
        const next = await this.repository.earliestQueuedAt();
        return next ? this.scheduleAt(next, 'retry') : undefined;
      }
      const paused = (await this.queue.state()).pausedBy;
      if (paused && paused !== 'canary') return; // an admin resumes it, which wakes the queue
      const decision = this.pacer.decide(await this.repository.loadPacerState());
      if (decision.kind === 'wait') return this.scheduleAt(decision.until, decision.reason);
      let client: WhatsAppClientPort;
      try {
        client = await this.host.whenReady(this.config.whatsapp.readyTimeoutMs);
      } catch (err) {
        this.logger.log(`WhatsApp not ready, posting resumes later: ${toError(err).message}`);
        return this.scheduleAt(this.after(NOT_READY_RETRY_MS), 'not-ready');
      }
      const channelId = await this.channelFor(client, row);
      if (!channelId) continue;
      if (!checked.has(channelId)) {
        const stop = await this.runCanary(client, channelId);
        if (stop) return this.scheduleAt(this.after(this.config.whatsapp.canary.retryMs), `canary: ${stop}`);
        checked.add(channelId);
      }
      if (!(await this.postOne(client, row, channelId))) return;
    }
    await this.kick('continue');
  }

  /** Runs the canary for a channel; returns why the drain must stop, or null to go on posting. */
  private async runCanary(client: WhatsAppClientPort, channelId: string): Promise<Stop | null> {
    const problem = await checkChannel(client, channelId, this.config.whatsapp.canary);
    if (problem === null) {
      await this.queue.canaryPassed();
      return null;
    }
    this.canaryFailures.inc();
    const state = await this.queue.canaryFailed(problem);
    return state.pausedAt ? 'paused' : 'canary-failed';
  }

  /** A send that started but never finished may have gone out: never risk posting it twice. */
  private async failInterrupted(): Promise<void> {
    for (const row of await this.repository.listInterruptedPosts()) {
      const note = 'the process stopped while this post was being sent: it may be in the channel; check, then mark it posted or post it by hand';
      this.logger.error(`WhatsApp post ${row.id} is uncertain: ${note}`);
      await this.repository.markUncertain(row.id, { note });
      this.attempts.inc({ outcome: 'uncertain' });
    }
  }

  /** Posts one row and records the outcome; returns false when the queue paused because of it. */
  private async postOne(client: WhatsAppClientPort, row: WhatsAppPostRow, channelId: string): Promise<boolean> {
    const post = await this.postFor(row);
    if (!post) {
      await this.repository.markAttemptFailed(row.id, `${row.kind} ${row.itemId} not found`, null);
      this.attempts.inc({ outcome: 'failed' });
      return true;
    }
    const startedAt = this.clock.now();
    if (!(await this.repository.markSending(row.id, startedAt))) return true;
    let outcome: Outcome;
    let keepGoing = true;
    try {
      const result = await this.poster.post(client, channelId, post);
      outcome = result.state;
      keepGoing = await this.record(row, result);
    } catch (err) {
      outcome = await this.recordFailure(row, toError(err).message);
    }
    this.attempts.inc({ outcome });
    // Every send counts for the pacing, accepted or not: WhatsApp saw it either way.
    const state = await this.repository.loadPacerState();
    await this.repository.savePacerState(this.pacer.afterPost(state, startedAt));
    return keepGoing;
  }

  private async record(row: WhatsAppPostRow, result: PostResult): Promise<boolean> {
    const record = { serverId: result.serverId, clientId: result.clientId, fellBackToText: result.fellBackToText, note: result.note };
    if (result.state === 'posted') {
      await this.repository.markPosted(row.id, record, this.clock.now());
      await this.queue.postConfirmed();
      return true;
    }
    await this.repository.markUncertain(row.id, { ...record, note: result.note ?? 'not seen in the channel' });
    this.logger.error(`WhatsApp post ${row.kind} ${row.itemId} is uncertain: ${result.note}`);
    return !(await this.queue.postUncertain());
  }

  private async recordFailure(row: WhatsAppPostRow, error: string): Promise<Outcome> {
    const attempts = row.attempts + 1;
    const { retryLimit, retryDelayMs } = this.config.whatsapp;
    const retryAt = attempts <= retryLimit ? this.after(retryDelayMs * 2 ** (attempts - 1)) : null;
    await this.repository.markAttemptFailed(row.id, error, retryAt);
    this.logger.warn(`WhatsApp post ${row.kind} ${row.itemId} attempt ${attempts} failed${retryAt ? '' : ' for good'}: ${error}`);
    return retryAt ? 'retry' : 'failed';
  }

  private after(ms: number): Date {
    return new Date(this.clock.now().getTime() + ms);
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

  /** The text and image a row posts (also what an editor posts by hand); null when its item is gone. */
  async postFor(row: Pick<WhatsAppPostRow, 'kind' | 'itemId'>): Promise<WhatsAppPost | null> {
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
