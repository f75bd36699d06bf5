import type { IncomingMessage, ServerResponse } from 'node:http';
import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { signWebhook } from '#src/sources/webhook-signature.js';
import { fixtureFeedWith, wordpressFixture } from '../factories/feed.factory.js';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const token = TEST_BOOTSTRAP_TOKEN;
const BOILERPLATE = /sd_posts|tax_term|via CNBC|WhatsApp|Affiliate|Kommentar verfassen|Unsplash|\[/;
const RSS = { 'content-type': 'application/rss+xml; charset=UTF-8' };
const SAMPLE_TITLE = 'Um seine Smartphones zu retten: Huawei-Chef bittet US-Präsident um Gespräche';

interface Article {
  id: string;
  title: string;
  url: string;
  excerpt: string;
  tags: { name: string; slug: string }[];
  categories: { name: string; slug: string }[];
  status: string;
  modifiedAt: string | null;
  announcedAt: string | null;
}

/** Serves `body` with an ETag and answers 304 to a matching If-None-Match, like WordPress behind a cache. */
function conditional(getBody: () => string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const body = getBody();
    const etag = `"${Buffer.from(body).length}-${body.length % 97}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { ...RSS, etag }).end(body);
  };
}

describe('article watcher end to end (RSS, WordPress REST, webhooks)', () => {
  const server = new LocalHttpServer();
  let database: TestDatabase;
  let app: TestApp;
  let feedBody = wordpressFixture('feed-rss2.xml').toString('utf8');

  const post = async <T>(path: string, json?: unknown): Promise<T> => {
    const response = await app.request(path, { method: 'POST', token, json });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as T;
  };
  const get = async <T>(path: string): Promise<T> => (await (await app.request(path, { token })).json()) as T;
  const sql = (text: string) => app.app.get<symbol, Database>(DATABASE).executeSql(text);
  const publishedJobs = async () =>
    (await sql(`SELECT data->>'articleId' AS id FROM pgboss.job WHERE name = 'articles.published'`)).rows.map((r) => r.id as string);
  const articlesByUrl = async (url: string) => (await get<{ items: Article[] }>('/api/articles?limit=100')).items.filter((a) => a.url === url);

  beforeAll(async () => {
    await server.start();
    server.route('/feed/', conditional(() => feedBody));
    server.serve('/wp-json/wp/v2/categories', wordpressFixture('categories.json'), { 'content-type': 'application/json' });
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database));
  });
  afterAll(async () => {
    await app.close();
    await server.stop();
    await database.drop();
  });

  it('stores the sample article on the first sync, announces nothing, then announces a new post once', async () => {
    const source = await post<{ id: string }>('/api/sources', { name: 'Blog RSS', kind: 'rss', url: server.url('/feed/'), enabled: false });
    const first = await post<{ status: string; created: number; announced: number }>(`/api/sources/${source.id}/sync`);
    expect(first).toMatchObject({ status: 'ok', created: 3, announced: 0 });

    const { items } = await get<{ items: Article[] }>('/api/articles?tag=huawei');
    const sample = items.find((a) => a.title === SAMPLE_TITLE);
    expect(sample?.tags.map((t) => t.name)).toEqual(['Huawei', 'Smartphones', 'USA']);
    expect(sample?.excerpt.startsWith('Schon seit bald zwei Jahren')).toBe(true);
    expect(sample?.excerpt).not.toMatch(BOILERPLATE);
    expect(sample?.announcedAt).toBeNull();
    expect(await publishedJobs()).toEqual([]);

    // 304: nothing changed on the server.
    const unchanged = await post<{ status: string }>(`/api/sources/${source.id}/sync`);
    expect(unchanged.status).toBe('not-modified');
    expect(server.requests.at(-1)?.headers['if-none-match']).toBeDefined();

    const newUrl = 'https://blog.example.de/2026/11/neu/';
    const newPost = { title: 'Huawei zeigt neues Falt-Smartphone', link: newUrl, guid: newUrl, pubDate: new Date().toUTCString(), categories: ['Huawei'] };
    feedBody = fixtureFeedWith(newPost);
    const second = await post<{ status: string; created: number; unchanged: number; announced: number }>(`/api/sources/${source.id}/sync`);
    expect(second).toMatchObject({ status: 'ok', created: 1, unchanged: 3, announced: 1 });
    const [announced] = await articlesByUrl(newUrl);
    expect(announced?.announcedAt).not.toBeNull();
    expect(await publishedJobs()).toEqual([announced?.id]);

    // An edit updates the one article, bumps modified, and is not announced again.
    feedBody = fixtureFeedWith({ ...newPost, title: 'Huawei zeigt neues Falt-Smartphone (Update)' });
    const edit = await post<{ created: number; updated: number; announced: number }>(`/api/sources/${source.id}/sync`);
    expect(edit).toMatchObject({ created: 0, updated: 1, announced: 0 });
    const afterEdit = await articlesByUrl(newUrl);
    expect(afterEdit).toHaveLength(1);
    expect(afterEdit[0]).toMatchObject({ id: announced?.id, title: 'Huawei zeigt neues Falt-Smartphone (Update)' });
    expect(afterEdit[0]?.modifiedAt).not.toBeNull();
    expect(await publishedJobs()).toHaveLength(1);

    // The post leaves the feed: not withdrawn.
    feedBody = wordpressFixture('feed-rss2.xml').toString('utf8');
    await post(`/api/sources/${source.id}/sync`);
    expect((await articlesByUrl(newUrl))[0]?.status).toBe('published');

    const health = await get<{ health: { lastSuccessAt: string | null; consecutiveFailures: number; lastError: string | null } }>(`/api/sources/${source.id}`);
    expect(health.health).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(health.health.lastSuccessAt).not.toBeNull();
  });

  it('reads a WordPress site through the REST API, one article per canonical URL across sources', async () => {
    const posts = JSON.parse(wordpressFixture('posts-embed.json').toString()) as { id: number }[];
    server.route('/wp/wp-json/wp/v2/posts', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-wp-totalpages': '1' }).end(JSON.stringify(posts));
    });
    const source = await post<{ id: string }>('/api/sources', { name: 'Blog REST', kind: 'wordpress', url: server.url('/wp'), enabled: false });
    const result = await post<{ status: string; created: number; announced: number }>(`/api/sources/${source.id}/sync`);
    expect(result).toMatchObject({ status: 'ok', announced: 0 });
    const sample = (await get<{ items: Article[] }>('/api/articles?tag=huawei&limit=100')).items.filter((a) => a.title === SAMPLE_TITLE);
    // The RSS source of the previous test stored the same URL: still one article.
    expect(sample).toHaveLength(1);
    expect(sample[0]?.categories.length).toBeGreaterThan(0);
    const query = new URL(server.requests.at(-1)!.url!, 'http://x').searchParams;
    expect(query.has('_embed')).toBe(true);
  });

  it('accepts signed webhooks, refuses bad signatures, and withdraws a deleted post', async () => {
    const created = await post<{ id: string; webhookSecret: string; webhookUrl: string }>('/api/sources', {
      name: 'Push',
      kind: 'webhook',
      url: server.url('/wp'),
    });
    expect(created.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await get<Record<string, unknown>>(`/api/sources/${created.id}`);
    expect(listed).not.toHaveProperty('webhookSecret');
    const send = (body: unknown, secret = created.webhookSecret) => {
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      return app.request(`/hooks/sources/${created.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-postbote-timestamp': String(ts), 'x-postbote-signature': signWebhook(secret, ts, raw) },
        body: raw,
      });
    };
    const url = 'https://blog.example.de/2026/11/per-webhook/';
    const minimal = { url, title: 'Per Webhook <script>alert(1)</script>gemeldet', tags: ['Huawei'], publishedAt: new Date().toISOString() };

    const forged = await send(minimal, 'f'.repeat(64));
    expect(forged.status).toBe(401);
    expect(await articlesByUrl(url)).toEqual([]);
    expect(app.logs.some((l) => l.includes('webhook refused') && l.includes(created.id) && l.includes('signature does not match'))).toBe(true);

    const accepted = await send(minimal);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ action: 'stored', created: 1, announced: 1 });
    const [stored] = await articlesByUrl(url);
    expect(stored?.title).toBe('Per Webhook gemeldet');
    expect(stored?.title).not.toContain('script');

    // "post 5 changed": fetched from the source's WordPress.
    const posts = JSON.parse(wordpressFixture('posts-embed.json').toString()) as { id: number }[];
    server.serve('/wp/wp-json/wp/v2/posts/5', JSON.stringify(posts.find((p) => p.id === 5)), { 'content-type': 'application/json' });
    expect(await (await send({ action: 'changed', postId: 5 })).json()).toMatchObject({ action: 'stored' });
    server.serve('/wp/wp-json/wp/v2/posts/5', '{"code":"rest_post_invalid_id"}', {}, 404);
    expect(await (await send({ action: 'changed', postId: 5 })).json()).toMatchObject({ action: 'withdrawn' });
    const sample = (await get<{ items: Article[] }>('/api/articles?status=withdrawn')).items.find((a) => a.title === SAMPLE_TITLE);
    expect(sample?.status).toBe('withdrawn');

    // WordPress 6.1 answers the lookup of a trashed or drafted post with 401 rest_forbidden (403
    // with some auth plugins): withdrawn as well, between republications.
    const sampleStatus = async () => {
      for (const status of ['published', 'withdrawn']) {
        const found = (await get<{ items: Article[] }>(`/api/articles?limit=100&status=${status}`)).items.find((a) => a.title === SAMPLE_TITLE);
        if (found) return found.status;
      }
      return undefined;
    };
    for (const status of [401, 403, 410]) {
      server.serve('/wp/wp-json/wp/v2/posts/5', JSON.stringify(posts.find((p) => p.id === 5)), { 'content-type': 'application/json' });
      expect(await (await send({ action: 'changed', postId: 5 })).json()).toMatchObject({ action: 'stored' });
      expect(await sampleStatus()).toBe('published');
      server.serve('/wp/wp-json/wp/v2/posts/5', '{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":401}}', { 'content-type': 'application/json' }, status);
      const gone = await send({ action: 'changed', postId: 5 });
      expect({ status, code: gone.status, body: await gone.json() }).toMatchObject({ status, code: 200, body: { action: 'withdrawn' } });
      expect(await sampleStatus()).toBe('withdrawn');
    }

    // A site that fails the lookup is named in a 502, never a 500; the article stays as it was.
    server.serve('/wp/wp-json/wp/v2/posts/5', 'upstream exploded', {}, 500);
    const failed = await send({ action: 'changed', postId: 5 });
    expect(failed.status).toBe(502);
    expect(JSON.stringify(await failed.json())).toContain('HTTP 500');
    expect(await sampleStatus()).toBe('withdrawn');

    const invalid = await send({ url: 'not a url', title: 'x', tags: [], publishedAt: 'x' });
    expect(invalid.status).toBe(400);
  });

  it('pages through articles newest first with a cursor', async () => {
    const first = await get<{ items: Article[]; nextCursor: string | null }>('/api/articles?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await get<{ items: Article[] }>(`/api/articles?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((a) => a.id)).not.toContain(first.items[0]?.id);
    const all = await get<{ items: (Article & { publishedAt: string })[] }>('/api/articles?limit=100');
    const times = all.items.map((a) => a.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const bad = await app.request('/api/articles?cursor=nope&since=yesterday', { token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/since must be an ISO 8601 date/);
  });

  it('polls an enabled source on its own through the job queue', async () => {
    const source = await post<{ id: string }>('/api/sources', { name: 'Scheduled', kind: 'rss', url: server.url('/feed/'), pollIntervalSeconds: 30 });
    let health: { lastSuccessAt: string | null; nextPollAt: string | null } | undefined;
    for (let i = 0; i < 200 && !health?.lastSuccessAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await get<{ health: typeof health }>(`/api/sources/${source.id}`)).health;
    }
    expect(health?.lastSuccessAt).not.toBeNull();
    expect(new Date(health!.nextPollAt!).getTime()).toBeGreaterThan(new Date(health!.lastSuccessAt!).getTime());
  });
});
