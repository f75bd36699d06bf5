/* global process, console, fetch, URL, URLSearchParams */
// Console benchmark: `npm run bench:console` (builds, then runs this file with plain node against
// dist/). Boots the API (ROLE=api: no workers, so nothing is sent meanwhile) on a fresh database,
// measures the "Heute" dashboard and its polled fragment on the empty database (the baseline of
// this run), then seeds BENCH_N readers (default 1,000,000) and a ledger of BENCH_LEDGER rows
// (default 1,000,000: one finished issue and one half-sent one) and measures again.
// PostgreSQL: DATABASE_URL names a server on which a scratch database is created and dropped;
// without it, the embedded default in a temporary DATA_DIR.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../dist/app.factory.js';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { DATABASE } from '../dist/db/db.module.js';
import { UsersService } from '../dist/users/users.service.js';

const READERS = Number(process.env.BENCH_N ?? 1_000_000);
const LEDGER = Number(process.env.BENCH_LEDGER ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const STAFF = { email: 'bench@redaktion.test', name: 'Bench', role: 'admin', password: 'bench password 123' };

async function scratchDatabase() {
  if (!process.env.DATABASE_URL) return { url: undefined, drop: async () => {} };
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `postbote_bench_console_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** Logs in like a browser: the login form's CSRF token and pre-session cookie, then the session cookie. */
async function login(base) {
  const form = await fetch(`${base}/admin/login`);
  const pre = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const body = new URLSearchParams({ _csrf: csrf, email: STAFF.email, password: STAFF.password });
  const res = await fetch(`${base}/admin/login`, { method: 'POST', body, redirect: 'manual', headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' } });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('pb_session='));
  if (!session) throw new Error(`login failed: HTTP ${res.status}`);
  return session.split(';')[0];
}

async function measure(base, cookie, path, headers = {}) {
  const times = [];
  for (let i = 0; i < ROUNDS + 5; i++) {
    const start = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie, ...headers } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    if (i >= 5) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95) };
}

async function seed(sql) {
  const started = performance.now();
  // Readers confirmed over the last 120 days, 3 % of them unsubscribed since: the chart's 90 days are full.
  await sql(`
    INSERT INTO subscribers (email, email_key, suppression_hash, status, source, created_at, confirmed_at, status_changed_at)
    SELECT 'leser' || g || '@bench.example', 'leser' || g || '@bench.example', md5(g::text),
           CASE WHEN g % 33 = 0 THEN 'unsubscribed' ELSE 'active' END, 'import',
           now() - (g % 120) * interval '1 day', now() - (g % 120) * interval '1 day',
           now() - (g % 90) * interval '1 day'
    FROM generate_series(1, $1::int) AS g`, [READERS]);
  const { rows: [newsletter] } = await sql(`
    INSERT INTO newsletters (slug, name, sender_name, sender_address, subject_template, footer)
    VALUES ('bench', 'Bench-Newsletter', 'Bench', 'news@bench.example', '{{firstTitle}}', '{"imprint":"Bench GmbH","responsibleEditor":"B. Ench"}')
    RETURNING id`);
  const issue = async (status, startedDaysAgo, recipients) =>
    (await sql(`
      INSERT INTO issues (id, newsletter_id, subject, html, text, locale, status, article_count, recipient_count, send_started_at, recipients_resolved_at)
      VALUES (gen_random_uuid(), $1, $2, '<p>x</p>', 'x', 'de', $3, 5, $4, now() - $5 * interval '1 day', now() - $5 * interval '1 day')
      RETURNING id`, [newsletter.id, `Bench ${status}`, status, recipients, startedDaysAgo])).rows[0].id;
  const finished = Math.floor(LEDGER * 0.6);
  const sending = LEDGER - finished;
  const sentId = await issue('sent', 2, finished);
  const sendingId = await issue('sending', 0, sending);
  await sql(`
    INSERT INTO deliveries (issue_id, subscriber_id, email, state, reason, sent_at)
    SELECT $1::uuid, 'sub-' || g, 'leser' || g || '@bench.example',
           CASE WHEN g % 100 = 0 THEN 'failed' WHEN g % 97 = 0 THEN 'rejected' ELSE 'sent' END,
           CASE WHEN g % 100 = 0 THEN 'temporary' WHEN g % 97 = 0 THEN 'unknown-mailbox' END,
           now() - interval '2 days'
    FROM generate_series(1, $2::int) AS g`, [sentId, finished]);
  await sql(`
    INSERT INTO deliveries (issue_id, subscriber_id, email, state, sent_at)
    SELECT $1::uuid, 'sub-' || g, 'leser' || g || '@bench.example', CASE WHEN g % 2 = 0 THEN 'sent' ELSE 'queued' END,
           CASE WHEN g % 2 = 0 THEN now() END
    FROM generate_series(1, $2::int) AS g`, [sendingId, sending]);
  await sql(`INSERT INTO bounce_events (email, type, source, received_at) SELECT 'leser' || g || '@bench.example', 'hard-bounce', 'generic', now() - (g % 10) * interval '1 day' FROM generate_series(1, 2000) AS g`);
  return (performance.now() - started) / 1000;
}

async function main() {
  const scratch = await scratchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'postbote-bench-console-'));
  const config = buildConfig(parseEnv({ DATA_DIR: dataDir, DATABASE_URL: scratch.url, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', ROLE: 'api', LOG_LEVEL: 'warn' }));
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const users = app.get(UsersService);
    const { link } = await users.invite({ tokenId: null, name: 'bench', role: 'admin' }, STAFF);
    await users.setPasswordWithLink(new URL(link).searchParams.get('token'), STAFF.password);
    const cookie = await login(base);
    const database = app.get(DATABASE);
    const sql = (text, values) => database.executeSql(text, values);
    const targets = [
      ['dashboard  GET /admin', '/admin', {}],
      ['fragment   GET /admin/today/sending', '/admin/today/sending', { 'hx-request': 'true' }],
    ];
    const baseline = [];
    for (const [, path, headers] of targets) baseline.push(await measure(base, cookie, path, headers));
    const seedSeconds = await seed(sql);
    const loaded = [];
    for (const [, path, headers] of targets) loaded.push(await measure(base, cookie, path, headers));
    console.log(`database: ${database.kind}; seeded ${READERS.toLocaleString('en')} readers and ${LEDGER.toLocaleString('en')} ledger rows in ${seedSeconds.toFixed(0)} s; ${ROUNDS} requests each, loopback round trip`);
    targets.forEach(([label], i) => {
      const [b, l] = [baseline[i], loaded[i]];
      console.log(`${label.padEnd(38)} empty: p50 ${b.p50.toFixed(1)} ms, p95 ${b.p95.toFixed(1)} ms | loaded: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms | p95 ratio ${(l.p95 / b.p95).toFixed(2)}`);
    });
  } finally {
    await app.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
