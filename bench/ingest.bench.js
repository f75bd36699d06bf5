/* global process, console */
// Ingest benchmark: `npm run bench:ingest` (builds, then runs this file with plain node against dist/).
// Polls a 5,000-item RSS feed from a local HTTP server through the real poller and database
// (the embedded PostgreSQL server in a temp DATA_DIR, or DATABASE_URL), then polls again while nothing changed.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../dist/app.factory.js';
import { buildConfig, parseEnv } from '../dist/config/load-config.js';
import { SourcePollerService } from '../dist/sources/source-poller.service.js';
import { SourcesService } from '../dist/sources/sources.service.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 5000);

function feed(count, site) {
  const items = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
    items.push(
      `<item><title>Artikel ${i}: Huawei &amp; Co.</title><link>https://${site}.example/${i}/</link><guid>${site}-${i}</guid>` +
        `<pubDate>${date}</pubDate><category><![CDATA[Huawei]]></category><category><![CDATA[Smartphones]]></category>` +
        `<description><![CDATA[<p>Erster Absatz des Artikels ${i} mit etwas Text, damit der Auszug nach echtem Inhalt aussieht.</p><p>via Quelle</p>]]></description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link>${items.join('')}</channel></rss>`;
}

async function main() {
  const bodies = { '/plain': feed(ITEMS, 'plain'), '/etag': feed(ITEMS, 'etag') };
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
    for (const path of ['/plain', '/etag']) {
      const { id } = await sources.create({ name: `bench ${path}`, kind: 'rss', url: `${base}${path}`, enabled: false });
      const first = await timed(() => poller.poll(id, 'manual'));
      const second = await timed(() => poller.poll(id, 'manual'));
      if (first.result.created !== ITEMS) throw new Error(`expected ${ITEMS} created, got ${JSON.stringify(first.result)}`);
      console.log(`${path === '/etag' ? 'ETag / 304      ' : 'no validators   '} first poll: ${ITEMS} items in ${first.ms.toFixed(0)} ms = ${((ITEMS / first.ms) * 1000).toFixed(0)} items/s`);
      console.log(`                 unchanged poll (${second.result.status}): ${second.ms.toFixed(1)} ms = ${((second.ms / first.ms) * 100).toFixed(2)} % of the first`);
    }
  } finally {
    await app.close();
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

await main();
