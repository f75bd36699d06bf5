/* global fetch, URL */
// One benchmark run for BENCH_N recipients: Postbote end to end (send → last message accepted)
// versus plain nodemailer pushing one pre-rendered message through the same pool to the same sink.
// The real app (createApp, default ports): N confirmed subscribers and the fixture articles are
// seeded into their own tables with bulk SQL, so recipients are resolved, checked and signed by
// the production code. The database is a fresh PostgreSQL database (BENCH_DATABASE_URL) or PGlite.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { createApp } from '../dist/app.factory.js';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { toNodemailerMessage } from '../dist/mail/mail-transport.js';
import { smtpPoolOptions } from '../dist/mail/smtp.transport.js';
import { DATABASE } from '../dist/db/db.module.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 5);
const TOKEN = randomBytes(24).toString('hex');
const SLUG = 'huawei';

/** The fixture posts as article rows tagged for the benchmark newsletter. */
function fixtureArticles() {
  return JSON.parse(readFileSync('test/fixtures/wordpress/posts-embed.json', 'utf8')).map((p) => ({
    url: p.link,
    title: p.title.rendered.replace(/<[^>]+>/g, ''),
    excerpt: p.excerpt.rendered.replace(/<[^>]+>/g, '').trim(),
    imageUrl: p._embedded?.['wp:featuredmedia']?.[0]?.source_url ?? null,
    publishedAt: `${p.date_gmt}Z`,
  }));
}

/** N active subscribers of the newsletter (one INSERT … SELECT generate_series) and the articles. */
async function seed(executeSql) {
  await executeSql(
    `INSERT INTO subscribers (email, email_key, suppression_hash, name, status, locale, source, confirmed_at)
     SELECT 'reader' || i || '@bench.test', 'reader' || i || '@bench.test', md5('bench' || i), CASE WHEN i % 3 = 0 THEN 'Leser ' || i END, 'active', 'de', 'import', now()
     FROM generate_series(1, $1::int) AS i`,
    [N],
  );
  await executeSql(`INSERT INTO subscriber_newsletters (subscriber_id, slug) SELECT id, $1 FROM subscribers`, [SLUG]);
  for (const a of fixtureArticles()) {
    await executeSql(
      `INSERT INTO articles (canonical_url, title, excerpt, image_url, published_at, tags, tag_slugs, categories, status, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text[], '[]'::jsonb, 'published', md5($1))`,
      [a.url, a.title, a.excerpt, a.imageUrl, a.publishedAt, JSON.stringify([{ name: 'Huawei', slug: SLUG }]), [SLUG]],
    );
  }
  await executeSql('ANALYZE');
}

function startSink() {
  const child = fork('bench/smtp-sink.mjs');
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return next().then(({ port }) => ({ port, stats: () => (child.send('stats'), next()), stop: () => child.send('stop') }));
}

async function database() {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return { env: {}, drop: async () => undefined, kind: 'PGlite' };
  const name = `postbote_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const drop = async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  return { env: { DATABASE_URL: url.toString() }, drop, kind: 'PostgreSQL' };
}

async function api(baseUrl, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function runPostbote(sink, db) {
  const config = buildConfig(parseEnv({
    ...db.env, ROLE: 'all', PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'postbote-bench-')), SECRET_KEY: randomBytes(32).toString('hex'),
    BOOTSTRAP_ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://news.example.de', SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    SMTP_MAX_CONNECTIONS: String(CONNECTIONS), SMTP_MAX_MESSAGES: '1000', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DELIVERY_POLL_MS: '100', JOBS_POLL_INTERVAL_S: '0.5',
  }));
  const app = await createApp(config);
  await seed(app.get(DATABASE).executeSql);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const newsletter = await api(baseUrl, '/api/newsletters', {
    slug: SLUG, name: 'Huawei-News', tags: [SLUG], senderName: 'Huawei-News', senderAddress: 'news@news.example.de',
    footer: { imprint: 'Beispiel Verlag GmbH, Musterstraße 1, 10115 Berlin', responsibleEditor: 'Erika Mustermann' },
  });
  const issue = await api(baseUrl, `/api/newsletters/${newsletter.id}/issues`, {});
  const before = (await sink.stats()).count;
  const started = Date.now();
  await api(baseUrl, `/api/issues/${issue.id}/send`, {});
  let stats;
  do {
    await sleep(200);
    stats = await sink.stats();
  } while (stats.count - before < N);
  const seconds = (stats.lastAt - started) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const { subject } = await api(baseUrl, `/api/issues/${issue.id}`);
  const html = await (await fetch(`${baseUrl}/api/issues/${issue.id}/preview`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  await app.close();
  return { seconds, rate: N / seconds, rssMb, sample: { subject, html } };
}

async function runPlainNodemailer(sink, sample) {
  const transporter = nodemailer.createTransport(smtpPoolOptions({ url: `smtp://127.0.0.1:${sink.port}`, maxConnections: CONNECTIONS, maxMessages: 1000 }));
  const message = toNodemailerMessage({ from: { name: 'Huawei-News', address: 'news@news.example.de' }, to: 'reader@bench.test', subject: sample.subject, html: sample.html, text: sample.html.replace(/<[^>]+>/g, ' ') });
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    while (next < N) {
      next++;
      await transporter.sendMail(message);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS * 2 }, lane));
  const seconds = (Date.now() - started) / 1000;
  transporter.close();
  return { seconds, rate: N / seconds };
}

const sink = await startSink();
const db = await database();
try {
  const postbote = await runPostbote(sink, db);
  const plain = await runPlainNodemailer(sink, postbote.sample);
  const result = { n: N, database: db.kind, connections: CONNECTIONS, postboteRate: postbote.rate, postboteSeconds: postbote.seconds, plainRate: plain.rate, ratio: postbote.rate / plain.rate, peakRssMb: postbote.rssMb };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  sink.stop();
  await db.drop();
}
process.exit(0);
