import { signWebhook } from '#src/sources/webhook-signature.js';
import { rssFeed, rssItem } from '../factories/feed.factory.js';
import { createMorningAndEvening, createNewsletterViaApi, newsletterBody } from '../factories/newsletter.factory.js';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';
import { useTestApp } from '../support/use-test-app.js';

const token = TEST_BOOTSTRAP_TOKEN;
const NUL = '\u0000';
const REASON = 'must not contain the NUL character (U+0000)';

interface Article {
  title: string;
  url: string;
  excerpt: string;
  tags: { name: string; slug: string }[];
}

/** PostgreSQL refuses U+0000 in text: people get a 400 naming the field, remote sources are cleaned. */
describe('NUL characters (U+0000) in input', () => {
  const server = new LocalHttpServer();
  const harness = useTestApp();
  const app = () => harness.app;

  const messageOf = async (response: Response): Promise<string> => JSON.stringify(((await response.json()) as { message: unknown }).message);
  const expectRefused = async (response: Response, field: string) => {
    expect(response.status).toBe(400);
    expect(await messageOf(response)).toContain(`${field}: ${REASON}`);
  };
  const articlesByUrl = async (url: string): Promise<Article[]> =>
    ((await (await app().request('/api/articles?limit=100', { token })).json()) as { items: Article[] }).items.filter((a) => a.url === url);
  const createSource = async (body: Record<string, unknown>) => {
    const response = await app().request('/api/sources', { method: 'POST', token, json: { enabled: false, ...body } });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; webhookSecret: string };
  };

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  describe('signed webhooks', () => {
    let source: { id: string; webhookSecret: string };
    const send = (body: unknown, secret = source.webhookSecret) => {
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      return app().request(`/hooks/sources/${source.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-postbote-timestamp': String(ts), 'x-postbote-signature': signWebhook(secret, ts, raw) },
        body: raw,
      });
    };
    const minimal = (overrides: Record<string, unknown>) => ({ url: 'https://blog.example.de/nul/', title: 'Titel', tags: ['Huawei'], publishedAt: new Date().toISOString(), ...overrides });

    beforeAll(async () => {
      source = await createSource({ name: 'Push', kind: 'webhook', url: server.url('/wp') });
    });

    it('answers 400 naming the field of the article payload, records the failure, stores nothing', async () => {
      await expectRefused(await send(minimal({ title: `Mit ${NUL} Null` })), 'title');
      await expectRefused(await send(minimal({ excerpt: `Text${NUL}` })), 'excerpt');
      await expectRefused(await send(minimal({ tags: ['Huawei', `T${NUL}g`] })), 'tags.1');
      const wordpressShaped = { id: 9, link: 'https://blog.example.de/nul/', date_gmt: '2026-11-24T08:00:00', title: { rendered: 'Titel' }, excerpt: { rendered: `a${NUL}b` } };
      await expectRefused(await send(wordpressShaped), 'excerpt.rendered');
      expect(await articlesByUrl('https://blog.example.de/nul/')).toEqual([]);
      const { health } = (await (await app().request(`/api/sources/${source.id}`, { token })).json()) as { health: { lastError: string } };
      expect(health.lastError).toBe(`bad data: excerpt.rendered: ${REASON}`);
      expect(app().logs.some((l) => l.includes('webhook failed') && l.includes(source.id) && l.includes('excerpt.rendered'))).toBe(true);
    });

    it('checks the signature before the body', async () => {
      expect((await send(minimal({ title: NUL }), 'f'.repeat(64))).status).toBe(401);
    });

    it('removes NUL from a post fetched from the site after "post changed", with a log line naming the source', async () => {
      const post = {
        id: 5,
        link: 'https://blog.example.de/geaendert/',
        date_gmt: '2026-11-24T08:00:00',
        title: { rendered: `Ge${NUL}ändert` },
        excerpt: { rendered: `<p>Kurz${NUL}text</p>` },
      };
      server.serve('/wp/wp-json/wp/v2/posts/5', JSON.stringify(post), { 'content-type': 'application/json' });
      const response = await send({ action: 'changed', postId: 5 });
      expect(response.status).toBe(200);
      const [stored] = await articlesByUrl('https://blog.example.de/geaendert/');
      expect(stored).toMatchObject({ title: 'Geändert', excerpt: 'Kurztext' });
      expect(app().logs.some((l) => l.includes('source items repaired or skipped') && l.includes('"source":"Push"') && l.includes('title, excerpt'))).toBe(true);
    });
  });

  it('a polled feed with NUL in one item stores every item, cleaned, and logs the repair with the source', async () => {
    const items = [
      rssItem({ title: `Null${NUL}stelle`, link: 'https://news.example/nul-1', guid: 'n1', pubDate: 'Tue, 24 Nov 2026 08:00:00 +0000', categories: [`Hua${NUL}wei`], description: `Ein${NUL} Text.` }),
      rssItem({ title: 'Sauber', link: 'https://news.example/nul-2', guid: 'n2', pubDate: 'Tue, 24 Nov 2026 08:00:00 +0000' }),
    ];
    server.serve('/nul-feed', rssFeed(items), { 'content-type': 'application/rss+xml' });
    const { id } = await createSource({ name: 'Feed mit Null', kind: 'rss', url: server.url('/nul-feed') });
    const sync = (await (await app().request(`/api/sources/${id}/sync`, { method: 'POST', token })).json()) as { status: string; created: number; warnings: string[] };
    expect(sync).toMatchObject({ status: 'ok', created: 2 });
    expect(sync.warnings).toEqual(['article n1: removed NUL characters (U+0000) from title, excerpt, tags.0.name']);
    const [cleaned] = await articlesByUrl('https://news.example/nul-1');
    expect(cleaned).toMatchObject({ title: 'Nullstelle', excerpt: 'Ein Text.', tags: [{ name: 'Huawei', slug: 'huawei' }] });
    expect(await articlesByUrl('https://news.example/nul-2')).toHaveLength(1);
    expect(app().logs.some((l) => l.includes('source items repaired or skipped') && l.includes(id) && l.includes('"source":"Feed mit Null"'))).toBe(true);
  });

  describe('the JSON API', () => {
    let subscriberId: string;
    let newsletterId: string;

    beforeAll(async () => {
      await createMorningAndEvening(app());
      newsletterId = await createNewsletterViaApi(app(), 'nul-test');
      await app().request('/subscribe', { method: 'POST', json: { email: 'nul@example.org', newsletters: ['morgen'], consent: true } });
      const search = (await (await app().request('/api/subscribers?q=nul@example.org', { token })).json()) as { items: { id: string }[] };
      subscriberId = search.items[0].id;
    });

    it('subscribers: 400 naming the field, nothing changed', async () => {
      await expectRefused(await app().request(`/api/subscribers/${subscriberId}`, { method: 'PATCH', token, json: { name: `Erika${NUL}` } }), 'name');
      await expectRefused(await app().request(`/api/subscribers/${subscriberId}`, { method: 'PATCH', token, json: { newsletters: [`mor${NUL}gen`] } }), 'newsletters.0');
      await expectRefused(await app().request(`/api/subscribers/${subscriberId}/status`, { method: 'POST', token, json: { status: 'unsubscribed', note: NUL } }), 'note');
      await expectRefused(await app().request(`/api/subscribers?q=${encodeURIComponent(`a${NUL}`)}`, { token }), 'q');
      const detail = (await (await app().request(`/api/subscribers/${subscriberId}`, { token })).json()) as { subscriber: { name: string | null; status: string } };
      expect(detail.subscriber).toMatchObject({ name: null, status: 'pending' });
    });

    it('newsletters: 400 naming the field, also nested', async () => {
      await expectRefused(await app().request('/api/newsletters', { method: 'POST', token, json: newsletterBody('nul-neu', { name: `N${NUL}` }) }), 'name');
      const footer = { imprint: `Impressum${NUL}`, responsibleEditor: 'Erika Test' };
      await expectRefused(await app().request(`/api/newsletters/${newsletterId}`, { method: 'PATCH', token, json: { footer } }), 'footer.imprint');
      await expectRefused(await app().request(`/api/newsletters/${newsletterId}`, { method: 'PATCH', token, json: { description: `x${NUL}` } }), 'description');
    });

    it('schedules: 400 naming the field', async () => {
      const path = `/api/newsletters/${newsletterId}/schedules`;
      await expectRefused(await app().request(path, { method: 'POST', token, json: { kind: 'cron', expression: '0 7 * * *', timeZone: `Europe/Berlin${NUL}` } }), 'timeZone');
      await expectRefused(await app().request(path, { method: 'POST', token, json: { kind: 'cron', expression: `0 7 * * *${NUL}` } }), 'expression');
    });

    it('sources: 400 naming the field, a header name included', async () => {
      await expectRefused(await app().request('/api/sources', { method: 'POST', token, json: { name: `Q${NUL}`, kind: 'rss', url: server.url('/x') } }), 'name');
      const headers = { [`x-key${NUL}`]: 'v' };
      await expectRefused(await app().request('/api/sources', { method: 'POST', token, json: { name: 'Q', kind: 'rss', url: server.url('/x'), headers } }), 'headers.x-key\\\\u0000');
    });
  });
});
