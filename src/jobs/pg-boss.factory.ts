import PgBoss from 'pg-boss';
import type { Database } from '#src/db/database.js';

/**
 * pg-boss on the same database as everything else. On PostgreSQL it gets a small pool of its own
 * (its polling must not starve request queries); on PGlite, which has one connection, it shares
 * the instance through the executeSql adapter.
 */
export function createPgBoss(database: Database, url: string | undefined): PgBoss {
  const common = { schema: 'pgboss', supervise: true, migrate: true, schedule: false } as const;
  if (database.kind === 'postgres' && url) {
    return new PgBoss({ ...common, connectionString: url, max: 4, application_name: 'postbote-jobs' });
  }
  return new PgBoss({ ...common, db: { executeSql: (text: string, values: unknown[]) => database.executeSql(text, values) } });
}
