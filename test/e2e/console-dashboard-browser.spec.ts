import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { fixtureCatalogArticles } from '../factories/catalog-article.factory.js';
import { launchChromium, seriousAxeViolations } from '../support/browser.js';
import { createStaffUser } from '../support/console-client.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../support/in-memory-ports.js';
import { startScriptedSink, type ScriptedSink } from '../support/scripted-smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ADMIN, buildIssue, createNewsletter, json, waitForStatus } from './delivery/delivery-harness.js';

const EDITOR = { email: 'eddie@redaktion.test', name: 'Eddie Editor', role: 'editor' as const, password: 'Redaktionsschluss 18 Uhr' };
const READERS = 40;

/** Lets the SMTP sink accept only as many messages as the test allows, so a send can be watched. */
class Allowance {
  private left = 0;
  private waiters: (() => void)[] = [];

  grant(n: number): void {
    this.left += n;
    while (this.left > 0 && this.waiters.length > 0) {
      this.left--;
      this.waiters.shift()?.();
    }
  }

  take(): Promise<void> {
    if (this.left > 0) {
      this.left--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Polls the page as it stands (no reload); the test's timeout bounds it. Page scripts would need eval, which the CSP forbids. */
async function until(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await sleep(200);
}

describe('the dashboard in a real browser', () => {
  const directory = new InMemorySubscriberDirectory();
  const catalog = new InMemoryArticleCatalog();
  const allowance = new Allowance();
  let database: TestDatabase;
  let sink: ScriptedSink;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    sink = await startScriptedSink({ gate: () => allowance.take() });
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database, { mail: { smtpUrl: sink.url, maxConnections: 1 }, delivery: { batchSize: 5, lanesPerConnection: 1 } }), { ports: testPorts(directory, catalog) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    allowance.grant(10_000);
    await browser?.close();
    await app?.close();
    await sink?.close();
    await database?.drop();
  });

  it('shows a sending issue and its progress moving without a reload', async () => {
    catalog.add(...fixtureCatalogArticles());
    for (let i = 0; i < READERS; i++) directory.add(`s${i}`, `leser${i}@ex.net`, ['huawei']);
    await createStaffUser(app, EDITOR);
    const newsletterId = await createNewsletter(app, 'huawei');
    const issueId = await buildIssue(app, newsletterId);
    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    allowance.grant(3);

    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${app.baseUrl}/admin/login`);
    await page.fill('#email', EDITOR.email);
    await page.fill('#password', EDITOR.password);
    await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('button[type="submit"]')]);
    const progress = page.locator('#sending-progress progress');
    await progress.waitFor();
    expect(await page.textContent('#sending-progress h3')).toContain('Huawei-News');
    // Resolution may still be running at first: wait for the bar to know its total.
    await until(async () => (await progress.getAttribute('max')) === String(READERS));
    const before = Number(await progress.getAttribute('value'));
    expect(before).toBeLessThan(READERS);
    expect(await seriousAxeViolations(page)).toEqual([]);

    allowance.grant(15);
    // The fragment is polled every few seconds; the same page (no navigation) shows the new count.
    await until(async () => Number(await progress.getAttribute('value')) > before);
    expect(await page.textContent('#sending-progress')).toMatch(/\d+ von 40 versendet/u);
    expect(await page.textContent('#sending-progress')).toMatch(/Nachrichten\/s/u);

    allowance.grant(10_000);
    await waitForStatus(app, issueId, 'sent');
    await page.waitForSelector('#sending-progress .empty', { timeout: 20_000 });
    expect(await page.textContent('#sending-progress .empty')).toBe('Gerade wird nichts versendet.');
    await page.reload();
    expect(await page.textContent('.stat-list')).toContain('40');
    await page.close();
  });
});
