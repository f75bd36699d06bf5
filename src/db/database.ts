import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { acquireDataDirLock } from './pglite-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/**
 * The Drizzle handle every repository uses. PGlite's and node-postgres' Drizzle classes share the
 * query builder; we type both as the node-postgres flavour so repositories are written once.
 */
export type Db = NodePgDatabase<Schema>;

export type SqlResult = { rows: Record<string, unknown>[] };
/** Raw SQL for libraries that bring their own queries (pg-boss). */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<SqlResult>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  readonly executeSql: ExecuteSql;
  close(): Promise<void>;
}

export async function openDatabase(options: { url?: string; dataDir: string; poolMax: number }): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolMax) : openPglite(options.dataDir);
}

function openPostgres(url: string, poolMax: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: 'postbote' });
  // An idle client losing its connection (PostgreSQL restart) must not crash the process.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    db: drizzlePg(pool, { schema }),
    executeSql: async (text, values) => pool.query(text, values as unknown[]),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const release = acquireDataDirLock(join(dataDir, 'pglite.lock'));
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (error) {
    release();
    throw error;
  }
  return {
    kind: 'pglite',
    db: drizzlePglite(client, { schema }) as unknown as Db,
    executeSql: pgliteExecuteSql(client),
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite's `query()` prepares its text, and a prepared statement may hold only one command;
 * pg-boss sends multi-statement scripts without parameters, so those go through `exec()`.
 */
export function pgliteExecuteSql(client: PGlite): ExecuteSql {
  return async (text, values) => {
    if (values && values.length > 0) return client.query(text, values);
    const results = await client.exec(text);
    return { rows: results.at(-1)?.rows ?? [] };
  };
}
