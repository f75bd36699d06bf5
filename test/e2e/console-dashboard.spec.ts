import type { Database } from '#src/db/database.js';
import { DATABASE } from '#src/db/db.module.js';
import { ConsoleClient, createStaffUser } from '../support/console-client.js';
import { useTestApp } from '../support/use-test-app.js';
import { ADMIN, createNewsletter, json } from './delivery/delivery-harness.js';

const EDITOR = { email: 'eddie@redaktion.test', name: 'Eddie Editor', role: 'editor' as const, password: 'Redaktionsschluss 18 Uhr' };

describe('the Heute dashboard', () => {
  const ctx = useTestApp();
  let client: ConsoleClient;
  const sql = (text: string, values: unknown[] = []) => ctx.app.app.get<symbol, Database>(DATABASE).executeSql(text, values);

  beforeAll(async () => {
    await createStaffUser(ctx.app, EDITOR);
    client = new ConsoleClient(ctx.app);
    await client.login(EDITOR.email, EDITOR.password);
  });

  async function dashboard(): Promise<string> {
    const page = await client.get('/admin');
    expect(page.status).toBe(200);
    return page.html;
  }

  it('says plainly when there is nothing to show', async () => {
    const html = await dashboard();
    expect(html).toContain('Gerade wird nichts versendet.');
    expect(html).toContain('Keine Entwürfe warten auf Freigabe.');
    expect(html).toContain('Kein Newsletter hat einen geplanten Termin.');
    expect(html).toContain('Quellen: noch keine eingerichtet.');
    // No SMTP_URL in the test config: the frame's banner and the health card both say so.
    expect(html).toContain('class="banner banner-outbox"');
    expect(html).toContain('E-Mail: kein SMTP-Server eingerichtet');
  });

  it('lists the next slot per newsletter in the user’s time zone', async () => {
    const newsletterId = await createNewsletter(ctx.app, 'morgen', { name: 'Morgenpost' });
    await json(await ctx.app.request(`/api/newsletters/${newsletterId}/schedules`, { method: 'POST', token: ADMIN, json: { kind: 'cron', expression: '30 6 * * *', timeZone: 'Europe/Berlin' } }), 201);
    const html = await dashboard();
    expect(html).toMatch(/<td>Morgenpost<\/td><td><time datetime="[^"]+">[^<]*06:30<\/time><\/td>/u);
  });

  it('shows drafts awaiting approval with their deadline', async () => {
    const newsletterId = await createNewsletter(ctx.app, 'abend', { name: 'Abendpost' });
    // A draft as the scheduler leaves it (this app has no articles to build one from).
    const issue = await sql(
      `INSERT INTO issues (id, newsletter_id, subject, html, text, locale, status, article_count)
       VALUES (gen_random_uuid(), $1, 'Abendpost vom 2. Januar', '<p>x</p>', 'x', 'de', 'draft', 3) RETURNING id`,
      [newsletterId],
    );
    const issueId = String(issue.rows[0]?.id);
    await sql(
      `INSERT INTO schedule_slots (newsletter_id, slot_key, slot_at, status, issue_id, article_count, expires_at)
       VALUES ($1, 'manual:1', '2030-01-02T17:00:00Z', 'awaiting-approval', $2, 3, '2030-01-02T19:30:00Z')`,
      [newsletterId, issueId],
    );
    const html = await dashboard();
    const row = /<section class="card" aria-labelledby="approval-heading">[\s\S]*?<\/section>/u.exec(html)?.[0] ?? '';
    expect(row).toContain('Abendpost: Abendpost vom 2. Januar');
    expect(row).toContain('3 Artikel');
    expect(row).toContain('02.01.2030, 20:30');
  });

  it('names failing sources with their reason', async () => {
    await json(await ctx.app.request('/api/sources', { method: 'POST', token: ADMIN, json: { name: 'Technik-Blog', kind: 'rss', url: 'https://blog.example.de/feed' } }), 201);
    await sql(`UPDATE sources SET consecutive_failures = 4, last_error = 'HTTP 503 Service Unavailable' WHERE name = 'Technik-Blog'`);
    expect(await dashboard()).toContain('Quelle „Technik-Blog“: 4 Abrufe in Folge fehlgeschlagen – HTTP 503 Service Unavailable');
  });

  it('charts confirmations and unsubscribes per day from counters the database keeps', async () => {
    const insert = (email: string, confirmedAt: string | null, status: string) =>
      sql(
        `INSERT INTO subscribers (email, email_key, suppression_hash, status, source, confirmed_at, status_changed_at)
         VALUES ($1, $1, md5($1), $2, 'form', $3, coalesce($3, now()))`,
        [email, status, confirmedAt],
      );
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await insert('a@ex.net', yesterday, 'active');
    await insert('b@ex.net', yesterday, 'active');
    await insert('c@ex.net', null, 'pending');
    // Confirming and unsubscribing later count on the day they happen; other updates count nothing.
    await sql(`UPDATE subscribers SET status = 'active', confirmed_at = now() WHERE email = 'c@ex.net'`);
    await sql(`UPDATE subscribers SET status = 'unsubscribed', status_changed_at = now() WHERE email = 'a@ex.net'`);
    await sql(`UPDATE subscribers SET name = 'Anna' WHERE email = 'a@ex.net'`);
    const counts = await sql(`SELECT sum(confirmed)::int AS confirmed, sum(unsubscribed)::int AS unsubscribed FROM subscriber_daily_counts`);
    expect(counts.rows[0]).toEqual({ confirmed: 3, unsubscribed: 1 });

    const html = await dashboard();
    expect(html).toContain('Bestätigte Anmeldungen: 3</li>');
    expect(html).toContain('Abmeldungen: 1</li>');
    expect(html).toMatch(/<polyline class="line-a" points="(\d+(\.\d)?,\d+(\.\d)? ){89}\d+(\.\d)?,\d+(\.\d)?"><\/polyline>/u);
    expect(/<dt>Abmeldungen<\/dt><dd>(\d+)<\/dd>/u.exec(html)?.[1]).toBe('1');
  });

  it('serves the progress fragment alone, and sends an expired session to the login page', async () => {
    const fragment = await client.get('/admin/today/sending', { 'hx-request': 'true' });
    expect(fragment.status).toBe(200);
    expect(fragment.html.startsWith('<div id="sending-progress"')).toBe(true);
    expect(fragment.html).not.toContain('<html');
    const stranger = await new ConsoleClient(ctx.app).get('/admin/today/sending', { 'hx-request': 'true' });
    expect(stranger.status).toBe(401);
    expect(stranger.response.headers.get('hx-redirect')).toBe('/admin/login');
  });
});
