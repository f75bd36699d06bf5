import type { Browser, Page } from 'playwright-core';
import { UsersService } from '#src/users/users.service.js';
import { launchChromium, seriousAxeViolations } from '../support/browser.js';
import { setupLinkFromLogs } from '../support/console-client.js';
import { useTestApp } from '../support/use-test-app.js';

const ADMIN = { name: 'Erika Admin', email: 'erika@redaktion.test', password: 'Morgenkonferenz um neun' };
const EDITOR = { name: 'Eddie Editor', email: 'eddie@redaktion.test', password: 'Redaktionsschluss 18 Uhr' };

describe('the console in a real browser', () => {
  const ctx = useTestApp();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
  }

  async function login(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${ctx.app.baseUrl}/admin/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/login')), page.click('button[type="submit"]')]);
  }

  it('has an accessibility check that finds a real violation', async () => {
    const page = await browser.newPage();
    await page.setContent('<html lang="de"><head><title>t</title></head><body><main><img src="data:,"><button></button></main></body></html>');
    expect((await seriousAxeViolations(page)).map((v) => v.id).sort()).toEqual(['button-name', 'image-alt']);
    await page.close();
  });

  it('creates the first admin through the logged link, logs in and out, and refuses a wrong password', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${ctx.app.baseUrl}${setupLinkFromLogs(ctx.app.logs)}`);
    await expectAccessible(page);
    await page.fill('#name', ADMIN.name);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.fill('#confirm', ADMIN.password);
    await Promise.all([page.waitForURL(/\/admin\/login\?notice=passwordSet/u), page.click('button[type="submit"]')]);
    await expectAccessible(page);

    await page.fill('#email', ADMIN.email);
    await page.fill('#password', 'nicht das Passwort');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
    expect(await page.textContent('.errors')).toBe('E-Mail-Adresse oder Passwort ist falsch.');
    await expectAccessible(page);

    // Keyboard only: type, Enter submits; the dashboard greets with the frame.
    await page.fill('#email', ADMIN.email);
    await page.focus('#password');
    await page.keyboard.type(ADMIN.password);
    await Promise.all([page.waitForURL(`${ctx.app.baseUrl}/admin`), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Heute');
    expect(await page.locator('nav[aria-label="Hauptnavigation"] a').allTextContents()).toEqual([
      'Heute', 'Quellen', 'Artikel', 'Newsletter', 'Ausgaben', 'Abonnenten', 'WhatsApp', 'Einstellungen',
    ]);
    await expectAccessible(page);

    for (const path of ['/admin/account', '/admin/sources', '/admin/settings']) {
      await page.goto(`${ctx.app.baseUrl}${path}`);
      await expectAccessible(page);
    }

    await page.click('.usermenu summary');
    await Promise.all([page.waitForURL(/\/admin\/login\?notice=loggedOut/u), page.click('text=Abmelden')]);
    expect(await page.textContent('.notice')).toBe('Sie sind abgemeldet.');
    await page.goto(`${ctx.app.baseUrl}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.close();
  });

  it('refuses a form posted from another site (CSRF)', async () => {
    const page = await browser.newPage();
    await login(page, ADMIN.email, ADMIN.password);
    // An attacker's page cannot read the token; its form carries none.
    await page.setContent(`<form method="post" action="${ctx.app.baseUrl}/admin/account/logout-others"><button>go</button></form>`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/account/logout-others')), page.click('button')]);
    expect(response.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Formular abgelaufen');
    await page.close();
  });

  it('lets an editor work but not open admin screens, and switches the language', async () => {
    const { link } = await ctx.app.app.get(UsersService).invite({ tokenId: null, name: 'test', role: 'admin' }, { email: EDITOR.email, name: EDITOR.name, role: 'editor' });
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${ctx.app.baseUrl}${new URL(link).pathname}${new URL(link).search}`);
    await expectAccessible(page);
    await page.fill('#password', EDITOR.password);
    await page.fill('#confirm', EDITOR.password);
    await Promise.all([page.waitForURL(/notice=passwordSet/u), page.click('button[type="submit"]')]);
    await login(page, EDITOR.email, EDITOR.password);
    expect(await page.locator('nav[aria-label="Hauptnavigation"] a').allTextContents()).not.toContain('Einstellungen');
    const refused = await page.goto(`${ctx.app.baseUrl}/admin/settings`);
    expect(refused?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Keine Berechtigung');
    await expectAccessible(page);

    await page.goto(`${ctx.app.baseUrl}/admin`);
    await page.click('.usermenu summary');
    await Promise.all([page.waitForURL(`${ctx.app.baseUrl}/admin`), page.click('button[lang="en"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Today');
    await page.close();
  });
});
