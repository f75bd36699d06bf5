import { simpleParser } from 'mailparser';
import type { Database } from '#src/db/database.js';
import { DATABASE } from '#src/db/db.module.js';
import { catalogArticle, fixtureCatalogArticles } from '../../factories/catalog-article.factory.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { startScriptedSink, type ScriptedSink } from '../../support/scripted-smtp-sink.js';
import { headerLine } from '../../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { ADMIN, buildIssue, createNewsletter, getIssue, json, waitFor, waitForStatus } from './delivery-harness.js';

const directory = new InMemorySubscriberDirectory();
const catalog = new InMemoryArticleCatalog();
let flakyHealed = false;
let gate: { open: boolean; waiting: number; held: string[]; release: () => void; wait: (to: readonly string[]) => Promise<void> };

function newGate(): typeof gate {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const g = {
    open: true,
    waiting: 0,
    held: [] as string[],
    release: () => release(),
    wait: async (to: readonly string[]) => {
      g.waiting++;
      g.held.push(...to);
      await opened;
    },
  };
  return g;
}

describe('newsletter delivery over real SMTP', () => {
  let database: TestDatabase;
  let sink: ScriptedSink;
  let app: TestApp;
  gate = newGate();
  gate.release();

  beforeAll(async () => {
    sink = await startScriptedSink({
      rcpt: (address, attempt) => {
        if (address === 'later@ex.net' && attempt === 1) return '421 4.7.0 Too many connections, try again later';
        if (address === 'later@ex.net' && attempt === 2) return '451 4.3.0 Temporary lookup failure';
        if (address === 'unknown@ex.net') return '550 5.1.1 <unknown@ex.net>: Recipient address rejected: User unknown';
        if (address === 'policy@ex.net') return '554 5.7.1 Message rejected: spam content';
        if (address === 'flaky@ex.net' && !flakyHealed) return '451 4.4.1 Try again later';
        return undefined;
      },
      data: (to, attempt) => (to.includes('drop@ex.net') && attempt === 1 ? 'drop' : undefined),
      gate: (to) => gate.wait(to),
    });
    database = await createTestDatabase();
    const config = testConfig(database, {
      http: { publicUrl: 'https://postbote.test' },
      mail: { smtpUrl: sink.url, unsubscribeMailto: 'unsubscribe@news.example.de', maxConnections: 2, maxMessages: 100 },
    });
    app = await startTestApp(config, { ports: testPorts(directory, catalog) });
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await database?.drop();
  });

  it('builds an issue from unsent articles, sends it once to each recipient and classifies failures', async () => {
    catalog.add(...fixtureCatalogArticles(), catalogArticle('xss', { title: '<script>alert(1)</script> & Co', publishedAt: new Date('2030-06-01T10:00:00Z') }));
    for (const [id, email, name] of [
      ['s01', 'anna@ex.net', 'Anna'], ['s02', 'bob@ex.net', null], ['s03', 'later@ex.net', null], ['s04', 'drop@ex.net', null],
      ['s05', 'unknown@ex.net', null], ['s06', 'policy@ex.net', null], ['s07', 'gone@ex.net', null],
    ] as const) directory.add(id, email, ['huawei'], name);
    directory.add('s99', 'other@ex.net', ['other']);
    // Unsubscribes after the recipients were resolved, before any delivery.
    directory.onListed = () => directory.unsubscribe('s07');

    const newsletterId = await createNewsletter(app, 'huawei');
    const issueId = await buildIssue(app, newsletterId);
    const empty = await app.request(`/api/newsletters/${newsletterId}/issues`, { method: 'POST', token: ADMIN });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('no unsent articles');

    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    const done = await waitForStatus(app, issueId, 'sent');

    expect(done.stats).toMatchObject({ recipients: 7, queued: 0, sent: 4, rejected: 2, policyRejected: 1, skipped: 1, failed: 0 });
    for (const address of ['anna@ex.net', 'bob@ex.net', 'later@ex.net', 'drop@ex.net']) expect(sink.countFor(address)).toBe(1);
    for (const address of ['unknown@ex.net', 'policy@ex.net', 'gone@ex.net', 'other@ex.net']) expect(sink.countFor(address)).toBe(0);
    expect(directory.suppressed.get('unknown@ex.net')).toBe('unknown-mailbox');
    expect(directory.suppressed.has('policy@ex.net')).toBe(false);
    expect(app.logs.some((line) => line.includes('smtp-policy-rejection'))).toBe(true);
    const resend = await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN });
    expect(resend.status).toBe(409);
  });

  it('puts the digest, the text part and every list header into the message', async () => {
    const raw = sink.accepted.find((m) => m.to.includes('anna@ex.net'))?.raw;
    const mail = await simpleParser(raw as Buffer);
    expect(mail.subject).toBe('Huawei-News: <script>alert(1)</script> & Co und 3 weitere');
    const html = String(mail.html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Anna');
    // Handlebars escapes "=" in attribute values as &#x3D; (still the same URL for a browser).
    expect(html.replace(/&#x3D;/g, '=')).toContain('https://postbote.test/unsubscribe?token=tok-s01');
    expect(html).toContain('Beispiel Verlag GmbH');
    expect(html).toContain('*provisionierte Affiliate-Links');
    for (const article of fixtureCatalogArticles()) expect(mail.text).toContain(article.title);
    expect(mail.text).toContain('<script>alert(1)</script> & Co');
    expect(mail.text).toContain('Erika Mustermann');
    expect(Buffer.byteLength(html)).toBeLessThan(90 * 1024);

    const lines = mail.headerLines;
    expect(headerLine(lines, 'List-Unsubscribe')).toBe('List-Unsubscribe: <https://postbote.test/unsubscribe?token=tok-s01>, <mailto:unsubscribe@news.example.de?subject=unsubscribe%20tok-s01>');
    expect(headerLine(lines, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine(lines, 'List-Id')).toMatch(/^List-I[dD]: "Huawei-News" <huawei\.news\.example\.de>$/);
    expect(headerLine(lines, 'Precedence')).toBe('Precedence: bulk');
    expect(headerLine(lines, 'Auto-Submitted')).toBe('Auto-Submitted: auto-generated');
    expect(headerLine(lines, 'Feedback-ID')).toMatch(/^Feedback-ID: [0-9a-f-]{36}:huawei:digest:postbote$/);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@news\.example\.de>$/);
    expect(mail.replyTo?.text).toBe('redaktion@news.example.de');
  });

  it('serves the archive without any recipient data', async () => {
    const list = await app.request('/archive/huawei');
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('&lt;script&gt;');
    const id = /\/archive\/huawei\/([0-9a-f-]{36})/.exec(listHtml)?.[1];
    const page = await app.request(`/archive/huawei/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(1)');
    expect(html).not.toContain('tok-');
    expect(html).not.toContain('Anna');
    expect((await app.request('/archive/huawei/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('fails deliveries after the retry limit and sends them on retry-failed', async () => {
    directory.add('f01', 'flaky@ex.net', ['second']);
    directory.add('f02', 'fine@ex.net', ['second']);
    catalog.add(catalogArticle('second-1', { tags: [{ name: 'Zwei', slug: 'zwei' }] }));
    const newsletterId = await createNewsletter(app, 'second', { tags: ['zwei'] });
    const issueId = await buildIssue(app, newsletterId);
    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    const first = await waitForStatus(app, issueId, 'sent');
    expect(first.stats).toMatchObject({ sent: 1, failed: 1 });
    expect(sink.countFor('flaky@ex.net')).toBe(0);

    flakyHealed = true;
    const retried = await json<{ count: number }>(await app.request(`/api/issues/${issueId}/retry-failed`, { method: 'POST', token: ADMIN }), 200);
    expect(retried.count).toBe(1);
    const second = await waitFor(() => getIssue(app, issueId), (i) => i.status === 'sent' && i.stats.sent === 2, 'retried delivery');
    expect(second.stats.failed).toBe(0);
    expect(sink.countFor('flaky@ex.net')).toBe(1);
  });

  it('cancel stops the remaining deliveries', async () => {
    gate = newGate();
    for (let i = 0; i < 60; i++) directory.add(`c${String(i).padStart(3, '0')}`, `c${i}@ex.net`, ['third']);
    catalog.add(catalogArticle('third-1', { tags: [{ name: 'Drei', slug: 'drei' }] }));
    const newsletterId = await createNewsletter(app, 'third', { tags: ['drei'] });
    const issueId = await buildIssue(app, newsletterId);
    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    await waitFor(() => Promise.resolve(gate.held), (held) => held.some((to) => /^c\d+@ex\.net$/.test(to)), 'a message of this issue held at the server');
    await json(await app.request(`/api/issues/${issueId}/cancel`, { method: 'POST', token: ADMIN }), 200);
    gate.release();
    // 4 lanes (2 × SMTP pool size of 2); each sends at most the one message it had checked.
    const lanes = 4;
    const final = await waitFor(() => getIssue(app, issueId), (i) => i.stats.sent + i.stats.skipped === 60, 'in-flight messages to settle');
    expect(final.status).toBe('cancelled');
    expect(final.stats.sent).toBeLessThanOrEqual(lanes);
    expect(final.stats.sent).toBeLessThan(60);
    expect((await app.request(`/api/issues/${issueId}/cancel`, { method: 'POST', token: ADMIN })).status).toBe(409);
  });

  it('a lane whose claims went to another worker sends none of them', async () => {
    gate = newGate();
    const emails = Array.from({ length: 40 }, (_, i) => `l${i}@ex.net`);
    emails.forEach((email, i) => directory.add(`l${String(i).padStart(3, '0')}`, email, ['fourth']));
    catalog.add(catalogArticle('fourth-1', { tags: [{ name: 'Vier', slug: 'vier' }] }));
    const newsletterId = await createNewsletter(app, 'fourth', { tags: ['vier'] });
    const issueId = await buildIssue(app, newsletterId);
    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    // A retry of an earlier test's issue may reach the gate too: wait for one of this issue's.
    await waitFor(() => Promise.resolve(gate.held), (held) => held.some((to) => emails.includes(to)), 'a message of this issue held at the server');
    // What a takeover looks like in the ledger: another worker claimed the rows after this
    // process's lease ran out (e.g. it stalled).
    const sql = (text: string) => app.app.get<symbol, Database>(DATABASE).executeSql(text, [issueId]);
    await sql(`UPDATE deliveries SET lease_owner = 'another-worker', lease_until = now() + interval '1 hour' WHERE issue_id = $1 AND state = 'queued'`);
    gate.release();
    const lanes = 4;
    await waitFor(() => getIssue(app, issueId), (i) => i.stats.sent >= 1, 'the held messages to be recorded');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileTakenOver = await getIssue(app, issueId);
    expect(whileTakenOver.stats.sent).toBeLessThanOrEqual(lanes);
    // The other worker dies: its leases run out and this process finishes the issue.
    await sql(`UPDATE deliveries SET lease_until = now() - interval '1 second' WHERE issue_id = $1 AND lease_owner = 'another-worker'`);
    const final = await waitForStatus(app, issueId, 'sent');
    expect(final.stats.sent).toBe(40);
    for (const email of emails) expect(sink.countFor(email)).toBe(1);
  });
});
