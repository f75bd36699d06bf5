/* global fetch, URL */
// One benchmark run for BENCH_N recipients: Postbote end to end (send → last message accepted)
// versus plain nodemailer pushing one pre-rendered message through the same pool to the same sink
// (bench/plain-nodemailer.mjs, before and after Postbote). A second baseline pushes the message
// exactly as Postbote hands it to nodemailer (bodies already encoded): the transport's own
// ceiling, so the figures also show what Postbote's own work costs.
// The real app (createApp, default ports): N confirmed subscribers and the fixture articles are
// seeded into their own tables with bulk SQL, so recipients are resolved, checked and signed by
// the production code. The database is a fresh PostgreSQL database (BENCH_DATABASE_URL) or the
// embedded PostgreSQL server in a fresh DATA_DIR (its processes' memory is reported too).
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createApp } from '../dist/app.factory.js';
import { embeddedServerMemory } from './process-memory.mjs';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { MessageComposer } from '../dist/delivery/message-composer.js';
import { IssuesService } from '../dist/newsletters/issues.service.js';
import { personalise } from '../dist/rendering/digest-renderer.js';
import { SubscriberDirectory } from '../dist/subscribers/subscriber-directory.js';
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
  if (!admin) return { env: {}, drop: async () => undefined, kind: 'embedded PostgreSQL' };
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

/**
 * The baselines' payloads, for one reader of the issue: the message as Postbote composes it
 * (bodies encoded once per issue), and the same message with the personalised HTML and text as
 * strings, which is how plain nodemailer is used.
 */
async function sampleMessages(app, issueId) {
  const context = await app.get(IssuesService).getWithNewsletter(issueId);
  const reader = { id: 0, issueId, subscriberId: randomUUID(), email: 'reader1@bench.test', name: 'Leser 1', attempts: 0 };
  const composed = app.get(MessageComposer).compose(context, reader);
  const rendered = personalise(context.issue, { name: reader.name, ...app.get(SubscriberDirectory).linksFor(reader.subscriberId) });
  const dir = mkdtempSync(join(tmpdir(), 'postbote-bench-'));
  const files = { plain: join(dir, 'plain.json'), encoded: join(dir, 'encoded.json') };
  writeFileSync(files.plain, JSON.stringify({ ...composed, html: rendered.html, text: rendered.text }));
  writeFileSync(files.encoded, JSON.stringify(composed));
  return files;
}

/** The baselines' rates do not depend on N; capping their count keeps the 100k run short. */
const PLAIN_N = Math.min(N, 10_000);

function runPlainNodemailer(sink, messageFile) {
  const child = fork('bench/plain-nodemailer.mjs', [String(sink.port), String(PLAIN_N), String(CONNECTIONS), messageFile]);
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`plain nodemailer run exited with ${code}`))));
  });
}

/** Both baselines, each in its own process. */
async function runBaselines(sink, files) {
  return { plain: await runPlainNodemailer(sink, files.plain), encoded: await runPlainNodemailer(sink, files.encoded) };
}

async function waitForSink(sink, count) {
  let stats;
  do {
    await sleep(200);
    stats = await sink.stats();
    if (process.env.BENCH_TRACE) {
      const memory = process.memoryUsage();
      process.stderr.write(`${Date.now()} ${stats.count} rss=${(memory.rss / 2 ** 20).toFixed(0)}MB heapUsed=${(memory.heapUsed / 2 ** 20).toFixed(0)}MB\n`);
    }
  } while (stats.count < count);
  return stats;
}

/**
 * Baseline before and after Postbote (in their own processes), so drift in the machine's load
 * during the run does not favour either side; the baseline rate is their mean.
 */
async function run(sink, db) {
  const dataDir = mkdtempSync(join(tmpdir(), 'postbote-bench-'));
  chmodSync(dataDir, 0o711); // as root the embedded server runs as the postgres user
  const config = buildConfig(parseEnv({
    ...db.env, ROLE: 'all', PORT: '0', DATA_DIR: dataDir, SECRET_KEY: randomBytes(32).toString('hex'),
    BOOTSTRAP_ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://news.example.de', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SITE_IMPRINT: 'Beispiel Verlag GmbH',
    SMTP_MAX_CONNECTIONS: String(CONNECTIONS), SMTP_MAX_MESSAGES: '1000', LOG_LEVEL: 'warn', LOG_FORMAT: 'json',
    // Passed through so the lane setting can be compared; otherwise the default applies.
    ...(process.env.DELIVERY_LANES_PER_CONNECTION ? { DELIVERY_LANES_PER_CONNECTION: process.env.DELIVERY_LANES_PER_CONNECTION } : {}),
  }));
  const app = await createApp(config);
  await seed(app.get(DATABASE).executeSql);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const newsletter = await api(baseUrl, '/api/newsletters', {
    slug: SLUG, name: 'Huawei-News', tags: [SLUG], senderName: 'Huawei-News', senderAddress: 'news@news.example.de',
    footer: { imprint: 'Beispiel Verlag GmbH, Musterstraße 1, 10115 Berlin', responsibleEditor: 'Erika Mustermann' },
  });
  // The fixture articles predate the newsletter: only a welcome issue carries them.
  const issue = await api(baseUrl, `/api/newsletters/${newsletter.id}/issues`, { welcome: true });
  const messageFiles = await sampleMessages(app, issue.id);
  const baselinesBefore = await runBaselines(sink, messageFiles);
  const before = (await sink.stats()).count;
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  await api(baseUrl, `/api/issues/${issue.id}/send`, {});
  const stats = await waitForSink(sink, before + N);
  const cpu = process.cpuUsage(cpuBefore);
  const serverPssMb = embeddedServerMemory(dataDir).pssMb;
  const seconds = (stats.lastAt - started) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  await app.close();
  const after = await runBaselines(sink, messageFiles);
  return { seconds, rate: N / seconds, rssMb, serverPssMb, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / N, baselines: { before: baselinesBefore, after } };
}

const sink = await startSink();
const db = await database();
try {
  const postbote = await run(sink, db);
  const { before, after } = postbote.baselines;
  const summarise = (kind) => ({ rate: (before[kind].rate + after[kind].rate) / 2, rates: [before[kind].rate, after[kind].rate], cpuMsPerMessage: (before[kind].cpuMsPerMessage + after[kind].cpuMsPerMessage) / 2 });
  const plain = summarise('plain');
  const encoded = summarise('encoded');
  const result = { n: N, baselineN: PLAIN_N, database: db.kind, connections: CONNECTIONS, postboteRate: postbote.rate, postboteSeconds: postbote.seconds, peakRssMb: postbote.rssMb, serverPssMb: postbote.serverPssMb, cpuMsPerMessage: postbote.cpuMsPerMessage,
    plain, ratio: postbote.rate / plain.rate, encoded, ratioToEncoded: postbote.rate / encoded.rate };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  sink.stop();
  await db.drop();
}
process.exit(0);
