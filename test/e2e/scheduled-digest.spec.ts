import { simpleParser } from 'mailparser';
import { SchedulerService } from '#src/schedules/scheduler.service.js';
import { signWebhook } from '#src/sources/webhook-signature.js';
import { ManualClock } from '../support/manual-clock.js';
import { settle } from '../support/schedules-harness.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ADMIN, createNewsletter, json, waitFor, waitForStatus } from './delivery/delivery-harness.js';

/**
 * The whole chain with the real issue gateway: a signed webhook delivers an article, a daily
 * 07:00 Europe/Berlin schedule fires (moved by the clock, not by sleeping), the issue waits for
 * approval, and after approval every subscriber receives the digest over real SMTP.
 */
describe('scheduled digest from webhook to inbox', () => {
  const clock = new ManualClock('2026-11-23T05:00:00Z');
  let database: TestDatabase;
  let smtp: SmtpSink;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpSink();
    app = await startTestApp(testConfig(database, { mail: { smtpUrl: smtp.url } }), { clock });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  async function pushArticle(title: string): Promise<void> {
    const source = await json<{ id: string; webhookSecret: string }>(
      await app.request('/api/sources', { method: 'POST', token: ADMIN, json: { name: 'Push', kind: 'webhook' } }),
      201,
    );
    const raw = JSON.stringify({
      url: 'https://blog.example.de/2026/11/huawei-mate-80/',
      title,
      tags: ['Huawei'],
      publishedAt: '2026-11-23T05:30:00Z',
      excerpt: 'Schon seit bald zwei Jahren …',
    });
    const ts = Math.floor(Date.now() / 1000);
    const response = await app.request(`/hooks/sources/${source.id}`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-postbote-timestamp': String(ts), 'x-postbote-signature': signWebhook(source.webhookSecret, ts, raw) },
    });
    expect(response.status).toBeLessThan(300);
  }

  async function importSubscribers(slug: string, emails: string[]): Promise<void> {
    const form = new FormData();
    form.append('mode', 'consent-documented');
    form.append('note', 'Abo-Formular 2025');
    form.append('file', new Blob([`email,newsletters\n${emails.map((e) => `${e},${slug}`).join('\n')}\n`], { type: 'text/csv' }), 'abo.csv');
    const report = await json<{ accepted: number }>(await app.request('/api/subscribers/import', { method: 'POST', body: form, token: ADMIN }), 200);
    expect(report).toMatchObject({ accepted: emails.length });
  }

  it('fires the slot, holds the draft for approval, then delivers the digest', async () => {
    await pushArticle('Huawei Mate 80: „Kirin“-Chip & HarmonyOS');
    const newsletterId = await createNewsletter(app, 'huawei', { approvalMode: 'approval', approvalDeadlineMinutes: 120 });
    await importSubscribers('huawei', ['leserin@example.org', 'leser@example.net']);
    const schedule = await app.request(`/api/newsletters/${newsletterId}/schedules`, {
      method: 'POST',
      token: ADMIN,
      json: { kind: 'cron', expression: '0 7 * * *', timeZone: 'Europe/Berlin' },
    });
    expect(schedule.status).toBe(201);

    const preview = await json<{ subject: string; text: string }>(await app.request(`/api/newsletters/${newsletterId}/preview`, { token: ADMIN }), 200);
    expect(preview.subject).toContain('Huawei Mate 80');
    expect(preview.text).toContain('Schon seit bald zwei Jahren');

    clock.set('2026-11-23T06:00:05Z'); // 07:00:05 in Berlin (CET)
    await app.app.get(SchedulerService).tick();
    await settle(app, newsletterId);
    const history = await json<{ issueId?: string; status: string }[]>(await app.request(`/api/newsletters/${newsletterId}/issues`, { token: ADMIN }), 200);
    const draft = history.find((entry) => entry.issueId);
    expect(draft?.status).toBe('draft');
    expect(smtp.received).toHaveLength(0);

    const approved = await app.request(`/api/issues/${draft!.issueId!}/approve`, { method: 'POST', token: ADMIN });
    expect(approved.status).toBe(202);
    const sent = await waitForStatus(app, draft!.issueId!, 'sent');
    expect(sent.stats).toMatchObject({ recipients: 2, sent: 2, failed: 0 });
    await waitFor(() => Promise.resolve(smtp.received.length), (n) => n === 2, "two digests");

    const mail = await simpleParser(smtp.received[0].raw);
    expect(mail.subject).toContain('Huawei Mate 80: „Kirin“-Chip & HarmonyOS');
    expect(mail.html).toContain('Huawei Mate 80: „Kirin“-Chip &amp; HarmonyOS');
    expect(mail.text).toContain('Schon seit bald zwei Jahren');
    // PUBLIC_URL is plain http here: a List-Unsubscribe link, but no one-click POST header.
    expect(mail.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    expect(mail.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(false);

    // The same slot never fires twice, and the article is not sent again in this newsletter.
    await app.app.get(SchedulerService).tick();
    await settle(app, newsletterId);
    expect(smtp.received).toHaveLength(2);
    const again = await app.request(`/api/newsletters/${newsletterId}/issues`, { method: 'POST', token: ADMIN });
    expect(again.status).toBe(422);
  });
});
