import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, InjectDb } from '#src/db/db.module.js';
import type { Database, Db } from '#src/db/database.js';
import type { DeliveryState } from './delivery.schema.js';

/** An issue's ledger numbers as the counters hold them (constant time, whatever the ledger's size). */
export interface IssueCounts extends Record<DeliveryState, number> {
  /** Rejected for policy reasons (5.7.x). */
  policyRejected: number;
  /** Sent to a reader who was erased since (their row no longer names anyone). */
  sentToErased: number;
  /** Every ledger row of the issue: the recipients resolved so far. */
  total: number;
}

interface CountRow extends Record<string, unknown> {
  state: DeliveryState;
  reason: string;
  erased: boolean;
  n: string | number;
}

const COUNTS_OF = `SELECT state, reason, erased, n FROM delivery_counts WHERE issue_id = $1`;

const TOTALS_OF = `SELECT state, reason, erased, sum(n) AS n FROM delivery_counts WHERE issue_id = ANY($1::uuid[]) GROUP BY 1, 2, 3`;

const COUNT_SENT_TO = `
  SELECT count(*)::int AS n FROM deliveries
  WHERE issue_id = $1 AND state = 'sent' AND subscriber_id = ANY($2::text[])`;

// Bounded by the bounces received since the send started, not by the ledger: each bounce finds
// its ledger rows through the lower(email) index.
const COUNT_BOUNCED_SINCE = `
  SELECT count(DISTINCT d.id)::int AS n
  FROM bounce_events b JOIN deliveries d ON lower(d.email) = lower(b.email)
  WHERE b.received_at >= $2 AND d.issue_id = $1 AND d.state IN ('sent', 'rejected')`;


/**
 * Reads the per-issue counters the ledger's triggers maintain (migration 0010), and the few
 * numbers that depend on events after the send, each bounded by those events.
 */
@Injectable()
export class DeliveryCountsRepository {
  constructor(
    @InjectDb() private readonly db: Db,
    // Polled every few seconds by the console: constant statement text straight to the driver.
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  async countsOf(issueId: string): Promise<IssueCounts> {
    return tally((await this.database.executeSql(COUNTS_OF, [issueId])).rows as CountRow[]);
  }

  /** The counters of several issues added up (overviews: "sent in the last 7 days"). */
  async totalsOf(issueIds: readonly string[]): Promise<IssueCounts> {
    if (issueIds.length === 0) return tally([]);
    return tally((await this.database.executeSql(TOTALS_OF, [[...issueIds]])).rows as CountRow[]);
  }

  /** How many of these subscribers the issue was sent to (unique index on issue and subscriber). */
  async countSentTo(issueId: string, subscriberIds: readonly string[]): Promise<number> {
    if (subscriberIds.length === 0) return 0;
    const result = await this.database.executeSql(COUNT_SENT_TO, [issueId, [...subscriberIds]]);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Recipients of the issue with a bounce or complaint received after `since`. */
  async countBouncedSince(issueId: string, since: Date): Promise<number> {
    const result = await this.database.executeSql(COUNT_BOUNCED_SINCE, [issueId, since]);
    return Number(result.rows[0]?.n ?? 0);
  }

  /**
   * Rebuilds the counters from the ledger (one issue, or all when `issueId` is null). The lock
   * makes ledger writers wait at their counter update until the rebuild commits: a write the
   * rebuild does not see is applied on top of it afterwards, never counted twice.
   */
  async recount(issueId: string | null): Promise<void> {
    const scope = issueId === null ? sql`TRUE` : sql`issue_id = ${issueId}`;
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE delivery_counts IN EXCLUSIVE MODE`);
      await tx.execute(sql`DELETE FROM delivery_counts WHERE ${scope}`);
      await tx.execute(sql`
        INSERT INTO delivery_counts (issue_id, state, reason, erased, n)
        SELECT issue_id, state, coalesce(reason, ''), subscriber_id IS NULL, count(*) FROM deliveries
        WHERE ${scope} GROUP BY 1, 2, 3, 4`);
    });
  }
}

function tally(rows: readonly CountRow[]): IssueCounts {
  const counts: IssueCounts = { queued: 0, sent: 0, failed: 0, rejected: 0, skipped: 0, policyRejected: 0, sentToErased: 0, total: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    counts[row.state] += n;
    counts.total += n;
    if (row.state === 'rejected' && row.reason === 'policy') counts.policyRejected += n;
    if (row.state === 'sent' && row.erased) counts.sentToErased += n;
  }
  return counts;
}
