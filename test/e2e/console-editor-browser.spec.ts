import type { Browser, Page } from 'playwright-core';
import { rssFeed, rssItem } from '../factories/feed.factory.js';
import { LocalHttpServer } from '../integration/sources/local-http-server.js';
import { launchChromium, seriousAxeViolations } from '../support/browser.js';
import { createStaff } from '../support/console-staff.js';
import { useTestApp } from '../support/use-test-app.js';

const EDITOR = { email: 'eddie@redaktion.test', password: 'Redaktionsschluss 18 Uhr', role: 'editor' as const };
const ADMIN = { email: 'erika@redaktion.test', password: 'Morgenkonferenz um neun', role: 'admin' as const };
const RSS = { 'content-type': 'application/rss+xml; charset=UTF-8' };

/** The editor's path through the console in a real browser, screen by screen, with axe on each. */
describe('the editor screens in a real browser', () => {
  const ctx = useTestApp();
  const site = new LocalHttpServer();
  let browser: Browser;
  let page: Page;

  async function expectAccessible(): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
  }

  async function login(email: string, password: string): Promise<void> {
    await page.goto(`${ctx.app.baseUrl}/admin/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/login')), page.click('main button[type="submit"]')]);
  }

  beforeAll(async () => {
    await site.start();
    site.serve(
      '/feed/',
      rssFeed([
        rssItem({ title: 'Huawei stellt neues Smartphone vor', link: 'https://news.example/huawei-phone', guid: 'p1', pubDate: 'Mon, 30 Nov 2026 08:00:00 GMT', categories: ['Huawei'] }),
        rssItem({ title: 'Ein älterer Artikel', link: 'https://news.example/alt', guid: 'p0', pubDate: 'Sun, 29 Nov 2026 08:00:00 GMT', categories: ['Huawei'] }),
      ]),
      RSS,
    );
    await createStaff(ctx.app, ADMIN);
    await createStaff(ctx.app, EDITOR);
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'de-DE' });
  });
  afterAll(async () => {
    await browser?.close();
    await site.stop();
  });

  it('Quellen: an admin adds a feed, sees the secret once, and polls it with the first-sync note', async () => {
    await login(ADMIN.email, ADMIN.password);
    await page.goto(`${ctx.app.baseUrl}/admin/sources`);
    expect(await page.textContent('h1')).toBe('Quellen');
    expect(await page.textContent('.empty')).toContain('Noch keine Quelle');
    await expectAccessible();

    await Promise.all([page.waitForURL(/\/admin\/sources\/new$/u), page.click('text=Quelle hinzufügen')]);
    await expectAccessible();
    // A wrong address is named next to its field, and what was typed stays.
    await page.fill('#name', 'Blog-Feed');
    await page.fill('#url', 'blog.example.de/feed');
    await Promise.all([page.waitForLoadState('load'), page.click('main button[type="submit"]')]);
    expect(await page.textContent('#url-error')).toMatch(/^Adresse: Bitte eine vollständige Adresse/u);
    expect(await page.inputValue('#name')).toBe('Blog-Feed');
    await expectAccessible();

    await page.fill('#url', site.url('/feed/'));
    await page.fill('#tagFilter', 'huawei');
    await page.uncheck('#enabled');
    await Promise.all([page.waitForLoadState('load'), page.click('main button[type="submit"]')]);
    expect(await page.textContent('h1')).toBe('Quelle angelegt: Blog-Feed');
    expect(await page.textContent('#webhook-secret')).toMatch(/^[0-9a-f]{64}$/u);
    await expectAccessible();

    await Promise.all([page.waitForURL(/notice=created/u), page.click('text=Zu den Quellen')]);
    expect(await page.textContent('tbody th')).toContain('Blog-Feed');
    expect(await page.textContent('tbody')).toContain('pausiert');
    // "Jetzt abrufen" swaps the row with the outcome in place (htmx), no page load.
    await page.click('text=Jetzt abrufen');
    await page.waitForSelector('.poll-outcome');
    expect(await page.textContent('.poll-outcome')).toContain('2 Artikel gefunden, 2 neu');
    expect(await page.textContent('.poll-outcome')).toContain('Erster Abruf');
    expect(new URL(page.url()).search).toBe('?notice=created');
    await expectAccessible();
  });

  it('Quellen: an editor sees health and polls, but gets no forms to change sources', async () => {
    await page.click('.usermenu summary');
    await Promise.all([page.waitForURL(/loggedOut/u), page.click('text=Abmelden')]);
    await login(EDITOR.email, EDITOR.password);
    await page.goto(`${ctx.app.baseUrl}/admin/sources`);
    expect(await page.locator('text=Quelle hinzufügen').count()).toBe(0);
    await page.click('text=Jetzt abrufen');
    await page.waitForSelector('.poll-outcome');
    expect(await page.textContent('.poll-outcome')).toMatch(/Nichts Neues|0 neu/u);
    await expectAccessible();
  });
});
