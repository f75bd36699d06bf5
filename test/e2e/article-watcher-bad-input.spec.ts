import type { ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import { rssFeed, rssItem } from '../factories/feed.factory.js';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const token = TEST_BOOTSTRAP_TOKEN;
const RSS = { 'content-type': 'application/rss+xml' };
const MAX_BYTES = 4 * 1024 * 1024;

interface Sync {
  status: string;
  found: number;
  created: number;
  warnings: string[];
  error?: string;
}
interface Article {
  title: string;
  url: string;
  imageUrl: string | null;
  publishedAt: string;
}

describe('article watcher: bad input from sources', () => {
  const server = new LocalHttpServer();
  let database: TestDatabase;
  let app: TestApp;
  let healthyId: string;
  const hanging: ServerResponse[] = [];

  const sync = async (id: string): Promise<Sync> => (await (await app.request(`/api/sources/${id}/sync`, { method: 'POST', token })).json()) as Sync;
  const createFor = async (path: string): Promise<string> => {
    const response = await app.request('/api/sources', { method: 'POST', token, json: { name: `feed ${path}`, kind: 'rss', url: server.url(path), enabled: false } });
    return ((await response.json()) as { id: string }).id;
  };
  const articleCount = async (): Promise<number> => ((await (await app.request('/api/articles?limit=100', { token })).json()) as { items: unknown[] }).items.length;

  beforeAll(async () => {
    await server.start();
    server.serve('/healthy', rssFeed([rssItem({ title: 'Gesund', link: 'https://news.example/gesund', guid: 'g1', pubDate: 'Tue, 24 Nov 2026 08:00:00 +0000' })]), RSS);
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database, { sources: { fetchTimeoutMs: 1500, maxBodyBytes: MAX_BYTES } }));
    healthyId = await createFor('/healthy');
    expect((await sync(healthyId)).status).toBe('ok');
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await app.close();
    await server.stop();
    await database.drop();
  });

  const failures: [string, (path: string) => void, RegExp][] = [
    ['malformed XML', (p) => server.serve(p, '<?xml version="1.0"?><rss><channel><item><title>x</title></channel></rss>', RSS), /malformed XML at line \d+/],
    ['an HTML page', (p) => server.serve(p, '<!DOCTYPE html><html><body>Wartung</body></html>', { 'content-type': 'text/html' }), /HTML page instead of a feed/],
    ['a 5xx answer', (p) => server.serve(p, 'oops', {}, 503), /HTTP 503/],
    ['a timeout', (p) => server.route(p, (_req, res) => void hanging.push(res)), /timeout after 1500 ms/],
    ['a redirect loop', (p) => server.serve(p, '', { location: p }, 302), /redirect loop|more than 5 redirects/],
    ['a body over the size cap', (p) => server.serve(p, Buffer.alloc(MAX_BYTES + 1024, 'a'), RSS), /larger than/],
  ];

  it.each(failures)('%s: the source records a clear reason and backs off, other sources are unaffected', async (_name, setUp, reason) => {
    const path = `/bad-${Math.random().toString(36).slice(2)}`;
    setUp(path);
    const before = await articleCount();
    const id = await createFor(path);
    const result = await sync(id);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(reason);
    const second = await sync(id);
    expect(second.status).toBe('failed');
    const { health } = (await (await app.request(`/api/sources/${id}`, { token })).json()) as {
      health: { lastError: string; consecutiveFailures: number; lastErrorAt: string; nextPollAt: null };
    };
    expect(health.lastError).toMatch(reason);
    expect(health.consecutiveFailures).toBe(2);
    expect(app.logs.some((l) => l.includes('source poll failed') && l.includes(id) && reason.test(l))).toBe(true);
    expect(await articleCount()).toBe(before);
    expect((await sync(healthyId)).status).toMatch(/ok|not-modified/);
  });

  it('stores an empty feed as nothing, successfully', async () => {
    server.serve('/empty', rssFeed([]), RSS);
    expect(await sync(await createFor('/empty'))).toMatchObject({ status: 'ok', found: 0, created: 0 });
  });

  it('repairs items without GUID or date, odd and future dates, duplicate GUIDs, script titles and relative links', async () => {
    const items = [
      rssItem({ title: 'Ohne GUID', link: '/ohne-guid', pubDate: '24.11.2026 08:30' }),
      rssItem({ title: 'Ohne Datum', link: 'https://news.example/ohne-datum', guid: 'd1' }),
      rssItem({ title: 'Zukunft', link: 'https://news.example/zukunft', guid: 'd2', pubDate: 'Fri, 01 Jan 2100 00:00:00 GMT' }),
      rssItem({ title: 'Doppelt A', link: 'https://news.example/doppelt-a', guid: 'dup', pubDate: 'Tue, 24 Nov 2026 06:00:00 MEZ' }),
      rssItem({ title: 'Doppelt B', link: 'https://news.example/doppelt-b', guid: 'dup' }),
      rssItem({ title: 'Böse &lt;script&gt;alert(1)&lt;/script&gt;Überschrift', link: 'relativ/pfad', guid: 'd3', description: '<img src="/bild.jpg"> Text' }),
    ];
    server.serve('/quirks/feed', rssFeed(items), RSS);
    const result = await sync(await createFor('/quirks/feed'));
    expect(result).toMatchObject({ status: 'ok', created: 5 });
    expect(result.warnings.length).toBeGreaterThan(0);
    const { items: stored } = (await (await app.request('/api/articles?limit=100', { token })).json()) as { items: Article[] };
    const byTitle = (t: string) => stored.find((a) => a.title.startsWith(t));
    expect(byTitle('Ohne GUID')?.url).toBe(server.url('/ohne-guid'));
    expect(byTitle('Ohne GUID')?.publishedAt).toBe('2026-11-24T08:30:00.000Z');
    expect(new Date(byTitle('Zukunft')!.publishedAt).getFullYear()).toBeLessThan(2100);
    expect(byTitle('Doppelt B')).toBeUndefined();
    const evil = byTitle('Böse');
    expect(evil?.title).not.toMatch(/<script|alert/);
    expect(evil?.url).toBe(server.url('/quirks/relativ/pfad'));
  });

  it('decodes a feed declared as ISO-8859-1 in the XML prolog', async () => {
    const xml = rssFeed([rssItem({ title: 'Müller grüßt', link: 'https://news.example/umlaut', guid: 'u1' })], 'ISO-8859-1');
    server.serve('/latin1', iconv.encode(xml, 'latin1'), { 'content-type': 'application/rss+xml; charset=UTF-8' });
    expect(await sync(await createFor('/latin1'))).toMatchObject({ status: 'ok', created: 1 });
    const { items } = (await (await app.request('/api/articles?limit=100', { token })).json()) as { items: Article[] };
    expect(items.some((a) => a.title === 'Müller grüßt')).toBe(true);
  });

  it('stores a feed of 50,000 items in one go', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => `<item><title>Nr ${i}</title><link>https://bulk.example/${i}</link></item>`);
    server.serve('/bulk', rssFeed(items), RSS);
    const result = await sync(await createFor('/bulk'));
    expect(result).toMatchObject({ status: 'ok', found: 50_000, created: 50_000 });
  }, 180_000);

  it("runs an admin's catastrophic boilerplate pattern in linear time, and refuses what RE2 cannot run", async () => {
    // 40 characters: on a backtracking engine `^(a+)+$` would take about a day per paragraph.
    const evil = `${'a'.repeat(40)}!`;
    server.serve('/redos', rssFeed([rssItem({ title: 'Muster', link: 'https://news.example/muster', guid: 'r1', description: `<p>${evil}</p><p>Der Text.</p>` })]), RSS);
    const created = await app.request('/api/sources', {
      method: 'POST',
      token,
      json: { name: 'redos', kind: 'rss', url: server.url('/redos'), enabled: false, boilerplatePatterns: ['^(a+)+$', '^a+!$'] },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await sync(id)).status).toBe('ok');
    expect((await app.request('/health')).status).toBeLessThan(600);
    const stored = ((await (await app.request('/api/articles?limit=100', { token })).json()) as { items: (Article & { excerpt: string })[] }).items;
    expect(stored.find((a) => a.url === 'https://news.example/muster')?.excerpt).toBe('Der Text.');

    for (const pattern of ['(?<=Anzeige)x', '(a)\\1', 'x'.repeat(501)]) {
      const refused = await app.request('/api/sources', { method: 'POST', token, json: { name: 'bad', kind: 'rss', url: server.url('/redos'), boilerplatePatterns: ['ok', pattern] } });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain('boilerplatePatterns[1] is not a valid regular expression');
    }
  });

  it('refuses private addresses when ALLOW_PRIVATE_SOURCES is off', async () => {
    const strictDb = await createTestDatabase();
    const strict = await startTestApp(testConfig(strictDb, { sources: { allowPrivate: false } }));
    try {
      const literal = await strict.request('/api/sources', { method: 'POST', token, json: { name: 'lo', kind: 'rss', url: server.url('/healthy') } });
      expect(literal.status).toBe(400);
      expect(JSON.stringify(await literal.json())).toMatch(/url: address 127\.0\.0\.1 is .*ALLOW_PRIVATE_SOURCES/);

      const named = await strict.request('/api/sources', { method: 'POST', token, json: { name: 'lo', kind: 'rss', url: server.url('/healthy', 'localhost'), enabled: false } });
      const { id } = (await named.json()) as { id: string };
      const result = (await (await strict.request(`/api/sources/${id}/sync`, { method: 'POST', token })).json()) as Sync;
      expect(result).toMatchObject({ status: 'failed' });
      expect(result.error).toMatch(/loopback/);
    } finally {
      await strict.close();
      await strictDb.drop();
    }
  });
});
