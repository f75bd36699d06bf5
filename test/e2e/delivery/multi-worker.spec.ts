import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { ArticleIngestService } from '#src/articles/article-ingest.service.js';
import { termsFromNames } from '#src/sources/normalized-article.js';
import type { Database } from '#src/db/database.js';
import { DATABASE } from '#src/db/db.module.js';
import { SubscriberLinks } from '#src/subscribers/subscriber-links.js';
import { SubscriberTokenService } from '#src/subscribers/subscriber-token.js';
import { SubscribersRepository } from '#src/subscribers/subscribers.repository.js';
import { normalizedArticle } from '../../factories/article.factory.js';
import { describeWithPostgres } from '../../support/describe-db.js';
import { startScriptedSink, Valve, type ScriptedSink } from '../../support/scripted-smtp-sink.js';
import { spawnService, type ServiceProcess } from '../../support/spawn-service.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_SECRET_KEY, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { ADMIN, buildIssue, createNewsletter, json, listUnsubscribeUrl, localPath, oneClickUnsubscribe, waitFor, waitForStatus } from './delivery-harness.js';

const MAX_CONNECTIONS = 2;
const LANES_PER_WORKER = 2 * MAX_CONNECTIONS;
const BATCH_SIZE = 10;

interface LedgerRow {
  id: number;
  subscriberId: string;
  email: string;
  state: string;
  reason: string | null;
  leaseOwner: string | null;
}

/**
 * The workers are the production entry point (dist/main.js) on one PostgreSQL database: they
 * resolve recipients from the subscribers tables, re-check deliverability and sign the links
 * themselves. The in-process API instance (ROLE=api, real ports too) only seeds and drives.
 */
describeWithPostgres('delivery with several real worker processes', () => {
  let database: TestDatabase;
  let sink: ScriptedSink;
  let api: TestApp;
  let articleSourceId: string;
  let serverDelayMs = 0;
  const valve = new Valve();
  const workers: ServiceProcess[] = [];

  function startWorker(extra: Record<string, string> = {}): ServiceProcess {
    const worker = spawnService(
      {
        ROLE: 'worker',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        SECRET_KEY: TEST_SECRET_KEY,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'postbote-worker-')),
        PUBLIC_URL: 'https://postbote.test',
        SMTP_URL: sink.url,
        SITE_IMPRINT: 'Testblatt GmbH, Teststr. 1, 12345 Teststadt',
        SMTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
        DELIVERY_BATCH_SIZE: String(BATCH_SIZE),
        DELIVERY_LEASE_SECONDS: '3',
        DELIVERY_POLL_MS: '100',
        JOBS_POLL_INTERVAL_S: '0.5',
        LOG_LEVEL: 'info',
        ...extra,
      },
    );
    workers.push(worker);
    return worker;
  }

  async function waitStarted(worker: ServiceProcess): Promise<void> {
    await waitFor(() => Promise.resolve(worker.output()), (out) => out.includes('delivery worker started') || worker.child.exitCode !== null, 'worker boot');
    if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
  }

  /** Confirmed subscribers of the newsletter, through the admin CSV import (consent documented). */
  async function importSubscribers(slug: string, emails: readonly string[]): Promise<void> {
    const form = new FormData();
    form.append('mode', 'consent-documented');
    form.append('note', 'Testbestand');
    form.append('file', new Blob([`email,newsletters\n${emails.map((e) => `${e},${slug}`).join('\n')}\n`], { type: 'text/csv' }), 'readers.csv');
    const report = await json<{ accepted: number; issues: unknown[] }>(await api.request('/api/subscribers/import', { method: 'POST', body: form, token: ADMIN }), 200);
    expect(report).toMatchObject({ accepted: emails.length, issues: [] });
  }

  async function sendIssue(slug: string, count: number): Promise<{ issueId: string; emails: string[] }> {
    const emails = Array.from({ length: count }, (_, i) => `${slug}-${i}@example.net`);
    const newsletterId = await createNewsletter(api, slug, { tags: [slug] });
    await importSubscribers(slug, emails);
    // Stored without announcing: the article only feeds the issue, no article.published job.
    await api.app.get(ArticleIngestService).store(articleSourceId, [normalizedArticle({ tags: termsFromNames([slug]) })], { now: new Date() });
    const issueId = await buildIssue(api, newsletterId);
    await json(await api.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    return { issueId, emails };
  }

  /** The https List-Unsubscribe URL of the (first) mail `email` received. */
  async function unsubscribeUrlIn(email: string): Promise<string> {
    const mail = await simpleParser(sink.accepted.find((m) => m.to.includes(email))?.raw ?? Buffer.alloc(0));
    return listUnsubscribeUrl(mail.headerLines);
  }

  /** The issue's ledger in claim order (the order in which the lanes take rows). */
  async function ledger(issueId: string): Promise<LedgerRow[]> {
    const result = await api.app.get<symbol, Database>(DATABASE).executeSql(
      `SELECT id, subscriber_id AS "subscriberId", email, state, reason, lease_owner AS "leaseOwner"
       FROM deliveries WHERE issue_id = $1 ORDER BY next_attempt_at, id`,
      [issueId],
    );
    return result.rows.map((r) => ({ ...(r as unknown as LedgerRow), id: Number(r.id) }));
  }

  /** The unsubscribe link a worker put into the mail to `email` belongs to that subscriber. */
  async function unsubscribeLinkOwner(email: string): Promise<{ owner: string; subscriber: string | undefined }> {
    const url = await unsubscribeUrlIn(email);
    const token = new URL(url || 'https://missing.invalid').searchParams.get('token') ?? '';
    const owner = api.app.get(SubscriberTokenService, { strict: false }).verify(token, 'unsubscribe').subscriberId;
    const subscriber = (await api.app.get(SubscribersRepository, { strict: false }).findByEmailKey(email))?.id;
    return { owner, subscriber };
  }

  beforeAll(async () => {
    sink = await startScriptedSink({
      gate: async () => {
        if (serverDelayMs > 0) await sleep(serverDelayMs);
        await valve.wait();
      },
    });
    database = await createTestDatabase();
    // The API instance takes no jobs (ROLE=api): every delivery is made by the spawned workers.
    api = await startTestApp(testConfig(database, { role: 'api', http: { publicUrl: 'https://postbote.test' } }));
    articleSourceId = (await json<{ id: string }>(await api.request('/api/sources', { method: 'POST', token: ADMIN, json: { name: 'Redaktion', kind: 'webhook' } }), 201)).id;
  });

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await api?.close();
    await sink?.close();
    await database?.drop();
  });

  it('two workers share one issue with no recipient handled twice', async () => {
    const pair = [startWorker(), startWorker()];
    await Promise.all(pair.map(waitStarted));
    const { issueId, emails } = await sendIssue('pair', 300);
    const done = await waitForStatus(api, issueId, 'sent');
    expect(done.stats.sent).toBe(300);
    for (const email of emails) expect(sink.countFor(email)).toBe(1);
    const { owner, subscriber } = await unsubscribeLinkOwner(emails[123]);
    expect(subscriber).toEqual(expect.any(String));
    expect(owner).toBe(subscriber);
    // Which process sent a message is not kept (the lease owner is cleared once sent), so each
    // worker's share is not asserted; what matters is that no reader got it from both.
    for (const w of pair) w.child.kill('SIGTERM');
    await Promise.all(pair.map((w) => w.exited));
  });

  it('kill -9 of every worker mid-send, then a restart: everyone gets it, duplicates bounded by messages in flight', async () => {
    serverDelayMs = 20;
    const first = [startWorker(), startWorker()];
    await Promise.all(first.map(waitStarted));
    const { issueId, emails } = await sendIssue('crash', 400);
    const acceptedBefore = sink.accepted.length;
    await waitFor(() => Promise.resolve(sink.accepted.length - acceptedBefore), (n) => n >= 80, 'sending to be under way');
    for (const w of first) w.child.kill('SIGKILL');
    await Promise.all(first.map((w) => w.exited));
    const countAtKill = sink.accepted.length - acceptedBefore;
    expect(countAtKill).toBeLessThan(400);

    serverDelayMs = 0;
    const second = [startWorker(), startWorker()];
    await Promise.all(second.map(waitStarted));
    const done = await waitForStatus(api, issueId, 'sent');
    expect(done.stats).toMatchObject({ sent: 400, failed: 0, rejected: 0 });
    const duplicates = emails.reduce((sum, email) => sum + Math.max(0, sink.countFor(email) - 1), 0);
    for (const email of emails) expect(sink.countFor(email)).toBeGreaterThanOrEqual(1);
    expect(duplicates).toBeLessThanOrEqual(first.length * LANES_PER_WORKER);
    for (const w of second) w.child.kill('SIGTERM');
    await Promise.all(second.map((w) => w.exited));
  });

  it('holds SMTP_RATE_PER_SECOND across two workers together (timestamps at the server)', async () => {
    // Low enough that two workers could send twice as fast on a loaded machine, so a limit held
    // per worker instead of globally shows.
    const rate = 10;
    const pair = [startWorker({ SMTP_RATE_PER_SECOND: String(rate) }), startWorker({ SMTP_RATE_PER_SECOND: String(rate) })];
    await Promise.all(pair.map(waitStarted));
    const acceptedBefore = sink.accepted.length;
    const { issueId, emails } = await sendIssue('rate', 60);
    await waitForStatus(api, issueId, 'sent');
    for (const email of emails) expect(sink.countFor(email)).toBe(1);
    const times = sink.accepted.slice(acceptedBefore).map((m) => m.at).sort((a, b) => a - b);
    // Bound for every window [first, last] of accepted messages at the server: each drew its token
    // either within the window (≤ burst + rate × length from the shared bucket, burst = rate/10)
    // or before it; then, at the window's start, that token sat in a worker's local pocket
    // (≤ min(burst, pool size)) or in a lane whose message was not accepted yet (one per lane).
    // Lanes count because a message waits for a pooled connection and its SMTP round trips after
    // its token, and that wait varies per message. (+1 ms: the server's clock has ms steps.)
    const burst = Math.ceil(rate / 10);
    const pocket = Math.min(burst, MAX_CONNECTIONS);
    const held = burst + pair.length * (pocket + LANES_PER_WORKER);
    let busiest = { count: 0, allowed: held };
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        const window = { count: j - i + 1, allowed: held + (rate * (times[j] - times[i] + 1)) / 1000 };
        if (window.count - window.allowed > busiest.count - busiest.allowed) busiest = window;
      }
    }
    expect(busiest.count).toBeLessThanOrEqual(busiest.allowed);
    for (const w of pair) w.child.kill('SIGTERM');
    await Promise.all(pair.map((w) => w.exited));
  });

  it('an unsubscribe or suppression while workers send: that reader gets nothing more unless a lane already had the message in hand', async () => {
    // A long lease: while the valve holds the lanes, no claim may expire and pass to another lane.
    const pair = [startWorker({ DELIVERY_LEASE_SECONDS: '60' }), startWorker({ DELIVERY_LEASE_SECONDS: '60' })];
    await Promise.all(pair.map(waitStarted));
    serverDelayMs = 20;
    const { issueId, emails } = await sendIssue('midsend', 300);
    const received = (): string[] => emails.filter((email) => sink.countFor(email) > 0);
    await waitFor(() => Promise.resolve(received().length), (n) => n >= 30, 'sending to be under way');

    // Freeze the senders: the server answers no DATA until the valve opens. Once every accepted
    // message is recorded as sent, each lane holds at most the one message it already checked
    // (at the server or waiting for a pooled connection) — the first queued row it holds.
    valve.close();
    const frozen = await waitFor(() => ledger(issueId), (rows) => rows.filter((r) => r.state === 'sent').length === received().length, 'accepted messages to be recorded');
    const queued = frozen.filter((r) => r.state === 'queued');
    const headOfLane = new Map<string, number>();
    for (const r of queued) if (r.leaseOwner !== null) headOfLane.set(r.leaseOwner, Math.min(r.id, headOfLane.get(r.leaseOwner) ?? r.id));
    const inHand = new Set(headOfLane.values());
    // Rows a lane claimed, behind the one it may have in hand: the check before each send must see the unsubscribe.
    const waitingInLane = queued.filter((r) => r.leaseOwner !== null && !inHand.has(r.id));
    // Unclaimed rows: while frozen, each lane claims at most one more batch, from the front of the
    // queue, and sends only its first row; rows behind that cannot be in hand.
    const unclaimedTail = queued.filter((r) => r.leaseOwner === null).slice(pair.length * LANES_PER_WORKER * BATCH_SIZE);
    /** `n` rows spread over `rows`, first and last included. */
    const spread = (rows: LedgerRow[], n: number): LedgerRow[] => {
      expect(rows.length).toBeGreaterThanOrEqual(n);
      return Array.from({ length: n }, (_, i) => rows[Math.round((i * (rows.length - 1)) / (n - 1))]);
    };
    const [laneUnsubscribed, laneUnsubscribed2, laneSuppressed] = spread(waitingInLane, 3);
    const [tailUnsubscribed, tailUnsubscribed2, tailSuppressed, tailLeftInPreferences] = spread(unclaimedTail, 4);

    // A reader who already has the issue leaves through its List-Unsubscribe header; the others
    // through the same one-click endpoint with their own signed link, or are suppressed by an admin.
    const alreadyReceived = received()[0];
    expect((await oneClickUnsubscribe(api, await unsubscribeUrlIn(alreadyReceived))).status).toBe(200);
    const links = api.app.get(SubscriberLinks, { strict: false });
    for (const row of [laneUnsubscribed, laneUnsubscribed2, tailUnsubscribed, tailUnsubscribed2]) {
      expect((await oneClickUnsubscribe(api, links.unsubscribe(row.subscriberId))).status).toBe(200);
    }
    for (const row of [laneSuppressed, tailSuppressed]) {
      await json(await api.request('/api/subscribers/suppressions', { method: 'POST', token: ADMIN, json: { email: row.email } }), 201);
    }
    // Unticking the newsletter on the preferences page does not touch the ledger: the lane that
    // claims this row drops it (filterDeliverable), which is why only an unclaimed row is used.
    const unticked = await api.request(localPath(links.preferences(tailLeftInPreferences.subscriberId)), { method: 'POST', body: new URLSearchParams({ name: '' }) });
    expect(unticked.status).toBe(200);
    const stopped = [laneUnsubscribed, laneUnsubscribed2, laneSuppressed, tailUnsubscribed, tailUnsubscribed2, tailSuppressed, tailLeftInPreferences].map((r) => r.email);
    valve.open();
    serverDelayMs = 0;

    const done = await waitForStatus(api, issueId, 'sent');
    expect(Object.fromEntries(stopped.map((email) => [email, sink.countFor(email)]))).toEqual(Object.fromEntries(stopped.map((email) => [email, 0])));
    const final = await ledger(issueId);
    expect(final.filter((r) => r.state !== 'sent').map(({ email, state, reason }) => ({ email, state, reason })).sort((a, b) => a.email.localeCompare(b.email)))
      .toEqual(stopped.map((email) => ({ email, state: 'skipped', reason: 'unsubscribed' })).sort((a, b) => a.email.localeCompare(b.email)));
    expect(emails.filter((email) => !stopped.includes(email) && sink.countFor(email) !== 1)).toEqual([]);
    expect(done.stats).toMatchObject({ recipients: 300, queued: 0, sent: 300 - stopped.length, skipped: stopped.length, failed: 0, rejected: 0, unsubscribedSince: 1 });
    const { sent, skipped, failed, rejected, queued: stillQueued } = done.stats;
    expect(sent + skipped + failed + rejected + stillQueued).toBe(done.stats.recipients);
    for (const w of pair) w.child.kill('SIGTERM');
    await Promise.all(pair.map((w) => w.exited));
  });
});
