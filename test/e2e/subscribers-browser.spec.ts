import { chromium, type Browser } from 'playwright-core';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { SubscribersRepository } from '#src/subscribers/subscribers.repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createMorningAndEvening } from '../factories/newsletter.factory.js';

/** Debian's chromium (`.ci/packages.txt`), driven by playwright-core without a bundled browser. */
describe('subscriber pages in a real browser', () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let repository: SubscribersRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database));
    repository = app.app.get(SubscribersRepository, { strict: false });
    await createMorningAndEvening(app);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    // Each guarded: a browser that failed to start must not leave the app's workers running
    // into the next test file.
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('fills the subscribe form, then uses the preferences and unsubscribe pages', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${app.baseUrl}/subscribe`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.fill('#email', 'browser@example.de');
    await page.fill('#name', 'Bruno <Browser>');
    await page.check('input[name="newsletters"][value="abend"]');
    await page.check('#consent');
    // The honeypot sits off-screen, out of people's sight.
    const box = await page.locator('#website').boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThan(0);
    await Promise.all([page.waitForURL(/\/subscribe/), page.click('button[type="submit"]')]);
    expect(await page.textContent('h1')).toBe('Bitte prüfen Sie Ihr Postfach');

    const row = await repository.findByEmailKey('browser@example.de');
    expect(row).toMatchObject({ status: 'pending', name: 'Bruno <Browser>' });
    const history = await repository.consentHistory(row?.id ?? '');
    expect(history[0]?.userAgent).toMatch(/Chrom/);

    const links = app.app.get(SubscriberDirectory).linksFor(row?.id ?? '');
    const local = (url: string) => `${app.baseUrl}${new URL(url).pathname}${new URL(url).search}`;
    await page.goto(`${local(links.preferencesUrl)}&lang=en`);
    expect(await page.inputValue('#name')).toBe('Bruno <Browser>');
    expect(await page.isChecked('input[name="newsletters"][value="abend"]')).toBe(true);
    await page.check('input[name="newsletters"][value="morgen"]');
    await page.fill('#name', 'Bruno');
    await page.click('form[action^="/preferences"] button[type="submit"]');
    await page.waitForSelector('.notice');
    expect(await repository.newslettersOf(row?.id ?? '')).toEqual(['abend', 'morgen']);

    await page.goto(local(links.unsubscribeUrl));
    expect(await page.locator('button').count()).toBe(1);
    expect((await repository.findById(row?.id ?? ''))?.status).toBe('pending');
    await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(await page.textContent('h1')).toContain('abgemeldet');
    expect((await repository.findById(row?.id ?? ''))?.status).toBe('unsubscribed');
    await page.close();
  });
});
