/* global process, console, URL */
// `npm run screenshots`: renders the console's pages at 1280 px and 375 px into docs/screenshots/
// with Debian's Chromium. Boots Postbote on a scratch embedded database (or a scratch database on
// DATABASE_URL's server), creates an admin, some readers and a half-sent issue so the dashboard
// has something to show, then logs in and photographs each page.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { createApp } from '../dist/app.factory.js';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { DATABASE } from '../dist/db/db.module.js';
import { UsersService } from '../dist/users/users.service.js';

const OUT = 'docs/screenshots';
const ADMIN = { email: 'erika@redaktion.example', name: 'Erika Mustermann', role: 'admin', password: 'Morgenkonferenz um neun' };
const PAGES = [
  ['login', '/admin/login', false],
  ['dashboard', '/admin', true],
  ['account', '/admin/account', true],
];
const WIDTHS = [1280, 375];

async function scratchDatabase() {
  if (!process.env.DATABASE_URL) return { url: undefined, drop: async () => {} };
  const name = `postbote_screens_${randomBytes(4).toString('hex')}`;
  const run = async (text) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Readers over 90 days and an issue half sent, straight into the tables (as the bench does). */
async function sampleData(sql) {
  await sql(`
    INSERT INTO subscribers (email, email_key, suppression_hash, status, source, created_at, confirmed_at, status_changed_at)
    SELECT 'leser' || g || '@example.de', 'leser' || g || '@example.de', md5(g::text),
           CASE WHEN g % 17 = 0 THEN 'unsubscribed' ELSE 'active' END, 'form',
           now() - ((g * 7919) % 90) * interval '1 day', now() - ((g * 7919) % 90) * interval '1 day', now() - ((g * 104729) % 90) * interval '1 day'
    FROM generate_series(1, 4000) AS g`);
  const { rows: [newsletter] } = await sql(`
    INSERT INTO newsletters (slug, name, sender_name, sender_address, subject_template, footer)
    VALUES ('huawei', 'Huawei-News', 'Huawei-News', 'news@example.de', '{{firstTitle}}', '{"imprint":"Beispiel Verlag GmbH","responsibleEditor":"Erika Mustermann"}')
    RETURNING id`);
  const { rows: [issue] } = await sql(`
    INSERT INTO issues (id, newsletter_id, subject, html, text, locale, status, article_count, recipient_count, send_started_at, recipients_resolved_at)
    VALUES (gen_random_uuid(), $1, 'Huawei Mate 80 im Test – und 4 weitere Artikel', '<p>x</p>', 'x', 'de', 'sending', 5, 3760, now() - interval '90 seconds', now() - interval '85 seconds')
    RETURNING id`, [newsletter.id]);
  await sql(`
    INSERT INTO deliveries (issue_id, subscriber_id, email, state, sent_at)
    SELECT $1::uuid, 'sub-' || g, 'leser' || g || '@example.de', CASE WHEN g <= 2410 THEN 'sent' WHEN g <= 2416 THEN 'failed' ELSE 'queued' END, CASE WHEN g <= 2410 THEN now() END
    FROM generate_series(1, 3760) AS g`, [issue.id]);
  await sql(`INSERT INTO schedules (newsletter_id, kind, cron_expression, time_zone, active_since) VALUES ($1, 'cron', '0 7 * * 1-5', 'Europe/Berlin', now())`, [newsletter.id]);
}

async function main() {
  const scratch = await scratchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'postbote-screens-'));
  const config = buildConfig(parseEnv({ DATA_DIR: dataDir, DATABASE_URL: scratch.url, SECRET_KEY: 'screens-secret-key-0123456789abcdef0123456789', ROLE: 'api', LOG_LEVEL: 'warn' }));
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const users = app.get(UsersService);
    const { link } = await users.invite({ tokenId: null, name: 'screenshots', role: 'admin' }, ADMIN);
    await users.setPasswordWithLink(new URL(link).searchParams.get('token'), ADMIN.password);
    const database = app.get(DATABASE);
    await sampleData((text, values) => database.executeSql(text, values));
    mkdirSync(OUT, { recursive: true });
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'de-DE', colorScheme: 'light' });
      const page = await context.newPage();
      for (const [name, path, needsLogin] of PAGES) {
        if (needsLogin && new URL(page.url() === 'about:blank' ? base : page.url()).pathname.endsWith('/login')) {
          await page.fill('#email', ADMIN.email);
          await page.fill('#password', ADMIN.password);
          await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type="submit"]')]);
        }
        await page.goto(`${base}${path}`);
        const file = join(OUT, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${file}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
