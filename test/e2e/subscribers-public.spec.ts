import { simpleParser } from 'mailparser';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { SubscribersRepository } from '#src/subscribers/subscribers.repository.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { useTestApp } from '../support/use-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { createMorningAndEvening, createNewsletterViaApi } from '../factories/newsletter.factory.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) Testbrowser/1.0';

describe('subscriber pages over HTTP with real SMTP', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let app: TestApp;
  let repository: SubscribersRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    app = await startTestApp(testConfig(database, { mail: { smtpUrl: sink.url } }));
    repository = app.app.get(SubscribersRepository, { strict: false });
    await createMorningAndEvening(app);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
    await database.drop();
  });

  const postForm = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
    return app.request(path, { method: 'POST', body, headers: { 'user-agent': UA, ...headers } });
  };
  const mailTo = async (address: string) => {
    const raw = await waitFor(() => sink.received.find((m) => m.to.includes(address))?.raw, `a mail to ${address}`);
    return simpleParser(raw);
  };
  /** Links in mails point at PUBLIC_URL; the test server listens elsewhere. */
  const local = (url: string) => {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  };

  it('runs double opt-in end to end: form, mail over SMTP, link, active, one-click unsubscribe', async () => {
    const form = await app.request('/subscribe');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Morgenpost');

    const answer = await postForm('/subscribe', { email: 'leser@example.de', name: 'Lea Leser', newsletters: ['morgen'], consent: 'yes', consent_version: 'consent-2025-01-v1', website: '' });
    expect(answer.status).toBe(200);
    const checkInbox = await answer.text();
    expect(checkInbox).toContain('Bitte prüfen Sie Ihr Postfach');

    const mail = await mailTo('leser@example.de');
    expect(mail.text).toContain('Lea');
    const confirmUrl = /https?:\/\/\S*\/confirm\?token=[\w.-]+/.exec(mail.text ?? '')?.[0];
    expect(confirmUrl).toBeDefined();
    const row = await repository.findByEmailKey('leser@example.de');
    expect(row?.status).toBe('pending');

    const confirmed = await app.request(local(confirmUrl ?? ''), { headers: { 'user-agent': 'Clicker/2.0' } });
    expect(confirmed.status).toBe(200);
    expect((await repository.findById(row?.id ?? ''))?.status).toBe('active');
    const directory = app.app.get(SubscriberDirectory);
    expect(await directory.filterDeliverable('morgen', [row?.id ?? ''])).toEqual(new Set([row?.id]));

    const history = await repository.consentHistory(row?.id ?? '');
    expect(history.map((e) => [e.kind, e.source, e.userAgent, e.wordingVersion, e.newsletters])).toEqual([
      ['subscribe', 'form', UA, 'consent-2025-01-v1', ['morgen']],
      ['confirm', 'link', 'Clicker/2.0', 'consent-2025-01-v1', ['morgen']],
    ]);
    expect(history.every((e) => typeof e.ip === 'string' && e.ip !== '')).toBe(true);

    // Single use: a second click changes nothing (no new consent event).
    expect((await app.request(local(confirmUrl ?? ''))).status).toBe(200);
    expect(await repository.consentHistory(row?.id ?? '')).toHaveLength(2);

    // Signing up again while active: the same page, no mail.
    const mailsBefore = sink.received.length;
    const again = await postForm('/subscribe', { email: 'leser@example.de', newsletters: 'morgen', consent: 'yes' });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(checkInbox);

    // GET never changes state, POST (RFC 8058 one-click) does at once.
    const { unsubscribeUrl } = directory.linksFor(row?.id ?? '');
    const page = await app.request(local(unsubscribeUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await repository.findById(row?.id ?? ''))?.status).toBe('active');
    const oneClick = await app.request(local(unsubscribeUrl), {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.status).toBe(200);
    expect((await repository.findById(row?.id ?? ''))?.status).toBe('unsubscribed');
    expect(await directory.filterDeliverable('morgen', [row?.id ?? ''])).toEqual(new Set());
    expect((await app.request(local(unsubscribeUrl), { method: 'POST' })).status).toBe(200);
    expect(sink.received.length).toBe(mailsBefore);
  });

  it('answers forged, altered and wrong-purpose tokens with a clear 400 page', async () => {
    const row = await repository.findByEmailKey('leser@example.de');
    const { preferencesUrl } = app.app.get(SubscriberDirectory).linksFor(row?.id ?? '');
    const token = new URL(preferencesUrl).searchParams.get('token') ?? '';
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const path of [`/confirm?token=${altered}`, `/preferences?token=${altered}`, `/unsubscribe?token=${token}`, '/confirm', '/preferences?token=s1.e30.x']) {
      const response = await app.request(path);
      expect([path, response.status]).toEqual([path, 400]);
      expect(await response.text()).toContain('Link ungültig oder abgelaufen');
    }
    const post = await app.request(`/unsubscribe?token=${altered}`, { method: 'POST' });
    expect(post.status).toBe(400);
  });

  it('ignores a filled honeypot with the usual answer and stores nothing', async () => {
    const response = await postForm('/subscribe', { email: 'bot@example.de', newsletters: 'morgen', consent: 'yes', website: 'http://spam.example' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Bitte prüfen Sie Ihr Postfach');
    expect(await repository.findByEmailKey('bot@example.de')).toBeUndefined();
  });

  it('names the field for bad input, in JSON and on the page, and escapes what was typed', async () => {
    const json = await app.request('/subscribe', { method: 'POST', json: { email: 'nobody@nodot', newsletters: ['morgen'], consent: true } });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { message: string[] }).message).toEqual(['email: E-Mail-Adresse ist ungültig (domain has no dot).']);
    const page = await postForm('/subscribe?lang=en', { email: '"><script>alert(1)</script>', name: '<b>Eve</b>', newsletters: 'unknown' });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<b>Eve</b>');
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(html).toContain('Please confirm your consent.');
    expect(html).toContain('Please choose at least one of the newsletters offered.');
    const ok = await app.request('/subscribe', { method: 'POST', json: { email: 'json@example.de', newsletters: ['abend'], consent: true } });
    expect(ok.status).toBe(202);
  });

  it('offers the enabled newsletters managed over the API and rejects an unknown slug naming the field', async () => {
    const id = await createNewsletterViaApi(app, 'wochenende', { name: 'Wochenendausgabe', description: 'Samstags: die Woche im Rückblick' });
    const form = await (await app.request('/subscribe')).text();
    expect(form).toContain('value="wochenende"');
    expect(form).toContain('Wochenendausgabe');
    expect(form).toContain('Samstags: die Woche im Rückblick');
    expect(form).toContain('Jeden Morgen um 7');
    const accepted = await app.request('/subscribe', { method: 'POST', json: { email: 'wochenende@example.de', newsletters: ['wochenende'], consent: true } });
    expect(accepted.status).toBe(202);

    const unknown = await app.request('/subscribe', { method: 'POST', json: { email: 'neugierig@example.de', newsletters: ['gibt-es-nicht'], consent: true } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string[] }).message).toEqual(['newsletters: Bitte wählen Sie mindestens einen der angebotenen Newsletter.']);
    expect(await repository.findByEmailKey('neugierig@example.de')).toBeUndefined();

    // Disabled: gone from the form and no longer accepted.
    const disabled = await app.request(`/api/newsletters/${id}`, { method: 'PATCH', token: TEST_BOOTSTRAP_TOKEN, json: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect(await (await app.request('/subscribe')).text()).not.toContain('value="wochenende"');
    const late = await app.request('/subscribe', { method: 'POST', json: { email: 'spaet@example.de', newsletters: ['wochenende'], consent: true } });
    expect(late.status).toBe(400);
  });

  it('escapes stored names on the preferences page and saves changes', async () => {
    const created = await repository.insert({
      email: 'prefs@example.de', emailKey: 'prefs@example.de', suppressionHash: 'x'.repeat(64), name: '<img src=x onerror=alert(1)>',
      status: 'active', locale: 'de', source: 'api', newsletters: ['morgen'],
    });
    const { preferencesUrl } = app.app.get(SubscriberDirectory).linksFor(created.id);
    const page = await (await app.request(local(preferencesUrl))).text();
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
    const saved = await postForm(local(preferencesUrl), { name: 'Pia', newsletters: ['abend', 'nonexistent'], paused: 'yes' });
    expect(saved.status).toBe(200);
    expect(await repository.newslettersOf(created.id)).toEqual(['abend']);
    expect(await repository.findById(created.id)).toMatchObject({ name: 'Pia', paused: true, status: 'active' });
  });

  it('applies the name rules of /subscribe on the preferences page: 400 with the reason, nothing saved', async () => {
    const created = await repository.insert({
      email: 'prefs-name@example.de', emailKey: 'prefs-name@example.de', suppressionHash: 'y'.repeat(64), name: 'Alt',
      status: 'active', locale: 'de', source: 'api', newsletters: ['morgen'],
    });
    const preferencesUrl = local(app.app.get(SubscriberDirectory).linksFor(created.id).preferencesUrl);
    for (const [name, reason] of [
      ['x'.repeat(201), 'Der Name darf höchstens 200 Zeichen lang sein.'],
      ['Klingel\u0007', 'Der Name darf keine Steuerzeichen wie Zeilenumbrüche enthalten.'],
      ['Zeile\neins', 'Der Name darf keine Steuerzeichen wie Zeilenumbrüche enthalten.'],
      ['C1\u0085', 'Der Name darf keine Steuerzeichen wie Zeilenumbrüche enthalten.'],
    ] as const) {
      const refused = await postForm(preferencesUrl, { name, newsletters: ['abend'], paused: 'yes' });
      expect({ name, status: refused.status }).toEqual({ name, status: 400 });
      const page = await refused.text();
      expect(page).toContain(reason);
      expect(page).not.toContain('Ihre Einstellungen wurden gespeichert.');
    }
    const english = await postForm(`${preferencesUrl}&lang=en`, { name: 'x'.repeat(201), newsletters: ['morgen'] });
    expect(await english.text()).toContain('The name may be at most 200 characters long.');
    expect(await repository.findById(created.id)).toMatchObject({ name: 'Alt', paused: false });
    expect(await repository.newslettersOf(created.id)).toEqual(['morgen']);
    expect((await repository.consentHistory(created.id)).filter((event) => event.kind === 'change')).toEqual([]);

    const longest = await postForm(preferencesUrl, { name: `  ${'ä'.repeat(200)}  `, newsletters: ['morgen'] });
    expect(longest.status).toBe(200);
    expect(await repository.findById(created.id)).toMatchObject({ name: 'ä'.repeat(200) });
  });

  it('limits attempts per address with 429 and Retry-After, and confirmation mails per day', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await postForm('/subscribe', { email: 'bombed@example.de', newsletters: 'morgen', consent: 'yes' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await last?.text()).toContain('Zu viele Anfragen');
    // Five accepted sign-ups, three mails a day: two were refused without telling the caller.
    expect(app.logs.filter((line) => line.includes('confirmation mail limit reached')).length).toBe(2);
  });

  it('refuses a body above the limit with 413', async () => {
    const response = await postForm('/subscribe', { email: 'big@example.de', name: 'x'.repeat(20_000) });
    expect(response.status).toBe(413);
  });
});

describe('POST /subscribe per client IP', () => {
  const PER_IP = 3;
  // Behind a proxy (TRUST_PROXY), so each request can name its client IP in X-Forwarded-For.
  const context = useTestApp((database) => {
    const base = testConfig(database);
    return { http: { trustProxy: true }, subscribers: { ...base.subscribers, limits: { ...base.subscribers.limits, perIpPerHour: PER_IP } } };
  });

  beforeAll(() => createMorningAndEvening(context.app));

  const subscribeFrom = (ip: string, email: string) =>
    context.app.request('/subscribe', { method: 'POST', json: { email, newsletters: ['morgen'], consent: true }, headers: { 'x-forwarded-for': ip } });

  it('answers 429 with Retry-After once one IP used up its attempts, whatever the addresses; other IPs go on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP; i++) statuses.push((await subscribeFrom('203.0.113.7', `leser${i}@example.de`)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);

    const limited = await subscribeFrom('203.0.113.7', 'noch-einer@example.de');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await limited.json()).toMatchObject({ statusCode: 429, retryAfterSeconds: expect.any(Number) });
    expect(context.app.logs.some((line) => line.includes('subscribe: rate limited') && line.includes('"limitedBy":"ip"'))).toBe(true);
    // The refused address was never stored.
    const search = await context.app.request('/api/subscribers?q=noch-einer', { token: TEST_BOOTSTRAP_TOKEN });
    expect(await search.json()).toMatchObject({ total: 0 });

    expect((await subscribeFrom('198.51.100.9', 'anderswo@example.de')).status).toBe(202);
  });
});
