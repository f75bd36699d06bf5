import { catalogArticle } from '../../factories/catalog-article.factory.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { ADMIN, createNewsletter, json } from './delivery-harness.js';

const directory = new InMemorySubscriberDirectory();
const catalog = new InMemoryArticleCatalog();
const minutesFromNow = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);

/**
 * A new newsletter starts with what is published after it was created; the site's back
 * catalogue goes out only when an editor asks for a welcome issue.
 */
describe('first issue of a new newsletter', () => {
  let database: TestDatabase;
  let app: TestApp;
  let newsletterId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database), { ports: testPorts(directory, catalog) });
    catalog.add(
      catalogArticle('old-1', { publishedAt: minutesFromNow(-3 * 24 * 60) }),
      catalogArticle('old-2', { publishedAt: minutesFromNow(-2 * 24 * 60) }),
      catalogArticle('old-3', { publishedAt: minutesFromNow(-24 * 60) }),
    );
    newsletterId = await createNewsletter(app, 'huawei');
    catalog.add(catalogArticle('new-1', { publishedAt: minutesFromNow(1) }));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const post = (path: string, body?: unknown) => app.request(`/api/newsletters/${newsletterId}${path}`, { method: 'POST', token: ADMIN, ...(body ? { json: body } : {}) });

  it('previews and builds only articles published after the newsletter was created', async () => {
    const preview = await json<{ articleCount: number; text: string }>(await app.request(`/api/newsletters/${newsletterId}/preview`, { token: ADMIN }), 200);
    expect(preview.articleCount).toBe(1);
    expect(preview.text).toContain('Artikel new-1');
    const issue = await json<{ id: string; articleIds: string[] }>(await post('/issues'), 201);
    expect(issue.articleIds).toEqual(['new-1']);
  });

  it('says why there is nothing to send, and how to send the back catalogue', async () => {
    const response = await post('/send-now');
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toMatch(/published since the newsletter was created.*welcome/);
  });

  it('sends a welcome issue of the latest N on request, newest first', async () => {
    const preview = await json<{ articleCount: number; text: string }>(
      await app.request(`/api/newsletters/${newsletterId}/preview?welcome=true&articles=2`, { token: ADMIN }),
      200,
    );
    expect(preview.articleCount).toBe(2);
    expect(preview.text.indexOf('Artikel old-3')).toBeLessThan(preview.text.indexOf('Artikel old-2'));
    expect(preview.text).not.toContain('Artikel old-1');
    const sent = await json<{ issueId: string; articleCount: number }>(await post('/send-now', { welcome: true, articles: 2 }), 202);
    expect(sent.articleCount).toBe(2);
    const issue = await json<{ articleIds: string[] }>(await app.request(`/api/issues/${sent.issueId}`, { token: ADMIN }), 200);
    expect([...issue.articleIds].sort()).toEqual(['old-2', 'old-3']);
  });

  it('refuses articles without welcome, and bad values, naming the field', async () => {
    for (const [body, field] of [
      [{ articles: 2 }, 'articles'],
      [{ welcome: true, articles: 0 }, 'articles'],
      [{ welcome: 'yes' }, 'welcome'],
    ] as const) {
      const response = await post('/send-now', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
  });
});
