import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { redactUrl } from '#src/logging/logger.js';
import { EmbeddedServer, type EmbeddedServerLogger, type ServerHealth } from './embedded-server/embedded-server.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The Drizzle handle every repository uses. */
export type Db = NodePgDatabase<Schema>;

export type SqlResult = { rows: Record<string, unknown>[] };
/** Raw SQL for the few statements Drizzle's builder cannot express efficiently. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<SqlResult>;

export interface Database {
  /** Connection URL (with its password) for libraries that open their own pool (pg-boss). */
  readonly url: string;
  /** For logs: which server, never the password. */
  readonly description: string;
  readonly db: Db;
  readonly executeSql: ExecuteSql;
  /** The embedded server's own state; undefined for an external server. */
  serverHealth(): ServerHealth | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** DATABASE_URL; without it Postbote runs (or attaches to) the embedded server in dataDir. */
  url?: string;
  dataDir: string;
  poolMax: number;
  logger?: EmbeddedServerLogger;
}

/** One code path for both: the embedded server only supplies the URL node-postgres connects to. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return connect(options.url, options.poolMax, redactUrl(options.url));
  const server = await EmbeddedServer.attach({ dataDir: options.dataDir, logger: options.logger });
  const database = connect(server.url, options.poolMax, server.description, server);
  return { ...database, close: () => database.close().finally(() => server.detach()) };
}

function connect(url: string, poolMax: number, description: string, server?: EmbeddedServer): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: 'postbote' });
  // An idle client losing its connection (PostgreSQL restart) must not crash the process.
  pool.on('error', () => undefined);
  return {
    url,
    description,
    db: drizzle(pool, { schema }),
    executeSql: async (text, values) => pool.query(text, values as unknown[]),
    serverHealth: () => server?.health(),
    close: () => pool.end(),
  };
}
