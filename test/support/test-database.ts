import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A database of the test file's own on the run's server (see global-setup.mjs), so parallel test
 * files never see each other's rows; plus a DATA_DIR for the files Postbote keeps beside it.
 */
export interface TestDatabase {
  /** @deprecated always 'postgres': every pass runs on a real PostgreSQL server. */
  kind: 'postgres';
  /** For AppConfig.database.url / DATABASE_URL. */
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** false: an empty database, for tests of the migrations themselves. Default: migrated. */
  migrated?: boolean;
}

/** @deprecated always true: both passes (embedded and external) run on a real PostgreSQL server. */
export const usingPostgres = (): boolean => true;

// Set by global-setup.mjs.
const ADMIN_URL_ENV = 'POSTBOTE_TEST_ADMIN_URL';
const TEMPLATE_ENV = 'POSTBOTE_TEST_TEMPLATE';

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!adminUrl || !template) throw new Error(`${ADMIN_URL_ENV} is not set: run the tests through jest, whose global setup starts the database server`);
  const dataDir = mkdtempSync(join(tmpdir(), 'postbote-test-'));
  // As root, an embedded server started by a test on this DATA_DIR runs as the postgres user.
  chmodSync(dataDir, 0o711);
  const name = `postbote_test_${randomBytes(6).toString('hex')}`;
  const source = options.migrated === false ? 'template0' : template;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
  return {
    kind: 'postgres',
    url: databaseUrl(adminUrl, name),
    dataDir,
    drop: async () => {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
