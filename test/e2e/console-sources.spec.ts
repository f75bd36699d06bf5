import { SourcesService } from '#src/sources/sources.service.js';
import { rssFeed, rssItem } from '../factories/feed.factory.js';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { loggedInStaff } from '../support/console-staff.js';
import type { ConsoleClient } from '../support/console-client.js';
import { useTestApp } from '../support/use-test-app.js';

const RSS = { 'content-type': 'application/rss+xml; charset=UTF-8' };
const fieldError = (html: string, id: string): string | undefined => new RegExp(`<p class="field-error" id="${id}-error">([^<]+)</p>`, 'u').exec(html)?.[1];

describe('console: Quellen (sources)', () => {
  const ctx = useTestApp({ sources: { allowPrivate: false } });
  const feed = new LocalHttpServer();
  let admin: ConsoleClient;
  let editor: ConsoleClient;

  beforeAll(async () => {
    await feed.start();
    feed.serve('/feed/', rssFeed([rssItem({ title: 'Älterer Artikel', link: 'https://news.example/alt', guid: 'a1', pubDate: 'Mon, 30 Nov 2026 08:00:00 GMT', categories: ['Huawei'] })]), RSS);
    admin = await loggedInStaff(ctx.app, { email: 'admin@redaktion.test', password: 'ein langes Passwort', role: 'admin' });
    editor = await loggedInStaff(ctx.app, { email: 'editor@redaktion.test', password: 'noch ein langes Passwort', role: 'editor' });
  });
  afterAll(async () => {
    await feed.stop();
  });

  it('guides the first source when there is none', async () => {
    const page = await admin.get('/admin/sources');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Noch keine Quelle.');
    expect(page.html).toContain('href="/admin/sources/new"');
  });

  it('names each wrong field next to it and keeps what was typed', async () => {
    const response = await admin.post('/admin/sources', { name: '', kind: 'rss', url: 'kein-link', intervalMinutes: '0', tagFilter: 'Huawei, ü', headers: 'ohne Doppelpunkt', patterns: '(' });
    expect(response.status).toBe(400);
    expect(fieldError(response.html, 'name')).toMatch(/^Name: /u);
    expect(fieldError(response.html, 'url')).toMatch(/^Adresse: Bitte eine vollständige Adresse/u);
    expect(fieldError(response.html, 'intervalMinutes')).toMatch(/^Abrufintervall: /u);
    expect(fieldError(response.html, 'tagFilter')).toMatch(/^Schlagwörter: /u);
    expect(fieldError(response.html, 'headers')).toMatch(/^Kopfzeilen: .*line 1/u);
    expect(response.html).toContain('id="url" name="url" type="url" maxlength="2000" value="kein-link"');
    expect(response.html).toContain('aria-invalid="true"');
    expect(await ctx.app.app.get(SourcesService).list()).toEqual([]);
  });

  it('refuses a private address and a feed without an address, in words', async () => {
    const privateUrl = await admin.post('/admin/sources', { name: 'Intern', kind: 'rss', url: 'http://10.0.0.1/feed/', intervalMinutes: '5' });
    expect(privateUrl.status).toBe(400);
    expect(fieldError(privateUrl.html, 'url')).toMatch(/privaten oder lokalen Netz/u);
    const noUrl = await admin.post('/admin/sources', { name: 'Ohne', kind: 'wordpress', url: '', intervalMinutes: '5' });
    expect(fieldError(noUrl.html, 'url')).toBe('Adresse: Feeds und WordPress-Seiten brauchen eine Adresse.');
    const badPattern = await admin.post('/admin/sources', { name: 'Muster', kind: 'webhook', intervalMinutes: '5', patterns: '(' });
    expect(fieldError(badPattern.html, 'patterns')).toMatch(/^Textbausteine: .*boilerplatePatterns\[0\]/u);
    expect(await ctx.app.app.get(SourcesService).list()).toEqual([]);
  });

  it('answers an id that is not one with a page naming it, and an unknown one with 404', async () => {
    const bad = await admin.get('/admin/sources/abc');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id: must be a UUID');
    expect((await admin.get('/admin/sources/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('refuses a form without the CSRF token and changes nothing', async () => {
    const response = await admin.post('/admin/sources', { _csrf: '', name: 'Ohne Token', kind: 'webhook', intervalMinutes: '5' });
    expect(response.status).toBe(403);
    expect(response.html).toContain('Formular abgelaufen');
    expect(await ctx.app.app.get(SourcesService).list()).toEqual([]);
  });

  it('lets editors see and poll sources but not add, change or delete them', async () => {
    expect((await editor.get('/admin/sources')).status).toBe(200);
    expect((await editor.get('/admin/sources')).html).not.toContain('href="/admin/sources/new"');
    expect((await editor.get('/admin/sources/new')).status).toBe(403);
    const refused = await editor.post('/admin/sources', { name: 'Editor-Quelle', kind: 'webhook', intervalMinutes: '5' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Keine Berechtigung');
    expect(await ctx.app.app.get(SourcesService).list()).toEqual([]);
  });

  it('adds a feed and shows its webhook secret once, with a signing example', async () => {
    const created = await admin.post('/admin/sources', {
      name: 'Blog-Feed', kind: 'rss', url: feed.url('/feed/').replace('127.0.0.1', 'localhost'), intervalMinutes: '10', tagFilter: 'Huawei',
      headers: 'Authorization: Basic dXNlcjpwYXNz',
    });
    expect(created.status).toBe(200);
    const secret = /<code id="webhook-secret">([0-9a-f]{64})<\/code>/u.exec(created.html)?.[1];
    expect(secret).toBeDefined();
    expect(created.html).toContain('X-Postbote-Signature: sha256&#x3D;$SIG');
    // Not polled on a schedule (the box was not ticked), so the manual polls below never meet a worker's lease.
    const [source] = await ctx.app.app.get(SourcesService).list();
    expect(source).toMatchObject({ name: 'Blog-Feed', enabled: false, pollIntervalSeconds: 600, tagFilter: ['huawei'], headerNames: ['Authorization'] });
    expect((await admin.get('/admin/sources')).html).not.toContain(secret);
  });

  it('shows a poll\'s outcome inline (htmx) and on the list (without JavaScript)', async () => {
    // localhost resolves to loopback, which the SSRF guard refuses at connect time: the poll fails, in words.
    const [source] = await ctx.app.app.get(SourcesService).list();
    const failed = await editor.post(`/admin/sources/${source.id}/poll`, {}, { 'hx-request': 'true' });
    expect(failed.status).toBe(200);
    expect(failed.html).toMatch(/^<tbody id="source-/u);
    expect(failed.html).toContain('Der Abruf ist fehlgeschlagen:');
    expect(failed.html).toMatch(/Letzter Fehler \([^)]+\): /u);
    const list = await editor.get('/admin/sources');
    expect(list.html).toMatch(/Letzter Fehler \([^)]+\): /u);
  });

  it('edits a source, keeps its stored headers unless told, and deletes it after a confirmation', async () => {
    const [source] = await ctx.app.app.get(SourcesService).list();
    const form = await admin.get(`/admin/sources/${source.id}`);
    expect(form.html).toContain('Gespeichert sind: Authorization.');
    expect(form.html).not.toContain('dXNlcjpwYXNz');
    const invalid = await admin.post(`/admin/sources/${source.id}`, { name: 'Blog-Feed', url: '', intervalMinutes: '10' });
    expect(fieldError(invalid.html, 'url')).toBe('Adresse: Feeds und WordPress-Seiten brauchen eine Adresse.');
    const saved = await admin.post(`/admin/sources/${source.id}`, { name: 'Blog (Huawei)', url: source.url ?? '', intervalMinutes: '15', tagFilter: '' });
    expect(saved.location).toBe('/admin/sources?notice=saved');
    expect(await ctx.app.app.get(SourcesService).get(source.id)).toMatchObject({ name: 'Blog (Huawei)', enabled: false, pollIntervalSeconds: 900, tagFilter: [], headerNames: ['Authorization'] });
    const confirm = await admin.get(`/admin/sources/${source.id}/delete`);
    expect(confirm.html).toContain('„Blog (Huawei)“ wirklich löschen?');
    expect((await editor.post(`/admin/sources/${source.id}/delete`)).status).toBe(403);
    const deleted = await admin.post(`/admin/sources/${source.id}/delete`);
    expect(deleted.location).toBe('/admin/sources?notice=deleted');
    expect(await ctx.app.app.get(SourcesService).list()).toEqual([]);
  });
});
