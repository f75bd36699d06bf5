import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { IssueRow } from '#src/newsletters/newsletters.schema.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { WorkerIdentity } from '#src/system/worker-identity.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryCountsRepository } from './delivery-counts.repository.js';
import { DeliveryWakeup } from './delivery-wakeup.js';
import { IssueCompletion } from './issue-completion.js';

/** Recipients per chunk: one keyset page read and one ledger insert, whatever the position. */
export const RESOLVE_CHUNK = 2000;
/** A chunk takes well under a second; a worker that has not renewed for this long is gone. */
export const RESOLVE_LEASE_SECONDS = 15;

/**
 * Fills the ledger with an issue's recipients when it starts sending, in bounded chunks (keyset
 * on the newsletter's subscription index, so each chunk costs the same at reader 1 and at reader
 * 1,000,000). Resolution runs under a lease on the issue, renewed with the cursor after every
 * chunk: a worker that dies leaves the lease to lapse and any worker continues from the cursor
 * (WorkerFailover looks every few seconds). Re-inserting a chunk is harmless (unique per issue
 * and subscriber), so a crash between the insert and the cursor update loses and doubles nothing.
 */
@Injectable()
export class RecipientResolver implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly stopping = new AbortController();

  constructor(
    private readonly issues: IssuesService,
    private readonly directory: SubscriberDirectory,
    private readonly deliveries: DeliveriesRepository,
    private readonly counts: DeliveryCountsRepository,
    private readonly completion: IssueCompletion,
    private readonly wakeup: DeliveryWakeup,
    private readonly identity: WorkerIdentity,
  ) {}

  /** Resolves this issue's recipients unless a live worker already does (then it returns at once). */
  async resolve(issueId: string): Promise<void> {
    const issue = await this.issues.claimResolution(issueId, this.identity.id, RESOLVE_LEASE_SECONDS);
    if (issue) await this.run(issue);
  }

  /** Continues one resolution whose worker stopped renewing its lease; false when there is none. */
  async resumeAbandoned(): Promise<boolean> {
    const issue = await this.issues.claimResolution(null, this.identity.id, RESOLVE_LEASE_SECONDS);
    if (!issue) return false;
    this.logger.warn({ msg: 'resuming recipient resolution left by a stopped worker', issueId: issue.id, cursor: issue.resolveCursor });
    await this.run(issue);
    return true;
  }

  /** A graceful stop ends the running chunk loop and gives the lease back, for another worker to continue at once. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.issues.releaseResolutions(this.identity.id).catch(() => undefined);
  }

  private async run(issue: IssueRow): Promise<void> {
    const owner = this.identity.id;
    const { newsletter } = await this.issues.getWithNewsletter(issue.id);
    let cursor = issue.resolveCursor;
    for (;;) {
      if (this.stopping.signal.aborted) return;
      const chunk = await this.directory.listRecipients(newsletter.slug, cursor, RESOLVE_CHUNK);
      await this.deliveries.enqueue(issue.id, chunk);
      if (chunk.length > 0) this.wakeup.notify();
      cursor = chunk.at(-1)?.subscriberId ?? cursor;
      if (!(await this.issues.advanceResolution(issue.id, owner, cursor, RESOLVE_LEASE_SECONDS))) {
        this.logger.warn({ msg: 'recipient resolution stopped: the issue is no longer sending or another worker took it over', issueId: issue.id });
        return;
      }
      if (chunk.length < RESOLVE_CHUNK) break;
    }
    const recipients = (await this.counts.countsOf(issue.id)).total;
    if (!(await this.issues.finishResolution(issue.id, owner, recipients))) return;
    this.logger.log({ msg: 'recipients resolved', issueId: issue.id, recipients });
    await this.completion.check(issue.id);
  }
}
