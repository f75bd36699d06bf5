import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { DATABASE, InjectDb } from '#src/db/db.module.js';
import type { Database, Db } from '#src/db/database.js';
import type { Recipient } from '#src/subscribers/subscriber-directory.js';
import { bounceEvents, deliveries, type DeliveryReason, type DeliveryState } from './delivery.schema.js';

/** A delivery that did not go out; `email` is null once the reader was erased. */
export interface IssueFailureRow {
  email: string | null;
  state: DeliveryState;
  reason: DeliveryReason | null;
  attempts: number;
  lastResponse: string | null;
  updatedAt: Date;
}

/** A delivery a worker holds under lease. */
export interface ClaimedDelivery {
  readonly id: number;
  readonly issueId: string;
  readonly subscriberId: string;
  readonly email: string;
  readonly name: string | null;
  readonly attempts: number;
}

/** A message the SMTP server accepted, to be recorded as `sent`. */
export interface SentMark {
  readonly id: number;
  readonly attempts: number;
  readonly response: string;
  readonly messageId: string;
}

/** A claimed row to re-check right before sending: still queued and leased to `owner`. */
export interface ClaimCheck {
  readonly id: number;
  readonly owner: string;
}

interface ClaimRow extends Record<string, unknown> {
  id: string | number;
  issue_id: string;
  subscriber_id: string;
  email: string;
  name: string | null;
  attempts: number;
}

const ENQUEUE = `
  INSERT INTO deliveries (issue_id, subscriber_id, email, name)
  SELECT $1::uuid, r.subscriber_id, r.email, r.name FROM unnest($2::text[], $3::text[], $4::text[]) AS r(subscriber_id, email, name)
  ON CONFLICT (issue_id, subscriber_id) DO NOTHING`;

const MARK_SENT_AND_CONFIRM = `
  WITH marked AS (
    UPDATE deliveries d SET state = 'sent', reason = NULL, attempts = v.attempts, last_response = v.response, message_id = v.message_id,
      sent_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL
    FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[]) AS v(id, attempts, response, message_id)
    WHERE d.id = v.id
    RETURNING d.id)
  UPDATE deliveries d SET lease_until = now() + make_interval(secs => $7::int)
  FROM unnest($5::bigint[], $6::text[]) AS c(id, owner)
  WHERE d.id = c.id AND d.lease_owner = c.owner AND d.state = 'queued'
  RETURNING d.id`;

@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectDb() private readonly db: Db,
    // The per-message statements go straight to the driver with constant text: building them
    // through the query builder cost about as much main-thread time as the round trip itself.
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  /**
   * Adds queued rows; a subscriber already in the ledger for this issue is left alone
   * (idempotent). One constant statement with array parameters: a query-builder insert of a
   * 1,000-row page built ~4,000 parameter objects, garbage that outlived the round trip.
   */
  async enqueue(issueId: string, recipients: readonly Recipient[]): Promise<void> {
    if (recipients.length === 0) return;
    await this.database.executeSql(ENQUEUE, [
      issueId,
      recipients.map((r) => r.subscriberId),
      recipients.map((r) => r.email),
      recipients.map((r) => r.name),
    ]);
  }

  /**
   * Claims due queued deliveries no live lease holds. SKIP LOCKED lets concurrent workers take
   * disjoint rows; the lease (database clock) makes rows of a dead worker claimable again.
   */
  async claimBatch(owner: string, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const result = await this.db.execute<ClaimRow>(sql`
      UPDATE deliveries SET lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
      WHERE id IN (
        SELECT id FROM deliveries
        WHERE state = 'queued' AND subscriber_id IS NOT NULL AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, issue_id, subscriber_id, email, name, attempts`);
    return result.rows
      .map((r) => ({ id: Number(r.id), issueId: r.issue_id, subscriberId: r.subscriber_id, email: r.email, name: r.name, attempts: Number(r.attempts) }))
      .sort((a, b) => a.id - b.id);
  }

  async renewLease(ids: readonly number[], owner: string, leaseSeconds: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(deliveries)
      .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
      .where(and(inArray(deliveries.id, [...ids]), eq(deliveries.leaseOwner, owner), eq(deliveries.state, 'queued')));
  }

  /** Gives unsent claimed rows back at once (graceful stop), instead of waiting for the lease. */
  async releaseLease(ids: readonly number[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(deliveries)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(inArray(deliveries.id, [...ids]), eq(deliveries.leaseOwner, owner), eq(deliveries.state, 'queued')));
  }

  /** Frees the leases of every lane of a worker that stopped beating (lease owners are `<worker>/<lane>`). */
  async releaseLeasesOfWorker(workerId: string): Promise<number> {
    const rows = await this.db
      .update(deliveries)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(deliveries.state, 'queued'), sql`starts_with(${deliveries.leaseOwner}, ${`${workerId}/`})`))
      .returning({ id: deliveries.id });
    return rows.length;
  }

  /**
   * One round trip for several lanes: records accepted messages as `sent` and re-checks claims
   * (still queued and ours; lease extended), returning the confirmed ids. Raw SQL with array
   * parameters: one constant statement text, whatever the group size. A row is never both marked
   * and confirmed here (a lane confirms the rows after the one it just sent; lanes hold disjoint rows).
   */
  async markSentAndConfirm(marks: readonly SentMark[], confirms: readonly ClaimCheck[], leaseSeconds: number): Promise<Set<number>> {
    if (marks.length === 0 && confirms.length === 0) return new Set();
    const result = await this.database.executeSql(MARK_SENT_AND_CONFIRM, [
      marks.map((m) => m.id),
      marks.map((m) => m.attempts),
      marks.map((m) => m.response.slice(0, 500)),
      marks.map((m) => m.messageId),
      confirms.map((c) => c.id),
      confirms.map((c) => c.owner),
      leaseSeconds,
    ]);
    return new Set(result.rows.map((r) => Number(r.id)));
  }

  async scheduleRetry(id: number, attempts: number, delayMs: number, response: string): Promise<void> {
    await this.db
      .update(deliveries)
      .set({
        attempts,
        reason: 'temporary',
        lastResponse: response.slice(0, 500),
        nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})`,
        updatedAt: sql`now()`,
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(and(eq(deliveries.id, id), eq(deliveries.state, 'queued')));
  }

  async markFinal(id: number, state: 'failed' | 'rejected', reason: DeliveryReason, attempts: number, response: string): Promise<void> {
    await this.db
      .update(deliveries)
      .set({ state, reason, attempts, lastResponse: response.slice(0, 500), updatedAt: sql`now()`, leaseOwner: null, leaseUntil: null })
      .where(eq(deliveries.id, id));
  }

  async skip(ids: readonly number[], reason: DeliveryReason): Promise<void> {
    if (ids.length === 0) return;
    await this.skipQueuedWhere(reason, inArray(deliveries.id, [...ids]));
  }

  async skipQueuedOfIssue(issueId: string, reason: DeliveryReason): Promise<number> {
    return this.skipQueuedWhere(reason, eq(deliveries.issueId, issueId));
  }

  /** Every queued delivery to these subscribers (any issue), e.g. after an unsubscribe. */
  async skipQueuedOfSubscribers(subscriberIds: readonly string[], reason: DeliveryReason): Promise<number> {
    if (subscriberIds.length === 0) return 0;
    return this.skipQueuedWhere(reason, inArray(deliveries.subscriberId, [...subscriberIds]));
  }

  /** The issues in which the subscriber still has a queued delivery. */
  async issuesQueuedFor(subscriberId: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ issueId: deliveries.issueId })
      .from(deliveries)
      .where(and(eq(deliveries.subscriberId, subscriberId), eq(deliveries.state, 'queued')));
    return rows.map((r) => r.issueId);
  }

  /** The subscriber's queued deliveries of these issues, e.g. after unticking their newsletter. */
  async skipQueuedOfSubscriberInIssues(subscriberId: string, issueIds: readonly string[], reason: DeliveryReason): Promise<number> {
    if (issueIds.length === 0) return 0;
    return this.skipQueuedWhere(reason, eq(deliveries.subscriberId, subscriberId), inArray(deliveries.issueId, [...issueIds]));
  }

  /** Queued rows matching all `conditions` end `skipped` (lease released); returns how many. */
  private async skipQueuedWhere(reason: DeliveryReason, ...conditions: SQL[]): Promise<number> {
    const rows = await this.db
      .update(deliveries)
      .set({ state: 'skipped', reason, updatedAt: sql`now()`, leaseOwner: null, leaseUntil: null })
      .where(and(...conditions, eq(deliveries.state, 'queued')))
      .returning({ id: deliveries.id });
    return rows.length;
  }

  async requeueFailed(issueId: string): Promise<number> {
    const rows = await this.db
      .update(deliveries)
      .set({ state: 'queued', reason: null, attempts: 0, nextAttemptAt: sql`now()`, updatedAt: sql`now()`, leaseOwner: null, leaseUntil: null })
      // An erased recipient's row (no address left) is never queued again.
      .where(and(eq(deliveries.issueId, issueId), eq(deliveries.state, 'failed'), isNotNull(deliveries.subscriberId)))
      .returning({ id: deliveries.id });
    return rows.length;
  }

  /** Whether any delivery of the issue is still queued (stops at the first row, unlike a count). */
  async hasQueued(issueId: string): Promise<boolean> {
    const result = await this.db.execute(sql`SELECT 1 FROM deliveries WHERE issue_id = ${issueId} AND state = 'queued' LIMIT 1`);
    return result.rows.length > 0;
  }

  /**
   * An issue's deliveries that did not go out (failed or rejected), latest first. Bounded by
   * `limit` through the (issue_id, state) index, whatever the issue's size.
   */
  async failuresOf(issueId: string, limit: number): Promise<IssueFailureRow[]> {
    return this.db
      .select({
        email: deliveries.email,
        state: deliveries.state,
        reason: deliveries.reason,
        attempts: deliveries.attempts,
        lastResponse: deliveries.lastResponse,
        updatedAt: deliveries.updatedAt,
      })
      .from(deliveries)
      .where(and(eq(deliveries.issueId, issueId), inArray(deliveries.state, ['failed', 'rejected'])))
      .orderBy(desc(deliveries.updatedAt), desc(deliveries.id))
      .limit(limit);
  }

  /** A subscriber's ledger rows, newest first (the admin view and the GDPR export). */
  async historyOf(subscriberId: string, limit: number): Promise<SubscriberDeliveryRow[]> {
    return this.db
      .select({
        issueId: deliveries.issueId,
        state: deliveries.state,
        reason: deliveries.reason,
        attempts: deliveries.attempts,
        lastResponse: deliveries.lastResponse,
        createdAt: deliveries.createdAt,
        updatedAt: deliveries.updatedAt,
        sentAt: deliveries.sentAt,
      })
      .from(deliveries)
      .where(eq(deliveries.subscriberId, subscriberId))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(limit);
  }

  /**
   * GDPR erasure: the subscriber's rows lose everything that points at the person (id, address,
   * name, SMTP reply, Message-ID) and keep issue, state and timestamps, so the issue's numbers stay
   * right. Rows not delivered yet (queued, or failed and retryable) become `skipped/erased`.
   * Bounce notifications for the address go too: they only carry the address.
   */
  async anonymiseSubscriber(subscriberId: string, email: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(deliveries)
        .set({
          subscriberId: null,
          email: null,
          name: null,
          lastResponse: null,
          messageId: null,
          leaseOwner: null,
          leaseUntil: null,
          state: sql`CASE WHEN ${deliveries.state} IN ('queued', 'failed') THEN 'skipped' ELSE ${deliveries.state} END`,
          reason: sql`CASE WHEN ${deliveries.state} IN ('queued', 'failed') THEN 'erased' ELSE ${deliveries.reason} END`,
          updatedAt: sql`now()`,
        })
        .where(eq(deliveries.subscriberId, subscriberId))
        .returning({ id: deliveries.id });
      await tx.delete(bounceEvents).where(sql`lower(${bounceEvents.email}) = ${email.toLowerCase()}`);
      return rows.length;
    });
  }
}

export interface SubscriberDeliveryRow {
  issueId: string;
  state: DeliveryState;
  reason: DeliveryReason | null;
  attempts: number;
  lastResponse: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}
