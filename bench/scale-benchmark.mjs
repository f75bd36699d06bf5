/* global fetch, URL, FormData, Blob, setInterval, clearInterval */
// One scale run for BENCH_N readers (default 1,000,000) on a fresh PostgreSQL database
// (BENCH_DATABASE_URL, default the machine's postgres://postgres@127.0.0.1:5432/test as admin):
// 1. import through the product's own path (CSV files of 100,000 rows to POST /api/subscribers/import);
// 2. send one issue to a counting SMTP sink (a child process); recipient resolution time, send rate,
//    and plain nodemailer through the same pool to the same sink as the send's baseline;
// 3. p50/p95 of stats, list, deep list page, search and export-first-byte, and the full export,
//    right after the send (before any manual VACUUM; autovacuum as the server has it);
// 4. the old path measured in the same run on the same data: the recipient page query and the
//    issue-stats count as they were before, at the start and at the end of the readers.
// BENCH_SEND_LIMIT stops the send measurement after that many messages (the rate is steady by
// then); the issue is then cancelled. Prints one JSON line last.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createApp } from '../dist/app.factory.js';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { DATABASE } from '../dist/db/db.module.js';
import { MessageComposer } from '../dist/delivery/message-composer.js';
import { IssuesService } from '../dist/newsletters/issues.service.js';
import { personalise } from '../dist/rendering/digest-renderer.js';
import { SubscriberDirectory } from '../dist/subscribers/subscriber-directory.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const SEND_LIMIT = Math.min(N, Number(process.env.BENCH_SEND_LIMIT ?? N));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 5);
const IMPORT_CHUNK = 100_000;
const SAMPLES = 20;
const TOKEN = randomBytes(24).toString('hex');
const SLUG = 'huawei';
const log = (line) => process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function freshDatabase() {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `postbote_scale_${randomBytes(4).toString('hex')}`;
  const run = async (text) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function startSink() {
  const child = fork('bench/smtp-sink.mjs');
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return next().then(({ port }) => ({ port, stats: () => (child.send('stats'), next()), stop: () => child.send('stop') }));
}

async function request(baseUrl, path, init = {}) {
  const response = await fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
}
const postJson = async (baseUrl, path, body) =>
  (await request(baseUrl, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const getJson = async (baseUrl, path) => (await request(baseUrl, path)).json();

async function importReaders(baseUrl) {
  const started = Date.now();
  for (let from = 0; from < N; from += IMPORT_CHUNK) {
    const rows = [];
    for (let i = from; i < Math.min(N, from + IMPORT_CHUNK); i++) rows.push(`reader${i}@bench${i % 97}.example,${i % 3 === 0 ? `Leser ${i}` : ''},${SLUG}`);
    const form = new FormData();
    form.append('mode', 'consent-documented');
    form.append('note', 'scale benchmark');
    form.append('file', new Blob([`email,name,newsletters\n${rows.join('\n')}\n`], { type: 'text/csv' }), 'readers.csv');
    const report = await (await request(baseUrl, '/api/subscribers/import', { method: 'POST', body: form })).json();
    if (report.accepted !== rows.length) throw new Error(`import accepted ${report.accepted} of ${rows.length}: ${JSON.stringify(report).slice(0, 500)}`);
    log(`imported ${from + report.accepted}`);
  }
  const seconds = (Date.now() - started) / 1000;
  return { seconds, rowsPerSecond: N / seconds };
}

function seedArticles(executeSql) {
  const posts = JSON.parse(readFileSync('test/fixtures/wordpress/posts-embed.json', 'utf8'));
  return Promise.all(
    // Published after the newsletter was created: its first issue takes only articles from then on.
    posts.map((p, i) =>
      executeSql(
        `INSERT INTO articles (canonical_url, title, excerpt, image_url, published_at, tags, tag_slugs, categories, status, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text[], '[]'::jsonb, 'published', md5($1))`,
        [p.link, p.title.rendered.replace(/<[^>]+>/g, ''), p.excerpt.rendered.replace(/<[^>]+>/g, '').trim(), p._embedded?.['wp:featuredmedia']?.[0]?.source_url ?? null, new Date(Date.now() - i * 1000), JSON.stringify([{ name: 'Huawei', slug: SLUG }]), [SLUG]],
      ),
    ),
  );
}

/** p50 and p95 in ms of `samples` sequential runs of `work`. */
async function percentiles(work, samples = SAMPLES) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { p50: at(0.5), p95: at(0.95) };
}

/** Resident memory of the database server's processes serving this database (private pages). */
function databaseRssMb(executeSql) {
  return executeSql(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`).then(({ rows }) => {
    let kb = 0;
    for (const { pid } of rows) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        kb += Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0);
      } catch {
        // a backend that ended meanwhile
      }
    }
    return kb / 1024;
  });
}

/** The recipient page query and the stats count as they were before this change (the old path). */
const OLD_PAGE = `SELECT id, email, name, locale FROM subscribers s
  WHERE status = 'active' AND paused = false
    AND EXISTS (SELECT 1 FROM subscriber_newsletters sn WHERE sn.subscriber_id = s.id AND sn.slug = $1)
    AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.hash = s.suppression_hash)
    AND ($2::uuid IS NULL OR s.id > $2::uuid)
  ORDER BY id LIMIT 2000`;
const NEW_PAGE = `SELECT s.id, s.email, s.name, s.locale FROM subscriber_newsletters sn JOIN subscribers s ON s.id = sn.subscriber_id
  WHERE sn.slug = $1 AND s.status = 'active' AND s.paused = false
    AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.hash = s.suppression_hash)
    AND ($2::uuid IS NULL OR (sn.subscriber_id > $2::uuid AND s.id > $2::uuid))
  ORDER BY sn.subscriber_id LIMIT 2000`;
const OLD_STATS = `SELECT state, reason, count(*) FROM deliveries WHERE issue_id = $1 GROUP BY state, reason`;

async function oldPath(executeSql, issueId) {
  const { rows } = await executeSql(`SELECT id FROM subscribers ORDER BY id OFFSET $1 LIMIT 1`, [Math.max(0, N - 2001)]);
  const nearEnd = rows[0]?.id ?? null;
  const page = async (text, cursor) => (await percentiles(() => executeSql(text, [SLUG, cursor]), 5)).p50;
  const result = {
    pageAtStart: { old: await page(OLD_PAGE, null), new: await page(NEW_PAGE, null) },
    pageAtEnd: { old: await page(OLD_PAGE, nearEnd), new: await page(NEW_PAGE, nearEnd) },
    statsCount: {
      old: (await percentiles(() => executeSql(OLD_STATS, [issueId]), 5)).p50,
      new: (await percentiles(() => executeSql('SELECT state, reason, erased, n FROM delivery_counts WHERE issue_id = $1', [issueId]), 5)).p50,
    },
  };
  return result;
}

async function sampleMessages(app, issueId) {
  const context = await app.get(IssuesService).getWithNewsletter(issueId);
  const reader = { id: 0, issueId, subscriberId: randomUUID(), email: 'reader1@bench1.example', name: 'Leser 1', attempts: 0 };
  const composed = app.get(MessageComposer).compose(context, reader);
  const rendered = personalise(context.issue, { name: reader.name, ...app.get(SubscriberDirectory).linksFor(reader.subscriberId) });
  const file = join(mkdtempSync(join(tmpdir(), 'postbote-scale-')), 'plain.json');
  writeFileSync(file, JSON.stringify({ ...composed, html: rendered.html, text: rendered.text }));
  return file;
}

function plainNodemailer(sink, file) {
  const child = fork('bench/plain-nodemailer.mjs', [String(sink.port), String(Math.min(SEND_LIMIT, 10_000)), String(CONNECTIONS), file]);
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`plain nodemailer exited with ${code}`))));
  });
}

async function main() {
  const db = await freshDatabase();
  const sink = await startSink();
  let peakDbRssMb = 0;
  let app;
  let watchDb;
  try {
    const config = buildConfig(parseEnv({
      DATABASE_URL: db.url, ROLE: 'all', PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'postbote-scale-')), SECRET_KEY: randomBytes(32).toString('hex'),
      BOOTSTRAP_ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://news.example.de', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SITE_IMPRINT: 'Beispiel Verlag GmbH',
      MAIL_FROM: 'Huawei-News <news@news.example.de>', SITE_NAME: 'Beispiel', SMTP_MAX_CONNECTIONS: String(CONNECTIONS), SMTP_MAX_MESSAGES: '1000', LOG_LEVEL: 'warn', LOG_FORMAT: 'json',
    }));
    app = await createApp(config);
    const executeSql = app.get(DATABASE).executeSql;
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    watchDb = setInterval(() => void databaseRssMb(executeSql).then((mb) => (peakDbRssMb = Math.max(peakDbRssMb, mb))), 2000);

    const newsletter = await postJson(baseUrl, '/api/newsletters', {
      slug: SLUG, name: 'Huawei-News', tags: [SLUG], senderName: 'Huawei-News', senderAddress: 'news@news.example.de',
      footer: { imprint: 'Beispiel Verlag GmbH, Musterstraße 1, 10115 Berlin', responsibleEditor: 'Erika Mustermann' },
    });
    const imported = await importReaders(baseUrl);
    await seedArticles(executeSql);
    const issue = await postJson(baseUrl, `/api/newsletters/${newsletter.id}/issues`, {});
    const messageFile = await sampleMessages(app, issue.id);
    const plainBefore = await plainNodemailer(sink, messageFile);

    const sentBefore = (await sink.stats()).count;
    const sendStarted = Date.now();
    await postJson(baseUrl, `/api/issues/${issue.id}/send`, {});
    let view;
    do {
      await sleep(250);
      view = await getJson(baseUrl, `/api/issues/${issue.id}`);
    } while (view.stats.resolvingRecipients);
    const resolutionSeconds = (Date.now() - sendStarted) / 1000;
    log(`resolved ${view.stats.recipients} recipients in ${resolutionSeconds.toFixed(1)} s`);
    const statsDuringSend = await percentiles(() => getJson(baseUrl, `/api/issues/${issue.id}`));
    log(`stats while sending: ${JSON.stringify(statsDuringSend)}; plain nodemailer before: ${plainBefore.rate.toFixed(0)} msg/s`);
    let sink1;
    do {
      await sleep(1000);
      sink1 = await sink.stats();
    } while (sink1.count - sentBefore < SEND_LIMIT);
    const sendSeconds = (sink1.lastAt - sendStarted) / 1000;
    const sent = sink1.count - sentBefore;
    log(`${sent} messages accepted in ${sendSeconds.toFixed(1)} s`);
    if (SEND_LIMIT < N) await postJson(baseUrl, `/api/issues/${issue.id}/cancel`, {});
    else while ((await getJson(baseUrl, `/api/issues/${issue.id}`)).status !== 'sent') await sleep(500);
    const plainAfter = await plainNodemailer(sink, messageFile);
    const plainRate = (plainBefore.rate + plainAfter.rate) / 2;

    // Right after the send, before any manual VACUUM.
    const firstPage = await getJson(baseUrl, '/api/subscribers?limit=50');
    let deepCursor = firstPage.nextCursor;
    for (let i = 0; i < 40; i++) {
      const next = (await getJson(baseUrl, `/api/subscribers?limit=500&cursor=${deepCursor}`)).nextCursor;
      if (!next) break;
      deepCursor = next;
    }
    const endpoints = {
      stats: await percentiles(() => getJson(baseUrl, `/api/issues/${issue.id}`)),
      list: await percentiles(() => getJson(baseUrl, '/api/subscribers?limit=50')),
      listDeepPage: await percentiles(() => getJson(baseUrl, `/api/subscribers?limit=50&cursor=${deepCursor}`)),
      listByStatus: await percentiles(() => getJson(baseUrl, '/api/subscribers?limit=50&status=active')),
      searchEmail: await percentiles((i) => getJson(baseUrl, `/api/subscribers?limit=50&q=reader${(i * 7919) % N}@`)),
      exportFirstByte: await percentiles(async () => {
        const response = await request(baseUrl, '/api/subscribers/export.csv');
        const reader = response.body.getReader();
        await reader.read();
        await reader.cancel();
      }, 5),
    };
    log(`endpoints: ${JSON.stringify(endpoints)}`);
    const exportStarted = Date.now();
    const exported = await (await request(baseUrl, '/api/subscribers/export.csv')).text();
    const exportSeconds = (Date.now() - exportStarted) / 1000;
    const exportedRows = exported.split('\n').filter(Boolean).length - 1;
    log(`full export: ${exportedRows} rows in ${exportSeconds.toFixed(1)} s`);
    const old = await oldPath(executeSql, issue.id);
    log(`old path: ${JSON.stringify(old)}`);
    clearInterval(watchDb);
    const postboteRssMb = process.resourceUsage().maxRSS / 1024;
    await app.close();
    app = undefined;
    const sendRate = sent / sendSeconds;
    return {
      n: N, sendLimit: SEND_LIMIT, import: imported, resolutionSeconds, recipients: view.stats.recipients,
      send: { sent, seconds: sendSeconds, rate: sendRate, plainNodemailer: plainRate, ratio: sendRate / plainRate },
      statsDuringSend, endpoints, export: { seconds: exportSeconds, rows: exportedRows, megabytes: exported.length / 2 ** 20 },
      oldPath: { ...old, pageAtEndRatio: old.pageAtEnd.old / old.pageAtEnd.new, statsRatio: old.statsCount.old / old.statsCount.new },
      peakRssMb: { postbote: postboteRssMb, database: peakDbRssMb },
      databaseSizeMb: Number((await pgSize(db.url)) / 2 ** 20),
    };
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    throw error;
  } finally {
    clearInterval(watchDb);
    await app?.close().catch(() => undefined);
    sink.stop();
    if (!process.env.BENCH_KEEP_DATABASE) await db.drop();
  }
}

async function pgSize(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT pg_database_size(current_database()) AS bytes');
  await client.end();
  return Number(rows[0].bytes);
}

const result = await main();
const ms = (p) => `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms`;
process.stdout.write(
  [
    `N=${N} readers (PostgreSQL), send measured over ${result.send.sent} messages`,
    `import: ${result.import.rowsPerSecond.toFixed(0)} rows/s (${result.import.seconds.toFixed(1)} s)`,
    `recipient resolution: ${result.resolutionSeconds.toFixed(1)} s for ${result.recipients}`,
    `send: ${result.send.rate.toFixed(0)} msg/s; plain nodemailer ${result.send.plainNodemailer.toFixed(0)} msg/s -> ratio ${result.send.ratio.toFixed(2)}`,
    `stats while sending: ${ms(result.statsDuringSend)}; after: ${ms(result.endpoints.stats)}`,
    `list: ${ms(result.endpoints.list)}; deep page: ${ms(result.endpoints.listDeepPage)}; by status: ${ms(result.endpoints.listByStatus)}`,
    `search by email: ${ms(result.endpoints.searchEmail)}; export first byte: ${ms(result.endpoints.exportFirstByte)}`,
    `full export: ${result.export.seconds.toFixed(1)} s, ${result.export.rows} rows, ${result.export.megabytes.toFixed(1)} MB`,
    `old path, recipient page at the end: ${result.oldPath.pageAtEnd.old.toFixed(1)} ms vs ${result.oldPath.pageAtEnd.new.toFixed(1)} ms -> ${result.oldPath.pageAtEndRatio.toFixed(1)}x; at the start ${result.oldPath.pageAtStart.old.toFixed(1)} vs ${result.oldPath.pageAtStart.new.toFixed(1)} ms`,
    `old path, stats count: ${result.oldPath.statsCount.old.toFixed(1)} ms vs the counters ${result.oldPath.statsCount.new.toFixed(1)} ms -> ${result.oldPath.statsRatio.toFixed(1)}x`,
    `peak RSS: Postbote ${result.peakRssMb.postbote.toFixed(0)} MB, database backends ${result.peakRssMb.database.toFixed(0)} MB; database size ${result.databaseSizeMb.toFixed(0)} MB`,
    JSON.stringify(result),
  ].join('\n') + '\n',
);
process.exit(0);
