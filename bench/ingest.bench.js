/* global process, console, Buffer */
// Ingest benchmark: `npm run bench:ingest` (builds, then runs this file with plain node against dist/).
// Polls a 5,000-item RSS feed from a local HTTP server through the real poller and database
// (the embedded PostgreSQL server in a temp DATA_DIR, or DATABASE_URL), then polls again while nothing changed; the
// same for a feed with the defects real sites produce (blank line before <?xml, ISO-8859-1 label
// on windows-1252 bytes, bare "&"). Then parses both in this process, against a baseline measured
// in the same run: the feed library alone on the same text.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFeed } from '@rowanmanning/feed-parser';
import iconv from 'iconv-lite';
import { createApp } from '../dist/app.factory.js';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { parseFeedBody } from '../dist/sources/feed-parser.js';
import { SourcePollerService } from '../dist/sources/source-poller.service.js';
import { SourcesService } from '../dist/sources/sources.service.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 5000);

function feed(count, site, { defects = false } = {}) {
  const items = [];
  const amp = defects ? '&' : '&amp;';
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
    items.push(
      `<item><title>Artikel ${i}: Huawei ${amp} Co. – „Preis“ 99 €</title><link>https://${site}.example/${i}/?a=1${amp}b=2</link><guid>${site}-${i}</guid>` +
        `<pubDate>${date}</pubDate><category><![CDATA[Huawei]]></category><category><![CDATA[Smartphones]]></category>` +
        `<description><![CDATA[<p>Erster Absatz des Artikels ${i} mit etwas Text, damit der Auszug nach echtem Inhalt aussieht.</p><p>via Quelle</p>]]></description></item>`,
    );
  }
  const prolog = defects ? '\n\n<?xml version="1.0" encoding="ISO-8859-1"?>' : '<?xml version="1.0" encoding="UTF-8"?>';
  const xml = `${prolog}<rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link>${items.join('')}</channel></rss>`;
  return defects ? iconv.encode(xml, 'windows-1252') : Buffer.from(xml);
}

async function main() {
  const bodies = { '/plain': feed(ITEMS, 'plain'), '/etag': feed(ITEMS, 'etag'), '/defects': feed(ITEMS, 'defects', { defects: true }) };
  const labels = { '/plain': 'no validators   ', '/etag': 'ETag / 304      ', '/defects': 'with defects    ' };
  // Two paths: no validators (the body hash detects "unchanged") and ETag (the server answers 304).
  const server = createServer((req, res) => {
    if (req.url === '/etag' && req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...(req.url === '/etag' ? { etag: '"v1"' } : {}) }).end(bodies[req.url]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'postbote-bench-'));
  chmodSync(dataDir, 0o711); // as root the embedded server runs as the postgres user
  const config = buildConfig(
    parseEnv({ DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', ROLE: 'api', LOG_LEVEL: 'warn', ALLOW_PRIVATE_SOURCES: 'true' }),
  );
  const app = await createApp(config);
  await app.init();
  try {
    const sources = app.get(SourcesService);
    const poller = app.get(SourcePollerService);
    for (const path of ['/plain', '/etag', '/defects']) {
      const { id } = await sources.create({ name: `bench ${path}`, kind: 'rss', url: `${base}${path}`, enabled: false });
      const first = await timed(() => poller.poll(id, 'manual'));
      const second = await timed(() => poller.poll(id, 'manual'));
      if (first.result.status === 'failed' && path === '/defects') {
        console.log(`${labels[path]} first poll failed: ${first.result.error}`); // the code before feeds in the wild were read
        continue;
      }
      if (first.result.created !== ITEMS) throw new Error(`expected ${ITEMS} created, got ${JSON.stringify(first.result)}`);
      console.log(`${labels[path]} first poll: ${ITEMS} items in ${first.ms.toFixed(0)} ms = ${((ITEMS / first.ms) * 1000).toFixed(0)} items/s`);
      console.log(`                 unchanged poll (${second.result.status}): ${second.ms.toFixed(1)} ms = ${((second.ms / first.ms) * 100).toFixed(2)} % of the first`);
    }
    parseAgainstLibrary(bodies['/plain'], bodies['/defects']);
  } finally {
    await app.close();
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Parse only, no database: Postbote's reader (decoding, repairs, mapping, excerpts) against the
 * feed library alone reading each item's title, link and description elements from the same text
 * (its element API: its item getters scan the channel per item, which is quadratic). The median of
 * 5 runs each, alternating, so both see the same machine load.
 */
function parseAgainstLibrary(clean, defects) {
  const cases = [
    ['clean UTF-8   ', clean, () => clean.toString('utf8')],
    ['with defects  ', defects, () => iconv.decode(defects, 'windows-1252').trimStart().replaceAll(' & ', ' &amp; ').replaceAll('1&b', '1&amp;b')],
  ];
  for (const [label, body, text] of cases) {
    const library = [];
    const postbote = [];
    try {
      for (let run = 0; run < 5; run++) {
        library.push(timedSync(() => parseFeed(text()).items.map((item) => ['title', 'link', 'description'].map((n) => item.element.findElementWithName(n)?.textContent))));
        postbote.push(timedSync(() => parseFeedBody(body, { feedUrl: 'https://bench.example/feed/' })));
      }
    } catch (error) {
      console.log(`parse only, ${label} failed: ${error.reason ?? error.message}`);
      continue;
    }
    const [lib, ours] = [median(library), median(postbote)];
    console.log(`parse only, ${label} ${ITEMS} items: feed library alone ${lib.toFixed(0)} ms, Postbote ${ours.toFixed(0)} ms, ratio ${(ours / lib).toFixed(2)}`);
  }
}

function timedSync(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

await main();
