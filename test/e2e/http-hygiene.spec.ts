import { sql } from 'drizzle-orm';
import { request as httpRequest, Agent } from 'node:http';
import { DB } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { createNewsletterViaApi } from '../factories/newsletter.factory.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { useTestApp } from '../support/use-test-app.js';
import { ingestArticleByWebhook } from '../support/webhook-article.js';

const token = TEST_BOOTSTRAP_TOKEN;
const DSN_SECRET = 'dsn-secret-0123456789abcdef';
const NEWS_SITE = 'https://news.example.de';

/** What every answer carries (or not), what /metrics counts, who may post the form, big bodies. */
describe('HTTP hygiene', () => {
  const harness = useTestApp((database) => ({
    bounces: { secrets: { dsn: DSN_SECRET }, softLimit: 3, softWindowDays: 30 },
    subscribers: { ...testConfig(database).subscribers, allowedOrigins: [NEWS_SITE] },
  }));
  const app = () => harness.app;

  describe('security headers', () => {
    let slug: string;
    let issueId: string;

    beforeAll(async () => {
      slug = 'archiv';
      const newsletterId = await createNewsletterViaApi(app(), slug);
      await ingestArticleByWebhook(app(), 'https://blog.example.de/archiv/');
      const built = await app().request(`/api/newsletters/${newsletterId}/issues`, { method: 'POST', token });
      issueId = ((await built.json()) as { id: string }).id;
      await app().app.get<symbol, Db>(DB).execute(sql`UPDATE issues SET status = 'sent', send_started_at = now() WHERE id = ${issueId}`);
    });

    it.each([
      ['the archive list', () => `/archive/${slug}`],
      ['an archived issue', () => `/archive/${slug}/${issueId}`],
      ['an issue preview', () => `/api/issues/${issueId}/preview`],
      ['the API description', () => '/docs'],
    ])('%s (HTML) sends CSP, nosniff, frame and referrer policies, no X-Powered-By', async (_name, path) => {
      const response = await app().request(path(), { token });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain('frame-ancestors');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    });

    it('keeps the stricter policy of the reader pages', async () => {
      const response = await app().request('/subscribe');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    });

    it.each(['/health', '/api/newsletters', '/nowhere'])('%s has no X-Powered-By either', async (path) => {
      const response = await app().request(path, { token });
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('/metrics', () => {
    const count = (metrics: string, method: string, route: string, status: number): number => {
      const line = metrics.split('\n').find((l) => l.startsWith('postbote_http_request_duration_seconds_count{') && l.includes(`method="${method}"`) && l.includes(`route="${route}"`) && l.includes(`status="${status}"`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    const scrape = async () => (await app().request('/metrics')).text();

    it('counts the status that was sent, also for requests refused by guards and pipes', async () => {
      const before = await scrape();
      await app().request('/api/newsletters', { method: 'POST', token, json: { slug: 'Bad Slug' } }); // 400 from validation
      await app().request('/api/newsletters'); // 401 from the guard
      await app().request(`/api/newsletters/${crypto.randomUUID()}`, { token }); // 404 from the service
      await app().request('/api/newsletters/abc', { token }); // 400 from the id pipe
      await app().request('/api/newsletters', { token }); // 200
      const after = await scrape();
      const grew = (method: string, route: string, status: number) => count(after, method, route, status) - count(before, method, route, status);
      expect(grew('POST', '/api/newsletters', 400)).toBe(1);
      expect(grew('POST', '/api/newsletters', 201)).toBe(0);
      expect(grew('GET', '/api/newsletters', 401)).toBe(1);
      expect(grew('GET', '/api/newsletters/:id', 404)).toBe(1);
      expect(grew('GET', '/api/newsletters/:id', 400)).toBe(1);
      expect(grew('GET', '/api/newsletters', 200)).toBe(1);
    });
  });

  describe('public form origins', () => {
    const subscribe = (origin: string | undefined, method = 'POST') =>
      app().request('/subscribe', {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
        body: method === 'POST' ? new URLSearchParams({ email: 'not-an-address', consent: 'yes' }) : undefined,
      });

    it('accepts posts from PUBLIC_URL and the allowed sites (then judges the form)', async () => {
      expect((await subscribe('http://postbote.test')).status).toBe(400);
      const fromSite = await subscribe(NEWS_SITE);
      expect(fromSite.status).toBe(400);
      expect(fromSite.headers.get('access-control-allow-origin')).toBe(NEWS_SITE);
    });

    it('accepts posts from a page of this very host, whatever PUBLIC_URL says', async () => {
      expect((await subscribe(new URL(app().baseUrl).origin)).status).toBe(400);
    });

    it('accepts posts without Origin (not a browser; no cross-site forgery)', async () => {
      expect((await subscribe(undefined)).status).toBe(400);
    });

    it('refuses other origins and "null" with 403 naming the origin', async () => {
      for (const origin of ['https://evil.example', 'null', 'https://news.example.de.evil.example']) {
        const response = await subscribe(origin);
        expect(response.status).toBe(403);
        expect(await response.text()).toContain(`origin: ${origin}`);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    });

    it('answers the CORS preflight for an allowed site only', async () => {
      const allowed = await subscribe(NEWS_SITE, 'OPTIONS');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(NEWS_SITE);
      expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
      expect((await subscribe('https://evil.example', 'OPTIONS')).status).toBe(403);
    });
  });

  describe('a body over the limit on a keep-alive connection', () => {
    it('/hooks/bounces/dsn answers 413 and the client can send its next request', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const { port } = new URL(app().baseUrl);
      const send = (path: string, method: string, body?: Buffer) =>
        new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'message/rfc822', 'x-webhook-secret': DSN_SECRET } }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
          });
          req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)));
          req.on('error', reject);
          req.end(body);
        });
      try {
        // Chunked, so the size is only known while reading.
        const tooLarge = await send('/hooks/bounces/dsn', 'POST', Buffer.alloc(6 * 1024 * 1024, 'a'));
        expect(tooLarge.status).toBe(413);
        expect((await send('/health', 'GET')).status).toBeGreaterThan(0);
      } finally {
        agent.destroy();
      }
    });
  });
});
