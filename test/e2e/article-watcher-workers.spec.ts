import { ArticleIngestService } from '#src/articles/article-ingest.service.js';
import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { fixtureFeedWith, wordpressFixture } from '../factories/feed.factory.js';
import { normalizedArticle } from '../factories/article.factory.js';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { describeWithPostgres } from '../support/describe-db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const token = TEST_BOOTSTRAP_TOKEN;

describeWithPostgres('two workers on one PostgreSQL announce each new article once', () => {
  const server = new LocalHttpServer();
  let database: TestDatabase;
  let apps: TestApp[];
  let feedBody = wordpressFixture('feed-rss2.xml').toString('utf8');

  const publishedJobs = async () =>
    (await apps[0].app.get<symbol, Database>(DATABASE).executeSql(`SELECT data->>'articleId' AS id FROM pgboss.job WHERE name = 'articles.published'`)).rows;

  beforeAll(async () => {
    await server.start();
    // Each answer is slow enough that both instances' polls overlap.
    server.route('/feed/', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedBody), 200);
    });
    database = await createTestDatabase();
    apps = [await startTestApp(testConfig(database)), await startTestApp(testConfig(database))];
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await server.stop();
    await database.drop();
  });

  it('through the real polling path, polling the same source from both instances at once', async () => {
    const created = await apps[0].request('/api/sources', { method: 'POST', token, json: { name: 'shared', kind: 'rss', url: server.url('/feed/'), enabled: false } });
    const { id } = (await created.json()) as { id: string };
    const syncBoth = () =>
      Promise.all(apps.map(async (app) => (await (await app.request(`/api/sources/${id}/sync`, { method: 'POST', token })).json()) as { status: string; announced: number }));

    const first = await syncBoth();
    // Usually one finds the lease taken ('busy'); if they happen not to overlap, the later one sees
    // an unchanged body. Either way exactly one stores the feed.
    expect(first.filter((r) => r.status === 'ok')).toHaveLength(1);
    expect(first.every((r) => ['ok', 'busy', 'not-modified'].includes(r.status))).toBe(true);
    expect(await publishedJobs()).toEqual([]);

    const url = 'https://blog.example.de/2026/11/zwei-worker/';
    feedBody = fixtureFeedWith({ title: 'Zwei Worker, eine Meldung', link: url, guid: url, pubDate: new Date().toUTCString() });
    const second = await syncBoth();
    const third = await syncBoth();
    const announced = [...second, ...third].reduce((n, r) => n + (r.announced ?? 0), 0);
    expect(announced).toBe(1);
    expect(await publishedJobs()).toHaveLength(1);
  });

  it('even when both store the same new article concurrently, bypassing the poll lease', async () => {
    const sources = await Promise.all(
      apps.map(async (app, i) => {
        const response = await app.request('/api/sources', { method: 'POST', token, json: { name: `hook ${i}`, kind: 'webhook' } });
        return ((await response.json()) as { id: string }).id;
      }),
    );
    const before = (await publishedJobs()).length;
    const article = normalizedArticle({ publishedAt: new Date() });
    const now = new Date();
    const results = await Promise.all(
      apps.map((app, i) => app.app.get(ArticleIngestService).store(sources[i], [article], { announcePublishedAfter: new Date(now.getTime() - 60_000), now })),
    );
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.announced, 0)).toBe(1);
    expect((await publishedJobs()).length).toBe(before + 1);
  });
});
