import PgBoss from 'pg-boss';
import type { Database } from '#src/db/database.js';

/**
 * pg-boss on the same database as everything else, with a small pool of its own: its polling
 * must not starve request queries.
 */
export function createPgBoss(database: Database): PgBoss {
  return new PgBoss({ connectionString: database.url, max: 4, application_name: 'postbote-jobs', schema: 'pgboss', supervise: true, migrate: true, schedule: false });
}
