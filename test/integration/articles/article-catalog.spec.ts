import { ArticleCatalog } from '#src/articles/article-catalog.js';
import { ArticleIngestRepository } from '#src/articles/article-ingest.repository.js';
import { ArticlesCatalogService } from '#src/articles/articles-catalog.service.js';
import { ArticlesRepository } from '#src/articles/articles.repository.js';
import { openDatabase, type Database } from '#src/db/database.js';
import { migrate } from '#src/db/migrator.js';
import { termsFromNames } from '#src/sources/normalized-article.js';
import { sources } from '#src/sources/sources.schema.js';
import { normalizedArticle, upsertOf } from '../../factories/article.factory.js';
import { startTestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('ArticleCatalog and article storage', () => {
  let testDb: TestDatabase;
  let database: Database;
  let ingest: ArticleIngestRepository;
  let catalog: ArticlesCatalogService;
  let feedId: string;
  let hookId: string;
  const now = new Date('2026-11-24T12:00:00Z');

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir, poolMax: 3 });
    await migrate(database.db);
    ingest = new ArticleIngestRepository(database.db);
    catalog = new ArticlesCatalogService(new ArticlesRepository(database.db));
    const rows = await database.db
      .insert(sources)
      .values([
        { name: 'feed', kind: 'rss', url: 'https://news.example/feed/' },
        { name: 'hook', kind: 'webhook' },
      ])
      .returning({ id: sources.id });
    [feedId, hookId] = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('stores once per canonical URL, links a second source, and applies edits without a second row', async () => {
    const original = normalizedArticle({ tags: termsFromNames(['Huawei', 'USA']) });
    expect(await ingest.upsertFromSource(feedId, [upsertOf(original)], { now })).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect(await ingest.upsertFromSource(feedId, [upsertOf(original)], { now })).toMatchObject({ created: 0, unchanged: 1 });

    const viaHook = { ...original, externalId: '4711', title: 'Anders betitelt' };
    expect(await ingest.upsertFromSource(hookId, [upsertOf(viaHook)], { now })).toMatchObject({ created: 0, updated: 0 });

    const edited = { ...original, title: 'Neuer Titel' };
    expect(await ingest.upsertFromSource(feedId, [upsertOf(edited)], { now })).toMatchObject({ created: 0, updated: 1 });

    const found = (await catalog.findForDigest({ tagSlugs: ['usa'], limit: 10 })).filter((a) => a.url === original.url);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ title: 'Neuer Titel', modifiedAt: now, status: 'published' });
    expect(found[0].tags).toEqual([
      { name: 'Huawei', slug: 'huawei' },
      { name: 'USA', slug: 'usa' },
    ]);
  });

  it('finds published articles by any-of tags, newest first, after an instant, without excluded ids', async () => {
    const tagged = (names: string[], day: number) =>
      normalizedArticle({ tags: termsFromNames(names), publishedAt: new Date(Date.UTC(2026, 9, day)) });
    const a = tagged(['Zeta'], 1);
    const b = tagged(['Omega'], 2);
    const c = tagged(['Zeta', 'Omega'], 3);
    const d = tagged(['Other'], 4);
    const gone = { ...tagged(['Zeta'], 5), status: 'withdrawn' as const };
    await ingest.upsertFromSource(feedId, [a, b, c, d, gone].map(upsertOf), { now });

    const urls = async (query: Parameters<typeof catalog.findForDigest>[0]) => (await catalog.findForDigest(query)).map((x) => x.url);
    expect(await urls({ tagSlugs: ['zeta', 'omega'], limit: 10 })).toEqual([c.url, b.url, a.url]);
    expect(await urls({ tagSlugs: ['zeta', 'omega'], limit: 2 })).toEqual([c.url, b.url]);
    expect(await urls({ tagSlugs: ['zeta'], publishedAfter: new Date(Date.UTC(2026, 9, 1)), limit: 10 })).toEqual([c.url]);
    const all = await catalog.findForDigest({ tagSlugs: ['zeta', 'omega'], limit: 10 });
    const withoutC = await urls({ tagSlugs: ['zeta', 'omega'], excludeIds: [all[0].id], limit: 10 });
    expect(withoutC).toEqual([b.url, a.url]);
    expect(await urls({ tagSlugs: [], limit: 100 })).toEqual(expect.arrayContaining([a.url, b.url, c.url, d.url]));
    expect(await urls({ tagSlugs: [], limit: 100 })).not.toContain(gone.url);

    const ids = (await catalog.findForDigest({ tagSlugs: ['zeta'], limit: 10 })).map((x) => x.id);
    const goneRow = await new ArticlesRepository(database.db).list({ tagSlugs: ['zeta'], status: 'withdrawn', limit: 1 });
    const byIds = await catalog.getByIds([...ids, goneRow[0].id]);
    expect(byIds.map((x) => x.status).sort()).toEqual(['published', 'published', 'withdrawn']);
    expect(await catalog.getByIds([])).toEqual([]);
  });

  it('writes nothing of a poll whose later chunk fails', async () => {
    const tag = termsFromNames(['Rollback']);
    const items = Array.from({ length: 600 }, () => normalizedArticle({ tags: tag }));
    // PostgreSQL refuses NUL in text: the last chunk's insert fails inside the transaction.
    items[599] = { ...items[599], title: 'kaputt \u0000 Titel' };
    await expect(ingest.upsertFromSource(feedId, items.map(upsertOf), { now })).rejects.toThrow();
    expect(await catalog.findForDigest({ tagSlugs: ['rollback'], limit: 10 })).toEqual([]);
  });

  it('marks only articles new to the store and published after the cut-off for announcement', async () => {
    const old = normalizedArticle({ publishedAt: new Date('2026-11-24T09:00:00Z') });
    const fresh = normalizedArticle({ publishedAt: new Date('2026-11-24T11:00:00Z') });
    const summary = await ingest.upsertFromSource(feedId, [old, fresh].map(upsertOf), {
      now,
      announcePublishedAfter: new Date('2026-11-24T10:00:00Z'),
    });
    expect(summary.created).toBe(2);
    expect(summary.announceIds).toHaveLength(1);
    const [announced] = await catalog.getByIds(summary.announceIds);
    expect(announced?.url).toBe(fresh.url);
  });
});

describe('ArticlesModule in the application', () => {
  it('provides the ArticleCatalog port to other features', async () => {
    const testDb = await createTestDatabase();
    const app = await startTestApp(testConfig(testDb));
    try {
      const catalog = app.app.get(ArticleCatalog);
      expect(await catalog.findForDigest({ tagSlugs: ['huawei'], limit: 5 })).toEqual([]);
    } finally {
      await app.close();
      await testDb.drop();
    }
  });
});
