import { readFileSync } from 'node:fs';
import { FeedFetcher } from '#src/sources/feed-fetcher.js';
import { FeedParseError, parseFeedBody } from '#src/sources/feed-parser.js';
import { SourceDataError } from '#src/sources/source-data-error.js';
import { WordPressClient } from '#src/sources/wordpress.client.js';
import { LocalHttpServer } from './local-http-server.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/wordpress/${name}`, import.meta.url));
const categoryNames = (JSON.parse(fixture('categories.json').toString()) as { name: string }[]).map((c) => c.name);
const posts = JSON.parse(fixture('posts-embed.json').toString()) as { id: number }[];
const BOILERPLATE = /sd_posts|tax_term|via CNBC|WhatsApp|Affiliate|Kommentar verfassen|Unsplash|\[/;

describe('the sample article through fetch + parse on a real server', () => {
  const server = new LocalHttpServer();
  const fetcher = new FeedFetcher({ allowPrivate: true });

  beforeAll(async () => {
    await server.start();
    server.serve('/feed/', fixture('feed-rss2.xml'), { 'content-type': 'application/rss+xml; charset=UTF-8', etag: '"v1"' });
    server.route('/wp-json/wp/v2/posts', (req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('page'));
      // Two pages of at most two posts, as WordPress pages with per_page=2.
      const slice = posts.slice((page - 1) * 2, page * 2);
      res.writeHead(200, { 'content-type': 'application/json', 'x-wp-total': '3', 'x-wp-totalpages': '2' });
      res.end(JSON.stringify(slice));
    });
    server.serve('/wp-json/wp/v2/posts/5', JSON.stringify(posts.find((p) => p.id === 5)), { 'content-type': 'application/json' });
    server.serve('/wp-json/wp/v2/posts/8', '{"code":"rest_post_invalid_id"}', {}, 404);
    server.serve('/wp-json/wp/v2/posts/9', 'gone', {}, 410);
    server.serve('/broken/wp-json/wp/v2/posts', '<!DOCTYPE html><html><body>Wartungsmodus</body></html>', { 'content-type': 'text/html' });
    server.serve('/bad-post/wp-json/wp/v2/posts', JSON.stringify([{ ...posts[0], title: 'kein Objekt' }]));
    server.serve('/html-feed', '<!DOCTYPE html><html><body>Login</body></html>', { 'content-type': 'text/html' });
  });
  afterAll(async () => {
    await fetcher.close();
    await server.stop();
  });

  function expectSampleArticle(article: { title: string; excerpt: string; tags: { name: string }[] } | undefined) {
    expect(article?.title).toBe('Um seine Smartphones zu retten: Huawei-Chef bittet US-Präsident um Gespräche');
    expect(article?.tags.map((t) => t.name)).toEqual(['Huawei', 'Smartphones', 'USA']);
    expect(article?.excerpt.startsWith('Schon seit bald zwei Jahren')).toBe(true);
    expect(article?.excerpt).not.toMatch(BOILERPLATE);
  }

  it('from the RSS feed', async () => {
    const result = await fetcher.fetch({ url: server.url('/feed/') });
    if (result.notModified) throw new Error('unexpected 304');
    const feed = parseFeedBody(result.body, { feedUrl: result.url, contentType: result.contentType, categoryNames });
    expectSampleArticle(feed.articles.find((a) => a.title.startsWith('Um seine Smartphones')));
  });

  it('from the WordPress REST API, following X-WP-TotalPages', async () => {
    const client = new WordPressClient(fetcher, { baseUrl: server.url(''), perPage: 2, language: 'de-DE' });
    const articles = await client.fetchChangedPosts(new Date('2026-11-24T00:00:00Z'));
    expect(articles.map((a) => a.externalId)).toEqual(['7', '5', '4']);
    expectSampleArticle(articles.find((a) => a.externalId === '5'));
    const query = new URL(server.requests.at(-1)!.url!, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({
      _embed: '',
      per_page: '2',
      page: '2',
      modified_after: '2026-11-23T00:00:00.000Z',
      orderby: 'modified',
      order: 'asc',
    });
  });

  it('fetches a single post, and reports 404/410 as withdrawn', async () => {
    const client = new WordPressClient(fetcher, { baseUrl: server.url('/') });
    const found = await client.fetchPost(5);
    expect(found.kind).toBe('found');
    if (found.kind === 'found') expectSampleArticle(found.article);
    expect(await client.fetchPost(8)).toEqual({ kind: 'gone', externalId: '8', status: 'withdrawn' });
    expect(await client.fetchPost(9)).toEqual({ kind: 'gone', externalId: '9', status: 'withdrawn' });
  });

  it('gives clear reasons for an HTML page and for a bad post', async () => {
    const broken = new WordPressClient(fetcher, { baseUrl: server.url('/broken') });
    await expect(broken.fetchChangedPosts()).rejects.toThrow(/is not JSON/);
    const badPost = new WordPressClient(fetcher, { baseUrl: server.url('/bad-post') });
    await expect(badPost.fetchChangedPosts()).rejects.toMatchObject({ field: 'posts[0].title' });
    await expect(badPost.fetchChangedPosts()).rejects.toBeInstanceOf(SourceDataError);

    const html = await fetcher.fetch({ url: server.url('/html-feed') });
    if (html.notModified) throw new Error('unexpected 304');
    expect(() => parseFeedBody(html.body, { feedUrl: html.url })).toThrow(FeedParseError);
    expect(() => parseFeedBody(html.body, { feedUrl: html.url })).toThrow('got an HTML page instead of a feed');
  });
});
