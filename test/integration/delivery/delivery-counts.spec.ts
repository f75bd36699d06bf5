import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { DeliveriesRepository } from '#src/delivery/deliveries.repository.js';
import { DeliveryCountsRepository, type IssueCounts } from '#src/delivery/delivery-counts.repository.js';
import { useTestApp } from '../../support/use-test-app.js';

/**
 * The per-issue counters are kept by triggers on the ledger: after any mix of ledger writes
 * (inserts, claims, outcomes, skips, erasure, deletes, truncate) they equal a GROUP BY of the
 * ledger, and the recount rebuilds them when something wrote behind the triggers' back.
 */
describe('per-issue delivery counters (database triggers)', () => {
  // No delivery workers: the test itself claims and records outcomes, like a lane would.
  const ctx = useTestApp({ role: 'api' });
  const get = <T>(type: abstract new (...args: never[]) => T): T => ctx.app.app.get(type, { strict: false });
  const database = (): Database => ctx.app.app.get<Database>(DATABASE, { strict: false });

  const recipients = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ subscriberId: `${prefix}-${String(i).padStart(4, '0')}`, email: `${prefix}${i}@count.example`, name: null, locale: 'de' as const }));

  /** The truth, counted from the ledger itself. */
  async function ledgerCounts(issueId: string): Promise<IssueCounts> {
    const result = await database().executeSql(
      `SELECT state, coalesce(reason, '') AS reason, subscriber_id IS NULL AS erased, count(*)::int AS n FROM deliveries WHERE issue_id = $1 GROUP BY 1, 2, 3`,
      [issueId],
    );
    const counts: IssueCounts = { queued: 0, sent: 0, failed: 0, rejected: 0, skipped: 0, policyRejected: 0, sentToErased: 0, total: 0 };
    for (const row of result.rows as { state: keyof IssueCounts; reason: string; erased: boolean; n: number }[]) {
      counts[row.state] += row.n;
      counts.total += row.n;
      if (row.state === 'rejected' && row.reason === 'policy') counts.policyRejected += row.n;
      if (row.state === 'sent' && row.erased) counts.sentToErased += row.n;
    }
    return counts;
  }

  it('follow every kind of ledger write, and count nothing twice when a page is enqueued again', async () => {
    const deliveries = get(DeliveriesRepository);
    const counts = get(DeliveryCountsRepository);
    const issue = randomUUID();
    const other = randomUUID();
    const readers = recipients('a', 60);
    await deliveries.enqueue(issue, readers.slice(0, 40));
    await deliveries.enqueue(issue, readers); // 40 already there: only 20 new rows
    await deliveries.enqueue(other, readers.slice(0, 5));
    expect(await counts.countsOf(issue)).toMatchObject({ queued: 60, total: 60 });

    const claimed = await deliveries.claimBatch('worker/0', 30, 60); // the lease alone changes no count
    const ofIssue = claimed.filter((c) => c.issueId === issue);
    await deliveries.renewLease(ofIssue.map((c) => c.id), 'worker/0', 60);
    const [first, second, third, fourth, ...rest] = ofIssue;
    await deliveries.markSentAndConfirm(
      rest.slice(0, 10).map((c) => ({ id: c.id, attempts: 1, response: '250 ok', messageId: `<${c.id}@count.example>` })),
      rest.slice(10).map((c) => ({ id: c.id, owner: 'worker/0' })),
      60,
    );
    await deliveries.markFinal(first.id, 'rejected', 'policy', 1, '550 5.7.1 policy');
    await deliveries.markFinal(second.id, 'rejected', 'unknown-mailbox', 1, '550 5.1.1 unknown');
    await deliveries.markFinal(third.id, 'failed', 'temporary', 5, '451 later');
    await deliveries.scheduleRetry(fourth.id, 1, 1000, '451 later');
    await deliveries.skip(rest.slice(10, 12).map((c) => c.id), 'unsubscribed');
    await deliveries.requeueFailed(issue);
    await deliveries.anonymiseSubscriber(rest[0].subscriberId, rest[0].email); // a sent row of an erased reader
    await deliveries.anonymiseSubscriber(readers[59].subscriberId, readers[59].email); // a queued one
    await deliveries.skipQueuedOfIssue(other, 'cancelled');

    const truth = await ledgerCounts(issue);
    expect(truth).toMatchObject({ sent: 10, rejected: 2, policyRejected: 1, sentToErased: 1, total: 60 });
    expect(await counts.countsOf(issue)).toEqual(truth);
    expect(await counts.countsOf(other)).toEqual(await ledgerCounts(other));

    await database().executeSql(`DELETE FROM deliveries WHERE issue_id = $1 AND state = 'skipped'`, [issue]);
    expect(await counts.countsOf(issue)).toEqual(await ledgerCounts(issue));
  });

  it('stay right under concurrent writers on the same issue', async () => {
    const deliveries = get(DeliveriesRepository);
    const issue = randomUUID();
    await Promise.all(Array.from({ length: 8 }, (_, lane) => deliveries.enqueue(issue, recipients(`c${lane}`, 50))));
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let round = 0; round < 5; round++) {
          const claimed = (await deliveries.claimBatch(`worker/${lane}`, 10, 60)).filter((c) => c.issueId === issue);
          await deliveries.markSentAndConfirm(claimed.map((c) => ({ id: c.id, attempts: 1, response: '250 ok', messageId: `<${c.id}@x>` })), [], 60);
        }
      }),
    );
    const truth = await ledgerCounts(issue);
    expect(truth.total).toBe(400);
    expect(await get(DeliveryCountsRepository).countsOf(issue)).toEqual(truth);
  });

  it('are rebuilt from the ledger by the recount after writes that bypassed the triggers', async () => {
    const deliveries = get(DeliveriesRepository);
    const counts = get(DeliveryCountsRepository);
    const issue = randomUUID();
    const untouched = randomUUID();
    await deliveries.enqueue(issue, recipients('r', 12));
    await deliveries.enqueue(untouched, recipients('u', 3));
    await ctx.app.app.get<Database>(DATABASE, { strict: false }).db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE deliveries DISABLE TRIGGER deliveries_count_update`);
      await tx.execute(sql`UPDATE deliveries SET state = 'sent' WHERE issue_id = ${issue} AND subscriber_id < 'r-0005'`);
      await tx.execute(sql`ALTER TABLE deliveries ENABLE TRIGGER deliveries_count_update`);
    });
    expect(await counts.countsOf(issue)).toMatchObject({ queued: 12, sent: 0 });

    await counts.recount(issue);
    expect(await counts.countsOf(issue)).toEqual({ ...(await ledgerCounts(issue)), sent: 5, queued: 7 });
    await counts.recount(null);
    expect(await counts.countsOf(untouched)).toEqual(await ledgerCounts(untouched));

    await database().executeSql('TRUNCATE deliveries');
    expect(await counts.countsOf(issue)).toMatchObject({ total: 0 });
  });
});
