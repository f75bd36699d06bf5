import { readFileSync } from 'node:fs';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const token = TEST_BOOTSTRAP_TOKEN;
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

interface Sync {
  status: string;
  created: number;
  warnings: string[];
  error?: string;
}
interface Article {
  title: string;
  url: string;
  excerpt: string;
  imageUrl: string | null;
}
interface Health {
  lastError: string | null;
  warnings: string[];
  warningsAt: string | null;
}

/**
 * Feeds as real sites serve them (see test/fixtures/feeds/README.md): each is fetched over HTTP
 * from a local server, read through the real poller and database, and checked through the API.
 */
describe('feeds in the wild', () => {
  const server = new LocalHttpServer();
  let database: TestDatabase;
  let app: TestApp;

  const json = async <T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> =>
    (await (await app.request(path, { ...init, token })).json()) as T;
  /** Serves the body, creates a source for it and syncs it once. */
  const syncFeed = async (body: Buffer, contentType: string): Promise<{ id: string; sync: Sync; health: Health }> => {
    const path = `/feed-${Math.random().toString(36).slice(2)}`;
    server.serve(path, body, { 'content-type': contentType });
    const { id } = await json<{ id: string }>('/api/sources', { method: 'POST', json: { name: `wild ${path}`, kind: 'rss', url: server.url(path), enabled: false } });
    const sync = await json<Sync>(`/api/sources/${id}/sync`, { method: 'POST' });
    return { id, sync, health: await health(id) };
  };
  const health = async (id: string): Promise<Health> => (await json<{ health: Health }>(`/api/sources/${id}`)).health;
  const article = async (url: string): Promise<Article | undefined> =>
    (await json<{ items: Article[] }>('/api/articles?limit=100')).items.find((a) => a.url === url);

  beforeAll(async () => {
    await server.start();
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database));
  });
  afterAll(async () => {
    await app.close();
    await server.stop();
    await database.drop();
  });

  it.each([
    ['a blank line', 'blank-line-before-declaration.rss', 'https://wild.example/leerzeile', /whitespace before the XML declaration/],
    ['a blank line and a byte-order mark', 'bom-after-whitespace.rss', 'https://wild.example/bom', /byte-order mark before the XML declaration/],
  ])('reads a feed with %s before <?xml, with a warning on the source', async (_what, file, url, warning) => {
    const { sync, health } = await syncFeed(fixture(file), 'application/rss+xml; charset=UTF-8');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article(url)).toBeDefined();
    expect(health.warnings).toEqual([expect.stringMatching(warning)]);
    expect(health.warningsAt).not.toBeNull();
  });

  it('takes title and description from the item itself, not from media:/itunes: elements before them', async () => {
    const { sync, health } = await syncFeed(fixture('namespaced-title-before-own.rss'), 'application/rss+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 2 });
    expect(await article('https://wild.example/namensraum')).toMatchObject({
      title: 'Huawei stellt neues Smartphone vor',
      excerpt: 'Das Gerät kommt im Dezember in den Handel.',
    });
    // Where the core lacks a field, an extension fills it.
    expect(await article('https://wild.example/nur-erweiterung')).toMatchObject({ title: 'Nur ein iTunes-Titel', excerpt: 'Nur eine iTunes-Zusammenfassung.' });
    expect(health.warnings).toEqual([]);
    const atom = await syncFeed(fixture('namespaced-title-before-own.atom'), 'application/atom+xml');
    expect(atom.sync.status).toBe('ok');
    expect(await article('https://wild.example/atom-namensraum')).toMatchObject({
      title: 'Atom-Titel aus dem eigenen Namensraum',
      excerpt: 'Die eigene Zusammenfassung.',
    });
  });

  it('reads windows-1252 characters in a feed labelled ISO-8859-1 as browsers do, with a warning', async () => {
    const { sync, health } = await syncFeed(fixture('latin1-label-windows-1252.rss'), 'application/rss+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article('https://wild.example/cp1252')).toMatchObject({
      title: 'Preis: 99 € – „Schnäppchen“ für’s Büro',
      excerpt: 'Günstiger geht’s kaum … sagt der Händler.',
    });
    expect(health.warnings).toEqual([expect.stringMatching(/says iso-8859-1, but the feed uses windows-1252 characters/)]);
  });

  it('repairs C1 control characters in a UTF-8 feed to their windows-1252 meaning, with a warning', async () => {
    const { sync, health } = await syncFeed(fixture('utf8-with-c1-controls.rss'), 'application/rss+xml; charset=utf-8');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    const stored = await article('https://wild.example/c1');
    expect(stored).toMatchObject({ title: 'Preis: 99 € – „Schnäppchen“', excerpt: 'Günstiger geht’s kaum … sagt der Händler.' });
    expect(stored?.title).not.toMatch(/[\u0080-\u009f]/);
    expect(health.warnings).toEqual([expect.stringMatching(/C1 control characters .* in title read as the windows-1252 characters/)]);
  });

  it.each([
    ['without a charset', 'application/rss+xml', /no encoding declared and 6 bytes are not valid UTF-8: read those as windows-1252/],
    ['with a wrong charset=utf-8', 'application/rss+xml; charset=utf-8', /HTTP Content-Type says UTF-8, but 6 bytes are not valid UTF-8/],
  ])('reads an undeclared Latin-1 feed served %s as windows-1252, never as U+FFFD, with a warning', async (_how, contentType, warning) => {
    const { sync, health } = await syncFeed(fixture('latin1-undeclared.rss'), contentType);
    expect(sync.status).toBe('ok');
    const stored = await article('https://wild.example/latin1');
    expect(stored).toMatchObject({ title: 'Grüße aus Köln', excerpt: 'Schöne Grüße an alle Leserinnen und Leser.' });
    expect(JSON.stringify(stored)).not.toContain('\ufffd');
    expect(health.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it('reads Atom type="xhtml" content as HTML: paragraphs stay apart, script and style are dropped', async () => {
    const { sync, health } = await syncFeed(fixture('atom-xhtml-content.atom'), 'application/atom+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article('https://wild.example/xhtml')).toMatchObject({
      title: 'XHTML-Titel mit Auszeichnung',
      excerpt: 'Erster Absatz. Zweiter Absatz mit <Klammern> & Zeichen.',
    });
    expect(health.warnings).toEqual([]);
  });

  it('reads UTF-16 without a byte-order mark, with a warning naming the guess', async () => {
    const { sync, health } = await syncFeed(fixture('utf16le-no-bom.rss'), 'application/rss+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article('https://wild.example/utf16')).toMatchObject({ title: 'UTF-16 ohne BOM', excerpt: 'Grüße in UTF-16.' });
    expect(health.warnings).toEqual([expect.stringMatching(/UTF-16LE without a byte-order mark/)]);
  });

  it('refuses UTF-32 naming the encoding, not "no root element"', async () => {
    const { sync, health } = await syncFeed(fixture('utf32be.rss'), 'application/rss+xml');
    expect(sync.status).toBe('failed');
    expect(sync.error).toMatch(/^unsupported encoding: the feed is UTF-32BE/);
    expect(health.lastError).toBe(sync.error);
  });

  it('reads an <rss> document that carries an XHTML doctype as the feed it is', async () => {
    const { sync } = await syncFeed(fixture('rss-with-xhtml-doctype.rss'), 'application/rss+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article('https://wild.example/doctype')).toMatchObject({ title: 'Feed mit XHTML-Doctype', excerpt: 'Ein Feed, kein HTML.' });
  });

  it('skips items whose link has an unsafe scheme and says so, instead of "no link"', async () => {
    const { sync, health } = await syncFeed(fixture('unsafe-link-schemes.rss'), 'application/rss+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(health.warnings).toEqual([
      'item 2: unsafe link scheme "javascript:" refused, skipped',
      'item 3: unsafe link scheme "data:" refused, skipped',
      'item 4: link scheme "ftp:" not supported (only http and https), skipped',
    ]);
  });

  it('decodes Atom 0.3 base64 content', async () => {
    const { sync } = await syncFeed(fixture('atom03-base64.atom'), 'application/atom+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article('https://wild.example/atom03')).toMatchObject({ excerpt: 'Inhalt aus Base64 – mit Umlauten: äöü. Zweiter Absatz.' });
  });

  it('reads bare "&" in text and URLs as "&", with a warning, leaving CDATA alone', async () => {
    const { sync, health } = await syncFeed(fixture('bare-ampersands.rss'), 'application/rss+xml');
    expect(sync).toMatchObject({ status: 'ok', created: 1 });
    expect(await article('https://wild.example/suche?q=huawei&seite=2')).toMatchObject({
      title: 'Huawei & Co: Suche nach Smartphones',
      imageUrl: 'https://wild.example/bild.jpg?w=640&h=480',
      excerpt: 'Preise & Daten, unverändert: & bleibt &.',
    });
    expect(health.warnings).toEqual([expect.stringMatching(/^3 bare "&" characters/)]);
  });

  it('keeps the warnings while the feed is unchanged and clears them once the site fixes it', async () => {
    const path = '/fixed-later';
    server.serve(path, fixture('blank-line-before-declaration.rss'), { 'content-type': 'application/rss+xml' });
    const { id } = await json<{ id: string }>('/api/sources', { method: 'POST', json: { name: 'fixed later', kind: 'rss', url: server.url(path), enabled: false } });
    await json<Sync>(`/api/sources/${id}/sync`, { method: 'POST' });
    const warned = await health(id);
    expect(warned.warnings).toHaveLength(1);
    expect((await json<Sync>(`/api/sources/${id}/sync`, { method: 'POST' })).status).toBe('not-modified');
    expect(await health(id)).toMatchObject({ warnings: warned.warnings, warningsAt: warned.warningsAt });
    server.serve(path, Buffer.from(fixture('blank-line-before-declaration.rss').toString('utf8').trimStart()), { 'content-type': 'application/rss+xml' });
    expect((await json<Sync>(`/api/sources/${id}/sync`, { method: 'POST' })).status).toBe('ok');
    expect(await health(id)).toMatchObject({ warnings: [], warningsAt: null });
  });
});
