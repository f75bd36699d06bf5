import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { MailTransport, type SendResult } from '#src/mail/mail-transport.js';
import type { IssueWithNewsletter } from '#src/newsletters/issues.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { DeliveriesRepository, type ClaimedDelivery } from './deliveries.repository.js';
import { DeliveryOutcomes } from './delivery-outcomes.js';
import { IssueCompletion } from './issue-completion.js';
import { IssueContextCache } from './issue-context.cache.js';
import { LedgerWriter, type ClaimsToConfirm } from './ledger-writer.js';
import { MessageComposer } from './message-composer.js';
import { SendRateLimiter } from './send-rate-limiter.js';

/**
 * Each message is re-checked (still queued, still leased to this lane) before it is sent. The
 * check of the next message rides along with the "sent" write of the one before, so it costs no
 * statement of its own, and a cancel or a lost lease stops a lane after the message in hand.
 * When a check fails, this many of the next messages are re-checked in one statement.
 */
const RECHECK_WINDOW = 10;
/**
 * One lane of a worker: claim a batch, drop recipients who may no longer receive the newsletter,
 * then send one message at a time, recording each outcome as soon as the server answered — so a
 * crash can duplicate at most the message a lane had in flight.
 */
@Injectable()
export class DeliveryBatchProcessor {
  private readonly logger = new Logger('Delivery');

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly ledger: LedgerWriter,
    private readonly directory: SubscriberDirectory,
    private readonly contexts: IssueContextCache,
    private readonly composer: MessageComposer,
    private readonly transport: MailTransport,
    private readonly limiter: SendRateLimiter,
    private readonly outcomes: DeliveryOutcomes,
    private readonly completion: IssueCompletion,
    private readonly config: AppConfig,
  ) {}

  /** Claims and works one batch; returns how many deliveries it claimed (0 = nothing due). */
  async processNext(owner: string, signal: AbortSignal): Promise<number> {
    const { batchSize, leaseSeconds } = this.config.delivery;
    const batch = await this.deliveries.claimBatch(owner, batchSize, leaseSeconds);
    const byIssue = new Map<string, ClaimedDelivery[]>();
    for (const d of batch) {
      const rows = byIssue.get(d.issueId);
      if (rows) rows.push(d);
      else byIssue.set(d.issueId, [d]);
    }
    for (const [issueId, rows] of byIssue) {
      await this.sendForIssue(issueId, rows, owner, signal);
      await this.completion.check(issueId);
    }
    return batch.length;
  }

  private async sendForIssue(issueId: string, rows: ClaimedDelivery[], owner: string, signal: AbortSignal): Promise<void> {
    const first = await this.contexts.get(issueId);
    // An unsubscribe or suppression since the recipients were resolved: skip, do not send.
    const deliverable = await this.directory.filterDeliverable(first.newsletter.slug, rows.map((r) => r.subscriberId));
    await this.deliveries.skip(rows.filter((r) => !deliverable.has(r.subscriberId)).map((r) => r.id), 'unsubscribed');
    const pending = rows.filter((r) => deliverable.has(r.subscriberId));
    const renewEveryMs = (this.config.delivery.leaseSeconds * 1000) / 3;
    let renewedAt = Date.now();
    // A fresh claim is as good as a check; after that, each message's check comes with the
    // "sent" write of the message before it.
    let nextChecked = true;
    while (pending.length > 0) {
      // Before taking a rate token: a token spent on a row that is no longer ours is lost to
      // every worker sharing the limit.
      if (!nextChecked) {
        nextChecked = await this.dropUnclaimed(pending, owner);
        continue;
      }
      try {
        await this.limiter.acquire(signal);
      } catch {
        // aborted while waiting for a token: released below
      }
      // After the wait for a token, so a cancel during a long wait (low rate limit) is seen.
      const context = await this.contexts.get(issueId);
      if (signal.aborted || context.issue.status !== 'sending') {
        // Stopping, or the issue was cancelled/finished: hand the rest back (cancel already skipped them).
        await this.deliveries.releaseLease(pending.map((r) => r.id), owner);
        return;
      }
      if (Date.now() - renewedAt > renewEveryMs) {
        await this.deliveries.renewLease(pending.map((r) => r.id), owner, this.config.delivery.leaseSeconds);
        renewedAt = Date.now();
      }
      const delivery = pending.shift() as ClaimedDelivery;
      const next = pending[0];
      const checked = await this.sendOne(context, delivery, next ? { owner, ids: [next.id] } : undefined);
      nextChecked = next === undefined || (checked?.has(next.id) ?? false);
    }
  }

  /**
   * The next message failed its check (cancelled, skipped, or its lease went to another worker)
   * or was not checked (the send before it failed): re-check the next few at once and drop those
   * that are no longer this lane's, so a cancelled batch drains in a few statements. Returns
   * whether the new head of `pending` passed the check.
   */
  private async dropUnclaimed(pending: ClaimedDelivery[], owner: string): Promise<boolean> {
    const window = pending.slice(0, RECHECK_WINDOW);
    const still = await this.ledger.confirm(owner, window.map((d) => d.id));
    const dropped = new Set(window.filter((d) => !still.has(d.id)).map((d) => d.id));
    if (dropped.size > 0) pending.splice(0, pending.length, ...pending.filter((d) => !dropped.has(d.id)));
    // A head beyond the window was not checked: the next round checks it.
    return pending.length > 0 && still.has(pending[0].id);
  }

  /** Sends and records one delivery; returns the re-checked claims when it asked for them. */
  private async sendOne(context: IssueWithNewsletter, delivery: ClaimedDelivery, confirmNext?: ClaimsToConfirm): Promise<Set<number> | undefined> {
    const attempts = delivery.attempts + 1;
    let mail;
    try {
      mail = this.composer.compose(context, delivery);
    } catch (error) {
      await this.outcomes.invalid(delivery, attempts, error);
      return undefined;
    }
    let result: SendResult;
    try {
      result = await this.transport.send(mail);
    } catch (error) {
      await this.outcomes.sendFailed(delivery, attempts, error);
      return undefined;
    }
    return this.outcomes.sent(delivery, attempts, result, confirmNext);
  }
}
