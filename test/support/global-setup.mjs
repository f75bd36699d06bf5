// Jest global setup: the database server of one test run, shared by every test file — the
// embedded server (what `npm test` proves) or, with TEST_DATABASE_URL, the machine's PostgreSQL.
// A template database is migrated once; each test file copies it (CREATE DATABASE … TEMPLATE,
// see test-database.ts), which takes milliseconds instead of a migration per file.
// Plain JavaScript because jest loads global setup outside its module mapping: it imports the
// built server code (`npm test` builds first); migrations are read from src/db/migrations.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { EmbeddedServer } from '#src/db/embedded-server/embedded-server.js';
import { migrate } from '#src/db/migrator.js';

// Durability buys nothing in a throw-away cluster; these make it several times faster.
const TEST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' };

export default async function globalSetup() {
  const external = process.env.TEST_DATABASE_URL;
  let server;
  let dataDir;
  if (!external) {
    dataDir = mkdtempSync(join(tmpdir(), 'postbote-test-server-'));
    // As root the server runs as the postgres user, who must be able to enter the directory.
    chmodSync(dataDir, 0o711);
    server = await EmbeddedServer.attach({ dataDir, settings: TEST_SETTINGS });
    // An interrupted run (Ctrl-C) must not leave the server behind.
    process.once('exit', () => server.detachNow());
  }
  const adminUrl = external ?? server.urlFor('postgres');
  const template = `postbote_template_${process.pid}_${Date.now().toString(36)}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  await migrateTemplate(databaseUrl(adminUrl, template));

  globalThis.postboteTestServer = {
    stop: async () => {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)).catch(() => undefined);
      await server?.detach();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // Test files run in worker processes started after this; they inherit the environment.
  process.env.POSTBOTE_TEST_ADMIN_URL = adminUrl;
  process.env.POSTBOTE_TEST_TEMPLATE = template;
}

async function migrateTemplate(url) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool));
  } finally {
    await pool.end();
  }
  // pg-boss's schema too, so no test file waits for it.
  const boss = new PgBoss({ connectionString: url, max: 1, schema: 'pgboss', supervise: false, migrate: true, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

function databaseUrl(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
