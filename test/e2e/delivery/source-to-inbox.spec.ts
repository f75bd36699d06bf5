import { simpleParser, type ParsedMail } from 'mailparser';
import { sql } from 'drizzle-orm';
import { DB } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { SubscribersRepository } from '#src/subscribers/subscribers.repository.js';
import { fixtureFeedWith, wordpressFixture } from '../../factories/feed.factory.js';
import { LocalHttpServer } from '../../integration/sources/local-http-server.js';
import { headerLine, startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { waitFor as waitUntilDefined } from '../../support/wait-for.js';
import { ADMIN, buildIssue, createNewsletter, getIssue, json, listUnsubscribeUrl, localPath, oneClickUnsubscribe, waitForStatus } from './delivery-harness.js';

const SAMPLE_TITLE = 'Um seine Smartphones zu retten: Huawei-Chef bittet US-Präsident um Gespräche';
const BOUNCE_SECRET = 'generic-secret-0123456789';
const RSS = { 'content-type': 'application/rss+xml; charset=UTF-8' };

const flat = (text: string) => text.replace(/\s+/g, ' ');

/**
 * The whole chain with nothing faked between the site and the reader: the WordPress fixture feed
 * on a local HTTP server → source sync → newsletter → issue → real SMTP → mailparser; then the
 * reader leaves through the List-Unsubscribe header, and an erased reader leaves no trace.
 */
describe('from the WordPress feed to the inbox and out again', () => {
  const server = new LocalHttpServer();
  let feedBody = wordpressFixture('feed-rss2.xml').toString('utf8');
  let database: TestDatabase;
  let sink: SmtpSink;
  let app: TestApp;
  let newsletterId: string;
  let firstIssueId: string;
  let sourceId: string;

  const subscribersRepo = () => app.app.get(SubscribersRepository, { strict: false });
  const mailsTo = (address: string) => sink.received.filter((m) => m.to.includes(address));
  const parsedMailTo = async (address: string, index = 0): Promise<ParsedMail> =>
    simpleParser(await waitUntilDefined(() => mailsTo(address)[index]?.raw, `mail #${index + 1} to ${address}`));
  const subscriberId = async (email: string) => (await subscribersRepo().findByEmailKey(email))?.id ?? '';

  beforeAll(async () => {
    await server.start();
    server.route('/feed/', (_req, res) => res.writeHead(200, RSS).end(feedBody));
    server.serve('/wp-json/wp/v2/categories', wordpressFixture('categories.json'), { 'content-type': 'application/json' });
    sink = await startSmtpSink();
    database = await createTestDatabase();
    app = await startTestApp(
      testConfig(database, {
        http: { publicUrl: 'https://postbote.test' },
        mail: { smtpUrl: sink.url },
        bounces: { secrets: { generic: BOUNCE_SECRET }, softLimit: 3, softWindowDays: 30 },
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await database?.drop();
    await server.stop();
  });

  async function subscribeAndConfirm(email: string): Promise<void> {
    const answer = await app.request('/subscribe', { method: 'POST', json: { email, newsletters: ['huawei'], consent: true } });
    expect(answer.status).toBe(202);
    const confirmation = await parsedMailTo(email);
    const confirmUrl = /https:\/\/postbote\.test\/confirm\?token=[\w.-]+/.exec(confirmation.text ?? '')?.[0] ?? '';
    expect((await app.request(localPath(confirmUrl))).status).toBe(200);
  }

  async function importActive(csv: string): Promise<void> {
    const form = new FormData();
    form.append('mode', 'consent-documented');
    form.append('note', 'Einwilligung per Papierformular');
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'readers.csv');
    const report = await json<{ issues: unknown[] }>(await app.request('/api/subscribers/import', { method: 'POST', body: form, token: ADMIN }), 200);
    expect(report.issues).toEqual([]);
  }

  async function sendIssue(): Promise<string> {
    const issueId = await buildIssue(app, newsletterId);
    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    await waitForStatus(app, issueId, 'sent');
    return issueId;
  }

  it('carries the sample article from the synced feed into the HTML and text of a received mail', async () => {
    sourceId = (await json<{ id: string }>(await app.request('/api/sources', { method: 'POST', token: ADMIN, json: { name: 'Blog', kind: 'rss', url: server.url('/feed/'), enabled: false } }), 201)).id;
    expect(await json(await app.request(`/api/sources/${sourceId}/sync`, { method: 'POST', token: ADMIN }), 200)).toMatchObject({ status: 'ok', created: 3 });
    const articles = await json<{ items: { title: string; excerpt: string }[] }>(await app.request('/api/articles?limit=10', { token: ADMIN }), 200);
    const excerpt = articles.items.find((a) => a.title === SAMPLE_TITLE)?.excerpt ?? '';
    expect(excerpt.startsWith('Schon seit bald zwei Jahren')).toBe(true);

    newsletterId = await createNewsletter(app, 'huawei');
    await subscribeAndConfirm('leser@example.de');
    await importActive('email;name;newsletters\nzweite@example.de;Zora Zwei;huawei\ndritte@example.de;Dora Dritte;huawei\n');
    firstIssueId = await sendIssue();
    expect((await getIssue(app, firstIssueId)).stats).toMatchObject({ recipients: 3, sent: 3, skipped: 0 });

    const mail = await parsedMailTo('leser@example.de', 1);
    expect(mail.subject).toBe(`Huawei-News: ${SAMPLE_TITLE} und 1 weiterer`);
    const html = flat(String(mail.html));
    expect(html).toContain(SAMPLE_TITLE);
    expect(html).toContain(flat(excerpt).slice(0, 200));
    expect(html).toContain('Gespräche');
    expect(html).not.toMatch(/Ã|&auml;|\ufffd/);
    const text = flat(mail.text ?? '');
    expect(text).toContain(SAMPLE_TITLE);
    expect(text).toContain(flat(excerpt).slice(0, 200));
    expect(text).not.toMatch(/sd_posts|Kommentar verfassen/);
  });

  it('unsubscribes with one click from the mail header, counts it, and the next issue skips the reader', async () => {
    const mail = await parsedMailTo('leser@example.de', 1);
    const httpsUrl = listUnsubscribeUrl(mail.headerLines);
    expect(httpsUrl.startsWith('https://postbote.test/unsubscribe?token=')).toBe(true);
    expect(headerLine(mail.headerLines, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const oneClick = await oneClickUnsubscribe(app, httpsUrl);
    expect(oneClick.status).toBe(200);
    const reader = await subscribersRepo().findByEmailKey('leser@example.de');
    expect(reader?.status).toBe('unsubscribed');
    expect(await subscribersRepo().isSuppressed(reader?.suppressionHash ?? '')).toBe(true);
    expect((await getIssue(app, firstIssueId)).stats).toMatchObject({ unsubscribedSince: 1, bounced: 0 });

    const bounce = await app.request('/hooks/bounces/generic', { method: 'POST', json: { type: 'bounce', kind: 'hard', email: 'Zweite@example.de', reason: '550 5.1.1' }, headers: { 'x-webhook-secret': BOUNCE_SECRET } });
    expect(bounce.status).toBe(200);
    // The bounced reader is suppressed too, so she also counts as gone since the issue.
    expect((await getIssue(app, firstIssueId)).stats).toMatchObject({ sent: 3, bounced: 1, unsubscribedSince: 2 });

    const newUrl = 'https://blog.example.de/2026/11/neu/';
    feedBody = fixtureFeedWith({ title: 'Huawei zeigt neues Falt-Smartphone', link: newUrl, guid: newUrl, pubDate: new Date().toUTCString(), categories: ['Huawei'] });
    expect(await json(await app.request(`/api/sources/${sourceId}/sync`, { method: 'POST', token: ADMIN }), 200)).toMatchObject({ created: 1 });
    const secondIssueId = await sendIssue();
    expect((await getIssue(app, secondIssueId)).stats).toMatchObject({ recipients: 1, sent: 1 });
    const second = await parsedMailTo('dritte@example.de', 1);
    expect(second.subject).toBe('Huawei-News: Huawei zeigt neues Falt-Smartphone');
    expect(mailsTo('leser@example.de')).toHaveLength(2); // the confirmation and the first issue
    expect(mailsTo('zweite@example.de')).toHaveLength(1);
  });

  it('shows a subscriber their deliveries, and erasure leaves only anonymous counts in the ledger', async () => {
    const id = await subscriberId('dritte@example.de');
    const detail = await json<{ deliveryHistory: Record<string, unknown>[] }>(await app.request(`/api/subscribers/${id}`, { token: ADMIN }), 200);
    expect(detail.deliveryHistory).toHaveLength(2);
    expect(detail.deliveryHistory[1]).toMatchObject({ issueId: firstIssueId, newsletterSlug: 'huawei', subject: `Huawei-News: ${SAMPLE_TITLE} und 1 weiterer`, status: 'sent', reason: null, attempts: 1 });
    expect(typeof detail.deliveryHistory[1]?.sentAt).toBe('string');
    expect(String(detail.deliveryHistory[1]?.lastResponse)).toMatch(/^250/);
    expect(detail.deliveryHistory[0]).toMatchObject({ subject: 'Huawei-News: Huawei zeigt neues Falt-Smartphone', status: 'sent' });
    const exported = await json<{ deliveryHistory: unknown[] }>(await app.request(`/api/subscribers/${id}/export`, { token: ADMIN }), 200);
    expect(exported.deliveryHistory).toEqual(detail.deliveryHistory);

    // A soft bounce (below the limit: not suppressed) leaves the address in bounce_events.
    const soft = await app.request('/hooks/bounces/generic', { method: 'POST', json: { type: 'bounce', kind: 'soft', email: 'dritte@example.de' }, headers: { 'x-webhook-secret': BOUNCE_SECRET } });
    expect(soft.status).toBe(200);
    const before = (await getIssue(app, firstIssueId)).stats;
    const db = app.app.get<symbol, Db>(DB);
    const ledger = async () =>
      JSON.stringify((await db.execute(sql`SELECT (SELECT json_agg(d) FROM deliveries d)::text AS d, (SELECT json_agg(b) FROM bounce_events b)::text AS b`)).rows);
    expect(await ledger()).toContain('dritte@example.de');

    expect((await app.request(`/api/subscribers/${id}`, { method: 'DELETE', token: ADMIN })).status).toBe(204);
    const after = await ledger();
    for (const trace of ['dritte@example.de', 'Dora', id]) expect(after).not.toContain(trace);
    expect(after).toContain('zweite@example.de'); // other readers' rows are untouched
    const counts = await db.execute<{ state: string; n: number }>(sql`SELECT state, count(*)::int AS n FROM deliveries WHERE subscriber_id IS NULL GROUP BY state`);
    expect(counts.rows).toEqual([{ state: 'sent', n: 2 }]);
    // The issue's numbers stay: still sent to 3; the erased reader now counts as gone.
    expect((await getIssue(app, firstIssueId)).stats).toMatchObject({ recipients: 3, sent: 3, unsubscribedSince: before.unsubscribedSince + 1 });
    expect((await app.request(`/api/subscribers/${id}`, { method: 'DELETE', token: ADMIN })).status).toBe(404);
  });
});
