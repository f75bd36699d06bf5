import { catalogArticle, fixtureCatalogArticles } from '../factories/catalog-article.factory.js';
import { buildIssue, createNewsletter, getIssue, waitFor, waitForStatus } from './delivery/delivery-harness.js';
import { launchChromium, seriousAxeViolations } from '../support/browser.js';
import type { ConsoleClient } from '../support/console-client.js';
import { loggedInStaff } from '../support/console-staff.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../support/in-memory-ports.js';
import { startScriptedSink, type ScriptedSink } from '../support/scripted-smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const directory = new InMemorySubscriberDirectory();
const catalog = new InMemoryArticleCatalog();

describe('console: Ausgaben (issue cockpit)', () => {
  let database: TestDatabase;
  let sink: ScriptedSink;
  let app: TestApp;
  let editor: ConsoleClient;
  let issueId: string;
  let newsletterId: string;

  beforeAll(async () => {
    sink = await startScriptedSink({
      rcpt: (address, attempt) => {
        if (address === 'unknown@ex.net') return '550 5.1.1 <unknown@ex.net>: Recipient address rejected: User unknown';
        // Temporary until the attempts are used up (4), then accepted: what "retry failed" is for.
        if (address === 'later@ex.net' && attempt <= 4) return '451 4.3.0 Temporary lookup failure';
        return undefined;
      },
    });
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database, { http: { publicUrl: 'https://postbote.test' }, mail: { smtpUrl: sink.url, unsubscribeMailto: 'unsubscribe@news.example.de' } }), {
      ports: testPorts(directory, catalog),
    });
    catalog.add(...fixtureCatalogArticles());
    directory.add('s1', 'anna@ex.net', ['huawei'], 'Anna');
    directory.add('s2', 'unknown@ex.net', ['huawei']);
    directory.add('s3', 'later@ex.net', ['huawei']);
    editor = await loggedInStaff(app, { email: 'eddie@redaktion.test', password: 'Redaktionsschluss 18 Uhr', role: 'editor' });
    newsletterId = await createNewsletter(app, 'huawei');
    issueId = await buildIssue(app, newsletterId);
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await database?.drop();
  });

  it('lists each newsletter\'s issues and opens a draft with its actions', async () => {
    const list = await editor.get('/admin/issues');
    expect(list.status).toBe(200);
    expect(list.html).toContain('Huawei-News');
    expect(list.html).toContain(`href="/admin/issues/${issueId}"`);
    const cockpit = await editor.get(`/admin/issues/${issueId}`);
    expect(cockpit.status).toBe(200);
    expect(cockpit.html).toContain('Fortschritt: Entwurf');
    expect(cockpit.html).toContain('von Hand erstellt');
    expect(cockpit.html).toContain(`action="/admin/issues/${issueId}/send"`);
    expect(cockpit.html).not.toContain('hx-trigger="every 2s"');
    expect(cockpit.html).toContain('sandbox=""');
  });

  it('serves the preview for a sandboxed frame only', async () => {
    const preview = await editor.get(`/admin/issues/${issueId}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.response.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/u);
    expect(preview.html).toContain('Beispiel Verlag GmbH');
  });

  it('refuses a send without the CSRF token', async () => {
    const refused = await editor.post(`/admin/issues/${issueId}/send`, { _csrf: 'forged' });
    expect(refused.status).toBe(403);
    expect((await getIssue(app, issueId)).status).toBe('draft');
  });

  it('sends, then shows every failure with the mail server\'s answer in words', async () => {
    const sent = await editor.post(`/admin/issues/${issueId}/send`);
    expect(sent.location).toBe(`/admin/issues/${issueId}?notice=sending`);
    await waitForStatus(app, issueId, 'sent');
    const cockpit = await editor.get(`/admin/issues/${issueId}`);
    expect(cockpit.html).toContain('Fortschritt: gesendet');
    expect(cockpit.html).toMatch(/<dd id="count-sent" class="state-ok">1<\/dd>/u);
    expect(cockpit.html).toContain('unknown@ex.net');
    expect(cockpit.html).toContain('abgewiesen: Postfach existiert nicht – Adresse gesperrt');
    expect(cockpit.html).toContain('550 5.1.1 &lt;unknown@ex.net&gt;: Recipient address rejected: User unknown');
    expect(cockpit.html).toContain('fehlgeschlagen: vorübergehender Fehler, Versuche aufgebraucht');
    expect(cockpit.html).toContain('Fehlgeschlagene erneut versuchen (1)');
    // The finished progress fragment no longer asks to be polled.
    const fragment = await editor.get(`/admin/issues/${issueId}/progress`, { 'hx-request': 'true' });
    expect(fragment.html).toMatch(/^<section class="card" id="issue-progress"/u);
    expect(fragment.html).not.toContain('hx-trigger');
    expect(fragment.html).toContain('3 von 3 erledigt');
  });

  it('refuses to send twice, in words on the cockpit', async () => {
    const again = await editor.post(`/admin/issues/${issueId}/send`);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Die Ausgabe konnte nicht gesendet werden: issue is sent; only a draft can be sent');
  });

  it('retries the failed deliveries only', async () => {
    const retried = await editor.post(`/admin/issues/${issueId}/retry-failed`);
    expect(retried.location).toBe(`/admin/issues/${issueId}?notice=retried&count=1`);
    expect((await editor.get(retried.location ?? '')).html).toContain('1 fehlgeschlagene Nachrichten stehen wieder in der Warteschlange.');
    const done = await waitFor(() => getIssue(app, issueId), (i) => i.status === 'sent' && i.stats.failed === 0, 'the retry to finish');
    expect(done.stats).toMatchObject({ sent: 2, rejected: 1, failed: 0 });
    expect(sink.countFor('later@ex.net')).toBe(1);
    expect(sink.countFor('anna@ex.net')).toBe(1);
  });

  it('confirms a cancel with the number still queued, then cancels a draft', async () => {
    catalog.add(catalogArticle('neu-1', { publishedAt: new Date(Date.now() + 60_000) }));
    const draft = await buildIssue(app, newsletterId);
    const confirm = await editor.get(`/admin/issues/${draft}/cancel`);
    expect(confirm.html).toContain('0 Nachrichten sind noch nicht verschickt');
    const cancelled = await editor.post(`/admin/issues/${draft}/cancel`);
    expect(cancelled.location).toBe(`/admin/issues/${draft}?notice=cancelled&count=0`);
    expect((await getIssue(app, draft)).status).toBe('cancelled');
    expect((await editor.get(`/admin/issues/${draft}`)).html).not.toContain(`action="/admin/issues/${draft}/send"`);
  });

  it('passes axe on the list, and the cockpit (with failures and preview frames) in a real browser', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ locale: 'de-DE' });
      await page.goto(`${app.baseUrl}/admin/login`);
      await page.fill('#email', 'eddie@redaktion.test');
      await page.fill('#password', 'Redaktionsschluss 18 Uhr');
      await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('main button[type="submit"]')]);
      await page.goto(`${app.baseUrl}/admin/issues`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([page.waitForURL(/\/admin\/issues\/[0-9a-f-]+$/u), page.locator('tbody a').last().click()]);
      expect(await page.textContent('.failures')).toContain('Postfach existiert nicht');
      // The preview frames load the issue, sandboxed, at desktop and phone width.
      const mobile = page.frameLocator('iframe.preview-mobile');
      expect(await mobile.locator('body').textContent()).toContain('Beispiel Verlag GmbH');
      expect(await page.locator('iframe.preview-mobile').evaluate((el) => (el as unknown as { clientWidth: number }).clientWidth)).toBe(375);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
