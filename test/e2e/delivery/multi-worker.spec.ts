import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogArticle } from '../../factories/catalog-article.factory.js';
import { describeWithPostgres } from '../../support/describe-db.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { startScriptedSink, type ScriptedSink } from '../../support/scripted-smtp-sink.js';
import { spawnService, type ServiceProcess } from '../../support/spawn-service.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_SECRET_KEY, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { ADMIN, buildIssue, createNewsletter, json, waitFor, waitForStatus } from './delivery-harness.js';

const MAX_CONNECTIONS = 2;
const LANES_PER_WORKER = 2 * MAX_CONNECTIONS;

describeWithPostgres('delivery with several real worker processes', () => {
  let database: TestDatabase;
  let sink: ScriptedSink;
  let api: TestApp;
  let recipientsFile: string;
  const recipients: Record<string, { subscriberId: string; email: string; name: null; locale: 'de' }[]> = {};
  const catalog = new InMemoryArticleCatalog();
  let serverDelayMs = 0;
  const workers: ServiceProcess[] = [];

  function startWorker(extra: Record<string, string> = {}): ServiceProcess {
    const worker = spawnService(
      {
        ROLE: 'worker',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: database.url as string,
        SECRET_KEY: TEST_SECRET_KEY,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'postbote-worker-')),
        PUBLIC_URL: 'https://postbote.test',
        SMTP_URL: sink.url,
        SMTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
        DELIVERY_BATCH_SIZE: '10',
        DELIVERY_LEASE_SECONDS: '3',
        DELIVERY_POLL_MS: '100',
        JOBS_POLL_INTERVAL_S: '0.5',
        LOG_LEVEL: 'info',
        RECIPIENTS_FILE: recipientsFile,
        ...extra,
      },
      'test/support/service-with-file-ports.mjs',
    );
    workers.push(worker);
    return worker;
  }

  async function waitStarted(worker: ServiceProcess): Promise<void> {
    await waitFor(() => Promise.resolve(worker.output()), (out) => out.includes('delivery worker started') || worker.child.exitCode !== null, 'worker boot');
    if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
  }

  async function sendIssue(slug: string, count: number): Promise<{ issueId: string; emails: string[] }> {
    recipients[slug] = Array.from({ length: count }, (_, i) => ({ subscriberId: `${slug}-${String(i).padStart(5, '0')}`, email: `${slug}-${i}@ex.net`, name: null, locale: 'de' as const }));
    writeFileSync(recipientsFile, JSON.stringify(recipients));
    catalog.add(catalogArticle(`${slug}-article`, { tags: [{ name: slug, slug }] }));
    const newsletterId = await createNewsletter(api, slug, { tags: [slug] });
    const issueId = await buildIssue(api, newsletterId);
    await json(await api.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    return { issueId, emails: recipients[slug].map((r) => r.email) };
  }

  beforeAll(async () => {
    recipientsFile = join(mkdtempSync(join(tmpdir(), 'postbote-recipients-')), 'recipients.json');
    writeFileSync(recipientsFile, '{}');
    sink = await startScriptedSink({ gate: () => (serverDelayMs > 0 ? sleep(serverDelayMs) : Promise.resolve()) });
    database = await createTestDatabase();
    // The API instance takes no jobs (ROLE=api): every delivery is made by the spawned workers.
    api = await startTestApp(testConfig(database, { role: 'api', http: { publicUrl: 'https://postbote.test' } }), { ports: testPorts(new InMemorySubscriberDirectory(), catalog) });
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
    // Both processes took part (each logs nothing per message; the ledger records the lease owner).
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
    const rate = 20;
    const pair = [startWorker({ SMTP_RATE_PER_SECOND: String(rate) }), startWorker({ SMTP_RATE_PER_SECOND: String(rate) })];
    await Promise.all(pair.map(waitStarted));
    const acceptedBefore = sink.accepted.length;
    const { issueId, emails } = await sendIssue('rate', 60);
    await waitForStatus(api, issueId, 'sent');
    for (const email of emails) expect(sink.countFor(email)).toBe(1);
    const times = sink.accepted.slice(acceptedBefore).map((m) => m.at).sort((a, b) => a - b);
    // Token bucket bound for any 1 s window: rate + burst (rate/10) + tokens held locally (≤ burst per worker).
    const burst = Math.ceil(rate / 10);
    const bound = rate + burst + pair.length * burst;
    let busiest = 0;
    for (let i = 0; i < times.length; i++) busiest = Math.max(busiest, times.filter((t) => t >= times[i] && t < times[i] + 1000).length);
    expect(busiest).toBeLessThanOrEqual(bound);
    for (const w of pair) w.child.kill('SIGTERM');
    await Promise.all(pair.map((w) => w.exited));
  });
});
