import { simpleParser } from 'mailparser';
import { createNewsletterViaApi } from '../factories/newsletter.factory.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { useTestApp } from '../support/use-test-app.js';
import { waitFor } from '../support/wait-for.js';

const BOUNCE_SECRET = 'generic-bounce-secret-0123456789';

/** Reader tokens and credentials never reach a log line, whichever way they came in. */
describe('secrets in logs', () => {
  let sink: SmtpSink;
  // Before useTestApp's own hooks: the app's config needs the sink's address.
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());
  const harness = useTestApp(() => ({ mail: { smtpUrl: sink.url, from: 'Testblatt <news@postbote.test>', maxConnections: 1, maxMessages: 10 }, bounces: { secrets: { generic: BOUNCE_SECRET }, softLimit: 3, softWindowDays: 30 } }));
  const app = () => harness.app;

  const hrefs = (html: string): string[] => [...html.matchAll(/(?:href|action)="([^"]+)"/g)].map((m) => m[1].replaceAll('&#x3D;', '=').replaceAll('&amp;', '&'));
  const tokenOf = (url: string): string => new URL(url, 'http://x').searchParams.get('token') ?? '';
  const local = (url: string) => {
    const parsed = new URL(url, 'http://x');
    return `${parsed.pathname}${parsed.search}`;
  };

  it('the whole subscribe → confirm → preferences → unsubscribe path logs no token', async () => {
    await createNewsletterViaApi(app(), 'morgen');
    const form = new URLSearchParams({ email: 'lea@example.de', name: 'Lea', newsletters: 'morgen', consent: 'yes', consent_version: 'consent-2025-01-v1', website: '' });
    expect((await app().request('/subscribe', { method: 'POST', body: form })).status).toBe(200);
    const raw = await waitFor(() => sink.received.find((m) => m.to.includes('lea@example.de'))?.raw, 'the confirmation mail');
    const confirmUrl = /https?:\/\/\S*\/confirm\?token=[\w.-]+/.exec((await simpleParser(raw)).text ?? '')?.[0] ?? '';
    const tokens = [tokenOf(confirmUrl)];

    const confirmed = await app().request(local(confirmUrl));
    expect(confirmed.status).toBe(200);
    const preferencesUrl = hrefs(await confirmed.text()).find((h) => h.includes('/preferences?token=')) ?? '';
    tokens.push(tokenOf(preferencesUrl));

    const preferences = await app().request(local(preferencesUrl));
    expect(preferences.status).toBe(200);
    const unsubscribeUrl = hrefs(await preferences.text()).find((h) => h.includes('/unsubscribe?token=')) ?? '';
    tokens.push(tokenOf(unsubscribeUrl));
    const saved = await app().request(local(preferencesUrl), { method: 'POST', body: new URLSearchParams({ name: 'Lea L', newsletters: 'morgen' }) });
    expect(saved.status).toBe(200);
    expect((await app().request(local(unsubscribeUrl))).status).toBe(200);
    expect((await app().request(local(unsubscribeUrl), { method: 'POST' })).status).toBe(200);

    expect(tokens.every((t) => t.length > 20)).toBe(true);
    const logs = app().logs.join('');
    expect(logs).toContain('/confirm?token=%5Bredacted%5D');
    expect(logs).toContain('/unsubscribe?token=%5Bredacted%5D');
    for (const token of tokens) expect(logs).not.toContain(token);
  });

  it('bounce webhook secrets and credentials clients send in headers or the query are redacted', async () => {
    const queryToken = 'query-access-token-abcdef0123456789';
    const apiKey = 'x-api-key-value-abcdef0123456789';
    const response = await app().request(`/hooks/bounces/generic?access_token=${queryToken}&api_key=${queryToken}&source=mta`, {
      method: 'POST',
      json: { type: 'complaint', email: 'lea@example.de' },
      headers: { 'x-webhook-secret': BOUNCE_SECRET, 'x-api-key': apiKey, 'proxy-authorization': `Basic ${apiKey}` },
    });
    expect(response.status).toBe(200);
    const lines = app().logs.filter((l) => l.includes('/hooks/bounces/generic'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).toContain('source=mta');
    for (const secret of [BOUNCE_SECRET, queryToken, apiKey]) expect(app().logs.join('')).not.toContain(secret);
  });
});
