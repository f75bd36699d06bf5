import { ArticleIngestService } from '#src/articles/article-ingest.service.js';
import type { Database } from '#src/db/database.js';
import { DATABASE } from '#src/db/db.module.js';
import { DeliveriesRepository } from '#src/delivery/deliveries.repository.js';
import { DeliveryCountsRepository } from '#src/delivery/delivery-counts.repository.js';
import { RESOLVE_CHUNK, RecipientResolver } from '#src/delivery/recipient-resolver.js';
import { WorkerFailover } from '#src/delivery/worker-failover.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { termsFromNames } from '#src/sources/normalized-article.js';
import { normalizedArticle } from '../../factories/article.factory.js';
import { useTestApp } from '../../support/use-test-app.js';
import { ADMIN, buildIssue, createNewsletter, getIssue, json } from '../../e2e/delivery/delivery-harness.js';

const GHOST = 'ghost-host:4242:dead00';

/**
 * Recipient resolution of a worker that died (kill -9: no cleanup ran) is continued by another
 * worker from the saved cursor, and the dead worker's delivery leases are freed as soon as its
 * heartbeat is stale, not when they expire. Driven step by step: the app takes no jobs (ROLE=api)
 * and the test plays the dead worker's part on the database.
 */
describe('recipient resolution and leases after a worker died', () => {
  const ctx = useTestApp({ role: 'api' });
  const get = <T>(type: abstract new (...args: never[]) => T): T => ctx.app.app.get(type, { strict: false });
  const sqlOf = (text: string, values: unknown[] = []) => ctx.app.app.get<Database>(DATABASE, { strict: false }).executeSql(text, values);
  let sourceId: string;

  beforeAll(async () => {
    sourceId = (await json<{ id: string }>(await ctx.app.request('/api/sources', { method: 'POST', token: ADMIN, json: { name: 'Redaktion', kind: 'webhook' } }), 201)).id;
  });

  /** A sending issue of a newsletter with `readers` confirmed readers (seeded in one statement). */
  async function sendingIssue(slug: string, readers: number): Promise<string> {
    const newsletterId = await createNewsletter(ctx.app, slug, { tags: [slug] });
    await sqlOf(
      `WITH s AS (INSERT INTO subscribers (email, email_key, suppression_hash, status, source)
         SELECT $1 || i || '@fail.example', $1 || i || '@fail.example', md5($1 || i), 'active', 'import' FROM generate_series(1, $2::int) AS i
         RETURNING id)
       INSERT INTO subscriber_newsletters (subscriber_id, slug) SELECT id, $1 FROM s`,
      [slug, readers],
    );
    await get(ArticleIngestService).store(sourceId, [normalizedArticle({ tags: termsFromNames([slug]) })], { now: new Date() });
    const issueId = await buildIssue(ctx.app, newsletterId);
    // The resolve job waits in the queue: no process here takes jobs.
    await json(await ctx.app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    return issueId;
  }

  /** The dead worker's part: it held the lease and wrote one chunk, then died before the next. */
  async function ghostResolvedOneChunk(issueId: string, leaseSeconds: number): Promise<void> {
    const issues = get(IssuesService);
    const issue = await issues.claimResolution(issueId, GHOST, leaseSeconds);
    expect(issue?.id).toBe(issueId);
    const { newsletter } = await issues.getWithNewsletter(issueId);
    const chunk = await get(SubscriberDirectory).listRecipients(newsletter.slug, null, RESOLVE_CHUNK);
    await get(DeliveriesRepository).enqueue(issueId, chunk);
    await issues.advanceResolution(issueId, GHOST, chunk.at(-1)!.subscriberId, leaseSeconds);
  }

  async function expectEveryReaderOnce(issueId: string, readers: number): Promise<void> {
    const ledger = await sqlOf(`SELECT count(*)::int AS n, count(DISTINCT subscriber_id)::int AS readers FROM deliveries WHERE issue_id = $1`, [issueId]);
    expect(ledger.rows[0]).toEqual({ n: readers, readers });
    expect((await get(DeliveryCountsRepository).countsOf(issueId)).total).toBe(readers);
    const view = await getIssue(ctx.app, issueId);
    expect(view.stats).toMatchObject({ recipients: readers, resolvingRecipients: false, recipientsSoFar: readers });
  }

  it('shows the progress, leaves a live lease alone, and continues from the cursor once the lease lapsed', async () => {
    const readers = RESOLVE_CHUNK * 2 + 345;
    const issueId = await sendingIssue('lapse', readers);
    await ghostResolvedOneChunk(issueId, 60);

    expect((await getIssue(ctx.app, issueId)).stats).toMatchObject({ recipients: null, resolvingRecipients: true, recipientsSoFar: RESOLVE_CHUNK });
    await get(RecipientResolver).resolve(issueId); // the ghost's lease is live: nothing happens
    expect(await get(RecipientResolver).resumeAbandoned()).toBe(false);
    expect((await getIssue(ctx.app, issueId)).stats).toMatchObject({ resolvingRecipients: true, recipientsSoFar: RESOLVE_CHUNK });

    await sqlOf(`UPDATE issues SET resolve_lease_until = now() - interval '1 second' WHERE id = $1`, [issueId]);
    await get(WorkerFailover).pass();
    await expectEveryReaderOnce(issueId, readers);
  });

  it('frees the delivery and resolution leases of a worker whose heartbeat stopped, at once', async () => {
    const readers = RESOLVE_CHUNK + 10;
    const issueId = await sendingIssue('silent', readers);
    await ghostResolvedOneChunk(issueId, 3600);
    const claimed = await get(DeliveriesRepository).claimBatch(`${GHOST}/0`, 25, 3600);
    expect(claimed).toHaveLength(25);
    const beat = new Date(Date.now() - 10 * ctx.config.jobs.heartbeatMs);
    await sqlOf(`INSERT INTO worker_heartbeats (worker_id, hostname, pid, role, started_at, last_seen_at) VALUES ($1, 'ghost-host', 4242, 'worker', $2, $2)`, [GHOST, beat]);
    // A live worker beating now keeps its leases.
    const alive = 'live-host:1:a11ve0';
    await sqlOf(`INSERT INTO worker_heartbeats (worker_id, hostname, pid, role, started_at, last_seen_at) VALUES ($1, 'live-host', 1, 'worker', now(), now())`, [alive]);
    const kept = await get(DeliveriesRepository).claimBatch(`${alive}/0`, 5, 3600);

    await get(WorkerFailover).pass();

    const leases = await sqlOf(`SELECT lease_owner AS owner, count(*)::int AS n FROM deliveries WHERE lease_owner IS NOT NULL GROUP BY 1`);
    expect(leases.rows).toEqual([{ owner: `${alive}/0`, n: kept.length }]);
    expect((await sqlOf(`SELECT worker_id FROM worker_heartbeats ORDER BY 1`)).rows).toEqual([{ worker_id: alive }]);
    await expectEveryReaderOnce(issueId, readers);
  });
});
